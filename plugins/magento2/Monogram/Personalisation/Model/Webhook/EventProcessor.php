<?php

/**
 * Handles one signed Monogram webhook: checks the signature against this store view's secret,
 * finds the order it is about, writes the news (ready, shipped with tracking) on the order once,
 * and ships the personalised items in Magento once all of them have shipped.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Webhook;

use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\OrderNotes;
use Monogram\Personalisation\Model\OrderShipment;
use Psr\Log\LoggerInterface;

class EventProcessor
{
    public function __construct(
        private readonly Config $config,
        private readonly Signature $signature,
        private readonly OrderRepositoryInterface $orders,
        private readonly OrderNotes $notes,
        private readonly OrderShipment $shipment,
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
        $job = is_array($data['job'] ?? null) ? $data['job'] : [];
        $shipped = $event['type'] === 'job.shipped'
            || ($event['type'] === 'job.status_changed' && ($job['status'] ?? null) === 'shipped');
        if ($event['type'] === 'job.status_changed') {
            // Only the shipment matters to Magento; job.shipped, if subscribed, writes the comment.
            if ($shipped) {
                $this->recordShipment($order, $data);
            }
            return new Answer(200, $shipped ? 'recorded' : 'ignored status ' . (string) ($job['status'] ?? ''));
        }
        $comment = $this->comment($event['type'], $job);
        if ($comment === null) {
            return new Answer(200, 'ignored event type ' . $event['type']);
        }
        if ($this->notes->has($order, $event['id'])) {
            return new Answer(200, 'already recorded');
        }
        if ($shipped && $this->recordShipment($order, $data) !== null) {
            $comment .= ' ' . __('Magento shipment created for the personalised items.');
        }
        $this->notes->add($order, $comment, $event['id'], $shipped);
        $this->logger->info(
            sprintf('Monogram: %s recorded on order #%s.', $event['type'], $order->getIncrementId())
        );
        return new Answer(200, 'recorded');
    }

    /** @param array<string, mixed> $data */
    private function recordShipment(OrderInterface $order, array $data): ?int
    {
        $job = is_array($data['job'] ?? null) ? $data['job'] : [];
        $tracking = [];
        foreach (['carrier', 'number', 'url'] as $field) {
            $value = $job['tracking'][$field] ?? null;
            if (is_string($value) && $value !== '') {
                $tracking[$field] = mb_substr(strip_tags($value), 0, 255);
            }
        }
        $shipmentId = $this->shipment->record(
            $order,
            (string) ($data['line']['platform_line_id'] ?? ''),
            (string) ($job['id'] ?? ''),
            $tracking
        );
        if ($shipmentId !== null) {
            $this->logger->info(
                sprintf('Monogram: shipment %d created for order #%s.', $shipmentId, $order->getIncrementId())
            );
        }
        return $shipmentId;
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

    /** @param array<string, mixed> $job */
    private function comment(string $type, array $job): ?string
    {
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
            default:
                return null;
        }
    }
}
