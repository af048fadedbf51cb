<?php

declare(strict_types=1);

namespace Magento\Sales\Model\Order;

use Magento\Framework\DataObject;
use Magento\Sales\Api\Data\OrderItemInterface;

class Item extends DataObject implements OrderItemInterface
{
    private ?Item $parentItem = null;
    /** @var list<Item> */
    private array $children = [];

    public function getItemId()
    {
        return $this->getData('item_id');
    }

    public function getParentItemId()
    {
        return $this->getData('parent_item_id');
    }

    public function getProductId()
    {
        return $this->getData('product_id');
    }

    public function getName()
    {
        return $this->getData('name');
    }

    public function getQtyOrdered()
    {
        return $this->getData('qty_ordered');
    }

    public function getQtyShipped()
    {
        return $this->getData('qty_shipped') ?? 0;
    }

    /** What is left to ship: ordered, less shipped, refunded and cancelled, as Magento counts it. */
    public function getQtyToShip()
    {
        $left = (float) $this->getQtyOrdered() - (float) $this->getQtyShipped()
            - (float) ($this->getData('qty_refunded') ?? 0) - (float) ($this->getData('qty_canceled') ?? 0);
        return max($left, 0);
    }

    public function getProductOptions()
    {
        return $this->getData('product_options');
    }

    public function setProductOptions(?array $options = null)
    {
        return $this->setData('product_options', $options);
    }

    public function getProductOptionByCode($code = null)
    {
        $options = $this->getProductOptions();
        if ($code === null) {
            return $options;
        }
        return $options[$code] ?? null;
    }

    public function setParentItem($item)
    {
        if ($item) {
            $this->parentItem = $item;
            $item->addChildItem($this);
        }
        return $this;
    }

    public function getParentItem()
    {
        return $this->parentItem;
    }

    public function addChildItem($item)
    {
        $this->children[] = $item;
    }

    public function getChildrenItems()
    {
        return $this->children;
    }
}
