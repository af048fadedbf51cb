<?php

declare(strict_types=1);

namespace Magento\Catalog\Model\Product\Configuration\Item;

use Magento\Framework\DataObject;

/** The custom option a product carries while being added to the cart. */
class Option extends DataObject
{
    public function getValue()
    {
        return $this->getData('value');
    }

    public function getCode()
    {
        return $this->getData('code');
    }
}
