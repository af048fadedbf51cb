<?php

declare(strict_types=1);

namespace Magento\Quote\Model\Quote\Item;

use Magento\Sales\Model\Order\Item as OrderItem;

/** Stand-in for the converter: copies the product order options and the basic fields. */
class ToOrderItem
{
    public function convert($item, $data = [])
    {
        $request = $item->getOptionByCode('info_buyRequest');
        $options = $request ? ['info_buyRequest' => json_decode((string) $request->getValue(), true)] : [];
        return new OrderItem(array_merge([
            'product_id' => $item->getData('product_id'),
            'name' => $item->getData('name'),
            'qty_ordered' => $item->getData('qty'),
            'product_options' => $options,
        ], $data));
    }
}
