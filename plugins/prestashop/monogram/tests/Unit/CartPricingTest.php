<?php

declare(strict_types=1);

use Monogram\PrestaShop\ApiResult;
use Monogram\PrestaShop\CartPrices;
use Monogram\PrestaShop\CartPricing;
use Monogram\PrestaShop\CustomerReference;
use Monogram\PrestaShop\CustomizationStore;
use Monogram\PrestaShop\Design;
use Monogram\PrestaShop\Logger;
use PHPUnit\Framework\TestCase;

/**
 * The cart charges Monogram's price: a cart-scoped SpecificPrice per personalised product and
 * combination, quoted again when the line changes and removed with it.
 */
final class CartPricingTest extends TestCase
{
    private const SECRET = 'sk_test_secret0123456789';
    private const OTHER_DESIGN = 'dsn_9z8y7x6w5v4u3t2s1r0q9p8o7';

    private Db $db;
    private CustomizationStore $store;
    private ScriptedApi $api;
    private Cart $cart;

    protected function setUp(): void
    {
        $this->db = Shop::reset();
        Shop::product(12);
        $this->store = new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_');
        // Monogram's price: 12.00 € with tax per card below 250 cards, 9.60 € from 250.
        $this->api = new ScriptedApi([ScriptedApi::status(500)]);
        $this->api->pricer = static fn (array $request): ApiResult => ScriptedApi::quote(
            $request['quantity'] >= 250 ? 960 : 1200,
            $request['quantity']
        );
        Tax::$rates = [12 => 20.0];
        $euro = new Currency();
        $euro->id = 1;
        $euro->iso_code = 'EUR';
        $euro->add();
        $this->cart = new Cart();
        $this->cart->id = 5;
        $this->cart->id_currency = 1;
        $this->cart->id_customer = 0;
    }

    public function testAPersonalisedLineIsChargedMonogramsPriceWithoutTaxForThisCartOnly(): void
    {
        $id = $this->addDesign(Shop::DESIGN, 100, 45);

        $this->pricing()->update($this->cart, null, 1900000000);

        $this->assertSame([['request' => ['design' => Shop::DESIGN, 'quantity' => 100, 'variant' => '45'], 'customer' => '']], $this->api->quotes);
        $prices = SpecificPrice::all();
        $this->assertCount(1, $prices);
        $price = $prices[0];
        // 12.00 with 20 % VAT: PrestaShop adds the tax back to 10.00 and shows 12.00.
        $this->assertSame(10.0, $price->price);
        $this->assertSame(
            [5, 12, 45, 1, 1, 0, 0, 0, 0, 0.0, 'amount'],
            [$price->id_cart, $price->id_product, $price->id_product_attribute, $price->id_currency, $price->from_quantity,
                $price->id_customer, $price->id_group, $price->id_country, $price->id_specific_price_rule, (float) $price->reduction,
                $price->reduction_type]
        );
        $row = (new CartPrices($this->db, 'ps_'))->find(5, 12, 45);
        $this->assertSame([(int) $price->id, 1200, 'EUR', true, ''], [
            $row['id_specific_price'], $row['unit_price'], $row['currency'], $row['tax_included'], $row['quote'],
        ]);
        $this->assertGreaterThan(0, $id);
    }

    public function testAnUnchangedCartIsNotQuotedAgainAndANewQuantityIsRepriced(): void
    {
        $id = $this->addDesign(Shop::DESIGN, 100, 45);
        $pricing = $this->pricing();
        $pricing->update($this->cart, null, 1900000000);
        $pricing->update($this->cart, null, 1900000060);
        $this->assertCount(1, $this->api->quotes);

        Shop::cartLine(5, 12, 45, $id, 250);
        $pricing->update($this->cart, null, 1900000120);

        $this->assertCount(2, $this->api->quotes);
        $this->assertSame(250, $this->api->quotes[1]['request']['quantity']);
        $prices = SpecificPrice::all();
        $this->assertCount(1, $prices, 'the old price is replaced, not stacked');
        $this->assertSame(8.0, $prices[0]->price);
    }

    public function testARemovedLineTakesItsPriceWithIt(): void
    {
        $id = $this->addDesign(Shop::DESIGN, 100, 45);
        $pricing = $this->pricing();
        $pricing->update($this->cart, null, 1900000000);

        Shop::cartLine(5, 12, 45, $id, 0);
        $pricing->update($this->cart, null, 1900000060);

        $this->assertSame([], SpecificPrice::all());
        $this->assertSame([], $this->db->rows('ps_monogram_cart_price'));
    }

    public function testWithoutAnAnswerTheLineKeepsTheCatalogPriceAndIsQuotedAtTheNextSave(): void
    {
        $this->addDesign(Shop::DESIGN, 100, 45);
        $this->api->pricer = null;

        $this->pricing()->update($this->cart, null, 1900000000);

        $this->assertSame([], SpecificPrice::all());
        $this->assertStringContainsString('no Monogram price for design ' . Shop::DESIGN . ' (HTTP 500: scripted)', PrestaShopLogger::$logs[0]['message']);

        $this->api->pricer = static fn (array $request): ApiResult => ScriptedApi::quote(1200, $request['quantity']);
        $this->pricing()->update($this->cart, null, 1900000060);
        $this->assertCount(1, SpecificPrice::all());
    }

    public function testAQuoteThatTurnsUnavailableRemovesTheStalePrice(): void
    {
        $id = $this->addDesign(Shop::DESIGN, 100, 45);
        $this->pricing()->update($this->cart, null, 1900000000);
        $this->api->pricer = null;

        Shop::cartLine(5, 12, 45, $id, 300);
        $this->pricing()->update($this->cart, null, 1900000060);

        // A price for 100 pieces must not stay on 300: the catalogue price, flagged at intake.
        $this->assertSame([], SpecificPrice::all());
    }

    public function testTwoDesignsOfOneCombinationShareTheirQuantityWeightedPrice(): void
    {
        $this->addDesign(Shop::DESIGN, 100, 45);
        $this->addDesign(self::OTHER_DESIGN, 300, 45);
        $this->api->pricer = static fn (array $request): ApiResult => ScriptedApi::quote(
            $request['design'] === Shop::DESIGN ? 1200 : 1000,
            $request['quantity']
        );

        $this->pricing()->update($this->cart, null, 1900000000);

        // (100 × 12.00 + 300 × 10.00) / 400 = 10.50 with tax: the cart's total is Monogram's.
        $this->assertSame(8.75, SpecificPrice::all()[0]->price);
        $this->assertSame(1050, (new CartPrices($this->db, 'ps_'))->find(5, 12, 45)['unit_price']);
    }

    public function testATaxExcludedQuoteIsThePriceAsIs(): void
    {
        $this->addDesign(Shop::DESIGN, 100, 0);
        $this->api->pricer = static fn (array $request): ApiResult => ScriptedApi::quote(1234, $request['quantity'], 'EUR', false);

        $this->pricing()->update($this->cart, null, 1900000000);

        $this->assertSame(['design' => Shop::DESIGN, 'quantity' => 100], $this->api->quotes[0]['request']);
        $this->assertSame(12.34, SpecificPrice::all()[0]->price);
        $this->assertFalse((new CartPrices($this->db, 'ps_'))->find(5, 12, 0)['tax_included']);
    }

    public function testAQuoteInAnotherCurrencyIsNotCharged(): void
    {
        $this->addDesign(Shop::DESIGN, 100, 45);
        $this->api->pricer = static fn (array $request): ApiResult => ScriptedApi::quote(1500, $request['quantity'], 'USD');

        $this->pricing()->update($this->cart, null, 1900000000);

        $this->assertSame([], SpecificPrice::all());
        $this->assertStringContainsString('Monogram quotes in USD, the cart is in EUR', PrestaShopLogger::$logs[0]['message']);
    }

    public function testASignedInCustomerIsQuotedTheirPriceListAndLoggingInReprices(): void
    {
        $this->addDesign(Shop::DESIGN, 100, 45);
        $pricing = $this->pricing();
        $pricing->update($this->cart, null, 1900000000);

        $customer = new Customer();
        $customer->id = 42;
        $customer->logged = true;
        $this->cart->id_customer = 42;
        $pricing->update($this->cart, $customer, 1900000000);

        $this->assertCount(2, $this->api->quotes);
        $this->assertSame(
            CustomerReference::sign(self::SECRET, 42, 1900000000 + CustomerReference::LIFETIME),
            $this->api->quotes[1]['customer']
        );
    }

    public function testAnotherCustomersSessionNeverPricesThisCart(): void
    {
        $this->addDesign(Shop::DESIGN, 100, 45);
        $customer = new Customer();
        $customer->id = 42;
        $customer->logged = true;
        $this->cart->id_customer = 43;

        $this->pricing()->update($this->cart, $customer, 1900000000);

        $this->assertSame('', $this->api->quotes[0]['customer']);
    }

    public function testALinePricedFromAnAcceptedQuoteKeepsItsPriceUntilItChanges(): void
    {
        $id = $this->addDesign(Shop::DESIGN, 120, 45);
        $pricing = $this->pricing();
        $pricing->charge($this->cart, 12, 45, ['unit_price' => 900, 'currency' => 'EUR', 'tax_included' => true], 20.0, 1900000000, [
            'signature' => CartPricing::quoteSignature([[Shop::DESIGN, 120, Shop::TOKEN]]),
            'id_specific_price' => 0,
            'quote' => 'quo_1',
        ]);

        $pricing->update($this->cart, null, 1900000060);
        $this->assertSame([], $this->api->quotes);
        $this->assertSame(7.5, SpecificPrice::all()[0]->price);

        Shop::cartLine(5, 12, 45, $id, 250);
        $pricing->update($this->cart, null, 1900000120);
        $this->assertCount(1, $this->api->quotes);
        $this->assertSame(8.0, SpecificPrice::all()[0]->price);
    }

    public function testTheModuleHookPricesTheShoppersCartThroughTheApi(): void
    {
        $server = ApiServer::start();
        try {
            Shop::configure($server->url);
            $this->addDesign(Shop::DESIGN, 100, 45);
            $module = new Monogram();

            $module->hookActionCartSave(['cart' => $this->cart]);

            // The stand-in API quotes 12.34 € with tax.
            $this->assertEqualsWithDelta(10.283333, SpecificPrice::all()[0]->price, 0.0000005);
        } finally {
            $server->stop();
        }
    }

    public function testTheModuleHookNeverThrows(): void
    {
        Shop::configure();
        $this->addDesign(Shop::DESIGN, 100, 45);
        $this->db->broken = true;

        (new Monogram())->hookActionCartSave(['cart' => $this->cart]);

        $this->assertStringContainsString('cart price: stub database is down', PrestaShopLogger::$logs[0]['message']);
    }

    private function addDesign(string $idDesign, int $quantity, int $idAttribute): int
    {
        $design = Design::fromStrings($idDesign, Shop::TOKEN);
        $this->assertNotNull($design);
        $id = $this->store->save(5, 12, $design, Shop::LABELS);
        Shop::addToCart(5, 12, $idAttribute, $quantity, $id);

        return $id;
    }

    private function pricing(): CartPricing
    {
        return new CartPricing($this->db, 'ps_', $this->store, new CartPrices($this->db, 'ps_'), $this->api, new Logger(), self::SECRET);
    }
}
