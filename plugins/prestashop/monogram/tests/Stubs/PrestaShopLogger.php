<?php

declare(strict_types=1);

class PrestaShopLogger
{
    /** @var list<array{message: string, severity: int, object_type: ?string, object_id: ?int}> */
    public static array $logs = [];

    public static function addLog($message, $severity = 1, $errorCode = null, $objectType = null, $objectId = null, $allowDuplicate = false, $idEmployee = null)
    {
        self::$logs[] = [
            'message' => (string) $message,
            'severity' => (int) $severity,
            'object_type' => $objectType,
            'object_id' => $objectId,
        ];

        return true;
    }
}
