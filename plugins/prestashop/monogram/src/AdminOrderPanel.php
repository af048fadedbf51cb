<?php
/**
 * What the back-office order page shows about Monogram: report state, designs, previews, jobs.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class AdminOrderPanel
{
    /** Job statuses only webhooks bring; a live look-up must not take them back. */
    private const LATER_THAN_RENDERING = ['shipped'];

    private bool $reachable = true;

    public function __construct(
        private readonly ReportedOrders $reported,
        private readonly ReportQueue $queue,
        private readonly ?MonogramApi $client = null,
        private readonly ?DesignPreviews $previews = null,
    ) {
    }

    /**
     * @param array<int, string> $productNames product name per id_order_detail
     *
     * @return array<string, mixed> template variables; state "none" when Monogram has no part in it
     */
    public function forOrder(int $idOrder, array $productNames, int $now): array
    {
        $pending = $this->queue->find($idOrder);
        $record = $this->reported->find($idOrder);
        $vars = [
            'state' => 'none',
            'monogram_order_id' => '',
            'report' => null,
            'lines' => [],
        ];

        if ($pending !== null) {
            $vars['state'] = (string) $pending['status'];
            $vars['report'] = [
                'attempts' => (int) $pending['attempts'],
                'last_http_status' => (int) $pending['last_http_status'],
                'last_error' => (string) $pending['last_error'],
                'next_attempt_at' => (string) $pending['next_attempt_at'],
            ];
            foreach ($pending['payload']['lines'] ?? [] as $line) {
                if (isset($line['design'])) {
                    $vars['lines'][] = $this->line($line, $productNames, [], null);
                }
            }
        }
        if ($record !== null) {
            $vars['state'] = 'reported';
            $vars['monogram_order_id'] = $record['monogram_order_id'];
            $vars['lines'] = [];
            foreach ($record['lines'] as $line) {
                if (!empty($line['design'])) {
                    $vars['lines'][] = $this->line($line, $productNames, $record['jobs'], $idOrder, $now);
                }
            }
        }

        return $vars;
    }

    /**
     * @param array<string, mixed>                $line
     * @param array<int, string>                  $productNames
     * @param array<string, array<string, mixed>> $jobs
     *
     * @return array<string, mixed>
     */
    private function line(array $line, array $productNames, array $jobs, ?int $idOrder, int $now = 0): array
    {
        $jobId = is_string($line['job'] ?? null) ? $line['job'] : '';
        $known = $jobId !== '' ? ($jobs[$jobId] ?? []) : [];
        $jobStatus = (string) ($known['status'] ?? '');
        if ($jobId !== '' && $idOrder !== null && !in_array($jobStatus, self::LATER_THAN_RENDERING, true)) {
            $live = $this->liveJobStatus($jobId);
            if ($live !== null && $live !== $jobStatus) {
                $jobStatus = $live;
                $this->reported->updateJob($idOrder, $jobId, $live, null, $now);
            }
        }
        $lineId = (int) ($line['platform_line_id'] ?? 0);
        $design = (string) ($line['design'] ?? '');

        return [
            'product' => $productNames[$lineId] ?? '#' . $lineId,
            'design' => $design,
            'design_version' => isset($line['design_version']) ? (int) $line['design_version'] : null,
            'status' => (string) ($line['status'] ?? ''),
            'flag_reason' => (string) ($line['flag_reason'] ?? ''),
            'job' => $jobId,
            'job_status' => $jobStatus,
            'tracking' => is_array($known['tracking'] ?? null) ? $known['tracking'] : [],
            'preview' => $this->preview($design),
        ];
    }

    private function liveJobStatus(string $jobId): ?string
    {
        if ($this->client === null || !$this->reachable) {
            return null;
        }
        $result = $this->client->get('/v1/jobs/' . rawurlencode($jobId));
        if (!$result->isDone()) {
            // One failure is enough to know: the page must not wait on every line.
            $this->reachable = $result->isPermanent();

            return null;
        }
        $status = $result->body['status'] ?? null;

        return is_string($status) ? $status : null;
    }

    private function preview(string $design): ?string
    {
        if ($this->previews === null || !$this->reachable || $design === '') {
            return null;
        }
        try {
            return $this->previews->dataUri($design);
        } catch (\Throwable) {
            return null;
        }
    }
}
