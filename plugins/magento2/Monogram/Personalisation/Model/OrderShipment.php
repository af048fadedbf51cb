<?php

/**
 * Turns Monogram's shipped jobs into a Magento shipment: each personalised item remembers its
 * parcel, and once every one has shipped they go out as one shipment with a track per parcel.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\Data\ShipmentItemCreationInterfaceFactory;
use Magento\Sales\Api\Data\ShipmentTrackCreationInterfaceFactory;
use Magento\Sales\Api\OrderRepositoryInterface;
use Magento\Sales\Api\ShipOrderInterface;

class OrderShipment
{
    /** Magento's carrier for tracking numbers of carriers it has no module for. */
    public const CARRIER_CODE = 'custom';
    /** Where an order item keeps its Monogram parcel, in its product options. */
    public const OPTION = 'monogram_shipment';

    public function __construct(
        private readonly ShipOrderInterface $shipOrder,
        private readonly ShipmentItemCreationInterfaceFactory $itemFactory,
        private readonly ShipmentTrackCreationInterfaceFactory $trackFactory,
        private readonly OrderRepositoryInterface $orders,
        private readonly DesignOption $designOption
    ) {
    }

    /**
     * Records that the job of one order item shipped; when it was the last personalised item
     * to ship, creates the shipment (the customer gets Magento's shipment e-mail with the tracks).
     *
     * @param array{carrier?: string, number?: string, url?: string} $tracking
     * @return int|null the new shipment's id; null while other items are still in production,
     *                  or when the merchant already shipped them
     */
    public function record(OrderInterface $order, string $itemId, string $jobId, array $tracking): ?int
    {
        $item = null;
        foreach ($this->personalisedItems($order) as $candidate) {
            if ((string) $candidate->getItemId() === $itemId) {
                $item = $candidate;
            }
        }
        if ($item === null) {
            return null;
        }
        $parcel = ['job' => $jobId] + array_intersect_key($tracking, array_flip(['carrier', 'number', 'url']));
        $options = (array) $item->getProductOptions();
        if (($options[self::OPTION] ?? null) !== $parcel) {
            $options[self::OPTION] = $parcel;
            $item->setProductOptions($options);
            $this->orders->save($order);
        }
        return $this->shipWhenComplete($order);
    }

    private function shipWhenComplete(OrderInterface $order): ?int
    {
        $items = [];
        $tracks = [];
        foreach ($this->personalisedItems($order) as $item) {
            $parcel = ((array) $item->getProductOptions())[self::OPTION] ?? null;
            if (!is_array($parcel)) {
                return null;
            }
            $quantity = (float) $item->getQtyToShip();
            if ($quantity <= 0) {
                continue;
            }
            $items[] = $this->itemFactory->create()->setOrderItemId((int) $item->getItemId())->setQty($quantity);
            $number = (string) ($parcel['number'] ?? '');
            if ($number !== '' && !isset($tracks[$number])) {
                $tracks[$number] = $this->trackFactory->create()
                    ->setCarrierCode(self::CARRIER_CODE)
                    ->setTitle(mb_substr((string) ($parcel['carrier'] ?? '') ?: (string) __('Carrier'), 0, 255))
                    ->setTrackNumber($number);
            }
        }
        if ($items === []) {
            return null;
        }
        return (int) $this->shipOrder->execute(
            (int) $order->getEntityId(),
            $items,
            true,
            false,
            null,
            array_values($tracks)
        );
    }

    /** @return list<object> the top-level order items that carry a Monogram design */
    private function personalisedItems(OrderInterface $order): array
    {
        $found = [];
        foreach ((array) $order->getItems() as $item) {
            // Children of configurable and bundle items ship with their parent.
            if ($item->getParentItem() || $item->getParentItemId()) {
                continue;
            }
            if ($this->designOption->fromOrderItem($item) !== null) {
                $found[] = $item;
            }
        }
        return $found;
    }
}
