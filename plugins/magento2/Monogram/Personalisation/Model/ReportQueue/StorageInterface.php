<?php

/**
 * Where queued order reports live: the monogram_report_queue table in production.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\ReportQueue;

interface StorageInterface
{
    /**
     * Inserts the row unless one exists for its order_id.
     *
     * @param array<string, int|string|null> $row
     */
    public function insertIfAbsent(array $row): void;

    /** @return array<string, mixed>|null */
    public function find(int $orderId): ?array;

    /** @param array<string, int|string|null> $fields */
    public function update(int $orderId, array $fields): void;

    /**
     * Pending rows whose next attempt is due, oldest first.
     *
     * @return list<array<string, mixed>>
     */
    public function findDue(int $now, int $limit): array;

    /** Makes every failed row pending and due now, with its attempts reset; returns how many. */
    public function requeueFailed(): int;
}
