<?php

declare(strict_types=1);

class Order extends ObjectModel
{
    public $id_cart;
    public $id_customer;
    public $id_currency;
    public $id_address_invoice;
    public $id_address_delivery;
    public $id_shop = 1;
    public $id_lang = 1;
    public $reference = '';

    /** @var list<array<string, mixed>> order_detail rows, as OrderDetail::getList returns them */
    public $details = [];

    public function getOrderDetailList()
    {
        return $this->details;
    }
}
