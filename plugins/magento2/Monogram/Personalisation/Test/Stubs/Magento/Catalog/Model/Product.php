<?php

declare(strict_types=1);

namespace Magento\Catalog\Model;

use Magento\Catalog\Model\Product\Configuration\Item\Option;
use Magento\Framework\DataObject;

class Product extends DataObject
{
    /** @var array<string, Option> */
    protected $_customOptions = [];

    public function getId()
    {
        return $this->getData('entity_id');
    }

    public function addCustomOption($code, $value, $product = null)
    {
        $this->_customOptions[$code] = new Option(['product' => $product ?? $this, 'code' => $code, 'value' => $value]);
        return $this;
    }

    public function getCustomOption($code)
    {
        return $this->_customOptions[$code] ?? null;
    }

    public function getCustomOptions()
    {
        return $this->_customOptions;
    }

    public function getPreconfiguredValues()
    {
        $values = $this->getData('preconfigured_values');
        return $values instanceof DataObject ? $values : new DataObject();
    }
}
