<?php

declare(strict_types=1);

use Monogram\PrestaShop\ApiResult;
use Monogram\PrestaShop\CartPrices;
use Monogram\PrestaShop\CartPricing;
use Monogram\PrestaShop\CustomizationStore;
use Monogram\PrestaShop\Logger;
use Monogram\PrestaShop\OrderPayload;
use Monogram\PrestaShop\QuoteCartLink;
use PHPUnit\Framework\TestCase;

/**
 * The link of an accepted quote fills the cart with the quoted design, quantity and price, and
 * the order then names the quote.
 */
final class QuoteCartLinkTest extends TestCase
{
    private const QUOTE = 'quo_0a1b2c3d4e5f6g7h8i9j0k1l2';
    private const LINK_TOKEN = 'quo_0a1b2c3d4e5f6g7h8i9j0k1l2-3f2a';
    private const LINE_TOKEN = 'dq_9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d';

    private Db $db;
    private ScriptedApi $api;
    private Cart $cart;

    protected function setUp(): void
    {
        $this->db = Shop::reset();
        Shop::product(12);
        Tax::$rates = [12 => 20.0];
        $euro = new Currency();
        $euro->id = 1;
        $euro->iso_code = 'EUR';
        $euro->add();
        $this->cart = new Cart();
        $this->cart->id = 5;
        $this->cart->id_currency = 1;
        $this->cart->id_customer = 0;
        $this->api = new ScriptedApi([self::accepted()]);
        // Were the line quoted afresh, it would cost 12.00.
        $this->api->pricer = static fn (array $request): ApiResult => ScriptedApi::quote(1200, $request['quantity']);
    }

    public function testAnAcceptedQuoteFillsTheCartAtTheQuotedPrice(): void
    {
        $filled = $this->link()->fill(self::QUOTE, self::LINK_TOKEN, fn (): Cart => $this->cart, 1900000000);

        $this->assertSame(['/v1/quotes/' . self::QUOTE . '/cart?token=' . self::LINK_TOKEN], $this->api->gets);
        $this->assertSame('added', $filled['outcome']);
        $this->assertSame('D-2026-0007', $filled['number']);
        $this->assertSame([['label' => 'Frais de calage', 'amount' => 2500]], $filled['adjustments']);
        $line = $this->db->rows('ps_cart_product')[0];
        $this->assertSame(['5', '12', '45', '120'], [$line['id_cart'], $line['id_product'], $line['id_product_attribute'], $line['quantity']]);
        // 9.00 with tax at 20 %: 7.50 without.
        $this->assertSame(7.5, SpecificPrice::all()[0]->price);
        $this->assertSame(self::QUOTE, (new CartPrices($this->db, 'ps_'))->find(5, 12, 45)['quote']);

        // The cart is saved again (address, carrier…): the quoted price holds, nothing is re-quoted.
        $this->pricing()->update($this->cart, null, 1900000060);
        $this->assertSame([], $this->api->quotes);
        $this->assertSame(7.5, SpecificPrice::all()[0]->price);
    }

    public function testTheOrderNamesTheQuoteAndCarriesItsLineToken(): void
    {
        $this->link()->fill(self::QUOTE, self::LINK_TOKEN, fn (): Cart => $this->cart, 1900000000);
        $idCustomization = (int) $this->db->rows('ps_cart_product')[0]['id_customization'];
        $order = Shop::order(1050, 5, [
            Shop::detail(3, 12, 45, 120, 'Carte de visite', $idCustomization) + ['unit_price_tax_incl' => '9.000000'],
        ]);

        $line = (new OrderPayload($this->store(), new CartPrices($this->db, 'ps_')))->build($order, null, new Currency(1))['lines'][0];

        $this->assertSame(['dsn_quoted0a1b2c3d4e5f6g7h8i9', self::LINE_TOKEN, self::QUOTE, 900], [
            $line['design'], $line['design_token'], $line['quote'], $line['unit_price'],
        ]);
    }

    /**
     * @dataProvider refusals
     */
    public function testARefusedLinkSaysWhyAndLeavesTheCartAlone(ApiResult $answer, string $outcome): void
    {
        $this->api = new ScriptedApi([$answer]);

        $filled = $this->link()->fill(self::QUOTE, self::LINK_TOKEN, fn (): Cart => $this->cart, 1900000000);

        $this->assertSame($outcome, $filled['outcome']);
        $this->assertSame([], $this->db->rows('ps_cart_product'));
        $this->assertSame([], SpecificPrice::all());
    }

    /**
     * @return array<string, array{0: ApiResult, 1: string}>
     */
    public static function refusals(): array
    {
        return [
            'unknown token' => [ScriptedApi::status(404), 'invalid'],
            'expired or not accepted' => [ScriptedApi::status(409), 'closed'],
            'Monogram down' => [ScriptedApi::status(503), 'unavailable'],
            'no product of this shop' => [self::accepted(['platform_product_id' => '999']), 'not_sold'],
            'no product at all' => [self::accepted(['platform_product_id' => null]), 'not_sold'],
        ];
    }

    public function testAMalformedLinkNeverReachesMonogram(): void
    {
        $filled = $this->link()->fill('quo_1/../../v1/orders', self::LINK_TOKEN, fn (): Cart => $this->cart, 1900000000);

        $this->assertSame('invalid', $filled['outcome']);
        $this->assertSame([], $this->api->gets);
    }

    public function testAQuantityTheShopRefusesTakesThePriceAway(): void
    {
        Cart::$refusal = -1;

        $filled = $this->link()->fill(self::QUOTE, self::LINK_TOKEN, fn (): Cart => $this->cart, 1900000000);

        $this->assertSame('refused', $filled['outcome']);
        $this->assertSame([], SpecificPrice::all());
        $this->assertSame([], $this->db->rows('ps_monogram_cart_price'));
    }

    public function testALostDatabaseIsSaidAsTryAgainNotAnErrorPage(): void
    {
        $this->db->broken = true;

        $filled = $this->link()->fill(self::QUOTE, self::LINK_TOKEN, fn (): Cart => $this->cart, 1900000000);

        $this->assertSame('unavailable', $filled['outcome']);
        $this->assertStringContainsString('quote link ' . self::QUOTE . ': stub database is down', PrestaShopLogger::$logs[0]['message']);
    }

    /**
     * @param array<string, mixed> $changes
     */
    private static function accepted(array $changes = []): ApiResult
    {
        return ApiResult::fromResponse(200, (string) json_encode($changes + [
            'quote' => self::QUOTE,
            'number' => 'D-2026-0007',
            'design' => 'dsn_quoted0a1b2c3d4e5f6g7h8i9',
            'design_token' => self::LINE_TOKEN,
            'quantity' => 120,
            'unit_price' => 900,
            'currency' => 'EUR',
            'adjustments' => [['label' => 'Frais de calage', 'amount' => 2500]],
            'platform_product_id' => '12',
            'platform_variant_id' => '45',
        ]));
    }

    private function store(): CustomizationStore
    {
        return new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_');
    }

    private function pricing(): CartPricing
    {
        return new CartPricing($this->db, 'ps_', $this->store(), new CartPrices($this->db, 'ps_'), $this->api, new Logger(), 'sk_test_secret0123456789');
    }

    private function link(): QuoteCartLink
    {
        return new QuoteCartLink($this->api, $this->store(), $this->pricing(), new CartPrices($this->db, 'ps_'), new Logger(), Shop::LABELS);
    }
}
