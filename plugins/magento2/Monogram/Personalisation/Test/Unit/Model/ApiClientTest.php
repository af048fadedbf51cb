<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Monogram\Personalisation\Model\ApiClient;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\Http\NativeCurlTransport;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\ReportOutcome;
use Monogram\Personalisation\Test\Fake\ApiServer;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\Test\Fake\ScriptedTransport;
use PHPUnit\Framework\TestCase;

/** Error classification against PHP's built-in server answering as Monogram (or a broken network) would. */
class ApiClientTest extends TestCase
{
    private const PAYLOAD = ['platform_order_id' => '1042', 'name' => '#000001042', 'lines' => [['platform_line_id' => '1', 'quantity' => 1]]];

    private function client(string $apiUrl, int $timeout = 5, string $secret = 'sk_test_1'): ApiClient
    {
        $config = new Config(new ArrayScopeConfig([
            Config::XML_PATH_API_URL => $apiUrl,
            Config::XML_PATH_SECRET_KEY => (new ReversibleEncryptor())->encrypt($secret),
        ]), new ReversibleEncryptor());
        return new ApiClient($config, new NativeCurlTransport(), 2, $timeout);
    }

    public function testA201IsDoneAndTheRequestFollowsTheContract(): void
    {
        $result = $this->client(ApiServer::get()->url('/status/201'))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame(ReportOutcome::Done, $result->outcome);
        $this->assertSame(201, $result->httpStatus);
        $this->assertSame('ord_fixture', $result->monogramOrderId());
        $received = $result->body['received'];
        $this->assertSame('Bearer sk_test_1', $received['headers']['Authorization']);
        $this->assertSame('application/json', $received['headers']['Content-Type']);
        $this->assertSame('magento-1042', $received['headers']['Idempotency-Key']);
        $this->assertArrayNotHasKey('Expect', $received['headers']);
        $this->assertSame(self::PAYLOAD, $received['body']);
    }

    public function testAnyOther2xxIsDoneToo(): void
    {
        $this->assertSame(ReportOutcome::Done, $this->client(ApiServer::get()->url('/status/200'))->reportOrder(self::PAYLOAD, 1)->outcome);
    }

    /** @dataProvider permanentStatuses */
    public function testA4xxIsAPermanentFailureWithMonogramsMessage(int $status): void
    {
        $result = $this->client(ApiServer::get()->url('/status/' . $status))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame(ReportOutcome::Permanent, $result->outcome);
        $this->assertSame($status, $result->httpStatus);
        $this->assertStringContainsString('fixture answer ' . $status, (string) $result->error);
    }

    /** @return array<string, array{int}> */
    public static function permanentStatuses(): array
    {
        return ['bad request' => [400], 'bad key' => [401], 'forbidden' => [403], 'not found' => [404], 'conflict' => [409], 'invalid' => [422]];
    }

    public function testA422ListsTheInvalidFields(): void
    {
        $result = $this->client(ApiServer::get()->url('/status/422'))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame('HTTP 422: fixture answer 422 (lines.0.quantity: Must be greater than or equal to 1.)', $result->summary());
    }

    /** @dataProvider retryableStatuses */
    public function testTimeoutsThrottlingAndServerErrorsAreRetryable(int $status): void
    {
        $result = $this->client(ApiServer::get()->url('/status/' . $status))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame(ReportOutcome::Retry, $result->outcome);
        $this->assertSame($status, $result->httpStatus);
    }

    /** @return array<string, array{int}> */
    public static function retryableStatuses(): array
    {
        return ['request timeout' => [408], 'too many requests' => [429], 'server error' => [500], 'bad gateway' => [502], 'unavailable' => [503]];
    }

    public function testRetryAfterIsKept(): void
    {
        $result = $this->client(ApiServer::get()->url('/retry-after/429/120'))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame(ReportOutcome::Retry, $result->outcome);
        $this->assertSame(120, $result->retryAfter);
    }

    public function testASlowMonogramIsCutOffAtTheTimeoutAndRetried(): void
    {
        $started = microtime(true);
        $result = $this->client(ApiServer::get()->url('/slow/2'), 1)->reportOrder(self::PAYLOAD, 1);

        $this->assertLessThan(1.9, microtime(true) - $started);
        $this->assertSame(ReportOutcome::Retry, $result->outcome);
        $this->assertSame(0, $result->httpStatus);
        $this->assertStringStartsWith('timed out', (string) $result->error);
    }

    public function testNobodyListeningIsRetryable(): void
    {
        $result = $this->client('http://127.0.0.1:' . ApiServer::freePort())->reportOrder(self::PAYLOAD, 1);

        $this->assertSame(ReportOutcome::Retry, $result->outcome);
        $this->assertStringStartsWith('unreachable', (string) $result->error);
    }

    public function testMissingSettingsAreRetryableAndSendNothing(): void
    {
        $transport = new ScriptedTransport();
        $config = new Config(new ArrayScopeConfig([Config::XML_PATH_API_URL => 'https://api.monogram.example']), new ReversibleEncryptor());

        $result = (new ApiClient($config, $transport))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame(ReportOutcome::Retry, $result->outcome);
        $this->assertSame([], $transport->requests);
    }

    public function testATransportThatThrowsIsRetryable(): void
    {
        $config = new Config(new ArrayScopeConfig([Config::XML_PATH_API_URL => 'https://x', Config::XML_PATH_SECRET_KEY => 'sk_1']), new ReversibleEncryptor());

        $result = (new ApiClient($config, new ScriptedTransport(new \RuntimeException('boom'))))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame(ReportOutcome::Retry, $result->outcome);
        $this->assertSame('boom', $result->error);
    }

    public function testCheckoutTimeoutsAreTwoAndFiveSecondsByDefault(): void
    {
        $transport = new ScriptedTransport(ScriptedTransport::created());
        $config = new Config(new ArrayScopeConfig([Config::XML_PATH_API_URL => 'https://x', Config::XML_PATH_SECRET_KEY => 'sk_1']), new ReversibleEncryptor());

        (new ApiClient($config, $transport))->reportOrder(self::PAYLOAD, 1);

        $this->assertSame([2, 5], [$transport->requests[0]['connectTimeout'], $transport->requests[0]['timeout']]);
        $this->assertSame('https://x/v1/orders', $transport->requests[0]['url']);
    }

    public function testAReplayIsRecognised(): void
    {
        $result = ApiClient::classify(new Response(201, '{"id":"ord_1"}', ['Idempotent-Replayed' => 'true']));

        $this->assertTrue($result->isDone());
        $this->assertTrue($result->replayed);
    }

    public function testARedirectIsRetryableNotDone(): void
    {
        $this->assertSame(ReportOutcome::Retry, ApiClient::classify(new Response(302, ''))->outcome);
    }
}
