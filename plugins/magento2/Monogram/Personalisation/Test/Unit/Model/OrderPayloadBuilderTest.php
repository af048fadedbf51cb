<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Magento\Framework\Serialize\Serializer\Json;
use Magento\Sales\Model\Order;
use Magento\Sales\Model\Order\Item as OrderItem;
use Monogram\Personalisation\Model\DesignOption;
use Monogram\Personalisation\Model\OrderPayloadBuilder;
use Monogram\Personalisation\Test\Fake\Shop;
use PHPUnit\Framework\TestCase;

class OrderPayloadBuilderTest extends TestCase
{
    public function testATwoLineOrderWithOnePersonalisedLineMapsToTheOrderContract(): void
    {
        $shop = new Shop();
        $order = $shop->placeOrder(1042, [
            $shop->addToCart(12, 'Carte de visite', ['qty' => 250, 'monogram_design' => 'dsn_card', 'monogram_token' => 'dt_card'], 45),
            $shop->addToCart(31, 'Enveloppe kraft C6', ['qty' => 250]),
        ], ['id' => 7, 'email' => 'jeanne@example.fr', 'company' => 'Imprimerie Dupont']);

        $payload = (new OrderPayloadBuilder($shop->designOption))->build($order);

        $this->assertSame([
            'platform_order_id' => '1042',
            'name' => '#000001042',
            'currency' => 'EUR',
            'customer' => ['platform_id' => '7', 'email' => 'jeanne@example.fr', 'company' => 'Imprimerie Dupont'],
            'lines' => [
                [
                    'platform_line_id' => '10421',
                    'quantity' => 250,
                    'title' => 'Carte de visite',
                    'platform_product' => '12',
                    'platform_variant' => '45',
                    'design' => 'dsn_card',
                    'design_token' => 'dt_card',
                ],
                [
                    'platform_line_id' => '10423',
                    'quantity' => 250,
                    'title' => 'Enveloppe kraft C6',
                    'platform_product' => '31',
                ],
            ],
        ], $payload);
    }

    public function testAGuestHasNoPlatformIdAndEmptyFieldsAreLeftOut(): void
    {
        $order = new Order([
            'entity_id' => 5, 'increment_id' => '000000005', 'order_currency_code' => '', 'customer_id' => null,
            'customer_is_guest' => 1, 'customer_email' => 'guest@example.fr', 'billing_address' => null,
            'items' => [new OrderItem(['item_id' => 9, 'product_id' => 3, 'name' => 'Mug', 'qty_ordered' => '2.0000',
                'product_options' => ['info_buyRequest' => ['monogram_design' => 'dsn_g', 'monogram_token' => 'dt_g']]])],
        ]);

        $payload = (new OrderPayloadBuilder(new DesignOption(new Json())))->build($order);

        $this->assertArrayNotHasKey('currency', $payload);
        $this->assertSame(['email' => 'guest@example.fr'], $payload['customer']);
        $this->assertSame(2, $payload['lines'][0]['quantity']);
        $this->assertSame('dsn_g', $payload['lines'][0]['design']);
    }

    public function testALineMonogramNeverPricedSendsItsPriceWithTaxInMinorUnits(): void
    {
        $order = new Order([
            'entity_id' => 6, 'increment_id' => '000000006', 'order_currency_code' => 'EUR', 'customer_email' => 'a@example.fr',
            'items' => [
                new OrderItem(['item_id' => 9, 'product_id' => 3, 'name' => 'Mug', 'qty_ordered' => '2.0000', 'price' => '3.5708',
                    'price_incl_tax' => '4.2850', 'product_options' => ['info_buyRequest' => ['monogram_design' => 'dsn_g', 'monogram_token' => 'dt_g']]]),
                new OrderItem(['item_id' => 10, 'product_id' => 4, 'name' => 'Yen', 'qty_ordered' => '1.0000', 'product_options' => []]),
            ],
        ]);

        $lines = (new OrderPayloadBuilder(new DesignOption(new Json())))->build($order)['lines'];

        $this->assertSame(429, $lines[0]['unit_price']);
        $this->assertArrayNotHasKey('unit_price', $lines[1]);
    }

    public function testAnOrderWithoutAnyDesignIsNotReported(): void
    {
        $shop = new Shop();
        $order = $shop->placeOrder(7, [$shop->addToCart(31, 'Enveloppe', ['qty' => 10])], ['email' => 'a@example.fr']);

        $this->assertNull((new OrderPayloadBuilder($shop->designOption))->build($order));
    }

    public function testEveryOrderOfAMultishippingCheckoutIsMappedOnItsOwn(): void
    {
        $shop = new Shop();
        $cart = [$shop->addToCart(12, 'Carte de visite', ['qty' => 100, 'monogram_design' => 'dsn_m', 'monogram_token' => 'dt_m'])];
        $builder = new OrderPayloadBuilder($shop->designOption);

        $first = $builder->build($shop->placeOrder(2001, $cart, ['id' => 7, 'email' => 'j@example.fr']));
        $second = $builder->build($shop->placeOrder(2002, $cart, ['id' => 7, 'email' => 'j@example.fr']));

        $this->assertSame(['2001', '2002'], [$first['platform_order_id'], $second['platform_order_id']]);
        $this->assertSame(['20011', '20021'], [$first['lines'][0]['platform_line_id'], $second['lines'][0]['platform_line_id']]);
    }
}
