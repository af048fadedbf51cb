<?php

/**
 * Cron job monogram_retry_reports: resends due order reports, and stops early while Monogram is down.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Cron;

use Monogram\Personalisation\Model\OrderReporter;
use Monogram\Personalisation\Model\ReportQueue;
use Psr\Log\LoggerInterface;

class RetryReports
{
    public const BATCH = 50;
    /** Consecutive unreachable answers after which the rest of the batch waits for the next run. */
    public const UNREACHABLE_STREAK = 3;

    public function __construct(
        private readonly ReportQueue $queue,
        private readonly OrderReporter $reporter,
        private readonly LoggerInterface $logger
    ) {
    }

    public function execute(): void
    {
        $this->run();
    }

    /** @return array{attempted: int, done: int, waiting: int} */
    public function run(int $limit = self::BATCH): array
    {
        $counts = ['attempted' => 0, 'done' => 0, 'waiting' => 0];
        try {
            $rows = $this->queue->due($limit);
        } catch (\Throwable $exception) {
            $this->logger->error('Monogram: could not read the report queue: ' . $exception->getMessage());
            return $counts;
        }
        $streak = 0;
        foreach ($rows as $index => $row) {
            $counts['attempted']++;
            try {
                $result = $this->reporter->retry($row);
            } catch (\Throwable $exception) {
                $this->logger->error(sprintf(
                    'Monogram: retry of order %s failed: %s',
                    $row['order_id'] ?? '?',
                    $exception->getMessage()
                ));
                continue;
            }
            if ($result->isDone()) {
                $counts['done']++;
            }
            $streak = ($result->httpStatus === 0 || $result->httpStatus >= 500) ? $streak + 1 : 0;
            if ($streak >= self::UNREACHABLE_STREAK) {
                $counts['waiting'] = count($rows) - $index - 1;
                $this->logger->warning(
                    sprintf('Monogram: unreachable, %d queued reports wait for the next run.', $counts['waiting'])
                );
                break;
            }
        }
        return $counts;
    }
}
