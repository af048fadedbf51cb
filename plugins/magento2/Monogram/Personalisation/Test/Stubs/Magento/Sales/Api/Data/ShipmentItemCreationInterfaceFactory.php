<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

use Magento\Sales\Model\Order\Shipment\ItemCreation;

/** Stand-in for the factory Magento generates (di.xml prefers ItemCreation for the interface). */
class ShipmentItemCreationInterfaceFactory
{
    public function create(array $data = [])
    {
        return new ItemCreation($data);
    }
}
