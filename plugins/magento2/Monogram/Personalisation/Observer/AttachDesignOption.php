<?php

/**
 * catalog_product_type_prepare_full_options / _lite_options: turns the design in the buy request
 * into the product's additional_options, before Magento picks or creates the cart line.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Monogram\Personalisation\Model\DesignOption;
use Psr\Log\LoggerInterface;

class AttachDesignOption implements ObserverInterface
{
    public function __construct(
        private readonly DesignOption $designOption,
        private readonly LoggerInterface $logger
    ) {
    }

    public function execute(Observer $observer): void
    {
        try {
            $event = $observer->getEvent();
            $product = $event->getData('product');
            if (!is_object($product)) {
                return;
            }
            $design = $this->designOption->fromRequest($event->getData('buy_request'));
            if ($design === null) {
                $this->designOption->removeFromProduct($product);
                return;
            }
            $this->designOption->addToProduct($product, $design);
        } catch (\Throwable $exception) {
            $this->logger->error('Monogram: could not attach the design to the cart line: ' . $exception->getMessage());
        }
    }
}
