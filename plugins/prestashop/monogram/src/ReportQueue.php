<?php
/**
 * The module table of reports Monogram has not accepted yet, retried with a growing delay.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class ReportQueue
{
    public const TABLE = 'monogram_pending_report';

    /** Waiting for its next attempt. */
    public const PENDING = 'pending';
    /** Monogram refused it (4xx): retrying will not help until the merchant fixes something. */
    public const FAILED = 'failed';
    /** Retryable failures until the last attempt. */
    public const GIVEN_UP = 'given_up';

    /** Seconds before attempt n+1 after n failed attempts (the last delay repeats). */
    public const BACKOFF = [60, 300, 900, 3600, 10800, 21600, 43200];

    public function __construct(
        private readonly \Db $db,
        private readonly string $prefix,
        private readonly int $maxAttempts = Config::MAX_ATTEMPTS,
    ) {
    }

    public static function delayAfter(int $attempts): int
    {
        $index = max(0, min($attempts, count(self::BACKOFF)) - 1);

        return self::BACKOFF[$index];
    }

    /**
     * Counts the attempt and returns the report's new status.
     *
     * @param array<string, mixed> $payload
     */
    public function recordFailure(int $idOrder, array $payload, ApiResult $result, int $now): string
    {
        $row = $this->find($idOrder);
        $attempts = ($row === null ? 0 : (int) $row['attempts']) + 1;
        if ($result->isPermanent()) {
            $status = self::FAILED;
        } elseif ($attempts >= $this->maxAttempts) {
            $status = self::GIVEN_UP;
        } else {
            $status = self::PENDING;
        }

        $data = [
            'payload' => pSQL((string) json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), true),
            'status' => $status,
            'attempts' => $attempts,
            'last_http_status' => $result->status,
            'last_error' => pSQL(mb_substr($result->error, 0, 1000), true),
            'next_attempt_at' => self::datetime($status === self::PENDING ? $now + self::delayAfter($attempts) : $now),
            'date_upd' => self::datetime($now),
        ];
        if ($row === null) {
            $data['id_order'] = $idOrder;
            $data['date_add'] = self::datetime($now);
            $this->db->insert(self::TABLE, $data);
        } else {
            $this->db->update(self::TABLE, $data, '`id_order` = ' . $idOrder);
        }

        return $status;
    }

    public function forget(int $idOrder): void
    {
        $this->db->delete(self::TABLE, '`id_order` = ' . $idOrder);
    }

    /**
     * @return array<string, mixed>|null the row, payload decoded
     */
    public function find(int $idOrder): ?array
    {
        $row = $this->db->getRow(
            'SELECT * FROM `' . $this->prefix . self::TABLE . '` WHERE `id_order` = ' . $idOrder
        );

        return is_array($row) ? self::decode($row) : null;
    }

    /**
     * Reports whose next attempt is due, oldest first.
     *
     * @return list<array<string, mixed>>
     */
    public function due(int $now, int $limit = 50): array
    {
        $rows = $this->db->executeS(
            'SELECT * FROM `' . $this->prefix . self::TABLE . '`'
            . " WHERE `status` = '" . self::PENDING . "'"
            . " AND `next_attempt_at` <= '" . self::datetime($now) . "'"
            . ' ORDER BY `next_attempt_at` ASC LIMIT ' . max(1, $limit)
        );

        return array_map([self::class, 'decode'], is_array($rows) ? $rows : []);
    }

    /**
     * Every report still waiting or kept as failed, newest first, for the configuration page.
     *
     * @return list<array<string, mixed>>
     */
    public function visible(int $limit = 100): array
    {
        $rows = $this->db->executeS(
            'SELECT * FROM `' . $this->prefix . self::TABLE . '` ORDER BY `date_add` DESC LIMIT ' . max(1, $limit)
        );

        return array_map([self::class, 'decode'], is_array($rows) ? $rows : []);
    }

    /**
     * Sends every due report once; what fails again is rescheduled or given up.
     *
     * @return array{sent: int, pending: int, failed: int, given_up: int, errors: int}
     */
    public function retryDue(OrderReporter $reporter, int $now, int $limit = 50): array
    {
        $summary = ['sent' => 0, self::PENDING => 0, self::FAILED => 0, self::GIVEN_UP => 0, 'errors' => 0];
        foreach ($this->due($now, $limit) as $row) {
            if (!is_array($row['payload'])) {
                $this->markUnreadable((int) $row['id_order'], $now);
                ++$summary['errors'];
                continue;
            }
            $outcome = $reporter->send((int) $row['id_order'], $row['payload'], $now);
            $key = $outcome->isDone() ? 'sent' : $outcome->state;
            $summary[array_key_exists($key, $summary) ? $key : 'errors']++;
        }

        return $summary;
    }

    /**
     * The merchant's "Retry now": a fresh series of attempts starting at once.
     */
    public function requeue(int $idOrder, int $now): bool
    {
        if ($this->find($idOrder) === null) {
            return false;
        }

        return (bool) $this->db->update(self::TABLE, [
            'status' => self::PENDING,
            'attempts' => 0,
            'next_attempt_at' => self::datetime($now),
            'date_upd' => self::datetime($now),
        ], '`id_order` = ' . $idOrder);
    }

    public static function datetime(int $timestamp): string
    {
        return date('Y-m-d H:i:s', $timestamp);
    }

    private function markUnreadable(int $idOrder, int $now): void
    {
        $this->db->update(self::TABLE, [
            'status' => self::FAILED,
            'last_error' => pSQL('the stored order could not be read back'),
            'date_upd' => self::datetime($now),
        ], '`id_order` = ' . $idOrder);
    }

    /**
     * @param array<string, mixed> $row
     *
     * @return array<string, mixed>
     */
    private static function decode(array $row): array
    {
        $payload = json_decode((string) ($row['payload'] ?? ''), true);
        $row['payload'] = is_array($payload) ? $payload : null;

        return $row;
    }
}
