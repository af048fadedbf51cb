<?php

/**
 * Walks a cart through the module's real hooks the way Magento would: add to cart (product
 * prepared from the buy request), checkout (ToOrderItem + plugin), and reorder (info_buyRequest
 * replayed into a new add to cart).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Catalog\Model\Product;
use Magento\Framework\DataObject;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Magento\Framework\Serialize\Serializer\Json;
use Magento\Quote\Model\Quote\Item as QuoteItem;
use Magento\Quote\Model\Quote\Item\ToOrderItem;
use Magento\Sales\Model\Order;
use Magento\Sales\Model\Order\Address;
use Magento\Sales\Model\Order\Item as OrderItem;
use Monogram\Personalisation\Model\DesignOption;
use Monogram\Personalisation\Observer\AttachDesignOption;
use Monogram\Personalisation\Plugin\QuoteItemToOrderItem;

final class Shop
{
    public readonly DesignOption $designOption;
    public readonly RecordingLogger $logger;
    private readonly AttachDesignOption $attach;
    private readonly QuoteItemToOrderItem $plugin;
    private readonly ToOrderItem $converter;

    public function __construct()
    {
        $this->logger = new RecordingLogger();
        $this->designOption = new DesignOption(new Json());
        $this->attach = new AttachDesignOption($this->designOption, $this->logger);
        $this->plugin = new QuoteItemToOrderItem($this->designOption, $this->logger);
        $this->converter = new ToOrderItem();
    }

    /**
     * "Add to cart": Magento prepares the product from the posted buy request (firing
     * catalog_product_type_prepare_full_options), then the new cart line takes the product's options.
     *
     * @param array<string, mixed> $buyRequest
     */
    public function addToCart(int $productId, string $name, array $buyRequest, ?int $variantId = null): QuoteItem
    {
        $product = new Product(['entity_id' => $productId, 'name' => $name]);
        $event = new Event([
            'name' => 'catalog_product_type_prepare_full_options',
            'transport' => (object) ['options' => []],
            'buy_request' => new DataObject($buyRequest),
            'product' => $product,
        ]);
        $this->attach->execute(new Observer(['event' => $event]));
        $product->addCustomOption('info_buyRequest', (string) json_encode($buyRequest));
        $item = new QuoteItem([
            'product_id' => $productId,
            'name' => $name,
            'qty' => $buyRequest['qty'] ?? 1,
            'variant_id' => $variantId,
        ]);
        $item->setOptions($product->getCustomOptions());
        return $item;
    }

    /** Checkout's conversion of one cart line, with the module's plugin around it. */
    public function toOrderItem(object $item, int $itemId): OrderItem
    {
        return $this->plugin->afterConvert($this->converter, $this->converter->convert($item, ['item_id' => $itemId]), $item);
    }

    /**
     * @param list<QuoteItem> $cart
     * @param array{id?: int|null, email: string, company?: string} $customer
     */
    public function placeOrder(int $orderId, array $cart, array $customer, string $currency = 'EUR'): Order
    {
        $items = [];
        foreach ($cart as $position => $quoteItem) {
            $itemId = $orderId * 10 + 2 * $position + 1;
            $orderItem = $this->toOrderItem($quoteItem, $itemId);
            $items[] = $orderItem;
            $variantId = $quoteItem->getData('variant_id');
            if ($variantId !== null) {
                $child = new OrderItem([
                    'item_id' => $itemId + 1,
                    'parent_item_id' => $itemId,
                    'product_id' => $variantId,
                    'name' => $quoteItem->getData('name'),
                    'qty_ordered' => 1,
                    'product_options' => [],
                ]);
                $child->setParentItem($orderItem);
                $items[] = $child;
            }
        }
        return new Order([
            'entity_id' => $orderId,
            'increment_id' => sprintf('%09d', $orderId),
            'store_id' => 1,
            'order_currency_code' => $currency,
            'customer_id' => $customer['id'] ?? null,
            'customer_is_guest' => ($customer['id'] ?? null) === null,
            'customer_email' => $customer['email'],
            'billing_address' => new Address(['company' => $customer['company'] ?? null]),
            'items' => $items,
        ]);
    }

    /**
     * What Magento\Sales\Model\Reorder\Reorder does for each top-level order item: a new
     * DataObject from its info_buyRequest, with the ordered quantity, added to the cart.
     *
     * @return list<QuoteItem>
     */
    public function reorder(Order $order): array
    {
        $cart = [];
        foreach ($order->getItems() as $orderItem) {
            if ($orderItem->getParentItem() !== null) {
                continue;
            }
            $info = new DataObject((array) $orderItem->getProductOptionByCode('info_buyRequest'));
            $info->setQty($orderItem->getQtyOrdered());
            $children = $orderItem->getChildrenItems();
            $cart[] = $this->addToCart(
                (int) $orderItem->getProductId(),
                (string) $orderItem->getName(),
                $info->getData(),
                $children ? (int) $children[0]->getProductId() : null
            );
        }
        return $cart;
    }
}
