<?php

declare(strict_types=1);

/**
 * Stand-in for OrderCarrier: the order's carrier line, and the "in transit" e-mails it sent.
 */
class OrderCarrier extends ObjectModel
{
    public $id_order;
    public $id_carrier;
    public $tracking_number = '';

    /** @var list<array{id_order: int, tracking_number: string}> */
    public static array $inTransitEmails = [];

    public function sendInTransitEmail($order)
    {
        self::$inTransitEmails[] = ['id_order' => (int) $order->id, 'tracking_number' => (string) $this->tracking_number];

        return true;
    }
}
