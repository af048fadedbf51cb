<?php

declare(strict_types=1);

namespace Magento\Quote\Model\Quote\Item;

use Magento\Framework\DataObject;

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
