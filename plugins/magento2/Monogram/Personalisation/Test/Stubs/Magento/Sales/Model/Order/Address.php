<?php

declare(strict_types=1);

namespace Magento\Sales\Model\Order;

use Magento\Framework\DataObject;

class Address extends DataObject
{
    public function getCompany()
    {
        return $this->getData('company');
    }
}
