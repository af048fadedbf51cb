<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model\Webhook;

use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\OrderNotes;
use Monogram\Personalisation\Model\Webhook\EventProcessor;
use Monogram\Personalisation\Model\Webhook\Signature;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Fake\RecordingShipOrder;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

class EventProcessorTest extends TestCase
{
    private Fixture $fixture;
    private Signature $signature;
    private RecordingShipOrder $shipOrder;
    private EventProcessor $processor;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
        $this->signature = new Signature(new FixedClock(1_760_000_000));
        $this->shipOrder = $this->fixture->shipOrder;
        $this->processor = new EventProcessor(
            $this->fixture->config,
            $this->signature,
            $this->fixture->orders,
            new OrderNotes($this->fixture->orders),
            $this->fixture->orderShipment(),
            $this->fixture->logger
        );
    }

    /** @param array<string, mixed> $data */
    private static function event(string $type, array $data, string $id = 'evt_1'): string
    {
        return (string) json_encode(['id' => $id, 'type' => $type, 'created' => 1_760_000_000, 'data' => $data]);
    }

    /** A job.shipped event (or the job.status_changed to shipped) as production.job_event shapes it. */
    private static function shipped(
        string $jobId,
        string $itemId,
        string $number,
        string $id = 'evt_1',
        string $type = 'job.shipped'
    ): string {
        return self::event($type, [
            'job' => [
                'id' => $jobId, 'status' => 'shipped', 'design' => 'dsn_card', 'version' => 1, 'order_ref' => '1042',
                'line_ref' => $itemId, 'quantity' => 250, 'reason' => null, 'workshop' => null, 'due_at' => null,
                'tracking' => ['carrier' => 'Colissimo', 'number' => $number, 'url' => 'https://www.laposte.fr/outils/suivre-vos-envois?code=' . $number],
            ] + ($type === 'job.status_changed' ? ['previous_status' => 'in_production'] : []),
            'order' => ['id' => 'ord_1', 'store' => 'sto_1', 'platform_order_id' => '1042', 'name' => '#000001042'],
            'line' => ['id' => 'oln_1', 'platform_line_id' => $itemId],
        ], $id);
    }

    /** Order 1042 again, with 250 personalised cards and 100 personalised notebooks. */
    private function twoPersonalisedItems(): \Magento\Sales\Model\Order
    {
        $shop = $this->fixture->shop;
        $order = $shop->placeOrder(1042, [
            $shop->addToCart(12, 'Carte de visite', ['qty' => 250, 'monogram_design' => 'dsn_card', 'monogram_token' => 'dt_card']),
            $shop->addToCart(14, 'Carnet A5', ['qty' => 100, 'monogram_design' => 'dsn_book', 'monogram_token' => 'dt_book']),
        ], ['email' => 'jeanne@example.fr']);
        $this->fixture->orders->orders[1042] = $order;
        return $order;
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

    public function testOrderFlaggedIsNotAMonogramEventAndIsIgnored(): void
    {
        $order = $this->fixture->personalisedOrder(1042);

        $this->assertSame(
            [200, 'ignored event type order.flagged'],
            $this->deliver(self::event('order.flagged', ['order' => ['platform_order_id' => '1042'], 'reason' => 'design token does not match']))
        );
        $this->assertSame([], Fixture::comments($order));
    }

    public function testWhenItsOnlyPersonalisedItemShipsTheOrderGetsAShipmentWithTheTrack(): void
    {
        $order = $this->fixture->personalisedOrder(1042);

        $this->assertSame([200, 'recorded'], $this->deliver(self::shipped('job_9', '10421', '6A123')));

        $this->assertSame([[
            'order' => 1042,
            'items' => [10421 => 250.0],
            'notify' => true,
            'tracks' => [['carrier_code' => 'custom', 'title' => 'Colissimo', 'track_number' => '6A123']],
        ]], $this->shipOrder->shipments);
        $this->assertSame(
            ['Monogram: the personalised item (job_9) has shipped. Tracking: Colissimo 6A123 https://www.laposte.fr/outils/suivre-vos-envois?code=6A123 Magento shipment created for the personalised items. [evt_1]'],
            Fixture::comments($order)
        );
        // The envelopes are the merchant's to ship.
        $this->assertSame(250.0, $order->getItems()[2]->getQtyToShip());
    }

    public function testWhileAnotherPersonalisedItemIsInProductionOnlyACommentIsWritten(): void
    {
        $order = $this->twoPersonalisedItems();

        $this->deliver(self::shipped('job_9', '10421', '6A123'));

        $this->assertSame([], $this->shipOrder->shipments);
        $this->assertSame(
            ['Monogram: the personalised item (job_9) has shipped. Tracking: Colissimo 6A123 https://www.laposte.fr/outils/suivre-vos-envois?code=6A123 [evt_1]'],
            Fixture::comments($order)
        );

        $this->deliver(self::shipped('job_10', '10423', '6A456', 'evt_2'));

        $this->assertCount(1, $this->shipOrder->shipments);
        $this->assertSame([10421 => 250.0, 10423 => 100.0], $this->shipOrder->shipments[0]['items']);
        $this->assertSame(['6A123', '6A456'], array_column($this->shipOrder->shipments[0]['tracks'], 'track_number'));
        $this->assertCount(2, Fixture::comments($order));
    }

    public function testARedeliveredShipmentCreatesNoSecondShipment(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $body = self::shipped('job_9', '10421', '6A123');

        $this->deliver($body);
        $this->assertSame([200, 'already recorded'], $this->deliver($body));
        $this->assertSame([200, 'recorded'], $this->deliver(self::shipped('job_9', '10421', '6A123', 'evt_2', 'job.status_changed')));

        $this->assertCount(1, $this->shipOrder->shipments);
        $this->assertCount(1, Fixture::comments($order));
    }

    public function testAShopSubscribedToStatusChangesOnlyStillShipsWithoutAComment(): void
    {
        $order = $this->fixture->personalisedOrder(1042);

        $this->assertSame([200, 'recorded'], $this->deliver(self::shipped('job_9', '10421', '6A123', 'evt_1', 'job.status_changed')));
        $this->assertSame(
            [200, 'ignored status in_production'],
            $this->deliver(self::event('job.status_changed', ['order' => ['platform_order_id' => '1042'], 'job' => ['id' => 'job_9', 'status' => 'in_production']], 'evt_2'))
        );

        $this->assertCount(1, $this->shipOrder->shipments);
        $this->assertSame([], Fixture::comments($order));
    }

    public function testItemsTheMerchantAlreadyShippedAreNotShippedAgain(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $order->getItems()[0]->setData('qty_shipped', 250);

        $this->assertSame([200, 'recorded'], $this->deliver(self::shipped('job_9', '10421', '6A123')));

        $this->assertSame([], $this->shipOrder->shipments);
        $this->assertCount(1, Fixture::comments($order));
    }

    public function testWhenMagentoRefusesTheShipmentNothingIsMarkedSoTheRedeliveryShips(): void
    {
        $order = $this->fixture->personalisedOrder(1042);
        $this->shipOrder->failNext = true;
        $body = self::shipped('job_9', '10421', '6A123');

        try {
            $this->deliver($body);
            $this->fail('the refusal must reach the controller, which answers 500');
        } catch (\Magento\Framework\Exception\LocalizedException) {
        }
        $this->assertSame([], Fixture::comments($order));

        $this->assertSame([200, 'recorded'], $this->deliver($body));
        $this->assertCount(1, $this->shipOrder->shipments);
        $this->assertCount(1, Fixture::comments($order));
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
