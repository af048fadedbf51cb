<?php

declare(strict_types=1);

class Configuration
{
    /** @var array<string, string> */
    public static array $values = [];

    public static function get($key, $idLang = null, $idShopGroup = null, $idShop = null, $default = false)
    {
        return self::$values[$key] ?? $default;
    }

    public static function updateValue($key, $values, $html = false, $idShopGroup = null, $idShop = null)
    {
        self::$values[$key] = (string) $values;

        return true;
    }

    public static function updateGlobalValue($key, $values, $html = false)
    {
        return self::updateValue($key, $values, $html);
    }

    public static function deleteByName($key)
    {
        unset(self::$values[$key]);

        return true;
    }
}
