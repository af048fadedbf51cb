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
    public $current_state = 0;

    /** The order_carrier row, 0 for an order without carrier (virtual products only). */
    public $id_order_carrier = 0;

    /** @var list<array<string, mixed>> order_detail rows, as OrderDetail::getList returns them */
    public $details = [];

    public function getOrderDetailList()
    {
        return $this->details;
    }

    public function getIdOrderCarrier()
    {
        return (int) $this->id_order_carrier;
    }

    /** True once a state flagged "shipped" (Shipped, Delivered) is in the order's history. */
    public function hasBeenShipped()
    {
        $shipped = array_map('intval', [Configuration::get('PS_OS_SHIPPING'), Configuration::get('PS_OS_DELIVERED')]);
        foreach (OrderHistory::all() as $history) {
            if ((int) $history->id_order === (int) $this->id && in_array((int) $history->id_order_state, $shipped, true)) {
                return 1;
            }
        }

        return 0;
    }
}
