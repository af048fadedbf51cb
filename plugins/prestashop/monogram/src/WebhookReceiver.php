<?php
/**
 * Handles Monogram's signed webhooks: job news becomes a private message on the order, and once
 * every personalised line has shipped, the tracking number and the "Shipped" state.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class WebhookReceiver
{
    /** The words of the order messages; the module passes them translated. */
    public const PHRASES = [
        'shipped' => 'Monogram: personalised item shipped.',
        'ready' => 'Monogram: production files ready.',
        'job' => 'Job:',
        'tracking' => 'Tracking:',
    ];

    /** Job statuses a late delivery of an earlier change must not undo. */
    private const FINAL_STATUSES = ['shipped', 'cancelled'];

    /** @var array<string, string> */
    private readonly array $phrases;

    /**
     * @param array<string, string> $phrases translations of PHRASES
     */
    public function __construct(
        private readonly string $secret,
        private readonly ReportedOrders $orders,
        private readonly OrderNotes $notes,
        private readonly OrderShipment $shipment,
        private readonly Logger $logger,
        array $phrases = [],
    ) {
        $this->phrases = array_merge(self::PHRASES, array_intersect_key($phrases, self::PHRASES));
    }

    /**
     * @return array{0: int, 1: array<string, string>} HTTP status and JSON answer
     */
    public function handle(string $body, string $signatureHeader, int $now): array
    {
        if ($this->secret === '') {
            // 503, so Monogram tries again once the merchant has pasted the secret.
            return [503, ['error' => 'webhook secret not configured']];
        }
        $verdict = WebhookSignature::verify($signatureHeader, $body, $this->secret, $now);
        if ($verdict !== WebhookSignature::VALID) {
            $this->logger->warning('webhook refused: ' . $verdict . ' signature');

            return [401, ['error' => $verdict . ' signature']];
        }

        try {
            return $this->apply($body, $now);
        } catch (\Throwable $e) {
            // Not recorded as seen: Monogram's next delivery tries again.
            $this->logger->error('webhook could not be applied: ' . $e->getMessage());

            return [500, ['error' => 'could not update the order']];
        }
    }

    /**
     * @return array{0: int, 1: array<string, string>}
     */
    private function apply(string $body, int $now): array
    {
        $event = json_decode($body, true);
        if (!is_array($event) || !is_string($event['id'] ?? null) || !is_string($event['type'] ?? null)) {
            return [400, ['error' => 'not a Monogram event']];
        }
        $idEvent = $event['id'];
        $type = $event['type'];
        if ($this->orders->hasEvent($idEvent)) {
            return [200, ['status' => 'duplicate']];
        }

        $data = is_array($event['data'] ?? null) ? $event['data'] : [];
        $platformOrderId = (string) ($data['order']['platform_order_id'] ?? '');
        $idOrder = ctype_digit($platformOrderId) ? (int) $platformOrderId : 0;
        if (!$this->notes->exists($idOrder)) {
            $this->orders->recordEvent($idEvent, $type, 0, $now);

            return [200, ['status' => 'ignored', 'reason' => 'unknown order']];
        }

        $job = is_array($data['job'] ?? null) ? $data['job'] : [];
        $jobId = is_string($job['id'] ?? null) ? $job['id'] : '';
        if ($type === 'job.status_changed') {
            // The block on the order page shows it; a message for every step would be noise.
            $this->statusChanged($idOrder, $jobId, $job, $now);
            $this->orders->recordEvent($idEvent, $type, $idOrder, $now);

            return [200, ['status' => 'ok']];
        }
        $note = match ($type) {
            'job.shipped' => $this->shipped($idOrder, $jobId, $job, $now),
            'job.ready' => $this->ready($idOrder, $jobId, $now),
            default => null,
        };
        if ($note === null) {
            $this->orders->recordEvent($idEvent, $type, $idOrder, $now);

            return [200, ['status' => 'ignored', 'reason' => 'event type not handled']];
        }
        if (!$this->notes->add($idOrder, $note)) {
            // Not recorded as seen: Monogram's next delivery tries again.
            $this->logger->error('could not add the Monogram message to the order', $idOrder);

            return [500, ['error' => 'could not update the order']];
        }
        $this->orders->recordEvent($idEvent, $type, $idOrder, $now);

        return [200, ['status' => 'ok']];
    }

    /**
     * @param array<string, mixed> $job
     */
    private function shipped(int $idOrder, string $jobId, array $job, int $now): string
    {
        $tracking = self::tracking($job);
        $this->orders->updateJob($idOrder, $jobId, 'shipped', $tracking, $now);
        $this->recordShipment($idOrder, $tracking['number'] ?? '');

        $text = $this->phrases['shipped'] . $this->jobPart($jobId);
        if ($tracking !== []) {
            $text .= ' ' . $this->phrases['tracking'] . ' ' . implode(' ', array_filter([
                $tracking['carrier'] ?? '',
                $tracking['number'] ?? '',
                $tracking['url'] ?? '',
            ]));
        }

        return $text;
    }

    /**
     * Keeps the job's status for the order page. Deliveries may arrive out of order: a job that
     * shipped or was cancelled stays so.
     *
     * @param array<string, mixed> $job
     */
    private function statusChanged(int $idOrder, string $jobId, array $job, int $now): void
    {
        $status = is_string($job['status'] ?? null) ? $job['status'] : '';
        if ($jobId === '' || !preg_match('/^[a-z_]{1,32}$/', $status)) {
            return;
        }
        if ($status === 'shipped') {
            // Shops subscribed to status changes only still get their shipment recorded.
            $tracking = self::tracking($job);
            $this->orders->updateJob($idOrder, $jobId, 'shipped', $tracking, $now);
            $this->recordShipment($idOrder, $tracking['number'] ?? '');

            return;
        }
        $known = $this->orders->find($idOrder)['jobs'][$jobId]['status'] ?? null;
        if (!in_array($known, self::FINAL_STATUSES, true)) {
            $this->orders->updateJob($idOrder, $jobId, $status, null, $now);
        }
    }

    /**
     * Once every line Monogram makes has shipped, its tracking goes on the order's carrier; when
     * Monogram made the whole order, the order becomes "Shipped". Other lines are the merchant's
     * to ship, so a mixed order keeps its state.
     */
    private function recordShipment(int $idOrder, string $latestNumber): void
    {
        $order = $this->orders->find($idOrder);
        $made = array_filter(
            $order['lines'] ?? [],
            static fn (array $line): bool => ($line['status'] ?? '') === 'accepted'
        );
        if ($made === []) {
            return;
        }
        $numbers = [];
        foreach ($made as $line) {
            $job = $order['jobs'][(string) ($line['job'] ?? '')] ?? [];
            if (($job['status'] ?? '') !== 'shipped') {
                return;
            }
            $number = (string) ($job['tracking']['number'] ?? '');
            if ($number !== '') {
                $numbers[$number] = true;
            }
        }
        if (count($made) === count($order['lines'])) {
            $this->shipment->markShipped($idOrder);
        }
        // One field for the order: every parcel's number if they fit, else the last one.
        $tracking = implode(', ', array_keys($numbers));
        if (!OrderShipment::isTrackingNumber($tracking)) {
            $tracking = $latestNumber;
        }
        if (OrderShipment::isTrackingNumber($tracking)) {
            $this->shipment->setTracking($idOrder, $tracking);
        }
    }

    /**
     * @param array<string, mixed> $job
     *
     * @return array<string, string> carrier, number and url, those given
     */
    private static function tracking(array $job): array
    {
        $tracking = [];
        foreach (['carrier', 'number', 'url'] as $field) {
            $value = $job['tracking'][$field] ?? null;
            if (is_string($value) && $value !== '') {
                $tracking[$field] = mb_substr(strip_tags($value), 0, 300);
            }
        }
        if (isset($tracking['url']) && !preg_match('#^https?://#i', $tracking['url'])) {
            unset($tracking['url']);
        }

        return $tracking;
    }

    private function ready(int $idOrder, string $jobId, int $now): string
    {
        $this->orders->updateJob($idOrder, $jobId, 'ready', null, $now);

        return $this->phrases['ready'] . $this->jobPart($jobId);
    }

    private function jobPart(string $jobId): string
    {
        return $jobId !== '' ? ' ' . $this->phrases['job'] . ' ' . $jobId . '.' : '';
    }
}
