<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Contract;

use Monogram\Personalisation\Test\Fake\ApiServer;
use PHPUnit\Framework\TestCase;

/** The contract harness run as the backend's pytest runs it, against the fixture's tiny Monogram. */
class ReportOrderHarnessTest extends TestCase
{
    /** @return array{int, array<string, mixed>} */
    private function runHarness(string $apiUrl, string $secret = 'sk_test_contract', string $token = 'dt_ok'): array
    {
        $env = [
            'MONOGRAM_API_URL' => $apiUrl,
            'MONOGRAM_SECRET_KEY' => $secret,
            'MONOGRAM_PUBLISHABLE_KEY' => 'pk_test_contract',
            'MONOGRAM_DESIGN' => 'dsn_contract',
            'MONOGRAM_DESIGN_TOKEN' => $token,
            'MONOGRAM_ORDER_ID' => '5001',
            'PATH' => (string) getenv('PATH'),
        ];
        $process = proc_open(
            [PHP_BINARY, dirname(__DIR__, 2) . '/contract/report_order.php'],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes,
            null,
            $env
        );
        $stdout = stream_get_contents($pipes[1]);
        stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $exitCode = proc_close($process);
        $lines = array_values(array_filter(explode("\n", (string) $stdout)));
        $this->assertCount(1, $lines, (string) $stdout);
        return [$exitCode, json_decode($lines[0], true, 512, JSON_THROW_ON_ERROR)];
    }

    public function testTwoRunsReportOneOrderWithItsDesign(): void
    {
        $server = ApiServer::get();
        $server->reset();

        [$firstExit, $first] = $this->runHarness($server->url('/backend'));
        [$secondExit, $second] = $this->runHarness($server->url('/backend'));

        $this->assertSame([0, 0], [$firstExit, $secondExit]);
        $this->assertSame([true, false], [$first['done'], $first['got']['replayed']]);
        $this->assertSame([true, true], [$second['done'], $second['got']['replayed']]);
        $this->assertSame('magento-5001', $first['sent']['idempotency_key']);
        $lines = $first['sent']['payload']['lines'];
        $this->assertSame(['dsn_contract', 'dt_ok'], [$lines[0]['design'], $lines[0]['design_token']]);
        $this->assertArrayNotHasKey('design', $lines[1]);
        $this->assertSame('accepted', $first['got']['body']['lines'][0]['status']);
        $this->assertSame($first['got']['body'], $second['got']['body']);
        $this->assertCount(1, json_decode((string) file_get_contents($server->stateFile), true));
    }

    public function testABadKeyExitsNonZeroWithTheReason(): void
    {
        [$exitCode, $report] = $this->runHarness(ApiServer::get()->url('/backend'), 'sk_wrong');

        $this->assertSame(1, $exitCode);
        $this->assertSame('failed', $report['queue_status']);
        $this->assertSame(401, $report['got']['status']);
        $this->assertStringContainsString('Invalid API key.', $report['last_error']);
    }

    public function testAnUnreachableApiExitsNonZeroAndLeavesTheReportQueued(): void
    {
        [$exitCode, $report] = $this->runHarness('http://127.0.0.1:' . ApiServer::freePort());

        $this->assertSame(1, $exitCode);
        $this->assertSame('pending', $report['queue_status']);
        $this->assertSame(0, $report['got']['status']);
    }
}
