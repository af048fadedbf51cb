<?php

declare(strict_types=1);

namespace Magento\Quote\Model\Quote\Item;

use Magento\Framework\DataObject;

abstract class AbstractItem extends DataObject
{
    abstract public function getOptionByCode($code);
}
