<?php
/**
 * Keeps the design on the cart line as a PrestaShop customization, so it shows in the cart, the
 * order and the back office, and follows the line through PrestaShop's own cart code.
 *
 * How it survives a change of combination: the customization is created like core's text
 * fields, with id_product_attribute 0 and in_cart 0, so it belongs to the product, not to a
 * combination. PrestaShop binds it to the chosen combination only when the product is added to
 * the cart (Cart::_updateCustomizationQuantity), whether the form names it in id_customization or
 * not. The data row carries our module id, so core asks this module to display it
 * (hook displayCustomization), and the field is is_module, so core's own form never shows it.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class CustomizationStore
{
    public function __construct(
        private readonly \Db $db,
        private readonly int $idModule,
        private readonly string $prefix,
    ) {
    }

    /**
     * Stores the design on the shopper's not-yet-added customization of this product (the one
     * core's own text fields use too) and returns its id for the add-to-cart form.
     *
     * @param array<int, string> $labels field label per language id
     */
    public function save(int $idCart, int $idProduct, Design $design, array $labels): int
    {
        if ($idCart <= 0 || $idProduct <= 0) {
            throw new \InvalidArgumentException('a cart and a product are needed');
        }
        $idField = $this->ensureField($idProduct, $labels);

        $idCustomization = $this->pendingCustomizationId($idCart, $idProduct);
        if ($idCustomization === 0) {
            $inserted = $this->db->insert('customization', [
                'id_cart' => $idCart,
                'id_product' => $idProduct,
                'id_product_attribute' => 0,
                'id_address_delivery' => 0,
                'quantity' => 0,
                'quantity_refunded' => 0,
                'quantity_returned' => 0,
                'in_cart' => 0,
            ]);
            $idCustomization = (int) $this->db->Insert_ID();
            if (!$inserted || $idCustomization <= 0) {
                throw new \RuntimeException('the customization could not be created');
            }
        }

        $this->db->delete(
            'customized_data',
            '`id_customization` = ' . $idCustomization . ' AND `type` = ' . (int) \Product::CUSTOMIZE_TEXTFIELD
            . ' AND `index` = ' . $idField
        );
        $saved = $this->db->insert('customized_data', [
            'id_customization' => $idCustomization,
            'type' => (int) \Product::CUSTOMIZE_TEXTFIELD,
            'index' => $idField,
            'value' => pSQL($design->storedValue(), true),
            'id_module' => $this->idModule,
            'price' => 0,
            'weight' => 0,
        ]);
        if (!$saved) {
            throw new \RuntimeException('the design could not be stored on the customization');
        }

        return $idCustomization;
    }

    /**
     * The Monogram text field of a product, created on first use; it also makes sure the product
     * is customizable, without which the cart never binds customizations to lines.
     *
     * @param array<int, string> $labels field label per language id
     */
    public function ensureField(int $idProduct, array $labels): int
    {
        $idField = (int) $this->db->getValue(
            'SELECT `id_customization_field` FROM `' . $this->prefix . 'monogram_customization_field`'
            . ' WHERE `id_product` = ' . $idProduct
        );
        if ($idField > 0) {
            $alive = (int) $this->db->getValue(
                'SELECT `id_customization_field` FROM `' . $this->prefix . 'customization_field`'
                . ' WHERE `id_customization_field` = ' . $idField . ' AND `is_deleted` = 0'
            );
            if ($alive !== $idField) {
                $idField = 0;
            }
        }

        if ($idField === 0) {
            $field = new \CustomizationField();
            $field->id_product = $idProduct;
            $field->type = (int) \Product::CUSTOMIZE_TEXTFIELD;
            $field->required = 0;
            $field->is_module = 1;
            $field->is_deleted = 0;
            $field->name = $labels;
            if (!$field->add()) {
                throw new \RuntimeException('the Monogram customization field could not be created');
            }
            $idField = (int) $field->id;
            $this->db->delete('monogram_customization_field', '`id_product` = ' . $idProduct);
            $this->db->insert('monogram_customization_field', [
                'id_product' => $idProduct,
                'id_customization_field' => $idField,
            ]);
            $this->makeCustomizable($idProduct, 1);
        } else {
            $this->makeCustomizable($idProduct, 0);
        }

        return $idField;
    }

    /** The design the shopper saved for this product but has not added to the cart yet. */
    public function pendingDesign(int $idCart, int $idProduct): ?array
    {
        $idCustomization = $this->pendingCustomizationId($idCart, $idProduct);
        $design = $idCustomization > 0 ? $this->designOf($idCustomization) : null;

        return $design === null ? null : ['id_customization' => $idCustomization, 'design' => $design];
    }

    public function designOf(int $idCustomization): ?Design
    {
        if ($idCustomization <= 0) {
            return null;
        }

        return Design::fromStoredValue($this->db->getValue(
            'SELECT `value` FROM `' . $this->prefix . 'customized_data`'
            . ' WHERE `id_customization` = ' . $idCustomization
            . ' AND `id_module` = ' . $this->idModule
            . ' AND `type` = ' . (int) \Product::CUSTOMIZE_TEXTFIELD
        ));
    }

    /**
     * For a line that lost its id_customization (a theme that dropped the hidden input): the
     * customization PrestaShop bound to the same cart, product and combination, skipping those
     * other lines already claim.
     *
     * @param list<int> $claimed
     *
     * @return array{id_customization: int, design: Design}|null
     */
    public function designForCartProduct(int $idCart, int $idProduct, int $idProductAttribute, array $claimed): ?array
    {
        $rows = $this->db->executeS(
            'SELECT `id_customization` FROM `' . $this->prefix . 'customization`'
            . ' WHERE `id_cart` = ' . $idCart
            . ' AND `id_product` = ' . $idProduct
            . ' AND `id_product_attribute` = ' . $idProductAttribute
            . ' AND `in_cart` = 1'
            . ' ORDER BY `id_customization` ASC'
        );
        foreach (is_array($rows) ? $rows : [] as $row) {
            $id = (int) $row['id_customization'];
            if (in_array($id, $claimed, true)) {
                continue;
            }
            $design = $this->designOf($id);
            if ($design !== null) {
                return ['id_customization' => $id, 'design' => $design];
            }
        }

        return null;
    }

    /** Marks the module's fields deleted, as core does, so products stop counting them. */
    public function retireFields(): void
    {
        $rows = $this->db->executeS(
            'SELECT `id_customization_field` FROM `' . $this->prefix . 'monogram_customization_field`'
        );
        foreach (is_array($rows) ? $rows : [] as $row) {
            $this->db->update(
                'customization_field',
                ['is_deleted' => 1],
                '`id_customization_field` = ' . (int) $row['id_customization_field']
            );
        }
    }

    private function pendingCustomizationId(int $idCart, int $idProduct): int
    {
        return (int) $this->db->getValue(
            'SELECT `id_customization` FROM `' . $this->prefix . 'customization`'
            . ' WHERE `id_cart` = ' . $idCart
            . ' AND `id_product` = ' . $idProduct
            . ' AND `in_cart` = 0'
            . ' ORDER BY `id_customization` ASC'
        );
    }

    /** customizable 1 (optional) unless already set; text_fields counts the new field. */
    private function makeCustomizable(int $idProduct, int $addedTextFields): void
    {
        $row = $this->db->getRow(
            'SELECT `customizable`, `text_fields` FROM `' . $this->prefix . 'product`'
            . ' WHERE `id_product` = ' . $idProduct
        );
        if (!is_array($row)) {
            return;
        }
        if ((int) $row['customizable'] > 0 && $addedTextFields === 0) {
            return;
        }
        $data = [
            'customizable' => max(1, (int) $row['customizable']),
            'text_fields' => (int) $row['text_fields'] + $addedTextFields,
        ];
        $this->db->update('product', $data, '`id_product` = ' . $idProduct);
        $this->db->update('product_shop', $data, '`id_product` = ' . $idProduct);
        \Configuration::updateGlobalValue('PS_CUSTOMIZATION_FEATURE_ACTIVE', '1');
    }
}
