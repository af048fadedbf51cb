<?php

/**
 * checkout_submit_all_after: reports the placed order (`order`) or orders (`orders`, multishipping)
 * to Monogram. Never throws into checkout.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Sales\Api\Data\OrderInterface;
use Monogram\Personalisation\Model\OrderReporter;
use Psr\Log\LoggerInterface;

class ReportOrder implements ObserverInterface
{
    public function __construct(
        private readonly OrderReporter $reporter,
        private readonly LoggerInterface $logger
    ) {
    }

    public function execute(Observer $observer): void
    {
        try {
            $event = $observer->getEvent();
            $orders = array_merge([$event->getData('order')], array_values((array) $event->getData('orders')));
        } catch (\Throwable $exception) {
            $this->logger->error('Monogram: could not read the placed orders: ' . $exception->getMessage());
            return;
        }
        $seen = [];
        foreach ($orders as $order) {
            try {
                if (!$order instanceof OrderInterface || isset($seen[(int) $order->getEntityId()])) {
                    continue;
                }
                $seen[(int) $order->getEntityId()] = true;
                $this->reporter->reportPlaced($order);
            } catch (\Throwable $exception) {
                $this->logger->error(
                    'Monogram: order report failed: ' . $exception->getMessage(),
                    ['exception' => $exception]
                );
            }
        }
    }
}
