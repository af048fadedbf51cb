<?php

declare(strict_types=1);

namespace Magento\Catalog\Block\Product;

use Magento\Framework\DataObject;

class View extends DataObject
{
    public function getProduct()
    {
        return $this->getData('product');
    }
}
