<?php

/**
 * After Magento turns a cart line into an order item, copies the design onto the order item's
 * product options (additional_options to show it, info_buyRequest so reorders bring it back),
 * and the terms Monogram priced the line in (monogram_price), for the order report.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Plugin;

use Magento\Quote\Model\Quote\Item\ToOrderItem;
use Monogram\Personalisation\Model\CartPricing;
use Monogram\Personalisation\Model\DesignOption;
use Psr\Log\LoggerInterface;

class QuoteItemToOrderItem
{
    public function __construct(
        private readonly DesignOption $designOption,
        private readonly LoggerInterface $logger
    ) {
    }

    /**
     * @param mixed $orderItem the new order item
     * @param mixed $item a quote item, or an address item under multishipping
     * @param array<string, mixed> $data
     * @return mixed
     * @SuppressWarnings(PHPMD.UnusedFormalParameter)
     */
    public function afterConvert(ToOrderItem $subject, $orderItem, $item, $data = [])
    {
        try {
            if (!is_object($orderItem) || !is_object($item)) {
                return $orderItem;
            }
            $design = $this->designOption->fromQuoteItem($item);
            if ($design !== null) {
                $this->designOption->addToOrderItem($orderItem, $design);
            }
            $line = method_exists($item, 'getQuoteItem') && is_object($item->getQuoteItem()) ? $item->getQuoteItem() : $item;
            $priced = CartPricing::priced($line);
            if ($priced !== null) {
                $options = $orderItem->getProductOptions();
                $options = is_array($options) ? $options : [];
                unset($priced['signature']);
                $options[CartPricing::DATA_KEY] = $priced;
                $orderItem->setProductOptions($options);
            }
        } catch (\Throwable $exception) {
            $this->logger->error('Monogram: could not copy the design to the order item: ' . $exception->getMessage());
        }
        return $orderItem;
    }
}
