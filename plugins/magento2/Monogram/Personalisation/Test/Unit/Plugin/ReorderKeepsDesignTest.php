<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Plugin;

use Monogram\Personalisation\Model\Design;
use Monogram\Personalisation\Model\OrderPayloadBuilder;
use Monogram\Personalisation\Test\Fake\Shop;
use PHPUnit\Framework\TestCase;

/**
 * Reorder (Magento\Sales\Model\Reorder\Reorder, the admin's "Reorder", the legacy Cart::addOrderItem)
 * replays each order item's info_buyRequest into a new add to cart. The ToOrderItem plugin writes
 * the design there; the prepare-options observer turns it back into additional_options.
 */
class ReorderKeepsDesignTest extends TestCase
{
    public function testAReorderedLineCarriesTheSameDesignIntoTheNextOrder(): void
    {
        $shop = new Shop();
        $first = $shop->placeOrder(100, [
            $shop->addToCart(12, 'Carte de visite', ['product' => '12', 'qty' => 250, 'monogram_design' => 'dsn_r', 'monogram_token' => 'dt_r'], 45),
            $shop->addToCart(31, 'Enveloppe', ['product' => '31', 'qty' => 250]),
        ], ['id' => 7, 'email' => 'jeanne@example.fr']);

        $cart = $shop->reorder($first);

        $this->assertEquals(new Design('dsn_r', 'dt_r'), $shop->designOption->fromQuoteItem($cart[0]));
        $this->assertNull($shop->designOption->fromQuoteItem($cart[1]));
        $this->assertSame(
            [['label' => 'Personalisation', 'value' => 'dsn_r', 'monogram_design' => 'dsn_r', 'monogram_token' => 'dt_r']],
            json_decode($cart[0]->getOptionByCode('additional_options')->getValue(), true)
        );

        $second = $shop->placeOrder(101, $cart, ['id' => 7, 'email' => 'jeanne@example.fr']);
        $payload = (new OrderPayloadBuilder($shop->designOption))->build($second);
        $this->assertSame(['dsn_r', 'dt_r', '45'], [$payload['lines'][0]['design'], $payload['lines'][0]['design_token'], $payload['lines'][0]['platform_variant']]);
        $this->assertArrayNotHasKey('design', $payload['lines'][1]);
    }

    public function testADesignThatOnlyReachedAdditionalOptionsIsStillReplayed(): void
    {
        // A line whose design was attached without a buy request field (by another integration, say).
        $shop = new Shop();
        $line = $shop->addToCart(12, 'Carte', ['product' => '12', 'qty' => 10]);
        $line->addOption(['code' => 'additional_options', 'value' => json_encode([
            ['label' => 'Personalisation', 'value' => 'dsn_x', 'monogram_design' => 'dsn_x', 'monogram_token' => 'dt_x'],
        ])]);
        $order = $shop->placeOrder(200, [$line], ['email' => 'a@example.fr']);

        $cart = $shop->reorder($order);

        $this->assertEquals(new Design('dsn_x', 'dt_x'), $shop->designOption->fromQuoteItem($cart[0]));
    }
}
