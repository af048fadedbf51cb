<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Controller\Quote;

use Magento\Checkout\Model\Session;
use Magento\Framework\App\Request\Http;
use Magento\Framework\Controller\Result\RedirectFactory;
use Monogram\Personalisation\Controller\Quote\Accept;
use Monogram\Personalisation\Model\ApiClient;
use Monogram\Personalisation\Model\CartPricing;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\QuoteCartLink;
use Monogram\Personalisation\Test\Fake\CartQuote;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Fake\InMemoryCatalog;
use Monogram\Personalisation\Test\Fake\RecordingMessages;
use Monogram\Personalisation\Test\Unit\Fixture;
use Monogram\Personalisation\Test\Unit\Model\QuoteCartLinkTest;
use PHPUnit\Framework\TestCase;

class AcceptTest extends TestCase
{
    private Fixture $fixture;
    private CartQuote $cart;
    private Session $session;
    private InMemoryCatalog $catalog;
    private RecordingMessages $messages;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
        $this->fixture->scopeConfig->defaults[CartPricing::XML_PATH_PRICE_INCLUDES_TAX] = '1';
        $this->cart = new CartQuote($this->fixture->shop);
        $this->session = new Session(['quote' => $this->cart]);
        $this->catalog = QuoteCartLinkTest::catalog();
        $this->messages = new RecordingMessages();
    }

    public function testTheLinkOpensTheCartWithTheQuoteInItAndSaysSo(): void
    {
        $this->fixture->transport->then(QuoteCartLinkTest::accepted());

        $redirect = $this->accept(['quote' => QuoteCartLinkTest::QUOTE, 'token' => QuoteCartLinkTest::LINK_TOKEN])->execute();

        $this->assertSame('checkout/cart', $redirect->path);
        $this->assertSame([$this->cart], $this->catalog->savedCarts);
        $this->assertSame(1, $this->cart->totalsCollected);
        $this->assertSame(77, $this->session->getQuoteId());
        $this->assertSame([
            ['success', 'Quote D-2026-0007 is in your cart at the agreed price.'],
            ['notice', 'Frais de calage (25.00 EUR) will be invoiced with your order by the shop.'],
        ], $this->messages->shown);
    }

    public function testAnExpiredQuoteSaysWhatToDoAndSavesNothing(): void
    {
        $this->fixture->transport->then(new Response(409, '{"code": 409}'));

        $redirect = $this->accept(['quote' => QuoteCartLinkTest::QUOTE, 'token' => QuoteCartLinkTest::LINK_TOKEN])->execute();

        $this->assertSame('checkout/cart', $redirect->path);
        $this->assertSame([], $this->catalog->savedCarts);
        $this->assertSame([[
            'error',
            'This quote can no longer be ordered: it has expired, was withdrawn or was already ordered. Ask the shop for a new quote.',
        ]], $this->messages->shown);
    }

    public function testALinkWithoutItsTokenIsNotValid(): void
    {
        $this->accept(['quote' => QuoteCartLinkTest::QUOTE])->execute();

        $this->assertSame([], $this->fixture->transport->requests);
        $this->assertSame('error', $this->messages->shown[0][0]);
        $this->assertStringStartsWith('This quote link is not valid.', $this->messages->shown[0][1]);
    }

    /** @param array<string, string> $params */
    private function accept(array $params): Accept
    {
        $pricing = new CartPricing(
            $this->fixture->config,
            $this->fixture->scopeConfig,
            new ApiClient($this->fixture->config, $this->fixture->transport),
            $this->fixture->shop->designOption,
            new FixedClock(),
            $this->fixture->logger
        );
        return new Accept(
            new Http('', [], 'GET', $params),
            $this->session,
            $this->catalog,
            new QuoteCartLink(new ApiClient($this->fixture->config, $this->fixture->transport), $this->catalog, $pricing, $this->fixture->logger),
            new RedirectFactory(),
            $this->messages,
            $this->fixture->logger
        );
    }
}
