<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Test\Fake\ScriptedTransport;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

class OrderReporterTest extends TestCase
{
    private Fixture $fixture;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
    }

    public function testAnAcceptedReportIsMarkedDone(): void
    {
        $this->fixture->transport->then(ScriptedTransport::created('ord_1042'));

        $result = $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder());

        $this->assertTrue($result->isDone());
        $this->assertSame(ReportQueue::STATUS_DONE, $this->fixture->storage->rows[1042]['status']);
        $this->assertSame('ord_1042', $this->fixture->storage->rows[1042]['monogram_order_id']);
        $this->assertSame('magento-1042', $this->fixture->transport->requests[0]['headers']['Idempotency-Key']);
    }

    public function testAFailedAttemptStaysQueuedForTheCron(): void
    {
        $this->fixture->transport->then(Response::failed('Connection timed out after 5001 milliseconds', true));

        $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder());

        $row = $this->fixture->storage->rows[1042];
        $this->assertSame(ReportQueue::STATUS_PENDING, $row['status']);
        $this->assertSame(1, $row['attempts']);
        $this->assertSame($this->fixture->clock->now() + 300, $row['next_attempt_at']);
        $this->assertStringContainsString('will retry', $this->fixture->logger->messages('warning')[0]);
    }

    public function testOnceMonogramIsUnreachableLaterOrdersOfTheSameRequestOnlyQueue(): void
    {
        $this->fixture->transport->then(Response::failed('timed out', true));

        $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder(1));
        $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder(2));

        $this->assertCount(1, $this->fixture->transport->requests);
        $this->assertSame([0, 1], [$this->fixture->storage->rows[2]['attempts'], $this->fixture->storage->rows[1]['attempts']]);
    }

    public function testAnOrderAlreadyReportedIsNotSentAgain(): void
    {
        $this->fixture->transport->then(ScriptedTransport::created());
        $order = $this->fixture->personalisedOrder();

        $this->fixture->reporter->reportPlaced($order);
        $this->fixture->reporter->reportPlaced($order);

        $this->assertCount(1, $this->fixture->transport->requests);
    }

    public function testOrdersWithoutDesignAndDisabledStoresAreLeftAlone(): void
    {
        $this->fixture->reporter->reportPlaced($this->fixture->plainOrder(5));
        $this->fixture->scopeConfig->defaults[Config::XML_PATH_ENABLED] = '0';
        $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder(6));

        $this->assertSame([], $this->fixture->transport->requests);
        $this->assertSame([], $this->fixture->storage->rows);
    }

    public function testAFlaggedLineIsWrittenOnTheOrderForTheMerchant(): void
    {
        $this->fixture->transport->then(ScriptedTransport::created('ord_1', [
            ['platform_line_id' => '10421', 'design' => 'dsn_card', 'status' => 'flagged', 'flag_reason' => 'design token does not match'],
        ]));
        $order = $this->fixture->personalisedOrder(1042, 'dt_wrong');

        $this->fixture->reporter->reportPlaced($order);

        $this->assertSame(
            ['Monogram flagged the personalised line 10421 (design dsn_card) and will not produce it: design token does not match [monogram-flag-10421]'],
            Fixture::comments($order)
        );
    }

    public function testARefusedReportIsWrittenOnTheOrderWithWhatToDo(): void
    {
        $this->fixture->transport->then(new Response(401, '{"code":401,"status":"Unauthorized","message":"Invalid API key."}'));
        $order = $this->fixture->personalisedOrder();

        $this->fixture->reporter->reportPlaced($order);

        $this->assertSame(ReportQueue::STATUS_FAILED, $this->fixture->storage->rows[1042]['status']);
        $this->assertStringContainsString('Monogram did not receive this order (HTTP 401: Invalid API key.)', Fixture::comments($order)[0]);
        $this->assertStringContainsString('bin/magento monogram:reports:retry --failed', Fixture::comments($order)[0]);
    }

    public function testWhenTheQueueIsDownTheAttemptStillHappens(): void
    {
        $this->fixture->storage->broken = true;
        $this->fixture->transport->then(ScriptedTransport::created());

        $result = $this->fixture->reporter->reportPlaced($this->fixture->personalisedOrder());

        $this->assertTrue($result->isDone());
        $this->assertStringContainsString('could not queue the report', $this->fixture->logger->messages('error')[0]);
    }

    public function testACorruptQueuedPayloadFailsForGood(): void
    {
        $this->fixture->storage->insertIfAbsent(['order_id' => 9, 'store_id' => 1, 'payload' => '{', 'status' => 'pending', 'attempts' => 0, 'next_attempt_at' => 0]);

        $result = $this->fixture->reporter->retry($this->fixture->storage->rows[9]);

        $this->assertFalse($result->isDone());
        $this->assertSame(ReportQueue::STATUS_FAILED, $this->fixture->storage->rows[9]['status']);
        $this->assertSame([], $this->fixture->transport->requests);
    }
}
