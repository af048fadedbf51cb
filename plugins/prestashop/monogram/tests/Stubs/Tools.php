<?php

declare(strict_types=1);

class Tools
{
    /** @var array<string, mixed> the request's GET and POST values */
    public static array $request = [];

    public static string $token = 'static-token';

    public static function getValue($key, $defaultValue = false)
    {
        return self::$request[$key] ?? $defaultValue;
    }

    public static function getIsset($key)
    {
        return isset(self::$request[$key]);
    }

    public static function isSubmit($submit)
    {
        return isset(self::$request[$submit]);
    }

    public static function getToken($page = true, $context = null)
    {
        return self::$token;
    }

    public static function passwdGen($length = 8, $flag = 'ALPHANUMERIC')
    {
        return substr(bin2hex(random_bytes($length)), 0, $length);
    }
}
