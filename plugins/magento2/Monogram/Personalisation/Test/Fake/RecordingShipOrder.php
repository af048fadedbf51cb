<?php

/**
 * ShipOrder as Magento runs it, over the in-memory orders: checks the quantities, ships them
 * (qty_shipped) and keeps each shipment with its tracks and whether the customer was e-mailed.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Framework\Exception\LocalizedException;
use Magento\Sales\Api\ShipOrderInterface;

final class RecordingShipOrder implements ShipOrderInterface
{
    /** @var list<array{order: int, items: array<int, float>, notify: bool, tracks: list<array<string, string>>}> */
    public array $shipments = [];
    /** When set, the next call fails as Magento does on a locked or invalid order. */
    public bool $failNext = false;

    public function __construct(private readonly InMemoryOrderRepository $orders)
    {
    }

    public function execute(
        $orderId,
        array $items = [],
        $notify = false,
        $appendComment = false,
        ?\Magento\Sales\Api\Data\ShipmentCommentCreationInterface $comment = null,
        array $tracks = [],
        array $packages = [],
        ?\Magento\Sales\Api\Data\ShipmentCreationArgumentsInterface $arguments = null
    ) {
        if ($this->failNext) {
            $this->failNext = false;
            throw new LocalizedException(__('Shipment Document Validation Error(s): the order is being edited.'));
        }
        $order = $this->orders->get($orderId);
        $byId = [];
        foreach ($order->getItems() as $orderItem) {
            $byId[(int) $orderItem->getItemId()] = $orderItem;
        }
        $shipped = [];
        foreach ($items as $item) {
            $orderItem = $byId[(int) $item->getOrderItemId()] ?? null;
            if ($orderItem === null || $item->getQty() <= 0 || $item->getQty() > $orderItem->getQtyToShip()) {
                throw new LocalizedException(__('Shipment Document Validation Error(s): You can\'t create a shipment without products.'));
            }
            $shipped[(int) $item->getOrderItemId()] = (float) $item->getQty();
        }
        foreach ($shipped as $itemId => $qty) {
            $byId[$itemId]->setData('qty_shipped', (float) $byId[$itemId]->getQtyShipped() + $qty);
        }
        $this->shipments[] = [
            'order' => (int) $orderId,
            'items' => $shipped,
            'notify' => (bool) $notify,
            'tracks' => array_map(static fn ($track): array => [
                'carrier_code' => $track->getCarrierCode(),
                'title' => $track->getTitle(),
                'track_number' => $track->getTrackNumber(),
            ], $tracks),
        ];
        return count($this->shipments);
    }
}
