<?php

/**
 * The retrying queue of order reports: every personalised order gets a row before the first
 * attempt, and each attempt moves it to done, back to pending with a later time, or to failed.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Monogram\Personalisation\Model\ReportQueue\StorageInterface;

class ReportQueue
{
    public const STATUS_PENDING = 'pending';
    public const STATUS_DONE = 'done';
    public const STATUS_FAILED = 'failed';

    /** 10 attempts, 5 min doubling up to 6 h: about a day of outage before a report is given up. */
    public function __construct(
        private readonly StorageInterface $storage,
        private readonly Clock $clock,
        private readonly int $maxAttempts = 10,
        private readonly int $baseDelay = 300,
        private readonly int $maxDelay = 21600
    ) {
    }

    /**
     * Queues the order's report (once per order) and returns its row. The row is due only after
     * the first delay, so a cron run cannot race the attempt checkout is making right now; if that
     * attempt dies with the process, the cron picks the row up then.
     *
     * @param array<string, mixed> $payload
     * @return array<string, mixed>
     */
    public function enqueue(int $orderId, int $storeId, string $incrementId, array $payload): array
    {
        $this->storage->insertIfAbsent([
            'order_id' => $orderId,
            'store_id' => $storeId,
            'increment_id' => $incrementId,
            'payload' => json_encode($payload, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE),
            'status' => self::STATUS_PENDING,
            'attempts' => 0,
            'next_attempt_at' => $this->clock->now() + $this->baseDelay,
        ]);
        return $this->storage->find($orderId) ?? [];
    }

    /** @return list<array<string, mixed>> */
    public function due(int $limit = 50): array
    {
        return $this->storage->findDue($this->clock->now(), $limit);
    }

    /** @return array<string, mixed>|null */
    public function find(int $orderId): ?array
    {
        return $this->storage->find($orderId);
    }

    /** Records an attempt's result and returns the row's new status. */
    public function recordAttempt(int $orderId, ReportResult $result): string
    {
        $row = $this->storage->find($orderId);
        $attempts = (int) ($row['attempts'] ?? 0) + 1;
        $fields = [
            'attempts' => $attempts,
            'last_http_status' => $result->httpStatus,
            'last_error' => null,
        ];
        if ($result->isDone()) {
            $fields['status'] = self::STATUS_DONE;
            $fields['monogram_order_id'] = $result->monogramOrderId();
        } elseif ($result->outcome === ReportOutcome::Permanent) {
            $fields['status'] = self::STATUS_FAILED;
            $fields['last_error'] = $result->summary();
        } elseif ($attempts >= $this->maxAttempts) {
            $fields['status'] = self::STATUS_FAILED;
            $fields['last_error'] = sprintf('gave up after %d attempts: %s', $attempts, $result->summary());
        } else {
            $fields['status'] = self::STATUS_PENDING;
            $fields['last_error'] = $result->summary();
            $fields['next_attempt_at'] = $this->clock->now() + $this->delayAfter($attempts, $result->retryAfter);
        }
        $this->storage->update($orderId, $fields);
        return $fields['status'];
    }

    /** 5 min after the first failure, doubling up to 6 h; a longer Retry-After from Monogram wins. */
    public function delayAfter(int $attempts, ?int $retryAfter = null): int
    {
        $delay = (int) min($this->maxDelay, $this->baseDelay * 2 ** max(0, $attempts - 1));
        if ($retryAfter !== null && $retryAfter > $delay) {
            $delay = min($retryAfter, $this->maxDelay);
        }
        return $delay;
    }

    /** After the merchant fixed what made reports fail (a wrong key, say), sends them again. */
    public function requeueFailed(): int
    {
        return $this->storage->requeueFailed();
    }

    public function maxAttempts(): int
    {
        return $this->maxAttempts;
    }
}
