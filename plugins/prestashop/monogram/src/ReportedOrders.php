<?php
/**
 * What Monogram answered for each reported order, and the job news its webhooks brought since.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class ReportedOrders
{
    public const TABLE = 'monogram_order';
    public const EVENTS = 'monogram_webhook_event';

    public function __construct(
        private readonly \Db $db,
        private readonly string $prefix,
    ) {
    }

    public function save(int $idOrder, ApiResult $result, int $now): void
    {
        $body = $result->body ?? [];
        $lines = [];
        foreach (is_array($body['lines'] ?? null) ? $body['lines'] : [] as $line) {
            if (is_array($line)) {
                $lines[] = array_intersect_key($line, array_flip([
                    'id', 'platform_line_id', 'design', 'design_version', 'status', 'flag_reason', 'job',
                ]));
            }
        }
        $data = [
            'monogram_order_id' => pSQL(mb_substr((string) ($body['id'] ?? ''), 0, 64)),
            'order_lines' => pSQL((string) json_encode($lines, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), true),
            'http_status' => $result->status,
            'date_upd' => ReportQueue::datetime($now),
        ];

        if ($this->find($idOrder) === null) {
            $data['id_order'] = $idOrder;
            $data['jobs'] = '{}';
            $data['date_add'] = ReportQueue::datetime($now);
            $this->db->insert(self::TABLE, $data);
        } else {
            $this->db->update(self::TABLE, $data, '`id_order` = ' . $idOrder);
        }
    }

    /**
     * @return array{id_order: int, monogram_order_id: string, lines: list<array<string, mixed>>,
     *     jobs: array<string, array<string, mixed>>, http_status: int, date_add: string, date_upd: string}|null
     */
    public function find(int $idOrder): ?array
    {
        $row = $this->db->getRow(
            'SELECT * FROM `' . $this->prefix . self::TABLE . '` WHERE `id_order` = ' . $idOrder
        );
        if (!is_array($row)) {
            return null;
        }
        $lines = json_decode((string) $row['order_lines'], true);
        $jobs = json_decode((string) $row['jobs'], true);

        return [
            'id_order' => (int) $row['id_order'],
            'monogram_order_id' => (string) $row['monogram_order_id'],
            'lines' => is_array($lines) ? array_values($lines) : [],
            'jobs' => is_array($jobs) ? $jobs : [],
            'http_status' => (int) $row['http_status'],
            'date_add' => (string) $row['date_add'],
            'date_upd' => (string) $row['date_upd'],
        ];
    }

    /**
     * Remembers a job's latest status (and tracking), from a webhook or a live look-up.
     *
     * @param array<string, string>|null $tracking
     */
    public function updateJob(int $idOrder, string $jobId, string $status, ?array $tracking, int $now): bool
    {
        $order = $this->find($idOrder);
        if ($order === null || $jobId === '') {
            return false;
        }
        $job = $order['jobs'][$jobId] ?? [];
        $job['status'] = $status;
        if ($tracking !== null) {
            $job['tracking'] = $tracking;
        }
        $job['updated'] = ReportQueue::datetime($now);
        $order['jobs'][$jobId] = $job;

        return (bool) $this->db->update(self::TABLE, [
            'jobs' => pSQL((string) json_encode($order['jobs'], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), true),
            'date_upd' => ReportQueue::datetime($now),
        ], '`id_order` = ' . $idOrder);
    }

    public function hasEvent(string $idEvent): bool
    {
        return (string) $this->db->getValue(
            'SELECT `id_event` FROM `' . $this->prefix . self::EVENTS . "` WHERE `id_event` = '" . pSQL($idEvent) . "'"
        ) === $idEvent;
    }

    public function recordEvent(string $idEvent, string $type, int $idOrder, int $now): void
    {
        $this->db->insert(self::EVENTS, [
            'id_event' => pSQL(mb_substr($idEvent, 0, 64)),
            'type' => pSQL(mb_substr($type, 0, 64)),
            'id_order' => $idOrder,
            'date_add' => ReportQueue::datetime($now),
        ]);
    }
}
