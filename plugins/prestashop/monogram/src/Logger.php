<?php
/**
 * Writes to PrestaShop's log (Advanced parameters > Logs), tied to the order it concerns.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

class Logger
{
    private const INFO = 1;
    private const WARNING = 2;
    private const ERROR = 3;

    public function info(string $message, int $idOrder = 0): void
    {
        $this->write(self::INFO, $message, $idOrder);
    }

    public function warning(string $message, int $idOrder = 0): void
    {
        $this->write(self::WARNING, $message, $idOrder);
    }

    public function error(string $message, int $idOrder = 0): void
    {
        $this->write(self::ERROR, $message, $idOrder);
    }

    private function write(int $severity, string $message, int $idOrder): void
    {
        try {
            \PrestaShopLogger::addLog(
                '[monogram] ' . mb_substr($message, 0, 900),
                $severity,
                null,
                $idOrder > 0 ? 'Order' : null,
                $idOrder > 0 ? $idOrder : null,
                true
            );
        } catch (\Throwable) {
            // A log that cannot be written must not take the checkout down with it.
        }
    }
}
