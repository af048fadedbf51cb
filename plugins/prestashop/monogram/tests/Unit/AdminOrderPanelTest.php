<?php

declare(strict_types=1);

use Monogram\PrestaShop\AdminOrderPanel;
use Monogram\PrestaShop\ApiResult;
use Monogram\PrestaShop\DesignPreviews;
use Monogram\PrestaShop\ReportedOrders;
use Monogram\PrestaShop\ReportQueue;
use PHPUnit\Framework\TestCase;

final class AdminOrderPanelTest extends TestCase
{
    private const NOW = 1767000000;
    private const PNG = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR-fake-image-data";

    private ReportedOrders $reported;
    private ReportQueue $queue;
    private string $cacheDir;

    protected function setUp(): void
    {
        $db = Shop::reset();
        $this->reported = new ReportedOrders($db, 'ps_');
        $this->queue = new ReportQueue($db, 'ps_');
        $this->cacheDir = sys_get_temp_dir() . '/monogram-previews-' . bin2hex(random_bytes(4));
    }

    protected function tearDown(): void
    {
        array_map('unlink', glob($this->cacheDir . '/*') ?: []);
        @rmdir($this->cacheDir);
    }

    public function testAReportedOrderShowsEachDesignWithPreviewAndLiveJobStatus(): void
    {
        $this->reported->save(1042, ScriptedApi::created('ord_1', [
            ['id' => 'oln_1', 'platform_line_id' => '3', 'design' => Shop::DESIGN, 'design_version' => 2,
             'status' => 'accepted', 'flag_reason' => null, 'job' => 'job_1'],
            ['id' => 'oln_2', 'platform_line_id' => '4', 'design' => null, 'design_version' => null,
             'status' => 'plain', 'flag_reason' => null, 'job' => null],
        ]), self::NOW);
        $api = new ScriptedApi([
            ApiResult::fromResponse(200, '{"id": "job_1", "status": "rendering"}'),
            ApiResult::fromResponse(200, (string) json_encode(['id' => Shop::DESIGN, 'etag' => 'v2', 'document' => ['surfaces' => [['area' => 'front']]]])),
            ApiResult::fromResponse(200, self::PNG),
        ]);
        $panel = new AdminOrderPanel($this->reported, $this->queue, $api, new DesignPreviews($api, $this->cacheDir));

        $vars = $panel->forOrder(1042, [3 => 'Carte de visite', 4 => 'Boîte'], self::NOW);

        $this->assertSame('reported', $vars['state']);
        $this->assertSame('ord_1', $vars['monogram_order_id']);
        $this->assertCount(1, $vars['lines']);
        $line = $vars['lines'][0];
        $this->assertSame(['Carte de visite', Shop::DESIGN, 2, 'accepted', 'job_1', 'rendering'], [
            $line['product'], $line['design'], $line['design_version'], $line['status'], $line['job'], $line['job_status'],
        ]);
        $this->assertSame('data:image/png;base64,' . base64_encode(self::PNG), $line['preview']);
        $this->assertSame(['/v1/jobs/job_1', '/v1/designs/' . Shop::DESIGN, '/v1/designs/' . Shop::DESIGN . '/preview?area=front'], $api->gets);
        $this->assertSame('rendering', $this->reported->find(1042)['jobs']['job_1']['status']);
    }

    public function testWhenMonogramIsDownThePageStopsAskingAfterOneTry(): void
    {
        $this->reported->save(1042, ScriptedApi::created('ord_1', [
            ['platform_line_id' => '3', 'design' => Shop::DESIGN, 'status' => 'accepted', 'job' => 'job_1'],
            ['platform_line_id' => '5', 'design' => Shop::DESIGN, 'status' => 'accepted', 'job' => 'job_2'],
        ]), self::NOW);
        $api = new ScriptedApi([ApiResult::fromTransportError('timeout (curl 28)')]);
        $panel = new AdminOrderPanel($this->reported, $this->queue, $api, new DesignPreviews($api, $this->cacheDir));

        $vars = $panel->forOrder(1042, [], self::NOW);

        $this->assertCount(2, $vars['lines']);
        $this->assertNull($vars['lines'][1]['preview']);
        $this->assertSame(['/v1/jobs/job_1'], $api->gets);
    }

    public function testAShippedJobKeepsItsTrackingWithoutALiveLookUp(): void
    {
        $this->reported->save(1042, ScriptedApi::created('ord_1', [
            ['platform_line_id' => '3', 'design' => Shop::DESIGN, 'status' => 'accepted', 'job' => 'job_1'],
        ]), self::NOW);
        $this->reported->updateJob(1042, 'job_1', 'shipped', ['carrier' => 'DPD', 'number' => '123'], self::NOW);

        $vars = (new AdminOrderPanel($this->reported, $this->queue))->forOrder(1042, [], self::NOW);

        $this->assertSame('shipped', $vars['lines'][0]['job_status']);
        $this->assertSame(['carrier' => 'DPD', 'number' => '123'], $vars['lines'][0]['tracking']);
    }

    public function testAReportStillWaitingShowsItsAttemptsAndError(): void
    {
        $this->queue->recordFailure(1042, ['lines' => [
            ['platform_line_id' => '3', 'design' => Shop::DESIGN],
            ['platform_line_id' => '4'],
        ]], ScriptedApi::status(503), self::NOW);

        $vars = (new AdminOrderPanel($this->reported, $this->queue))->forOrder(1042, [3 => 'Carte de visite'], self::NOW);

        $this->assertSame(ReportQueue::PENDING, $vars['state']);
        $this->assertSame(1, $vars['report']['attempts']);
        $this->assertSame('HTTP 503: scripted', $vars['report']['last_error']);
        $this->assertSame([Shop::DESIGN], array_column($vars['lines'], 'design'));
    }

    public function testAnOrderMonogramNeverSawShowsNothing(): void
    {
        $this->assertSame('none', (new AdminOrderPanel($this->reported, $this->queue))->forOrder(77, [], self::NOW)['state']);
    }
}
