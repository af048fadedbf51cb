<?php
/**
 * Money in Monogram's terms: integer minor units (cents), with ISO 4217's digits per currency.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

final class MinorUnits
{
    /** Currencies without minor units, as Monogram prices them. */
    private const NO_DECIMALS = ['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'XAF', 'XOF', 'HUF'];

    public static function exponent(string $currency): int
    {
        return in_array(strtoupper($currency), self::NO_DECIMALS, true) ? 0 : 2;
    }

    /**
     * A Magento amount ("12.3400", as sales_order_item stores it) in minor units, rounded half
     * up from its digits: no float arithmetic on the way, so 0.285 stays 29 cents.
     */
    public static function fromDecimal(string|float|int|null $amount, string $currency): ?int
    {
        if ($amount === null) {
            return null;
        }
        $amount = is_string($amount) ? trim($amount) : sprintf('%.6F', $amount);
        if (!preg_match('/^(\d+)(?:\.(\d*))?$/', $amount, $m)) {
            return null;
        }
        $exponent = self::exponent($currency);
        $fraction = str_pad($m[2] ?? '', $exponent + 1, '0');
        $minor = (int) $m[1] * 10 ** $exponent + (int) substr($fraction, 0, $exponent);

        return $minor + ((int) $fraction[$exponent] >= 5 ? 1 : 0);
    }

    /** Minor units as the decimal amount Magento's prices take. */
    public static function toDecimal(int $minor, string $currency): float
    {
        return $minor / 10 ** self::exponent($currency);
    }
}
