<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Cron;

use Monogram\Personalisation\Cron\RetryReports;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Test\Fake\ScriptedTransport;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

class RetryReportsTest extends TestCase
{
    private Fixture $fixture;
    private RetryReports $cron;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
        $this->cron = new RetryReports($this->fixture->queue, $this->fixture->reporter, $this->fixture->logger);
    }

    /** Orders placed a minute apart whose checkout attempt failed: queued, one attempt made, due 5 minutes later. */
    private function failedAtCheckout(int ...$orderIds): void
    {
        foreach ($orderIds as $orderId) {
            $this->fixture->transport->then(new Response(503, '{"message":"maintenance"}'));
            $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder($orderId));
            $this->fixture->clock->advance(61);
        }
    }

    public function testNothingIsSentBeforeTheBackoffDelay(): void
    {
        $this->failedAtCheckout(1);
        $this->fixture->clock->advance(299 - 61);

        $this->cron->execute();

        $this->assertCount(1, $this->fixture->transport->requests);
    }

    public function testADueReportIsResentAndDone(): void
    {
        $this->failedAtCheckout(1);
        $this->fixture->clock->advance(300);
        $this->fixture->transport->then(ScriptedTransport::created('ord_1', [], ['Idempotent-Replayed' => 'true']));

        $this->cron->execute();

        $this->assertSame(ReportQueue::STATUS_DONE, $this->fixture->storage->rows[1]['status']);
        $this->assertSame(2, $this->fixture->storage->rows[1]['attempts']);
        $this->assertSame('magento-1', $this->fixture->transport->requests[1]['headers']['Idempotency-Key']);
    }

    public function testEachFailureWaitsTwiceAsLongThenTheQueueGivesUp(): void
    {
        $this->fixture->transport->then(new Response(503, '{"message":"maintenance"}'));
        $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder(1));
        $waits = [];
        for ($run = 0; $run < 20 && $this->fixture->storage->rows[1]['status'] === ReportQueue::STATUS_PENDING; $run++) {
            $waits[] = $this->fixture->storage->rows[1]['next_attempt_at'] - $this->fixture->clock->now();
            $this->fixture->clock->time = $this->fixture->storage->rows[1]['next_attempt_at'];
            $this->fixture->transport->then(new Response(500, '{"message":"boom"}'));
            $this->cron->execute();
        }

        $this->assertSame([300, 600, 1200, 2400, 4800, 9600, 19200, 21600, 21600], $waits);
        $this->assertSame(ReportQueue::STATUS_FAILED, $this->fixture->storage->rows[1]['status']);
        $this->assertSame(10, $this->fixture->storage->rows[1]['attempts']);
        $this->assertStringStartsWith('gave up after 10 attempts', $this->fixture->storage->rows[1]['last_error']);
        $this->assertStringContainsString('Monogram did not receive this order', Fixture::comments($this->fixture->orders->get(1))[0]);
    }

    public function testARunStopsAfterThreeUnreachableAnswersAndLeavesTheRestUntouched(): void
    {
        $this->failedAtCheckout(1, 2, 3, 4, 5);
        $this->fixture->clock->advance(300);
        $this->fixture->transport->then(Response::failed('timed out', true), Response::failed('timed out', true), Response::failed('timed out', true));

        $this->cron->execute();

        $this->assertCount(5 + 3, $this->fixture->transport->requests);
        $this->assertSame([2, 2, 2, 1, 1], array_column($this->fixture->storage->rows, 'attempts'));
        $this->assertStringContainsString('2 queued reports wait for the next run', array_slice($this->fixture->logger->messages('warning'), -1)[0]);
    }

    public function testAnUnreadableQueueIsLoggedNotThrown(): void
    {
        $this->fixture->storage->broken = true;

        $counts = $this->cron->run();

        $this->assertSame(['attempted' => 0, 'done' => 0, 'waiting' => 0], $counts);
        $this->assertStringContainsString('could not read the report queue', $this->fixture->logger->messages('error')[0]);
    }
}
