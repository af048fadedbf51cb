<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

use Magento\Sales\Model\Order\Shipment\TrackCreation;

/** Stand-in for the factory Magento generates (di.xml prefers TrackCreation for the interface). */
class ShipmentTrackCreationInterfaceFactory
{
    public function create(array $data = [])
    {
        return new TrackCreation($data);
    }
}
