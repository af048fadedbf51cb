<?php
/**
 * Stand-in for SpecificPrice: the fields a cart-scoped price sets, kept like any ObjectModel.
 */

declare(strict_types=1);

class SpecificPrice extends ObjectModel
{
    public $id_specific_price_rule;
    public $id_cart;
    public $id_product;
    public $id_shop;
    public $id_shop_group;
    public $id_currency;
    public $id_country;
    public $id_group;
    public $id_customer;
    public $id_product_attribute;
    public $price;
    public $from_quantity;
    public $reduction;
    public $reduction_tax;
    public $reduction_type;
    public $from;
    public $to;

    public static int $flushes = 0;

    public static function flushCache()
    {
        ++self::$flushes;
    }
}
