<?php

declare(strict_types=1);

namespace Magento\Framework\Event;

use Magento\Framework\DataObject;
use Magento\Framework\Event;

class Observer extends DataObject
{
    /** @return Event */
    public function getEvent()
    {
        return $this->getData('event');
    }
}
