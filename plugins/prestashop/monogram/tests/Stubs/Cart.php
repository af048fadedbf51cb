<?php

declare(strict_types=1);

class Cart extends ObjectModel
{
    public $id_customer;
    public $id_currency;
    public $id_lang = 1;
    public $id_address_delivery = 0;
    public $mobile_theme = false;
}
