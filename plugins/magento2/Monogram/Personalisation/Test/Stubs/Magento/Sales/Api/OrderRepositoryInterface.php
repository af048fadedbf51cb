<?php

declare(strict_types=1);

namespace Magento\Sales\Api;

use Magento\Sales\Api\Data\OrderInterface;

interface OrderRepositoryInterface
{
    /** @throws \Magento\Framework\Exception\NoSuchEntityException */
    public function get($id);

    public function save(OrderInterface $entity);
}
