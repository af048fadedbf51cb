<?php

declare(strict_types=1);

use Monogram\PrestaShop\ApiResult;
use Monogram\PrestaShop\Config;
use Monogram\PrestaShop\CustomizationStore;
use Monogram\PrestaShop\Design;
use Monogram\PrestaShop\Logger;
use Monogram\PrestaShop\OrderPayload;
use Monogram\PrestaShop\OrderReporter;
use Monogram\PrestaShop\ReportedOrders;
use Monogram\PrestaShop\ReportOutcome;
use Monogram\PrestaShop\ReportQueue;
use PHPUnit\Framework\TestCase;

final class ReportQueueTest extends TestCase
{
    private const NOW = 1767000000;

    private Db $db;
    private ReportQueue $queue;
    private ReportedOrders $reported;
    private Order $order;

    protected function setUp(): void
    {
        $this->db = Shop::reset();
        Shop::product(12);
        $this->queue = new ReportQueue($this->db, 'ps_');
        $this->reported = new ReportedOrders($this->db, 'ps_');

        $store = new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_');
        $id = $store->save(5, 12, Design::fromStrings(Shop::DESIGN, Shop::TOKEN), Shop::LABELS);
        Shop::addToCart(5, 12, 45, 250, $id);
        $this->order = Shop::order(1042, 5, [
            Shop::detail(3, 12, 45, 250, 'Carte de visite', $id),
            Shop::detail(4, 30, 0, 2, 'Boîte de rangement'),
        ]);
    }

    public function testAServerErrorKeepsTheReportForARetryAMinuteLater(): void
    {
        $api = new ScriptedApi([ScriptedApi::status(503)]);

        $outcome = $this->reporter($api)->report($this->order, new Customer(7), new Currency(1), null, self::NOW);

        $this->assertSame(ReportQueue::PENDING, $outcome->state);
        $row = $this->queue->find(1042);
        $this->assertSame(ReportQueue::PENDING, $row['status']);
        $this->assertSame('1', $row['attempts']);
        $this->assertSame('503', $row['last_http_status']);
        $this->assertSame('HTTP 503: scripted', $row['last_error']);
        $this->assertSame(ReportQueue::datetime(self::NOW + 60), $row['next_attempt_at']);
        $this->assertSame($api->orders[0]['payload'], $row['payload']);
        $this->assertSame('prestashop-1042', $api->orders[0]['key']);
        $this->assertNull($this->reported->find(1042));
    }

    public function testATimeoutIsRetriedToo(): void
    {
        $api = new ScriptedApi([ApiResult::fromTransportError('timeout (curl 28): Operation timed out')]);

        $outcome = $this->reporter($api)->report($this->order, null, null, null, self::NOW);

        $this->assertSame(ReportQueue::PENDING, $outcome->state);
        $this->assertSame([], $this->queue->due(self::NOW + 59));
        $this->assertCount(1, $this->queue->due(self::NOW + 60));
    }

    public function testARefusalIsKeptForTheMerchantAndNeverRetriedAlone(): void
    {
        $api = new ScriptedApi([ScriptedApi::status(422)]);

        $outcome = $this->reporter($api)->report($this->order, null, null, null, self::NOW);

        $this->assertSame(ReportQueue::FAILED, $outcome->state);
        $this->assertSame([], $this->queue->due(self::NOW + 86400 * 30));
        $this->assertSame([1042], array_map('intval', array_column($this->queue->visible(), 'id_order')));
    }

    public function testADueRetryThatSucceedsLeavesTheQueueAndRecordsTheAnswer(): void
    {
        $api = new ScriptedApi([ScriptedApi::status(502), ScriptedApi::created('ord_9', [
            ['id' => 'oln_1', 'platform_line_id' => '3', 'design' => Shop::DESIGN, 'design_version' => 1,
             'status' => 'accepted', 'flag_reason' => null, 'job' => 'job_7'],
        ])]);
        $reporter = $this->reporter($api);
        $reporter->report($this->order, null, null, null, self::NOW);

        $early = $this->queue->retryDue($reporter, self::NOW + 30);
        $summary = $this->queue->retryDue($reporter, self::NOW + 60);

        $this->assertSame(0, array_sum($early));
        $this->assertSame(['sent' => 1, 'pending' => 0, 'failed' => 0, 'given_up' => 0, 'errors' => 0], $summary);
        $this->assertCount(2, $api->orders);
        $this->assertSame($api->orders[0]['payload'], $api->orders[1]['payload']);
        $this->assertSame($api->orders[0]['key'], $api->orders[1]['key']);
        $this->assertNull($this->queue->find(1042));
        $record = $this->reported->find(1042);
        $this->assertSame('ord_9', $record['monogram_order_id']);
        $this->assertSame('job_7', $record['lines'][0]['job']);
    }

    public function testRetriesBackOffAndGiveUpAfterTheLastAttemptStayingVisible(): void
    {
        $api = new ScriptedApi([ScriptedApi::status(500)]);
        $reporter = $this->reporter($api);
        $reporter->report($this->order, null, null, null, self::NOW);

        $now = self::NOW;
        $delays = [];
        for ($attempt = 2; $attempt <= Config::MAX_ATTEMPTS; ++$attempt) {
            $next = strtotime($this->queue->find(1042)['next_attempt_at']);
            $delays[] = $next - $now;
            $now = $next;
            $this->queue->retryDue($reporter, $now);
        }

        $this->assertSame([60, 300, 900, 3600, 10800, 21600, 43200, 43200, 43200], $delays);
        $row = $this->queue->find(1042);
        $this->assertSame(ReportQueue::GIVEN_UP, $row['status']);
        $this->assertSame((string) Config::MAX_ATTEMPTS, $row['attempts']);
        $this->assertCount(Config::MAX_ATTEMPTS, $api->orders);
        $this->assertSame([], $this->queue->due($now + 86400 * 365));
        $this->assertCount(1, $this->queue->visible());
    }

    public function testTheMerchantsRetryStartsAFreshSeries(): void
    {
        $api = new ScriptedApi([ScriptedApi::status(401), ScriptedApi::status(503)]);
        $reporter = $this->reporter($api);
        $reporter->report($this->order, null, null, null, self::NOW);

        $this->assertTrue($this->queue->requeue(1042, self::NOW + 100));
        $this->queue->retryDue($reporter, self::NOW + 100);

        $row = $this->queue->find(1042);
        $this->assertSame([ReportQueue::PENDING, '1'], [$row['status'], $row['attempts']]);
        $this->assertFalse($this->queue->requeue(9999, self::NOW));
    }

    public function testAnOrderWithoutDesignIsNotSentAtAll(): void
    {
        $plain = Shop::order(1050, 8, [Shop::detail(20, 30, 0, 1, 'Boîte de rangement')]);
        $api = new ScriptedApi([ScriptedApi::created()]);

        $outcome = $this->reporter($api)->report($plain, new Customer(7), null, null, self::NOW);

        $this->assertSame(ReportOutcome::SKIPPED, $outcome->state);
        $this->assertSame([], $api->orders);
        $this->assertNull($this->queue->find(1050));
    }

    public function testNothingIsThrownIntoTheCheckoutWhenTheApiClientThrows(): void
    {
        $api = new ScriptedApi([new RuntimeException('curl exploded')]);

        $outcome = $this->reporter($api)->report($this->order, null, null, null, self::NOW);

        $this->assertSame(ReportQueue::PENDING, $outcome->state);
        $this->assertSame('curl exploded', $this->queue->find(1042)['last_error']);
    }

    public function testNothingIsThrownIntoTheCheckoutWhenTheDatabaseIsGone(): void
    {
        $api = new ScriptedApi([ScriptedApi::status(503)]);
        $reporter = $this->reporter($api);
        $this->db->broken = true;

        $outcome = $reporter->report($this->order, null, null, null, self::NOW);

        $this->assertSame(ReportOutcome::ERROR, $outcome->state);
        $this->assertSame(3, PrestaShopLogger::$logs[0]['severity']);
        $this->assertStringContainsString('stub database is down', PrestaShopLogger::$logs[0]['message']);
    }

    private function reporter(ScriptedApi $api): OrderReporter
    {
        return new OrderReporter(
            new OrderPayload(new CustomizationStore($this->db, Shop::ID_MODULE, 'ps_')),
            $api,
            $this->queue,
            $this->reported,
            new Logger()
        );
    }
}
