<?php

declare(strict_types=1);

/**
 * Stand-in for OrderHistory: a state change moves the order's current_state, as the real one
 * does, and addWithemail() records whether the customer was e-mailed.
 */
class OrderHistory extends ObjectModel
{
    public $id_order;
    public $id_order_state;
    public $id_employee;
    public $emailed = false;

    /** When true, addWithemail() fails as a failed INSERT would. */
    public static bool $failNext = false;

    public function changeIdOrderState($newOrderState, $idOrder, $useExistingPayment = false)
    {
        $order = is_object($idOrder) ? $idOrder : new Order((int) $idOrder);
        $this->id_order_state = (int) $newOrderState;
        $order->current_state = (int) $newOrderState;
        $order->update();
    }

    public function addWithemail($autodate = true, $templateVars = false, $context = null)
    {
        if (self::$failNext) {
            self::$failNext = false;

            return false;
        }
        $this->emailed = true;

        return $this->add($autodate);
    }
}
