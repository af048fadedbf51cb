<?php

declare(strict_types=1);

use Monogram\PrestaShop\CustomizationStore;
use Monogram\PrestaShop\Design;
use PHPUnit\Framework\TestCase;

final class CustomizationStoreTest extends TestCase
{
    private Db $db;
    private CustomizationStore $store;

    protected function setUp(): void
    {
        $this->db = Shop::reset();
        Shop::product(12);
        $this->store = new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_');
    }

    public function testSavingADesignMakesAPendingCustomizationOnAModuleTextField(): void
    {
        $id = $this->store->save(5, 12, $this->design(Shop::DESIGN), Shop::LABELS);

        $this->assertSame([[
            'id_customization' => (string) $id, 'id_cart' => '5', 'id_product' => '12',
            'id_product_attribute' => '0', 'id_address_delivery' => '0', 'quantity' => '0',
            'quantity_refunded' => '0', 'quantity_returned' => '0', 'in_cart' => '0',
        ]], $this->db->rows('ps_customization'));

        $field = $this->db->rows('ps_customization_field')[0];
        $this->assertSame(['12', '1', '0', '1', '0'], [
            $field['id_product'], $field['type'], $field['required'], $field['is_module'], $field['is_deleted'],
        ]);

        $data = $this->db->rows('ps_customized_data');
        $this->assertCount(1, $data);
        $this->assertSame('1', $data[0]['type']);
        $this->assertSame($field['id_customization_field'], $data[0]['index']);
        $this->assertSame((string) Shop::ID_MODULE, $data[0]['id_module']);
        $this->assertSame(['design' => Shop::DESIGN, 'token' => Shop::TOKEN], json_decode((string) $data[0]['value'], true));

        // The cart only binds customizations of customizable products.
        $this->assertSame('1', $this->db->rows('ps_product')[0]['customizable']);
        $this->assertSame('1', $this->db->rows('ps_product')[0]['text_fields']);
        $this->assertSame('1', $this->db->rows('ps_product_shop')[0]['customizable']);
    }

    public function testTheDesignSurvivesAChangeOfCombination(): void
    {
        // Saved while combination 45 was shown; the shopper then picks 46 and adds to cart.
        $id = $this->store->save(5, 12, $this->design(Shop::DESIGN), Shop::LABELS);
        $this->assertSame($id, $this->store->pendingDesign(5, 12)['id_customization']);
        Shop::addToCart(5, 12, 46, 10, $id);

        $row = $this->db->rows('ps_customization')[0];
        $this->assertSame(['46', '1', '10'], [$row['id_product_attribute'], $row['in_cart'], $row['quantity']]);
        $this->assertSame(Shop::DESIGN, $this->store->designOf($id)?->id);
        $this->assertSame($id, $this->store->designForCartProduct(5, 12, 46, [])['id_customization']);
    }

    public function testSavingAgainReplacesOnlyTheDesignOnTheSamePendingCustomization(): void
    {
        $id = $this->store->save(5, 12, $this->design(Shop::DESIGN), Shop::LABELS);
        // Core's own text field, filled on the same customization.
        $this->db->seed('ps_customized_data', [
            'id_customization' => $id, 'type' => 1, 'index' => 500, 'value' => 'Jeanne',
            'id_module' => 0, 'price' => 0, 'weight' => 0,
        ]);

        $again = $this->store->save(5, 12, $this->design('dsn_second0design0id0000000'), Shop::LABELS);

        $this->assertSame($id, $again);
        $values = array_column($this->db->rows('ps_customized_data'), 'value');
        $this->assertContains('Jeanne', $values);
        $this->assertCount(2, $values);
        $this->assertSame('dsn_second0design0id0000000', $this->store->designOf($id)?->id);
        $this->assertCount(1, $this->db->rows('ps_customization_field'));
    }

    public function testOnceInTheCartTheNextDesignGetsItsOwnCustomization(): void
    {
        $first = $this->store->save(5, 12, $this->design(Shop::DESIGN), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 1, $first);

        $second = $this->store->save(5, 12, $this->design('dsn_second0design0id0000000'), Shop::LABELS);

        $this->assertNotSame($first, $second);
        $this->assertSame(Shop::DESIGN, $this->store->designOf($first)?->id);
        $this->assertSame('1', $this->db->rows('ps_product')[0]['text_fields']);
    }

    public function testAFieldDeletedInTheBackOfficeIsCreatedAgain(): void
    {
        $this->store->save(5, 12, $this->design(Shop::DESIGN), Shop::LABELS);
        $this->db->update('customization_field', ['is_deleted' => 1], '`id_product` = 12');
        $this->db->update('product', ['customizable' => 0], '`id_product` = 12');

        $this->store->save(6, 12, $this->design(Shop::DESIGN), Shop::LABELS);

        $fields = $this->db->rows('ps_customization_field');
        $this->assertCount(2, $fields);
        $this->assertSame('0', $fields[1]['is_deleted']);
        $this->assertSame('1', $this->db->rows('ps_product')[0]['customizable']);
    }

    public function testCustomizableIsRestoredWhenTheBackOfficeResetsIt(): void
    {
        $this->store->ensureField(12, Shop::LABELS);
        $this->db->update('product', ['customizable' => 0], '`id_product` = 12');

        $this->store->ensureField(12, Shop::LABELS);

        $this->assertSame('1', $this->db->rows('ps_product')[0]['customizable']);
        $this->assertSame('1', $this->db->rows('ps_product')[0]['text_fields']);
    }

    public function testStoredValuesThatAreNotDesignsAreIgnored(): void
    {
        $this->assertNull(Design::fromStoredValue('Jeanne'));
        $this->assertNull(Design::fromStoredValue('{"design": "dsn_x<script>", "token": "dt_y"}'));
        $this->assertNull(Design::fromStrings('dsn_abc', ''));
        $this->assertNull($this->store->designOf(0));
    }

    private function design(string $id): Design
    {
        $design = Design::fromStrings($id, Shop::TOKEN);
        $this->assertNotNull($design);

        return $design;
    }
}
