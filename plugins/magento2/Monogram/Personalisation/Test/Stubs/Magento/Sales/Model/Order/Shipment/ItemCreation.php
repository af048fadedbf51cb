<?php

declare(strict_types=1);

namespace Magento\Sales\Model\Order\Shipment;

use Magento\Framework\DataObject;
use Magento\Sales\Api\Data\ShipmentItemCreationInterface;

class ItemCreation extends DataObject implements ShipmentItemCreationInterface
{
    public function getOrderItemId()
    {
        return $this->getData('order_item_id');
    }

    public function setOrderItemId($id)
    {
        return $this->setData('order_item_id', $id);
    }

    public function getQty()
    {
        return $this->getData('qty');
    }

    public function setQty($qty)
    {
        return $this->setData('qty', $qty);
    }
}
