<?php

declare(strict_types=1);

namespace Magento\Sales\Model;

use Magento\Framework\DataObject;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Model\Order\Status\History;

class Order extends DataObject implements OrderInterface
{
    public function getEntityId()
    {
        return $this->getData('entity_id');
    }

    public function getId()
    {
        return $this->getData('entity_id');
    }

    public function getIncrementId()
    {
        return $this->getData('increment_id');
    }

    public function getOrderCurrencyCode()
    {
        return $this->getData('order_currency_code');
    }

    public function getCustomerId()
    {
        return $this->getData('customer_id');
    }

    public function getCustomerEmail()
    {
        return $this->getData('customer_email');
    }

    public function getCustomerIsGuest()
    {
        return $this->getData('customer_is_guest');
    }

    public function getBillingAddress()
    {
        return $this->getData('billing_address');
    }

    public function getStoreId()
    {
        return $this->getData('store_id');
    }

    public function getItems()
    {
        return $this->getData('items') ?? [];
    }

    public function getStatusHistories()
    {
        return $this->getData('status_histories') ?? [];
    }

    public function addCommentToStatusHistory($comment, $status = false, $isVisibleOnFront = false)
    {
        $history = new History([
            'comment' => $comment,
            'status' => $status,
            'is_visible_on_front' => $isVisibleOnFront,
        ]);
        $this->setData('status_histories', array_merge($this->getStatusHistories(), [$history]));
        return $history;
    }
}
