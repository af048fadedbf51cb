<?php
/**
 * Money in Monogram's terms: integer minor units (cents), with ISO 4217's digits per currency.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class MinorUnits
{
    /** Currencies without minor units, as Monogram prices them. */
    private const NO_DECIMALS = ['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'XAF', 'XOF', 'HUF'];

    public static function exponent(string $currency): int
    {
        return in_array(strtoupper($currency), self::NO_DECIMALS, true) ? 0 : 2;
    }

    /**
     * A PrestaShop amount ("12.340000", as order_detail stores it) in minor units, rounded half
     * up from its digits: no float on the way, so 0.285 stays 29 cents.
     */
    public static function fromDecimal(string $amount, string $currency): ?int
    {
        $amount = trim($amount);
        if (!preg_match('/^(\d+)(?:\.(\d*))?$/', $amount, $m)) {
            return null;
        }
        $exponent = self::exponent($currency);
        $fraction = str_pad($m[2] ?? '', $exponent + 1, '0');
        $minor = (int) $m[1] * 10 ** $exponent + (int) substr($fraction, 0, $exponent);

        return $minor + ((int) $fraction[$exponent] >= 5 ? 1 : 0);
    }

    /** Minor units as the decimal amount PrestaShop's prices take. */
    public static function toDecimal(int $minor, string $currency): float
    {
        return $minor / 10 ** self::exponent($currency);
    }
}
