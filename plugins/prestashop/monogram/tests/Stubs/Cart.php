<?php

declare(strict_types=1);

class Cart extends ObjectModel
{
    public $id_customer;
    public $id_currency;
    public $id_lang = 1;
    public $id_address_delivery = 0;
    public $id_address_invoice = 0;
    public $id_shop = 1;
    public $mobile_theme = false;

    /** What Cart::updateQty answers when the shop refuses the quantity: false, or -1 below the minimum. */
    public static bool|int $refusal = true;

    /** Adds like PrestaShop: the customization joins the line (tests/Support/Shop::addToCart). */
    public function updateQty($quantity, $idProduct, $idProductAttribute = null, $idCustomization = false, $operator = 'up')
    {
        if (self::$refusal !== true) {
            return self::$refusal;
        }
        Shop::addToCart((int) $this->id, (int) $idProduct, (int) $idProductAttribute, (int) $quantity, (int) $idCustomization);

        return true;
    }
}
