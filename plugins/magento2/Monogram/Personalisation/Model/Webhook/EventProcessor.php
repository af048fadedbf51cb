<?php

/**
 * Handles one signed Monogram webhook: checks the signature against this store view's secret,
 * finds the order it is about, and writes the news (tracking, ready, flagged) on the order once.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Webhook;

use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\OrderNotes;
use Psr\Log\LoggerInterface;

class EventProcessor
{
    public function __construct(
        private readonly Config $config,
        private readonly Signature $signature,
        private readonly OrderRepositoryInterface $orders,
        private readonly OrderNotes $notes,
        private readonly LoggerInterface $logger
    ) {
    }

    public function handle(string $body, string $signatureHeader): Answer
    {
        $secret = $this->config->webhookSecret();
        if (!$this->signature->verify($signatureHeader, $body, $secret)) {
            return new Answer(401, 'bad or missing Monogram-Signature');
        }
        $event = json_decode($body, true);
        if (!is_array($event) || !is_string($event['id'] ?? null) || !is_string($event['type'] ?? null)) {
            return new Answer(400, 'not a Monogram event');
        }
        $data = is_array($event['data'] ?? null) ? $event['data'] : [];
        $order = $this->findOrder($data['order']['platform_order_id'] ?? null);
        // The order must belong to a store view signed with this same secret, not to another Monogram store.
        if ($order === null || !hash_equals($this->config->webhookSecret((int) $order->getStoreId()), $secret)) {
            return new Answer(404, 'no such order');
        }
        $comment = $this->comment($event['type'], $data);
        if ($comment === null) {
            return new Answer(200, 'ignored event type ' . $event['type']);
        }
        $added = $this->notes->add($order, $comment, $event['id'], $event['type'] === 'job.shipped');
        if ($added) {
            $this->logger->info(
                sprintf('Monogram: %s recorded on order #%s.', $event['type'], $order->getIncrementId())
            );
        }
        return new Answer(200, $added ? 'recorded' : 'already recorded');
    }

    private function findOrder(mixed $platformOrderId): ?OrderInterface
    {
        if (!is_scalar($platformOrderId) || !ctype_digit((string) $platformOrderId)) {
            return null;
        }
        try {
            return $this->orders->get((int) $platformOrderId);
        } catch (NoSuchEntityException) {
            return null;
        }
    }

    /** @param array<string, mixed> $data */
    private function comment(string $type, array $data): ?string
    {
        $job = is_array($data['job'] ?? null) ? $data['job'] : [];
        $jobId = (string) ($job['id'] ?? '');
        switch ($type) {
            case 'job.shipped':
                $tracking = is_array($job['tracking'] ?? null) ? $job['tracking'] : [];
                $parts = array_filter([
                    (string) ($tracking['carrier'] ?? ''),
                    (string) ($tracking['number'] ?? ''),
                    (string) ($tracking['url'] ?? ''),
                ], static fn (string $part): bool => $part !== '');
                if ($parts === []) {
                    return (string) __('Monogram: the personalised item (%1) has shipped.', $jobId);
                }
                return (string) __(
                    'Monogram: the personalised item (%1) has shipped. Tracking: %2',
                    $jobId,
                    implode(' ', $parts)
                );
            case 'job.ready':
                return (string) __('Monogram: the personalised item (%1) is produced and ready to ship.', $jobId);
            case 'order.flagged':
                $reason = (string) ($data['reason'] ?? $data['line']['flag_reason'] ?? $job['flag_reason'] ?? '');
                return (string) __(
                    'Monogram flagged this order and will not produce it as is: %1',
                    $reason !== '' ? $reason : (string) __('see the Monogram console')
                );
            default:
                return null;
        }
    }
}
