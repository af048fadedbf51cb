<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Magento\Catalog\Model\Product;
use Magento\Framework\DataObject;
use Magento\Framework\Serialize\Serializer\Json;
use Magento\Quote\Model\Quote\Address\Item as AddressItem;
use Magento\Quote\Model\Quote\Item as QuoteItem;
use Magento\Sales\Model\Order\Item as OrderItem;
use Monogram\Personalisation\Model\Design;
use Monogram\Personalisation\Model\DesignOption;
use PHPUnit\Framework\TestCase;

class DesignOptionTest extends TestCase
{
    private DesignOption $designOption;

    protected function setUp(): void
    {
        $this->designOption = new DesignOption(new Json());
    }

    public function testTheFormFieldsOfTheProductPageGiveTheDesign(): void
    {
        $design = $this->designOption->fromRequest(new DataObject([
            'product' => '12', 'qty' => '250', 'monogram_design' => ' dsn_abc ', 'monogram_token' => 'dt_Xy-z_1',
        ]));

        $this->assertEquals(new Design('dsn_abc', 'dt_Xy-z_1'), $design);
    }

    public function testTheLoaderDefaultFieldNamesAreAcceptedToo(): void
    {
        $design = $this->designOption->fromRequest(['properties' => ['_monogram_design' => 'dsn_p', '_monogram_token' => 'dt_p']]);

        $this->assertEquals(new Design('dsn_p', 'dt_p'), $design);
    }

    public function testNoOrMalformedDesignIsNoDesign(): void
    {
        $this->assertNull($this->designOption->fromRequest(['product' => '12']));
        $this->assertNull($this->designOption->fromRequest(['monogram_design' => '']));
        $this->assertNull($this->designOption->fromRequest(['monogram_design' => '<script>']));
        $this->assertNull($this->designOption->fromRequest(['monogram_design' => ['dsn_a']]));
        $this->assertNull($this->designOption->fromRequest(null));
    }

    public function testAMissingTokenStillCarriesTheDesignSoMonogramCanFlagTheLine(): void
    {
        $this->assertEquals(new Design('dsn_a', ''), $this->designOption->fromRequest(['monogram_design' => 'dsn_a']));
        $this->assertEquals(new Design('dsn_a', ''), $this->designOption->fromRequest(['monogram_design' => 'dsn_a', 'monogram_token' => "dt\n1"]));
    }

    public function testTheDesignJoinsOtherModulesAdditionalOptionsAndReplacesItsOwn(): void
    {
        $product = new Product();
        $product->addCustomOption('additional_options', json_encode([['label' => 'Gift wrap', 'value' => 'Yes']]));

        $this->designOption->addToProduct($product, new Design('dsn_old', 'dt_old'));
        $this->designOption->addToProduct($product, new Design('dsn_new', 'dt_new'));

        $options = json_decode($product->getCustomOption('additional_options')->getValue(), true);
        $this->assertSame([
            ['label' => 'Gift wrap', 'value' => 'Yes'],
            ['label' => 'Personalisation', 'value' => 'dsn_new', 'monogram_design' => 'dsn_new', 'monogram_token' => 'dt_new'],
        ], $options);
    }

    public function testRemovingLeavesOtherModulesOptionsAlone(): void
    {
        $product = new Product();
        $product->addCustomOption('additional_options', json_encode([
            ['label' => 'Gift wrap', 'value' => 'Yes'],
            ['label' => 'Personalisation', 'value' => 'dsn_a', 'monogram_design' => 'dsn_a', 'monogram_token' => 'dt_a'],
        ]));

        $this->designOption->removeFromProduct($product);

        $this->assertSame('[{"label":"Gift wrap","value":"Yes"}]', $product->getCustomOption('additional_options')->getValue());
    }

    public function testAMultishippingAddressItemIsReadThroughItsQuoteItem(): void
    {
        $quoteItem = new QuoteItem();
        $quoteItem->addOption(['code' => 'additional_options', 'value' => json_encode([
            ['label' => 'Personalisation', 'value' => 'dsn_m', 'monogram_design' => 'dsn_m', 'monogram_token' => 'dt_m'],
        ])]);

        $design = $this->designOption->fromQuoteItem(new AddressItem(['quote_item' => $quoteItem]));

        $this->assertEquals(new Design('dsn_m', 'dt_m'), $design);
    }

    public function testAQuoteItemWithoutAdditionalOptionsFallsBackToItsBuyRequest(): void
    {
        $quoteItem = new QuoteItem();
        $quoteItem->addOption(['code' => 'info_buyRequest', 'value' => json_encode(['monogram_design' => 'dsn_b', 'monogram_token' => 'dt_b'])]);

        $this->assertEquals(new Design('dsn_b', 'dt_b'), $this->designOption->fromQuoteItem($quoteItem));
        $this->assertNull($this->designOption->fromQuoteItem(new QuoteItem()));
    }

    public function testCorruptStoredOptionsAreIgnored(): void
    {
        $quoteItem = new QuoteItem();
        $quoteItem->addOption(['code' => 'additional_options', 'value' => '{not json']);

        $this->assertNull($this->designOption->fromQuoteItem($quoteItem));
    }

    public function testAnOrderItemGetsTheDesignInBothPlacesAndReadsItBack(): void
    {
        $orderItem = new OrderItem(['product_options' => ['info_buyRequest' => ['qty' => 250, 'product' => '12']]]);

        $this->designOption->addToOrderItem($orderItem, new Design('dsn_o', 'dt_o'));

        $options = $orderItem->getProductOptions();
        $this->assertSame(['qty' => 250, 'product' => '12', 'monogram_design' => 'dsn_o', 'monogram_token' => 'dt_o'], $options['info_buyRequest']);
        $this->assertSame('dsn_o', $options['additional_options'][0]['value']);
        $this->assertEquals(new Design('dsn_o', 'dt_o'), $this->designOption->fromOrderItem($orderItem));
    }
}
