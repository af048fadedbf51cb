<?php

declare(strict_types=1);

use Monogram\PrestaShop\ApiClient;
use Monogram\PrestaShop\ApiResult;
use PHPUnit\Framework\TestCase;

/**
 * Real HTTP over curl to PHP's built-in server (tests/fixtures/api_router.php).
 */
final class ApiClientTest extends TestCase
{
    private static ApiServer $server;

    public static function setUpBeforeClass(): void
    {
        self::$server = ApiServer::start();
    }

    public static function tearDownAfterClass(): void
    {
        self::$server->stop();
    }

    public function testACreatedOrderIsDoneAndTheRequestFollowsTheContract(): void
    {
        $payload = ['platform_order_id' => '1042', 'lines' => [['platform_line_id' => '3', 'title' => 'Carte de visite « luxe »']]];

        $result = $this->client()->postOrder($payload, 'prestashop-1042');

        $this->assertSame([ApiResult::DONE, 201], [$result->outcome, $result->status]);
        $this->assertFalse($result->isReplay());
        $this->assertSame('ord_fixture', $result->body['id']);
        $request = $result->body['request'];
        $this->assertSame(['POST', '/v1/orders'], [$request['method'], $request['path']]);
        $this->assertSame('Bearer sk_test_secret0123456789', $request['headers']['authorization']);
        $this->assertSame('prestashop-1042', $request['headers']['idempotency-key']);
        $this->assertSame('application/json', $request['headers']['content-type']);
        $this->assertSame($payload, json_decode($request['body'], true));
    }

    public function testARepeatAnsweredAsAReplayIsDone(): void
    {
        $result = $this->client('/replay')->postOrder(['platform_order_id' => '1042'], 'prestashop-1042');

        $this->assertTrue($result->isDone());
        $this->assertTrue($result->isReplay());
    }

    /**
     * @dataProvider answers
     */
    public function testEachAnswerIsClassified(int $status, string $outcome): void
    {
        $result = $this->client('/status/' . $status)->postOrder(['platform_order_id' => '1042'], 'prestashop-1042');

        $this->assertSame([$outcome, $status], [$result->outcome, $result->status]);
        $this->assertStringStartsWith('HTTP ' . $status, $result->error);
    }

    /**
     * @return array<string, array{int, string}>
     */
    public static function answers(): array
    {
        return [
            'bad key' => [401, ApiResult::PERMANENT],
            'forbidden' => [403, ApiResult::PERMANENT],
            'not found' => [404, ApiResult::PERMANENT],
            'invalid order' => [422, ApiResult::PERMANENT],
            'request timeout' => [408, ApiResult::RETRYABLE],
            'rate limited' => [429, ApiResult::RETRYABLE],
            'server error' => [500, ApiResult::RETRYABLE],
            'bad gateway' => [502, ApiResult::RETRYABLE],
            'unavailable' => [503, ApiResult::RETRYABLE],
            'redirect' => [302, ApiResult::PERMANENT],
        ];
    }

    public function testFieldErrorsReachTheMerchantsMessage(): void
    {
        $result = $this->client('/status/422')->postOrder(['platform_order_id' => '1042'], 'prestashop-1042');

        $this->assertSame('HTTP 422: fixture answer 422 (lines/0/quantity Must be at least 1.)', $result->error);
    }

    public function testARedirectPointsAtTheApiUrl(): void
    {
        $result = $this->client('/status/302')->postOrder(['platform_order_id' => '1042'], 'prestashop-1042');

        $this->assertSame('HTTP 302: redirected to https://elsewhere.example/v1/orders; check the API URL', $result->error);
    }

    public function testASlowAnswerTimesOutAndIsRetryable(): void
    {
        $client = new ApiClient(self::$server->url . '/slow/3000', 'sk_test_secret0123456789', 1000, 300);

        $result = $client->postOrder(['platform_order_id' => '1042'], 'prestashop-1042');

        // The server holds its 201 for 3 s: a timeout error shows the client gave up first.
        $this->assertSame([ApiResult::RETRYABLE, 0], [$result->outcome, $result->status]);
        $this->assertStringStartsWith('timeout (curl 28)', $result->error);
    }

    public function testNoServerListeningIsRetryable(): void
    {
        $client = new ApiClient('http://127.0.0.1:' . ApiServer::closedPort(), 'sk_test_secret0123456789');

        $result = $client->postOrder(['platform_order_id' => '1042'], 'prestashop-1042');

        $this->assertSame([ApiResult::RETRYABLE, 0], [$result->outcome, $result->status]);
        $this->assertStringStartsWith('network error (curl 7)', $result->error);
    }

    public function testWithoutSettingsNothingIsSentAndItIsRetryable(): void
    {
        $result = (new ApiClient('', ''))->postOrder(['platform_order_id' => '1042'], 'prestashop-1042');

        $this->assertTrue($result->isRetryable());
        $this->assertStringContainsString('not configured', $result->error);
    }

    public function testGetSendsTheKeyWithoutABody(): void
    {
        $result = $this->client()->get('/v1/jobs/job_1');

        $this->assertSame('GET', $result->body['request']['method']);
        $this->assertSame('/v1/jobs/job_1', $result->body['request']['path']);
        $this->assertSame('', $result->body['request']['body']);
        $this->assertArrayNotHasKey('content-type', $result->body['request']['headers']);
    }

    public function testTheCheckoutTimeoutsAreTwoAndFiveSeconds(): void
    {
        $this->assertSame([2000, 5000], [ApiClient::CONNECT_TIMEOUT_MS, ApiClient::TIMEOUT_MS]);
    }

    public function testAPriceQuoteCarriesTheSignedInCustomersReference(): void
    {
        $result = $this->client()->quotePrice(['design' => 'dsn_1', 'quantity' => 100, 'variant' => '45'], 'mcr1.42.1900000000.abc');

        $this->assertSame([ApiResult::DONE, 200, 1234], [$result->outcome, $result->status, $result->body['unit_price']]);
        $request = $result->body['request'];
        $this->assertSame(['design' => 'dsn_1', 'quantity' => 100, 'variant' => '45'], $request['body']);
        $this->assertSame('mcr1.42.1900000000.abc', $request['headers']['monogram-customer']);
        $this->assertSame('Bearer sk_test_secret0123456789', $request['headers']['authorization']);

        $guest = $this->client()->quotePrice(['design' => 'dsn_1', 'quantity' => 1], '');
        $this->assertArrayNotHasKey('monogram-customer', $guest->body['request']['headers']);
    }

    private function client(string $prefix = ''): ApiClient
    {
        return new ApiClient(self::$server->url . $prefix, 'sk_test_secret0123456789');
    }
}
