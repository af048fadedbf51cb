<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model\Http;

use Magento\Framework\HTTP\Client\CurlFactory;
use Monogram\Personalisation\Model\Http\MagentoCurlTransport;
use Monogram\Personalisation\Test\Fake\ApiServer;
use PHPUnit\Framework\TestCase;

class MagentoCurlTransportTest extends TestCase
{
    public function testALargeBodyGetsTheRealStatusNotAnInterim100(): void
    {
        $body = json_encode(['padding' => str_repeat('x', 8192)]);

        $response = (new MagentoCurlTransport(new CurlFactory()))->post(
            ApiServer::get()->url('/status/422/v1/orders'),
            ['Authorization' => 'Bearer sk_1', 'Content-Type' => 'application/json'],
            $body,
            2,
            5
        );

        $this->assertSame(422, $response->status);
        $echo = json_decode($response->body, true)['received'];
        $this->assertSame('Bearer sk_1', $echo['headers']['Authorization']);
        $this->assertArrayNotHasKey('Expect', $echo['headers']);
    }

    public function testAGetSendsTheHeadersAndNoBody(): void
    {
        $url = ApiServer::get()->url('/v1/quotes/quo_1/cart?token=quo_1-ab');

        $response = (new MagentoCurlTransport(new CurlFactory()))->get($url, ['Authorization' => 'Bearer sk_test_1'], 2, 5);

        $this->assertSame(200, $response->status);
        $echo = json_decode($response->body, true)['received'];
        $this->assertSame(['GET', 'token=quo_1-ab', '', 'Bearer sk_test_1'], [$echo['method'], $echo['query'], $echo['body'], $echo['headers']['Authorization']]);
    }

    public function testTheClientsExceptionBecomesATimedOutResponse(): void
    {
        $response = (new MagentoCurlTransport(new CurlFactory()))->post(ApiServer::get()->url('/slow/2/v1/orders'), [], '{}', 1, 1);

        $this->assertSame(0, $response->status);
        $this->assertTrue($response->timedOut);
    }
}
