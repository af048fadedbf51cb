<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Plugin;

use Magento\Framework\Serialize\Serializer\Json;
use Magento\Quote\Model\Quote\Address\Item as AddressItem;
use Magento\Quote\Model\Quote\Item as QuoteItem;
use Magento\Quote\Model\Quote\Item\ToOrderItem;
use Magento\Sales\Model\Order\Item as OrderItem;
use Monogram\Personalisation\Model\DesignOption;
use Monogram\Personalisation\Plugin\QuoteItemToOrderItem;
use Monogram\Personalisation\Test\Fake\RecordingLogger;
use Monogram\Personalisation\Test\Fake\Shop;
use PHPUnit\Framework\TestCase;

class QuoteItemToOrderItemTest extends TestCase
{
    public function testTheDesignIsCopiedToTheOrderItemsProductOptions(): void
    {
        $shop = new Shop();
        $line = $shop->addToCart(12, 'Carte de visite', ['product' => '12', 'qty' => 250, 'monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a']);

        $orderItem = $shop->toOrderItem($line, 1);

        $options = $orderItem->getProductOptions();
        $this->assertSame(
            [['label' => 'Personalisation', 'value' => 'dsn_a', 'monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a']],
            $options['additional_options']
        );
        $this->assertSame(['product' => '12', 'qty' => 250, 'monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a'], $options['info_buyRequest']);
    }

    public function testOtherModulesAdditionalOptionsOnTheOrderItemAreKept(): void
    {
        $line = new QuoteItem();
        $line->addOption(['code' => 'additional_options', 'value' => json_encode([
            ['label' => 'Personalisation', 'value' => 'dsn_a', 'monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a'],
        ])]);
        $orderItem = new OrderItem(['product_options' => ['additional_options' => [['label' => 'Gift wrap', 'value' => 'Yes']]]]);

        $result = (new QuoteItemToOrderItem(new DesignOption(new Json()), new RecordingLogger()))->afterConvert(new ToOrderItem(), $orderItem, $line);

        $this->assertSame($orderItem, $result);
        $this->assertSame(['Gift wrap', 'Personalisation'], array_column($result->getProductOptions()['additional_options'], 'label'));
    }

    public function testAMultishippingAddressItemCarriesItsQuoteItemsDesign(): void
    {
        $shop = new Shop();
        $line = $shop->addToCart(12, 'Carte', ['qty' => 50, 'monogram_design' => 'dsn_ms', 'monogram_token' => 'dt_ms']);
        $addressItem = new AddressItem(['quote_item' => $line, 'product_id' => 12, 'name' => 'Carte', 'qty' => 20]);

        $orderItem = $shop->toOrderItem($addressItem, 5);

        $this->assertSame('dsn_ms', $orderItem->getProductOptions()['additional_options'][0]['monogram_design']);
    }

    public function testAPlainLineIsLeftUntouched(): void
    {
        $shop = new Shop();

        $orderItem = $shop->toOrderItem($shop->addToCart(31, 'Enveloppe', ['product' => '31', 'qty' => 2]), 1);

        $this->assertSame(['info_buyRequest' => ['product' => '31', 'qty' => 2]], $orderItem->getProductOptions());
    }

    public function testAFailureNeverBreaksCheckout(): void
    {
        $logger = new RecordingLogger();
        $line = new QuoteItem();
        $line->addOption(['code' => 'additional_options', 'value' => json_encode([['monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a']])]);
        $orderItem = new class () extends OrderItem {
            public function setProductOptions(?array $options = null)
            {
                throw new \RuntimeException('read-only order item');
            }
        };

        $result = (new QuoteItemToOrderItem(new DesignOption(new Json()), $logger))->afterConvert(new ToOrderItem(), $orderItem, $line);

        $this->assertSame($orderItem, $result);
        $this->assertStringContainsString('read-only order item', $logger->messages('error')[0]);
    }
}
