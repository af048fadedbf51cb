<?php

declare(strict_types=1);

namespace Magento\Quote\Model\Quote\Address;

use Magento\Quote\Model\Quote\Item\AbstractItem;

/** A multishipping address's share of a cart line; options live on the quote item behind it. */
class Item extends AbstractItem
{
    public function getQuoteItem()
    {
        return $this->getData('quote_item');
    }

    public function getOptionByCode($code)
    {
        return $this->getQuoteItem() ? $this->getQuoteItem()->getOptionByCode($code) : null;
    }
}
