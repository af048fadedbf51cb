<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/** Stand-in: the getters of Magento's order interface the module reads. */
interface OrderInterface
{
    public function getEntityId();

    public function getIncrementId();

    public function getOrderCurrencyCode();

    public function getCustomerId();

    public function getCustomerEmail();

    public function getCustomerIsGuest();

    public function getBillingAddress();

    public function getStoreId();

    public function getItems();

    public function getStatusHistories();
}
