<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Magento\Catalog\Model\Product;
use Magento\Framework\DataObject;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Magento\Quote\Model\Quote\Item as QuoteItem;
use Monogram\Personalisation\Model\ApiClient;
use Monogram\Personalisation\Model\CartPricing;
use Monogram\Personalisation\Model\CustomerReference;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\OrderPayloadBuilder;
use Monogram\Personalisation\Observer\PriceCartLine;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

/**
 * A personalised cart line is charged Monogram's quote as its custom price, quoted again when
 * its quantity changes and never from anything the shopper's browser sent.
 */
class CartPricingTest extends TestCase
{
    private Fixture $fixture;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
    }

    public function testAnAddedPersonalisedLineGetsMonogramsPriceAsItsCustomPrice(): void
    {
        $this->fixture->transport->then(self::quote(1200, 100));
        $item = $this->line(100);

        $this->observe(['quote_item' => $item]);

        $request = $this->fixture->transport->requests[0];
        $this->assertSame('https://api.monogram.example/v1/prices/quote', $request['url']);
        $this->assertSame('Bearer sk_test_1', $request['headers']['Authorization']);
        $this->assertArrayNotHasKey('Monogram-Customer', $request['headers']);
        $this->assertSame(['design' => 'dsn_card', 'quantity' => 100, 'variant' => '45'], json_decode($request['body'], true));
        $this->assertSame([1, 3], [$request['connectTimeout'], $request['timeout']]);
        // Catalogue prices include tax here, as Monogram's quote does: the price as quoted.
        $this->assertSame([12.0, 12.0, true], [$item->getCustomPrice(), $item->getOriginalCustomPrice(), $item->getProduct()->getIsSuperMode()]);
        $this->assertSame(
            ['unit_price' => 1200, 'currency' => 'EUR', 'tax_included' => true, 'quote' => ''],
            array_diff_key(CartPricing::priced($item), ['signature' => 1])
        );
    }

    public function testAnUnchangedLineIsNotQuotedAgainAndANewQuantityIs(): void
    {
        $this->fixture->transport->then(self::quote(1200, 100), self::quote(960, 250));
        $item = $this->line(100);
        $this->observe(['quote_item' => $item]);
        $this->observe(['item' => $item]);
        $this->assertCount(1, $this->fixture->transport->requests);

        $item->setQty(250);
        $this->observe(['cart' => new DataObject(['quote' => new DataObject(['all_visible_items' => [$item]])])]);

        $this->assertCount(2, $this->fixture->transport->requests);
        $this->assertSame(250, json_decode($this->fixture->transport->requests[1]['body'], true)['quantity']);
        $this->assertSame(9.6, $item->getCustomPrice());
    }

    public function testAChildLineOfAConfigurableProductPricesItsParent(): void
    {
        $this->fixture->transport->then(self::quote(1200, 100));
        $parent = $this->line(100);
        $child = new QuoteItem(['product_id' => 45, 'qty' => 1]);
        $child->setParentItem($parent);

        $this->observe(['item' => $child]);

        $this->assertSame(12.0, $parent->getCustomPrice());
        $this->assertNull($child->getCustomPrice());
    }

    public function testATaxExcludedQuoteIsConvertedForACatalogueWithTax(): void
    {
        // 10.00 without tax, 20 % VAT: 2.00 tax per piece, as Monogram totals it.
        $this->fixture->transport->then(new Response(200, (string) json_encode([
            'currency' => 'EUR', 'quantity' => 100, 'unit_price' => 1000, 'total' => 100000, 'tax' => 20000,
            'tax_included' => false, 'breakdown' => [],
        ])));
        $item = $this->line(100);

        $this->observe(['quote_item' => $item]);

        $this->assertSame(12.0, $item->getCustomPrice());
    }

    public function testATaxIncludedQuoteIsConvertedForACatalogueWithoutTax(): void
    {
        $this->fixture->scopeConfig->defaults[CartPricing::XML_PATH_PRICE_INCLUDES_TAX] = '0';
        $this->fixture->transport->then(new Response(200, (string) json_encode([
            'currency' => 'EUR', 'quantity' => 100, 'unit_price' => 1200, 'total' => 120000, 'tax' => 20000,
            'tax_included' => true, 'breakdown' => [],
        ])));
        $item = $this->line(100);

        $this->observe(['quote_item' => $item]);

        $this->assertSame(10.0, $item->getCustomPrice());
    }

    public function testWithoutAnAnswerTheLineKeepsTheCatalogPriceAndAStalePriceIsDropped(): void
    {
        $this->fixture->transport->then(self::quote(1200, 100), Response::failed('Connection refused'));
        $item = $this->line(100);
        $this->observe(['quote_item' => $item]);

        $item->setQty(300);
        $this->observe(['item' => $item]);

        $this->assertNull($item->getCustomPrice());
        $this->assertNull($item->getOriginalCustomPrice());
        $this->assertNull(CartPricing::priced($item));
        $this->assertStringContainsString('no price for design dsn_card (unreachable: Connection refused)', $this->fixture->logger->messages('warning')[0]);
    }

    public function testAQuoteInAnotherCurrencyIsNotCharged(): void
    {
        $this->fixture->transport->then(self::quote(1500, 100, 'USD'));
        $item = $this->line(100);

        $this->observe(['quote_item' => $item]);

        $this->assertNull($item->getCustomPrice());
        $this->assertStringContainsString('quoted in USD, the cart is in EUR', $this->fixture->logger->messages('warning')[0]);
    }

    public function testASignedInCustomerIsQuotedTheirPriceList(): void
    {
        $this->fixture->transport->then(self::quote(1100, 100));
        $item = $this->line(100, ['customer_id' => 42, 'customer_is_guest' => 0]);

        $this->observe(['quote_item' => $item]);

        $expires = (new FixedClock())->now() + CustomerReference::LIFETIME;
        $this->assertSame(
            CustomerReference::sign('sk_test_1', 42, $expires),
            $this->fixture->transport->requests[0]['headers']['Monogram-Customer']
        );
    }

    public function testALineWithoutADesignIsLeftAlone(): void
    {
        $item = new QuoteItem(['product_id' => 31, 'qty' => 2, 'store_id' => 1, 'product' => new Product()]);

        $this->observe(['quote_item' => $item]);

        $this->assertSame([], $this->fixture->transport->requests);
        $this->assertNull($item->getCustomPrice());
    }

    public function testAnotherExtensionsAdditionalDataIsKept(): void
    {
        $this->fixture->transport->then(self::quote(1200, 100));
        $item = $this->line(100);
        $item->setAdditionalData('gift-wrap:yes');

        $this->observe(['quote_item' => $item]);

        $this->assertSame(12.0, $item->getCustomPrice());
        $this->assertSame('gift-wrap:yes', $item->getAdditionalData());
    }

    public function testTheObserverNeverThrows(): void
    {
        $this->fixture->transport->then(new \RuntimeException('boom'));
        $item = $this->line(100);

        $this->observe(['quote_item' => $item]);

        $this->assertNull($item->getCustomPrice());
        $this->assertStringContainsString('(boom)', $this->fixture->logger->messages('warning')[0]);
    }

    public function testTheOrderReportCarriesTheChargedUnitPriceInMonogramsTaxTerms(): void
    {
        $this->fixture->transport->then(self::quote(1000, 250, 'EUR', false));
        $this->fixture->scopeConfig->defaults[CartPricing::XML_PATH_PRICE_INCLUDES_TAX] = '0';
        $shop = $this->fixture->shop;
        $item = $shop->addToCart(12, 'Carte de visite', ['qty' => 250, 'monogram_design' => 'dsn_card', 'monogram_token' => 'dt_card']);
        $item->setStoreId(1);
        $item->setProduct(new Product());
        $this->observe(['quote_item' => $item]);

        $order = $shop->placeOrder(1042, [$item], ['email' => 'jeanne@example.fr']);
        $orderItem = $order->getItems()[0];
        $orderItem->setPrice('10.0000');
        $orderItem->setPriceInclTax('12.0000');
        $this->assertSame(
            ['unit_price' => 1000, 'currency' => 'EUR', 'tax_included' => false, 'quote' => ''],
            $orderItem->getProductOptions()[CartPricing::DATA_KEY]
        );
        $payload = (new OrderPayloadBuilder($shop->designOption))->build($order);

        $this->assertSame(1000, $payload['lines'][0]['unit_price']);
    }

    /** @param array<string, mixed> $quote */
    private function line(int $qty, array $quote = []): QuoteItem
    {
        $item = $this->fixture->shop->addToCart(12, 'Carte de visite', ['qty' => $qty, 'monogram_design' => 'dsn_card', 'monogram_token' => 'dt_card']);
        $item->setQty($qty);
        $item->setStoreId(1);
        $item->setProduct(new Product(['entity_id' => 12]));
        $item->setChildren([new QuoteItem(['product_id' => 45])]);
        $item->setQuote(new DataObject($quote + ['quote_currency_code' => 'EUR', 'customer_is_guest' => 1]));
        return $item;
    }

    /** @param array<string, mixed> $data */
    private function observe(array $data): void
    {
        $this->fixture->scopeConfig->defaults[CartPricing::XML_PATH_PRICE_INCLUDES_TAX] ??= '1';
        $pricing = new CartPricing(
            $this->fixture->config,
            $this->fixture->scopeConfig,
            new ApiClient($this->fixture->config, $this->fixture->transport),
            $this->fixture->shop->designOption,
            new FixedClock(),
            $this->fixture->logger
        );
        (new PriceCartLine($pricing, $this->fixture->logger))->execute(new Observer(['event' => new Event($data)]));
    }

    private static function quote(int $unitPrice, int $quantity, string $currency = 'EUR', bool $taxIncluded = true): Response
    {
        return new Response(200, (string) json_encode([
            'currency' => $currency, 'quantity' => $quantity, 'unit_price' => $unitPrice, 'total' => $unitPrice * $quantity,
            'tax' => 0, 'tax_included' => $taxIncluded, 'breakdown' => [],
        ]));
    }
}
