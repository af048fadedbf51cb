<?php
/**
 * A fresh shop for each test: core tables the module touches, its own tables, a product, and
 * PrestaShop's add-to-cart step for customizations.
 */

declare(strict_types=1);

use Monogram\PrestaShop\Config;
use Monogram\PrestaShop\Installer;

final class Shop
{
    public const ID_MODULE = 7;
    public const LABELS = [1 => 'Personnalisation', 2 => 'Personalisation'];
    public const DESIGN = 'dsn_0a1b2c3d4e5f6g7h8i9j0k1l2';
    public const TOKEN = 'dt_R2Vh3Qx9-Fake_Token_ForTests_0123456789abcd';
    /** PrestaShop's own order states, with the ids a fresh install gives them. */
    public const ORDER_STATES = [
        'PS_OS_PAYMENT' => '2',
        'PS_OS_SHIPPING' => '4',
        'PS_OS_DELIVERED' => '5',
        'PS_OS_CANCELED' => '6',
        'PS_OS_REFUND' => '7',
        'PS_OS_ERROR' => '8',
    ];

    public static function reset(): Db
    {
        Db::reset();
        ObjectModel::resetAll();
        Context::reset();
        Configuration::$values = self::ORDER_STATES;
        Tools::$request = [];
        PrestaShopLogger::$logs = [];
        CustomerMessage::$failNext = false;
        OrderHistory::$failNext = false;
        OrderCarrier::$inTransitEmails = [];
        Module::$nextId = self::ID_MODULE;
        Tax::$rates = [];
        Cart::$refusal = true;
        SpecificPrice::$flushes = 0;

        $db = Db::getInstance();
        $db->createTable('ps_customization', 'id_customization');
        $db->createTable('ps_customized_data');
        $db->createTable('ps_customization_field', 'id_customization_field');
        $db->createTable('ps_cart_product');
        $db->createTable('ps_product');
        $db->createTable('ps_product_shop');
        (new Installer($db, 'ps_'))->createTables();

        return $db;
    }

    public static function configure(string $apiUrl = 'https://monogram.example', string $products = '*'): void
    {
        Configuration::$values = self::ORDER_STATES + [
            Config::API_URL => $apiUrl,
            Config::PUBLISHABLE_KEY => 'pk_test_publishable0123',
            Config::SECRET_KEY => 'sk_test_secret0123456789',
            Config::WEBHOOK_SECRET => 'whsec_0123456789abcdef0123',
            Config::LOCALE => 'auto',
            Config::PRODUCTS => $products,
            Config::CRON_TOKEN => 'cron-token-0123',
        ];
    }

    public static function product(int $idProduct, int $customizable = 0, int $textFields = 0): void
    {
        $row = ['id_product' => $idProduct, 'customizable' => $customizable, 'text_fields' => $textFields];
        Db::getInstance()->seed('ps_product', $row);
        Db::getInstance()->seed('ps_product_shop', $row + ['id_shop' => 1]);
        $product = new Product();
        $product->id = $idProduct;
        $product->customizable = $customizable;
        $product->add();
    }

    /**
     * What Cart::updateQty → _updateCustomizationQuantity does: with an id, that customization
     * joins the line; without one, every not-yet-added customization of the product does.
     */
    public static function addToCart(int $idCart, int $idProduct, int $idProductAttribute, int $quantity, int $idCustomization): void
    {
        $db = Db::getInstance();
        $bind = ['quantity' => $quantity, 'id_product_attribute' => $idProductAttribute, 'in_cart' => 1];
        if ($idCustomization > 0) {
            $db->update('customization', $bind, '`id_customization` = ' . $idCustomization);
            self::cartLine($idCart, $idProduct, $idProductAttribute, $idCustomization, $quantity);

            return;
        }
        $pending = '`id_cart` = ' . $idCart . ' AND `id_product` = ' . $idProduct . ' AND `in_cart` = 0 AND `quantity` = 0';
        $ids = array_map(
            static fn (array $row): int => (int) $row['id_customization'],
            $db->executeS('SELECT `id_customization` FROM `ps_customization` WHERE ' . $pending)
        );
        $db->update('customization', $bind, $pending);
        foreach ($ids ?: [0] as $id) {
            self::cartLine($idCart, $idProduct, $idProductAttribute, $id, $quantity);
        }
    }

    /** The ps_cart_product row of a line: its quantity set, or the row removed at 0. */
    public static function cartLine(int $idCart, int $idProduct, int $idProductAttribute, int $idCustomization, int $quantity): void
    {
        $db = Db::getInstance();
        $where = '`id_cart` = ' . $idCart . ' AND `id_product` = ' . $idProduct
            . ' AND `id_product_attribute` = ' . $idProductAttribute . ' AND `id_customization` = ' . $idCustomization;
        $db->delete('cart_product', $where);
        if ($quantity > 0) {
            $db->insert('cart_product', [
                'id_cart' => $idCart,
                'id_product' => $idProduct,
                'id_product_attribute' => $idProductAttribute,
                'id_customization' => $idCustomization,
                'quantity' => $quantity,
            ]);
        }
    }

    /**
     * @param list<array<string, mixed>> $details
     */
    public static function order(int $idOrder, int $idCart, array $details): Order
    {
        $customer = new Customer();
        $customer->id = 7;
        $customer->email = 'jeanne@example.fr';
        $customer->company = 'Imprimerie Dupont';
        $customer->add();

        $currency = new Currency();
        $currency->id = 1;
        $currency->iso_code = 'EUR';
        $currency->add();

        $order = new Order();
        $order->id = $idOrder;
        $order->id_cart = $idCart;
        $order->id_customer = 7;
        $order->id_currency = 1;
        $order->id_address_invoice = 0;
        $order->reference = 'XKBKNABJK';
        $order->details = $details;
        $order->current_state = (int) self::ORDER_STATES['PS_OS_PAYMENT'];

        $carrier = new OrderCarrier();
        $carrier->id_order = $idOrder;
        $carrier->id_carrier = 3;
        $carrier->add();
        $order->id_order_carrier = (int) $carrier->id;
        $order->add();

        return $order;
    }

    /**
     * @return array<string, mixed> an order_detail row
     */
    public static function detail(int $id, int $idProduct, int $idAttribute, int $quantity, string $name, int $idCustomization = 0): array
    {
        return [
            'id_order_detail' => (string) $id,
            'product_id' => (string) $idProduct,
            'product_attribute_id' => (string) $idAttribute,
            'product_quantity' => (string) $quantity,
            'product_name' => $name,
            'id_customization' => (string) $idCustomization,
        ];
    }
}
