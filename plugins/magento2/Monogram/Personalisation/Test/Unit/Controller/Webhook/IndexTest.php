<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Controller\Webhook;

use Magento\Framework\App\Request\Http;
use Magento\Framework\Controller\Result\JsonFactory;
use Monogram\Personalisation\Controller\Webhook\Index;
use Monogram\Personalisation\Model\OrderNotes;
use Monogram\Personalisation\Model\Webhook\EventProcessor;
use Monogram\Personalisation\Model\Webhook\Signature;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

class IndexTest extends TestCase
{
    private Fixture $fixture;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
    }

    private function controller(Http $request, ?EventProcessor $processor = null): Index
    {
        $processor ??= new EventProcessor(
            $this->fixture->config,
            new Signature(new FixedClock(1_760_000_000)),
            $this->fixture->orders,
            new OrderNotes($this->fixture->orders),
            $this->fixture->orderShipment(),
            $this->fixture->logger
        );
        return new Index($request, new JsonFactory(), $processor, $this->fixture->logger);
    }

    public function testASignedDeliveryIsAnswered200(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $body = (string) json_encode(['id' => 'evt_7', 'type' => 'job.ready', 'data' => ['order' => ['platform_order_id' => '1042'], 'job' => ['id' => 'job_1']]]);
        $header = (new Signature(new FixedClock(1_760_000_000)))->sign($body, 'whsec_test');

        $result = $this->controller(new Http($body, ['monogram-signature' => $header]))->execute();

        $this->assertSame(200, $result->httpCode);
        $this->assertSame(['ok' => true, 'message' => 'recorded'], $result->data);
        $this->assertCount(1, Fixture::comments($order));
    }

    public function testAnUnsignedDeliveryIsAnswered401(): void
    {
        $result = $this->controller(new Http('{"id":"evt_1","type":"job.ready","data":{}}'))->execute();

        $this->assertSame(401, $result->httpCode);
        $this->assertFalse($result->data['ok']);
    }

    public function testAnUnexpectedErrorIsA500SoMonogramDeliversAgain(): void
    {
        $processor = new class () extends EventProcessor {
            public function __construct()
            {
            }

            public function handle(string $body, string $signatureHeader): \Monogram\Personalisation\Model\Webhook\Answer
            {
                throw new \RuntimeException('database gone');
            }
        };

        $result = $this->controller(new Http('{}'), $processor)->execute();

        $this->assertSame(500, $result->httpCode);
        $this->assertStringContainsString('database gone', $this->fixture->logger->messages('error')[0]);
    }

    public function testTheFormKeyCheckIsSkippedForThisServerToServerCall(): void
    {
        $controller = $this->controller(new Http());

        $this->assertTrue($controller->validateForCsrf(new Http()));
        $this->assertNull($controller->createCsrfValidationException(new Http()));
    }
}
