<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Monogram\Personalisation\Model\ReportOutcome;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Model\ReportResult;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Fake\InMemoryReportStorage;
use PHPUnit\Framework\TestCase;

class ReportQueueTest extends TestCase
{
    private InMemoryReportStorage $storage;
    private FixedClock $clock;
    private ReportQueue $queue;

    protected function setUp(): void
    {
        $this->storage = new InMemoryReportStorage();
        $this->clock = new FixedClock();
        $this->queue = new ReportQueue($this->storage, $this->clock, 10, 300, 21600);
    }

    public function testAnOrderIsQueuedOnceAndNotDueBeforeTheFirstDelay(): void
    {
        $first = $this->queue->enqueue(42, 1, '000000042', ['platform_order_id' => '42']);
        $again = $this->queue->enqueue(42, 1, '000000042', ['platform_order_id' => 'changed']);

        $this->assertSame(ReportQueue::STATUS_PENDING, $first['status']);
        $this->assertSame('{"platform_order_id":"42"}', $again['payload']);
        $this->assertCount(1, $this->storage->rows);
        $this->assertSame([], $this->queue->due());
        $this->clock->advance(300);
        $this->assertCount(1, $this->queue->due());
    }

    public function testTheDelayDoublesFromFiveMinutesUpToSixHours(): void
    {
        $delays = array_map(fn (int $attempt): int => $this->queue->delayAfter($attempt), range(1, 9));

        $this->assertSame([300, 600, 1200, 2400, 4800, 9600, 19200, 21600, 21600], $delays);
    }

    public function testALongerRetryAfterWinsButNeverBeyondTheCap(): void
    {
        $this->assertSame(3600, $this->queue->delayAfter(1, 3600));
        $this->assertSame(600, $this->queue->delayAfter(2, 30));
        $this->assertSame(21600, $this->queue->delayAfter(1, 999999));
    }

    public function testARetryableFailureIsRescheduledWithBackoff(): void
    {
        $this->queue->enqueue(42, 1, '42', ['platform_order_id' => '42']);

        $status = $this->queue->recordAttempt(42, new ReportResult(ReportOutcome::Retry, 503, null, 'Service Unavailable'));
        $this->queue->recordAttempt(42, new ReportResult(ReportOutcome::Retry, 0, null, 'timed out'));

        $row = $this->storage->rows[42];
        $this->assertSame(ReportQueue::STATUS_PENDING, $status);
        $this->assertSame(2, $row['attempts']);
        $this->assertSame($this->clock->now() + 600, $row['next_attempt_at']);
        $this->assertSame('timed out', $row['last_error']);
        $this->assertSame(0, $row['last_http_status']);
    }

    public function testTheQueueGivesUpAfterTheLastAttempt(): void
    {
        $this->queue->enqueue(42, 1, '42', ['platform_order_id' => '42']);
        $statuses = [];
        for ($attempt = 1; $attempt <= 10; $attempt++) {
            $statuses[] = $this->queue->recordAttempt(42, new ReportResult(ReportOutcome::Retry, 500, null, 'Internal Server Error'));
        }

        $this->assertSame(array_merge(array_fill(0, 9, 'pending'), ['failed']), $statuses);
        $this->assertSame('gave up after 10 attempts: HTTP 500: Internal Server Error', $this->storage->rows[42]['last_error']);
        $this->clock->advance(86400 * 7);
        $this->assertSame([], $this->queue->due());
    }

    public function testAPermanentFailureStopsAtOnceAndKeepsTheReason(): void
    {
        $this->queue->enqueue(42, 1, '42', ['platform_order_id' => '42']);

        $status = $this->queue->recordAttempt(42, new ReportResult(ReportOutcome::Permanent, 401, null, 'Invalid API key.'));

        $this->assertSame(ReportQueue::STATUS_FAILED, $status);
        $this->assertSame('HTTP 401: Invalid API key.', $this->storage->rows[42]['last_error']);
    }

    public function testSuccessKeepsMonogramsOrderId(): void
    {
        $this->queue->enqueue(42, 1, '42', ['platform_order_id' => '42']);

        $this->queue->recordAttempt(42, new ReportResult(ReportOutcome::Done, 201, ['id' => 'ord_9']));

        $this->assertSame(ReportQueue::STATUS_DONE, $this->storage->rows[42]['status']);
        $this->assertSame('ord_9', $this->storage->rows[42]['monogram_order_id']);
    }

    public function testFailedReportsCanBePutBack(): void
    {
        $this->queue->enqueue(42, 1, '42', ['platform_order_id' => '42']);
        $this->queue->recordAttempt(42, new ReportResult(ReportOutcome::Permanent, 401, null, 'bad key'));

        $this->assertSame(1, $this->queue->requeueFailed());
        $this->assertCount(1, $this->queue->due());
        $this->assertSame(0, $this->storage->rows[42]['attempts']);
    }
}
