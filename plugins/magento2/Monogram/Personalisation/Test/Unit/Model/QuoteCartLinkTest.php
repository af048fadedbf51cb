<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Magento\Catalog\Model\Product;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Monogram\Personalisation\Model\ApiClient;
use Monogram\Personalisation\Model\CartPricing;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\OrderPayloadBuilder;
use Monogram\Personalisation\Model\QuoteCartLink;
use Monogram\Personalisation\Observer\PriceCartLine;
use Monogram\Personalisation\Test\Fake\CartQuote;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Fake\InMemoryCatalog;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

/**
 * The link of an accepted quote fills the cart with the quoted design, quantity and price, and
 * the order then names the quote.
 */
class QuoteCartLinkTest extends TestCase
{
    public const QUOTE = 'quo_0a1b2c3d4e5f6g7h8i9j0k1l2';
    public const LINK_TOKEN = 'quo_0a1b2c3d4e5f6g7h8i9j0k1l2-3f2a';
    public const LINE_TOKEN = 'dq_9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d';

    private Fixture $fixture;
    private CartQuote $cart;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
        $this->fixture->scopeConfig->defaults[CartPricing::XML_PATH_PRICE_INCLUDES_TAX] = '1';
        $this->cart = new CartQuote($this->fixture->shop);
    }

    public function testAnAcceptedQuoteFillsTheCartAtTheQuotedPrice(): void
    {
        $this->fixture->transport->then(self::accepted());

        $filled = $this->link()->fill(self::QUOTE, self::LINK_TOKEN, $this->cart, 1);

        $request = $this->fixture->transport->requests[0];
        $this->assertSame('https://api.monogram.example/v1/quotes/' . self::QUOTE . '/cart?token=' . self::LINK_TOKEN, $request['url']);
        $this->assertSame('Bearer sk_test_1', $request['headers']['Authorization']);
        $this->assertSame(
            ['outcome' => 'added', 'number' => 'D-2026-0007', 'adjustments' => [['label' => 'Frais de calage', 'amount' => 2500]], 'currency' => 'EUR'],
            $filled
        );
        [$item] = $this->cart->items;
        $this->assertSame([46, 120, 9.0, 9.0], [(int) $item->getProduct()->getId(), (int) $item->getQty(), $item->getCustomPrice(), $item->getOriginalCustomPrice()]);
        $this->assertSame(self::QUOTE, CartPricing::priced($item)['quote']);

        // The quantity is set again (mini-cart, checkout): the quoted price holds, nothing re-quoted.
        $this->priceCartLine()->execute(new Observer(['event' => new Event(['item' => $item])]));
        $this->assertCount(1, $this->fixture->transport->requests);
        $this->assertSame(9.0, $item->getCustomPrice());
    }

    public function testTheOrderNamesTheQuoteAndCarriesItsLineToken(): void
    {
        $this->fixture->transport->then(self::accepted());
        $this->link()->fill(self::QUOTE, self::LINK_TOKEN, $this->cart, 1);

        $order = $this->fixture->shop->placeOrder(1050, $this->cart->items, ['email' => 'jeanne@example.fr']);
        $order->getItems()[0]->setPriceInclTax('9.0000');
        $line = (new OrderPayloadBuilder($this->fixture->shop->designOption))->build($order)['lines'][0];

        $this->assertSame(['dsn_quoted', self::LINE_TOKEN, self::QUOTE, 900], [
            $line['design'], $line['design_token'], $line['quote'], $line['unit_price'],
        ]);
    }

    /**
     * @dataProvider refusals
     */
    public function testARefusedLinkSaysWhyAndLeavesTheCartAlone(Response $answer, string $outcome): void
    {
        $this->fixture->transport->then($answer);

        $filled = $this->link()->fill(self::QUOTE, self::LINK_TOKEN, $this->cart, 1);

        $this->assertSame($outcome, $filled['outcome']);
        $this->assertSame([], $this->cart->items);
    }

    /** @return array<string, array{0: Response, 1: string}> */
    public static function refusals(): array
    {
        return [
            'unknown token' => [new Response(404, '{"code": 404}'), 'invalid'],
            'expired or not accepted' => [new Response(409, '{"code": 409}'), 'closed'],
            'Monogram down' => [Response::failed('Connection refused'), 'unavailable'],
            'no product of this shop' => [self::accepted(['platform_product_id' => '999', 'platform_variant_id' => null]), 'not_sold'],
        ];
    }

    public function testAMalformedLinkNeverReachesMonogram(): void
    {
        $filled = $this->link()->fill('quo_1/../../orders', self::LINK_TOKEN, $this->cart, 1);

        $this->assertSame('invalid', $filled['outcome']);
        $this->assertSame([], $this->fixture->transport->requests);
    }

    public function testAQuantityMagentoRefusesAddsNothing(): void
    {
        $this->fixture->transport->then(self::accepted());
        $this->cart->refusal = 'The requested qty is not available';

        $this->assertSame('refused', $this->link()->fill(self::QUOTE, self::LINK_TOKEN, $this->cart, 1)['outcome']);
        $this->assertSame([], $this->cart->items);
    }

    /** @param array<string, mixed> $changes */
    public static function accepted(array $changes = []): Response
    {
        return new Response(200, (string) json_encode($changes + [
            'quote' => self::QUOTE,
            'number' => 'D-2026-0007',
            'design' => 'dsn_quoted',
            'design_token' => self::LINE_TOKEN,
            'quantity' => 120,
            'unit_price' => 900,
            'currency' => 'EUR',
            'adjustments' => [['label' => 'Frais de calage', 'amount' => 2500]],
            'platform_product_id' => '12',
            'platform_variant_id' => '46',
        ]));
    }

    public static function catalog(): InMemoryCatalog
    {
        return new InMemoryCatalog([
            12 => new Product(['entity_id' => 12, 'name' => 'Carte de visite']),
            46 => new Product(['entity_id' => 46, 'name' => 'Carte de visite - mat']),
        ]);
    }

    private function pricing(): CartPricing
    {
        return new CartPricing(
            $this->fixture->config,
            $this->fixture->scopeConfig,
            new ApiClient($this->fixture->config, $this->fixture->transport),
            $this->fixture->shop->designOption,
            new FixedClock(),
            $this->fixture->logger
        );
    }

    private function priceCartLine(): PriceCartLine
    {
        return new PriceCartLine($this->pricing(), $this->fixture->logger);
    }

    private function link(): QuoteCartLink
    {
        return new QuoteCartLink(
            new ApiClient($this->fixture->config, $this->fixture->transport),
            self::catalog(),
            $this->pricing(),
            $this->fixture->logger
        );
    }
}
