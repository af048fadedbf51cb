<?php

/**
 * Products by id, and the carts saved, as Magento's repositories would keep them.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Catalog\Api\ProductRepositoryInterface;
use Magento\Catalog\Model\Product;
use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Quote\Api\CartRepositoryInterface;

final class InMemoryCatalog implements ProductRepositoryInterface, CartRepositoryInterface
{
    /** @var list<object> */
    public array $savedCarts = [];

    /** @param array<int, Product> $products */
    public function __construct(public array $products = [])
    {
    }

    public function getById($productId, $editMode = false, $storeId = null, $forceReload = false)
    {
        if (!isset($this->products[(int) $productId])) {
            throw new NoSuchEntityException(__('The product that was requested doesn\'t exist.'));
        }
        return $this->products[(int) $productId];
    }

    public function save($quote)
    {
        $this->savedCarts[] = $quote;
    }
}
