<?php

/**
 * Reports placed orders to Monogram: queue first, then one short attempt; the cron retries the rest.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Sales\Api\Data\OrderInterface;
use Psr\Log\LoggerInterface;

class OrderReporter
{
    /**
     * After a network failure or a 5xx, inline attempts pause for a minute: a multishipping
     * checkout waits for one timeout, not one per order.
     */
    private const UNREACHABLE_PAUSE = 60;

    private int $unreachableUntil = 0;

    public function __construct(
        private readonly Config $config,
        private readonly OrderPayloadBuilder $payloadBuilder,
        private readonly ReportQueue $queue,
        private readonly ApiClient $client,
        private readonly OrderNotes $notes,
        private readonly Clock $clock,
        private readonly LoggerInterface $logger
    ) {
    }

    /** Called while the shopper waits on checkout: every failure is caught, logged and left to the cron. */
    public function reportPlaced(OrderInterface $order): ?ReportResult
    {
        $orderId = (int) $order->getEntityId();
        $storeId = (int) $order->getStoreId();
        if ($orderId === 0 || !$this->config->isEnabled($storeId)) {
            return null;
        }
        $payload = $this->payloadBuilder->build($order);
        if ($payload === null) {
            return null;
        }
        $row = null;
        try {
            $row = $this->queue->enqueue($orderId, $storeId, (string) $order->getIncrementId(), $payload);
        } catch (\Throwable $exception) {
            // The payload goes to the log so that the order can still be recovered by hand.
            $this->logger->error(
                sprintf(
                    'Monogram: could not queue the report of order %s: %s',
                    $payload['name'],
                    $exception->getMessage()
                ),
                ['payload' => $payload]
            );
        }
        if ($row !== null && ($row['status'] ?? null) !== ReportQueue::STATUS_PENDING) {
            return null;
        }
        if ($row !== null && $this->clock->now() < $this->unreachableUntil) {
            return null;
        }
        return $this->attempt($orderId, $storeId, $payload, $order, $row !== null);
    }

    /**
     * Called by the cron for a due row.
     *
     * @param array<string, mixed> $row
     */
    public function retry(array $row): ReportResult
    {
        $orderId = (int) $row['order_id'];
        $payload = json_decode((string) ($row['payload'] ?? ''), true);
        if (!is_array($payload)) {
            $result = new ReportResult(ReportOutcome::Permanent, 0, null, 'the queued payload is not valid JSON');
            $this->queue->recordAttempt($orderId, $result);
            return $result;
        }
        return $this->attempt($orderId, (int) ($row['store_id'] ?? 0), $payload, null, true);
    }

    /** @param array<string, mixed> $payload */
    private function attempt(
        int $orderId,
        int $storeId,
        array $payload,
        ?OrderInterface $order,
        bool $queued
    ): ReportResult {
        $result = $this->client->reportOrder($payload, $storeId);
        if ($result->httpStatus === 0 || $result->httpStatus >= 500) {
            $this->unreachableUntil = $this->clock->now() + self::UNREACHABLE_PAUSE;
        }
        $status = $result->isDone() ? ReportQueue::STATUS_DONE : null;
        if ($queued) {
            try {
                $status = $this->queue->recordAttempt($orderId, $result);
            } catch (\Throwable $exception) {
                $this->logger->error(
                    sprintf('Monogram: could not record the report of order %d: %s', $orderId, $exception->getMessage())
                );
            }
        }
        $this->log((string) ($payload['name'] ?? $orderId), $result, $status);
        $this->tellMerchant($order ?? $orderId, $result, $status);
        return $result;
    }

    private function log(string $name, ReportResult $result, ?string $status): void
    {
        if ($result->isDone()) {
            $this->logger->info(
                sprintf('Monogram: order %s reported (%s).', $name, $result->monogramOrderId() ?? 'no id')
            );
        } elseif ($status === ReportQueue::STATUS_FAILED) {
            $this->logger->error(
                sprintf('Monogram: order %s was not reported and will not be retried: %s', $name, $result->summary())
            );
        } else {
            $this->logger->warning(
                sprintf('Monogram: order %s not reported yet, will retry: %s', $name, $result->summary())
            );
        }
    }

    /** Flagged lines and refused reports need the merchant: they go on the order's history. */
    private function tellMerchant(OrderInterface|int $order, ReportResult $result, ?string $status): void
    {
        try {
            foreach ($result->flaggedLines() as $line) {
                $this->notes->add(
                    $order,
                    (string) __(
                        'Monogram flagged the personalised line %1 (design %2) and will not produce it: %3',
                        $line['platform_line_id'],
                        $line['design'],
                        $line['reason'] !== '' ? $line['reason'] : (string) __('no reason given')
                    ),
                    'monogram-flag-' . $line['platform_line_id']
                );
            }
            if ($status === ReportQueue::STATUS_FAILED) {
                $this->notes->add(
                    $order,
                    (string) __(
                        // phpcs:ignore Generic.Files.LineLength.TooLong -- one literal, for i18n:collect-phrases
                        'Monogram did not receive this order (%1). Check Stores > Configuration > Monogram, then run bin/magento monogram:reports:retry --failed.',
                        $result->summary()
                    ),
                    'monogram-report-failed'
                );
            }
        } catch (\Throwable $exception) {
            $this->logger->warning('Monogram: could not add a comment to the order: ' . $exception->getMessage());
        }
    }
}
