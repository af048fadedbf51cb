<?php

declare(strict_types=1);

use Monogram\PrestaShop\CartPrices;
use Monogram\PrestaShop\CustomizationStore;
use Monogram\PrestaShop\Design;
use Monogram\PrestaShop\OrderPayload;
use PHPUnit\Framework\TestCase;

final class OrderPayloadTest extends TestCase
{
    private CustomizationStore $store;

    protected function setUp(): void
    {
        $db = Shop::reset();
        Shop::product(12);
        Shop::product(30);
        $this->store = new CustomizationStore($db, Shop::ID_MODULE, 'ps_');
    }

    public function testTwoLinesOnePersonalisedMapToTheOrderContract(): void
    {
        $id = $this->store->save(5, 12, $this->design(), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 250, $id);
        $order = Shop::order(1042, 5, [
            Shop::detail(3, 12, 45, 250, 'Carte de visite - Papier : Couché mat', $id),
            Shop::detail(4, 30, 0, 2, 'Boîte de rangement'),
        ]);

        $payload = (new OrderPayload($this->store))->build($order, new Customer(7), new Currency(1));

        $this->assertSame([
            'platform_order_id' => '1042',
            'name' => 'XKBKNABJK',
            'currency' => 'EUR',
            'customer' => ['platform_id' => '7', 'email' => 'jeanne@example.fr', 'company' => 'Imprimerie Dupont'],
            'lines' => [
                [
                    'platform_line_id' => '3',
                    'quantity' => 250,
                    'title' => 'Carte de visite - Papier : Couché mat',
                    'platform_product' => '12',
                    'platform_variant' => '45',
                    'design' => Shop::DESIGN,
                    'design_token' => Shop::TOKEN,
                ],
                [
                    'platform_line_id' => '4',
                    'quantity' => 2,
                    'title' => 'Boîte de rangement',
                    'platform_product' => '30',
                ],
            ],
        ], $payload);
        $this->assertTrue(OrderPayload::isPersonalised($payload));
    }

    public function testALineThatLostItsCustomizationIdFindsTheDesignByCartProduct(): void
    {
        // A theme dropped id_customization: PrestaShop still bound the pending customization
        // to the product and combination it added, but the line says 0.
        $this->store->save(5, 12, $this->design(), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 100, 0);
        $order = Shop::order(1043, 5, [Shop::detail(8, 12, 45, 100, 'Carte de visite')]);

        $line = (new OrderPayload($this->store))->build($order, null, null)['lines'][0];

        $this->assertSame(Shop::DESIGN, $line['design']);
        $this->assertSame(Shop::TOKEN, $line['design_token']);
    }

    public function testTheByProductLookupNeverHandsOneCustomizationToTwoLines(): void
    {
        $id = $this->store->save(5, 12, $this->design(), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 100, $id);
        // The same product and combination again, without personalisation.
        $order = Shop::order(1044, 5, [
            Shop::detail(8, 12, 45, 100, 'Carte de visite', $id),
            Shop::detail(9, 12, 45, 50, 'Carte de visite'),
        ]);

        $lines = (new OrderPayload($this->store))->build($order, null, null)['lines'];

        $this->assertSame(Shop::DESIGN, $lines[0]['design']);
        $this->assertArrayNotHasKey('design', $lines[1]);
    }

    public function testTheByProductLookupMatchesTheCombination(): void
    {
        $this->store->save(5, 12, $this->design(), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 100, 0);
        $order = Shop::order(1045, 5, [Shop::detail(8, 12, 46, 100, 'Carte de visite - autre papier')]);

        $line = (new OrderPayload($this->store))->build($order, null, null)['lines'][0];

        $this->assertArrayNotHasKey('design', $line);
    }

    public function testAnotherModulesCustomizationIsNotADesign(): void
    {
        $db = Db::getInstance();
        $idCustomization = $db->seed('ps_customization', [
            'id_cart' => 5, 'id_product' => 12, 'id_product_attribute' => 45, 'id_address_delivery' => 0,
            'quantity' => 1, 'quantity_refunded' => 0, 'quantity_returned' => 0, 'in_cart' => 1,
        ]);
        $db->seed('ps_customized_data', [
            'id_customization' => $idCustomization, 'type' => 1, 'index' => 99,
            'value' => $this->design()->storedValue(), 'id_module' => 99, 'price' => 0, 'weight' => 0,
        ]);
        $order = Shop::order(1046, 5, [Shop::detail(8, 12, 45, 1, 'Carte de visite', $idCustomization)]);

        $payload = (new OrderPayload($this->store))->build($order, null, null);

        $this->assertArrayNotHasKey('design', $payload['lines'][0]);
        $this->assertFalse(OrderPayload::isPersonalised($payload));
    }

    public function testEmptyCustomerFieldsAreLeftOutRatherThanSentEmpty(): void
    {
        $customer = new Customer();
        $customer->id = 9;
        $customer->email = 'not an address';
        $address = new Address();
        $address->company = 'Atelier Martin';
        $order = Shop::order(1047, 5, [Shop::detail(8, 30, 0, 1, 'Boîte')]);
        $currency = new Currency();
        $currency->iso_code = '';

        $payload = (new OrderPayload($this->store))->build($order, $customer, $currency, $address);

        $this->assertSame(['platform_id' => '9', 'company' => 'Atelier Martin'], $payload['customer']);
        $this->assertArrayNotHasKey('currency', $payload);
    }

    public function testEachLineCarriesItsChargedUnitPriceWithTaxAsMonogramQuotedIt(): void
    {
        $id = $this->store->save(5, 12, $this->design(), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 250, $id);
        // Monogram quoted this cart's line without tax (a B2B store).
        (new CartPrices(Db::getInstance(), 'ps_'))->save([
            'id_cart' => 5, 'id_product' => 12, 'id_product_attribute' => 45, 'id_specific_price' => 3,
            'signature' => str_repeat('a', 40), 'unit_price' => 960, 'currency' => 'EUR', 'tax_included' => false,
        ], 1900000000);
        $order = Shop::order(1048, 5, [
            Shop::detail(3, 12, 45, 250, 'Carte de visite', $id) + ['unit_price_tax_incl' => '11.520000', 'unit_price_tax_excl' => '9.600000'],
            Shop::detail(4, 30, 0, 2, 'Boîte') + ['unit_price_tax_incl' => '4.285000', 'unit_price_tax_excl' => '3.570833'],
        ]);

        $lines = (new OrderPayload($this->store, new CartPrices(Db::getInstance(), 'ps_')))
            ->build($order, null, new Currency(1))['lines'];

        $this->assertSame(960, $lines[0]['unit_price']);
        // Never quoted by Monogram: with tax, as most shops show prices; 4.285 rounds half up.
        $this->assertSame(429, $lines[1]['unit_price']);
    }

    public function testAnOrderInACurrencyWithoutCentsSendsWholeUnits(): void
    {
        $order = Shop::order(1049, 5, [Shop::detail(3, 30, 0, 1, 'Boîte') + ['unit_price_tax_incl' => '1500.000000']]);
        $yen = new Currency();
        $yen->iso_code = 'JPY';

        $line = (new OrderPayload($this->store))->build($order, null, $yen)['lines'][0];

        $this->assertSame(1500, $line['unit_price']);
    }

    private function design(): Design
    {
        $design = Design::fromStrings(Shop::DESIGN, Shop::TOKEN);
        $this->assertNotNull($design);

        return $design;
    }
}
