<?php
/**
 * Table monogram_cart_price: the price Monogram quoted for each personalised product of a cart,
 * the SpecificPrice that charges it, and what it was quoted for (so an unchanged cart is not
 * quoted again on every save).
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class CartPrices
{
    public const TABLE = 'monogram_cart_price';

    public function __construct(private readonly \Db $db, private readonly string $prefix)
    {
    }

    public static function columns(): string
    {
        return '`id_cart` INT UNSIGNED NOT NULL,'
            . ' `id_product` INT UNSIGNED NOT NULL,'
            . ' `id_product_attribute` INT UNSIGNED NOT NULL DEFAULT 0,'
            . ' `id_specific_price` INT UNSIGNED NOT NULL DEFAULT 0,'
            . ' `signature` CHAR(40) NOT NULL,'
            . ' `unit_price` INT UNSIGNED NOT NULL,'
            . ' `currency` CHAR(3) NOT NULL,'
            . ' `tax_included` TINYINT(1) NOT NULL,'
            . ' `quote` VARCHAR(32) NOT NULL DEFAULT \'\','
            . ' `date_upd` DATETIME NOT NULL,'
            . ' PRIMARY KEY (`id_cart`, `id_product`, `id_product_attribute`)';
    }

    /**
     * @return array<string, array<string, mixed>> rows keyed by "<id_product>-<id_product_attribute>"
     */
    public function forCart(int $idCart): array
    {
        $rows = $this->db->executeS(
            'SELECT * FROM `' . $this->prefix . self::TABLE . '` WHERE `id_cart` = ' . $idCart
        );
        $byLine = [];
        foreach (is_array($rows) ? $rows : [] as $row) {
            $byLine[self::key((int) $row['id_product'], (int) $row['id_product_attribute'])] = self::typed($row);
        }

        return $byLine;
    }

    /** @return array<string, mixed>|null */
    public function find(int $idCart, int $idProduct, int $idProductAttribute): ?array
    {
        return $this->forCart($idCart)[self::key($idProduct, $idProductAttribute)] ?? null;
    }

    /** @param array<string, mixed> $row */
    public function save(array $row, int $now): void
    {
        $this->forget((int) $row['id_cart'], (int) $row['id_product'], (int) $row['id_product_attribute']);
        $this->db->insert(self::TABLE, [
            'id_cart' => (int) $row['id_cart'],
            'id_product' => (int) $row['id_product'],
            'id_product_attribute' => (int) $row['id_product_attribute'],
            'id_specific_price' => (int) $row['id_specific_price'],
            'signature' => pSQL((string) $row['signature']),
            'unit_price' => (int) $row['unit_price'],
            'currency' => pSQL((string) $row['currency']),
            'tax_included' => $row['tax_included'] ? 1 : 0,
            // An accepted Monogram quote (quo_…) whose price the line keeps while it is unchanged.
            'quote' => pSQL((string) ($row['quote'] ?? '')),
            'date_upd' => date('Y-m-d H:i:s', $now),
        ]);
    }

    public function forget(int $idCart, int $idProduct, int $idProductAttribute): void
    {
        $this->db->delete(
            self::TABLE,
            '`id_cart` = ' . $idCart . ' AND `id_product` = ' . $idProduct
            . ' AND `id_product_attribute` = ' . $idProductAttribute
        );
    }

    public static function key(int $idProduct, int $idProductAttribute): string
    {
        return $idProduct . '-' . $idProductAttribute;
    }

    /**
     * @param array<string, mixed> $row
     * @return array<string, mixed>
     */
    private static function typed(array $row): array
    {
        foreach (['id_cart', 'id_product', 'id_product_attribute', 'id_specific_price', 'unit_price'] as $column) {
            $row[$column] = (int) $row[$column];
        }
        $row['tax_included'] = (bool) (int) $row['tax_included'];

        return $row;
    }
}
