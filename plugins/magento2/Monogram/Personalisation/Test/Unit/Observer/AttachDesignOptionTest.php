<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Observer;

use Magento\Catalog\Model\Product;
use Magento\Framework\DataObject;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Magento\Framework\Serialize\Serializer\Json;
use Monogram\Personalisation\Model\DesignOption;
use Monogram\Personalisation\Observer\AttachDesignOption;
use Monogram\Personalisation\Test\Fake\RecordingLogger;
use Monogram\Personalisation\Test\Fake\Shop;
use PHPUnit\Framework\TestCase;

class AttachDesignOptionTest extends TestCase
{
    private function prepare(Product $product, mixed $buyRequest, ?RecordingLogger $logger = null): void
    {
        $observer = new AttachDesignOption(new DesignOption(new Json()), $logger ?? new RecordingLogger());
        $observer->execute(new Observer(['event' => new Event([
            'name' => 'catalog_product_type_prepare_full_options',
            'transport' => (object) ['options' => []],
            'buy_request' => $buyRequest,
            'product' => $product,
        ])]));
    }

    public function testTheDesignPostedWithTheFormBecomesAVisibleCartOption(): void
    {
        $product = new Product(['entity_id' => 12]);

        $this->prepare($product, new DataObject(['product' => '12', 'qty' => 250, 'monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a']));

        $this->assertSame(
            [['label' => 'Personalisation', 'value' => 'dsn_a', 'monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a']],
            json_decode($product->getCustomOption('additional_options')->getValue(), true)
        );
    }

    public function testAProductWithoutDesignGetsNoOption(): void
    {
        $product = new Product(['entity_id' => 12]);

        $this->prepare($product, new DataObject(['product' => '12', 'qty' => 1, 'monogram_design' => '']));

        $this->assertNull($product->getCustomOption('additional_options'));
    }

    public function testTwoDesignsOfOneProductStayTwoCartLines(): void
    {
        $shop = new Shop();

        $first = $shop->addToCart(12, 'Carte', ['qty' => 100, 'monogram_design' => 'dsn_one', 'monogram_token' => 'dt_one']);
        $second = $shop->addToCart(12, 'Carte', ['qty' => 100, 'monogram_design' => 'dsn_two', 'monogram_token' => 'dt_two']);

        // Magento merges a new line into an existing one only when their options (info_buyRequest aside) are equal.
        $this->assertNotSame(
            $first->getOptionByCode('additional_options')->getValue(),
            $second->getOptionByCode('additional_options')->getValue()
        );
    }

    public function testNothingEscapesIntoAddToCart(): void
    {
        $logger = new RecordingLogger();
        $product = new class () extends Product {
            public function addCustomOption($code, $value, $product = null)
            {
                throw new \RuntimeException('option storage failed');
            }
        };

        $this->prepare($product, ['monogram_design' => 'dsn_a'], $logger);

        $this->assertStringContainsString('option storage failed', $logger->messages('error')[0]);
    }
}
