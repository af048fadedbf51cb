<?php
/**
 * Stand-in for Tax: one rate per product, whatever the address (VAT in one country).
 */

declare(strict_types=1);

class Tax
{
    /** @var array<int, float> product id => rate in percent */
    public static array $rates = [];

    public static function getProductTaxRate($idProduct, $idAddress = null, $context = null)
    {
        return self::$rates[(int) $idProduct] ?? 0.0;
    }
}
