<?php

/**
 * The report queue table in an array, with the same unique order_id rule.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Model\ReportQueue\StorageInterface;

final class InMemoryReportStorage implements StorageInterface
{
    /** @var array<int, array<string, mixed>> by order id */
    public array $rows = [];
    private int $nextId = 1;
    public bool $broken = false;

    public function insertIfAbsent(array $row): void
    {
        $this->failIfBroken();
        $orderId = (int) $row['order_id'];
        if (!isset($this->rows[$orderId])) {
            $this->rows[$orderId] = ['entity_id' => $this->nextId++, 'last_http_status' => null, 'last_error' => null,
                'monogram_order_id' => null] + $row;
        }
    }

    public function find(int $orderId): ?array
    {
        $this->failIfBroken();
        return $this->rows[$orderId] ?? null;
    }

    public function update(int $orderId, array $fields): void
    {
        $this->failIfBroken();
        if (isset($this->rows[$orderId])) {
            $this->rows[$orderId] = $fields + $this->rows[$orderId];
        }
    }

    public function findDue(int $now, int $limit): array
    {
        $this->failIfBroken();
        $due = array_filter(
            $this->rows,
            static fn (array $row): bool => $row['status'] === ReportQueue::STATUS_PENDING && $row['next_attempt_at'] <= $now
        );
        usort($due, static fn (array $a, array $b): int => [$a['next_attempt_at'], $a['entity_id']] <=> [$b['next_attempt_at'], $b['entity_id']]);
        return array_slice($due, 0, $limit);
    }

    public function requeueFailed(): int
    {
        $count = 0;
        foreach ($this->rows as $orderId => $row) {
            if ($row['status'] === ReportQueue::STATUS_FAILED) {
                $this->rows[$orderId] = ['status' => ReportQueue::STATUS_PENDING, 'attempts' => 0, 'next_attempt_at' => 0] + $row;
                $count++;
            }
        }
        return $count;
    }

    private function failIfBroken(): void
    {
        if ($this->broken) {
            throw new \RuntimeException('SQLSTATE[HY000] [2002] Connection refused');
        }
    }
}
