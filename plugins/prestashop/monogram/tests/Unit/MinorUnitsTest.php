<?php

declare(strict_types=1);

use Monogram\PrestaShop\MinorUnits;
use PHPUnit\Framework\TestCase;

final class MinorUnitsTest extends TestCase
{
    /**
     * @dataProvider amounts
     */
    public function testPrestaShopAmountsBecomeMinorUnitsRoundedHalfUp(string $amount, string $currency, ?int $minor): void
    {
        $this->assertSame($minor, MinorUnits::fromDecimal($amount, $currency));
    }

    /**
     * @return array<string, array{0: string, 1: string, 2: ?int}>
     */
    public static function amounts(): array
    {
        return [
            'six decimals' => ['12.340000', 'EUR', 1234],
            'half a cent rounds up' => ['0.285000', 'EUR', 29],
            'just under half' => ['0.284999', 'EUR', 28],
            'no decimals' => ['7', 'EUR', 700],
            'yen has none' => ['1499.500000', 'JPY', 1500],
            'not an amount' => ['-1.00', 'EUR', null],
        ];
    }

    public function testMinorUnitsBackToAnAmount(): void
    {
        $this->assertSame(12.34, MinorUnits::toDecimal(1234, 'EUR'));
        $this->assertSame(1500.0, MinorUnits::toDecimal(1500, 'JPY'));
    }
}
