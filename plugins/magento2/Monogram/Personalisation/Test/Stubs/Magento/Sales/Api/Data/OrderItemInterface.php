<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

interface OrderItemInterface
{
    public function getItemId();

    public function getParentItemId();

    public function getParentItem();

    public function getProductId();

    public function getName();

    public function getQtyOrdered();

    public function getQtyShipped();

    public function getProductOptions();

    public function setProductOptions(?array $productOptions = null);
}
