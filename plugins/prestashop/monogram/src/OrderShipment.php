<?php
/**
 * Records a shipment the PrestaShop way: the tracking number on the order's carrier, and the
 * "Shipped" order state, each e-mailed to the customer as the back office does.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

class OrderShipment
{
    /** The size of order_carrier.tracking_number. */
    public const MAX_TRACKING = 64;

    public function __construct(private readonly Logger $logger)
    {
    }

    /**
     * Moves the order to PS_OS_SHIPPING unless it already went out (shipped or delivered) or
     * was cancelled, refunded or failed: those are the merchant's to change.
     */
    public function markShipped(int $idOrder): bool
    {
        $order = new \Order($idOrder);
        $idShipped = (int) \Configuration::get('PS_OS_SHIPPING');
        if (!\Validate::isLoadedObject($order) || $idShipped === 0) {
            return false;
        }
        $final = array_map('intval', [
            \Configuration::get('PS_OS_CANCELED'),
            \Configuration::get('PS_OS_REFUND'),
            \Configuration::get('PS_OS_ERROR'),
        ]);
        if ($order->hasBeenShipped() || in_array((int) $order->current_state, $final, true)) {
            return false;
        }
        $history = new \OrderHistory();
        $history->id_order = (int) $order->id;
        $history->id_employee = 0;
        // true: the payment is already recorded; a state change must not add another.
        $history->changeIdOrderState($idShipped, $order, true);
        if (!$history->addWithemail(true)) {
            throw new \RuntimeException('the Shipped state could not be saved');
        }

        return true;
    }

    /**
     * Puts the tracking number on the order's carrier and sends the "in transit" e-mail with the
     * carrier's tracking link; nothing when the number is already there.
     */
    public function setTracking(int $idOrder, string $trackingNumber): bool
    {
        $order = new \Order($idOrder);
        if (!\Validate::isLoadedObject($order) || !self::isTrackingNumber($trackingNumber)) {
            return false;
        }
        $idOrderCarrier = (int) $order->getIdOrderCarrier();
        if ($idOrderCarrier === 0) {
            // A virtual order has no carrier to put it on; the order message keeps the number.
            $this->logger->warning('no carrier on the order for the tracking number', $idOrder);

            return false;
        }
        $orderCarrier = new \OrderCarrier($idOrderCarrier);
        if ((string) $orderCarrier->tracking_number === $trackingNumber) {
            return false;
        }
        $orderCarrier->tracking_number = $trackingNumber;
        if (!$orderCarrier->update()) {
            throw new \RuntimeException('the tracking number could not be saved');
        }
        if (!$orderCarrier->sendInTransitEmail($order)) {
            $this->logger->warning('the "in transit" e-mail could not be sent', $idOrder);
        }

        return true;
    }

    /** What order_carrier.tracking_number accepts (Validate::isTrackingNumber, 64 characters). */
    public static function isTrackingNumber(string $number): bool
    {
        return $number !== ''
            && mb_strlen($number) <= self::MAX_TRACKING
            && preg_match('/^[~:#,%&_=\(\)\[\]\.\? \+\-@\/a-zA-Z0-9]+$/', $number) === 1;
    }
}
