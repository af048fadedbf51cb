<?php

/**
 * checkout_cart_product_add_after (quote_item), checkout_cart_update_items_after (cart) and
 * sales_quote_item_qty_set_after (item): the personalised line is charged Monogram's price for
 * its design and quantity whenever either changes.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Monogram\Personalisation\Model\CartPricing;
use Psr\Log\LoggerInterface;

class PriceCartLine implements ObserverInterface
{
    public function __construct(
        private readonly CartPricing $cartPricing,
        private readonly LoggerInterface $logger
    ) {
    }

    public function execute(Observer $observer): void
    {
        try {
            $event = $observer->getEvent();
            $items = [];
            foreach (['quote_item', 'item'] as $key) {
                if (is_object($event->getData($key))) {
                    $items[] = $event->getData($key);
                }
            }
            $cart = $event->getData('cart');
            if (is_object($cart) && is_object($cart->getQuote())) {
                $items = array_merge($items, (array) $cart->getQuote()->getAllVisibleItems());
            }
            foreach ($items as $item) {
                $this->cartPricing->apply($item);
            }
        } catch (\Throwable $exception) {
            $this->logger->error('Monogram: could not price the cart line: ' . $exception->getMessage());
        }
    }
}
