<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

interface ShipmentItemCreationInterface
{
    public function getOrderItemId();

    public function setOrderItemId($id);

    public function getQty();

    public function setQty($qty);
}
