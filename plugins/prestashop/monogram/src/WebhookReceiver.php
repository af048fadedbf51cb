<?php
/**
 * Handles Monogram's signed webhooks: job news becomes a private message on the order.
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
        'flagged' => 'Monogram flagged this order: flagged items will not be produced.',
        'job' => 'Job:',
        'tracking' => 'Tracking:',
    ];

    /** @var array<string, string> */
    private readonly array $phrases;

    /**
     * @param array<string, string> $phrases translations of PHRASES
     */
    public function __construct(
        private readonly string $secret,
        private readonly ReportedOrders $orders,
        private readonly OrderNotes $notes,
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
        $note = match ($type) {
            'job.shipped' => $this->shipped($idOrder, $jobId, $job, $now),
            'job.ready' => $this->ready($idOrder, $jobId, $now),
            'order.flagged' => $this->flagged($data),
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
        $this->orders->updateJob($idOrder, $jobId, 'shipped', $tracking, $now);

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

    private function ready(int $idOrder, string $jobId, int $now): string
    {
        $this->orders->updateJob($idOrder, $jobId, 'ready', null, $now);

        return $this->phrases['ready'] . $this->jobPart($jobId);
    }

    private function jobPart(string $jobId): string
    {
        return $jobId !== '' ? ' ' . $this->phrases['job'] . ' ' . $jobId . '.' : '';
    }

    /**
     * @param array<string, mixed> $data
     */
    private function flagged(array $data): string
    {
        $reasons = [];
        foreach (is_array($data['order']['lines'] ?? null) ? $data['order']['lines'] : [] as $line) {
            if (is_array($line) && is_string($line['flag_reason'] ?? null) && $line['flag_reason'] !== '') {
                $where = isset($line['platform_line_id']) ? 'line ' . $line['platform_line_id'] . ': ' : '';
                $reasons[] = $where . $line['flag_reason'];
            }
        }
        foreach ([$data['reason'] ?? null, $data['order']['flag_reason'] ?? null] as $reason) {
            if (is_string($reason) && $reason !== '') {
                $reasons[] = $reason;
            }
        }

        return $this->phrases['flagged'] . ($reasons !== [] ? ' ' . strip_tags(implode('; ', $reasons)) : '');
    }
}
