<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model\Http;

use Monogram\Personalisation\Model\Http\NativeCurlTransport;
use Monogram\Personalisation\Test\Fake\ApiServer;
use PHPUnit\Framework\TestCase;

class NativeCurlTransportTest extends TestCase
{
    public function testPostsTheBodyAndHeadersAndReadsTheAnswer(): void
    {
        $body = json_encode(['platform_order_id' => '1', 'padding' => str_repeat('x', 4096)]);

        $response = (new NativeCurlTransport())->post(ApiServer::get()->url('/status/201/v1/orders'), ['X-Test' => 'yes'], $body, 2, 5);

        $this->assertNull($response->error);
        $this->assertSame(201, $response->status);
        $this->assertSame('application/json', $response->header('content-type'));
        $echo = json_decode($response->body, true)['received'];
        $this->assertSame('yes', $echo['headers']['X-Test']);
        $this->assertSame('1', $echo['body']['platform_order_id']);
    }

    public function testGetsWithTheHeadersAndNoBody(): void
    {
        $url = ApiServer::get()->url('/v1/quotes/quo_1/cart?token=quo_1-ab');

        $response = (new NativeCurlTransport())->get($url, ['Authorization' => 'Bearer sk_test_1'], 2, 5);

        $this->assertSame(200, $response->status);
        $echo = json_decode($response->body, true)['received'];
        $this->assertSame(['GET', 'token=quo_1-ab', '', 'Bearer sk_test_1'], [$echo['method'], $echo['query'], $echo['body'], $echo['headers']['Authorization']]);
    }

    public function testAnUnreachableHostIsAnErrorNotAnException(): void
    {
        $response = (new NativeCurlTransport())->post('http://127.0.0.1:' . ApiServer::freePort() . '/v1/orders', [], '{}', 1, 2);

        $this->assertSame(0, $response->status);
        $this->assertNotNull($response->error);
        $this->assertFalse($response->timedOut);
    }
}
