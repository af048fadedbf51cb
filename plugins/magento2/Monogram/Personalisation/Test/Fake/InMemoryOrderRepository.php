<?php

/**
 * Orders by entity id; counts saves.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\OrderRepositoryInterface;

final class InMemoryOrderRepository implements OrderRepositoryInterface
{
    /** @var array<int, OrderInterface> */
    public array $orders = [];
    public int $saves = 0;

    public function __construct(OrderInterface ...$orders)
    {
        foreach ($orders as $order) {
            $this->orders[(int) $order->getEntityId()] = $order;
        }
    }

    public function get($id)
    {
        if (!isset($this->orders[(int) $id])) {
            throw new NoSuchEntityException('The entity that was requested doesn\'t exist.');
        }
        return $this->orders[(int) $id];
    }

    public function save(OrderInterface $entity)
    {
        $this->saves++;
        $this->orders[(int) $entity->getEntityId()] = $entity;
        return $entity;
    }
}
