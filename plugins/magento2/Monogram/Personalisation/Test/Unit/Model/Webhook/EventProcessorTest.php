<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model\Webhook;

use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\OrderNotes;
use Monogram\Personalisation\Model\Webhook\EventProcessor;
use Monogram\Personalisation\Model\Webhook\Signature;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

class EventProcessorTest extends TestCase
{
    private Fixture $fixture;
    private Signature $signature;
    private EventProcessor $processor;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
        $this->signature = new Signature(new FixedClock(1_760_000_000));
        $this->processor = new EventProcessor(
            $this->fixture->config,
            $this->signature,
            $this->fixture->orders,
            new OrderNotes($this->fixture->orders),
            $this->fixture->logger
        );
    }

    /** @param array<string, mixed> $data */
    private static function event(string $type, array $data, string $id = 'evt_1'): string
    {
        return (string) json_encode(['id' => $id, 'type' => $type, 'created' => 1_760_000_000, 'data' => $data]);
    }

    private function deliver(string $body, string $secret = 'whsec_test'): array
    {
        $answer = $this->processor->handle($body, $this->signature->sign($body, $secret));
        return [$answer->status, $answer->message];
    }

    public function testAShippedJobPutsTheTrackingOnTheOrderForTheCustomerToo(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $body = self::event('job.shipped', [
            'order' => ['platform_order_id' => '1042'],
            'job' => ['id' => 'job_9', 'tracking' => ['carrier' => 'Colissimo', 'number' => '6A123', 'url' => 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A123']],
        ]);

        $this->assertSame([200, 'recorded'], $this->deliver($body));
        $this->assertSame(
            ['Monogram: the personalised item (job_9) has shipped. Tracking: Colissimo 6A123 https://www.laposte.fr/outils/suivre-vos-envois?code=6A123 [evt_1]'],
            Fixture::comments($order)
        );
        $this->assertTrue($order->getStatusHistories()[0]->getIsVisibleOnFront());
        $this->assertSame(1, $this->fixture->orders->saves);
    }

    public function testARedeliveredEventIsRecordedOnce(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $body = self::event('job.ready', ['order' => ['platform_order_id' => '1042'], 'job' => ['id' => 'job_9']]);

        $this->deliver($body);
        $this->assertSame([200, 'already recorded'], $this->deliver($body));
        $this->assertCount(1, Fixture::comments($order));
        $this->assertFalse($order->getStatusHistories()[0]->getIsVisibleOnFront());
    }

    public function testAFlaggedOrderIsExplained(): void
    {
        $order = $this->fixture->personalisedOrder(1042);

        $this->deliver(self::event('order.flagged', ['order' => ['platform_order_id' => '1042'], 'reason' => 'design token does not match']));

        $this->assertSame(['Monogram flagged this order and will not produce it as is: design token does not match [evt_1]'], Fixture::comments($order));
    }

    public function testABadSignatureIs401AndChangesNothing(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $body = self::event('job.ready', ['order' => ['platform_order_id' => '1042']]);

        $this->assertSame(401, $this->deliver($body, 'whsec_forged')[0]);
        $this->assertSame(401, $this->processor->handle($body, '')->status);
        $this->assertSame([], Fixture::comments($order));
    }

    public function testAnUnknownOrderIs404(): void
    {
        $this->assertSame(404, $this->deliver(self::event('job.ready', ['order' => ['platform_order_id' => '999']]))[0]);
        $this->assertSame(404, $this->deliver(self::event('job.ready', ['order' => ['platform_order_id' => 'abc']]))[0]);
    }

    public function testAnOrderOfAStoreViewWithAnotherSecretIsNotTouched(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $order->setData('store_id', 2);
        $this->fixture->scopeConfig->stores[2] = [Config::XML_PATH_WEBHOOK_SECRET => (new ReversibleEncryptor())->encrypt('whsec_store2')];

        $this->assertSame(404, $this->deliver(self::event('job.ready', ['order' => ['platform_order_id' => '1042']]))[0]);
        $this->assertSame([], Fixture::comments($order));
    }

    public function testUnknownTypesAreAcknowledgedAndIgnored(): void
    {
        $order = $this->fixture->personalisedOrder(1042);

        $this->assertSame([200, 'ignored event type proof.approved'], $this->deliver(self::event('proof.approved', ['order' => ['platform_order_id' => '1042']])));
        $this->assertSame([], Fixture::comments($order));
    }

    public function testASignedBodyThatIsNotAnEventIs400(): void
    {
        $this->assertSame(400, $this->deliver('[1,2,3]')[0]);
        $this->assertSame(400, $this->deliver('not json')[0]);
    }
}
