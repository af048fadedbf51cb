<?php

declare(strict_types=1);

namespace Magento\Checkout\Model;

use Magento\Framework\DataObject;

/** Stand-in for the checkout session: the shopper's cart (a quote) and its id. */
class Session extends DataObject
{
    public function getQuote()
    {
        return $this->getData('quote');
    }
}
