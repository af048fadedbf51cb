<?php

declare(strict_types=1);

class CustomerMessage extends ObjectModel
{
    public $id_customer_thread;
    public $id_employee;
    public $message;
    public $private;

    /** Set to make add() fail, as a failed INSERT would. */
    public static bool $failNext = false;

    public function add($autoDate = true, $nullValues = false)
    {
        if (self::$failNext) {
            self::$failNext = false;

            return false;
        }

        return parent::add($autoDate, $nullValues);
    }
}
