<?php

/**
 * The report queue on the monogram_report_queue table.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\ResourceModel;

use Magento\Framework\App\ResourceConnection;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Model\ReportQueue\StorageInterface;

class ReportQueueStorage implements StorageInterface
{
    public const TABLE = 'monogram_report_queue';

    public function __construct(private readonly ResourceConnection $resource)
    {
    }

    public function insertIfAbsent(array $row): void
    {
        // Updating order_id to itself makes a duplicate insert a no-op, atomically.
        $this->resource->getConnection()->insertOnDuplicate($this->table(), $row, ['order_id']);
    }

    public function find(int $orderId): ?array
    {
        $connection = $this->resource->getConnection();
        $row = $connection->fetchRow(
            sprintf('SELECT * FROM %s WHERE order_id = ?', $connection->quoteIdentifier($this->table())),
            [$orderId]
        );
        return is_array($row) ? $row : null;
    }

    public function update(int $orderId, array $fields): void
    {
        $this->resource->getConnection()->update($this->table(), $fields, ['order_id = ?' => $orderId]);
    }

    public function findDue(int $now, int $limit): array
    {
        $connection = $this->resource->getConnection();
        $rows = $connection->fetchAll(
            sprintf(
                'SELECT * FROM %s WHERE status = ? AND next_attempt_at <= ?'
                . ' ORDER BY next_attempt_at, entity_id LIMIT %d',
                $connection->quoteIdentifier($this->table()),
                max(1, $limit)
            ),
            [ReportQueue::STATUS_PENDING, $now]
        );
        return array_values($rows);
    }

    public function requeueFailed(): int
    {
        return (int) $this->resource->getConnection()->update(
            $this->table(),
            ['status' => ReportQueue::STATUS_PENDING, 'attempts' => 0, 'next_attempt_at' => 0],
            ['status = ?' => ReportQueue::STATUS_FAILED]
        );
    }

    private function table(): string
    {
        return $this->resource->getTableName(self::TABLE);
    }
}
