<?php

declare(strict_types=1);

namespace Magento\Quote\Model\Quote;

use Magento\Quote\Model\Quote\Item\AbstractItem;
use Magento\Quote\Model\Quote\Item\Option;

class Item extends AbstractItem
{
    /** @var array<string, Option> */
    protected $_optionsByCode = [];

    /** Like Quote::addProduct does with the prepared product's custom options. */
    public function setOptions($options)
    {
        foreach ($options as $option) {
            $this->addOption($option);
        }
        return $this;
    }

    public function addOption($option)
    {
        if (is_array($option)) {
            $option = new Option($option);
        } elseif (!$option instanceof Option) {
            $option = new Option($option->getData());
        }
        $this->_optionsByCode[$option->getCode()] = $option;
        return $this;
    }

    public function getOptionByCode($code)
    {
        return $this->_optionsByCode[$code] ?? null;
    }
}
