<?php

declare(strict_types=1);

namespace Magento\Sales\Model\Order\Status;

use Magento\Framework\DataObject;

class History extends DataObject
{
    public function getComment()
    {
        return $this->getData('comment');
    }

    public function getIsVisibleOnFront()
    {
        return $this->getData('is_visible_on_front');
    }
}
