<?php

/**
 * A shopper's cart (Magento quote) that adds products the way the Shop fake does, in one store
 * and currency, and can refuse a quantity as Magento does (a message instead of a line).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Framework\DataObject;
use Magento\Quote\Model\Quote\Item as QuoteItem;

final class CartQuote extends DataObject
{
    /** @var list<QuoteItem> */
    public array $items = [];
    public ?string $refusal = null;
    public int $totalsCollected = 0;

    public function __construct(private readonly Shop $shop)
    {
        parent::__construct(['store_id' => 1, 'quote_currency_code' => 'EUR', 'customer_is_guest' => 1, 'entity_id' => 77]);
    }

    public function getId()
    {
        return $this->getData('entity_id');
    }

    public function addProduct($product, $request = null)
    {
        if ($this->refusal !== null) {
            return $this->refusal;
        }
        $buyRequest = $request instanceof DataObject ? $request->getData() : (array) $request;
        $item = $this->shop->addToCart((int) $product->getId(), (string) $product->getData('name'), $buyRequest);
        $item->setQty($buyRequest['qty'] ?? 1);
        $item->setStoreId($this->getData('store_id'));
        $item->setProduct($product);
        $item->setQuote($this);
        $this->items[] = $item;
        return $item;
    }

    public function getAllVisibleItems()
    {
        return $this->items;
    }

    public function collectTotals()
    {
        ++$this->totalsCollected;
        return $this;
    }
}
