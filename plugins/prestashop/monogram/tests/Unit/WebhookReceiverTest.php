<?php

declare(strict_types=1);

use Monogram\PrestaShop\Logger;
use Monogram\PrestaShop\OrderNotes;
use Monogram\PrestaShop\OrderShipment;
use Monogram\PrestaShop\ReportedOrders;
use Monogram\PrestaShop\WebhookReceiver;
use Monogram\PrestaShop\WebhookSignature;
use PHPUnit\Framework\TestCase;

final class WebhookReceiverTest extends TestCase
{
    private const SECRET = 'whsec_0123456789abcdef0123';
    private const NOW = 1767000000;

    private ReportedOrders $orders;

    protected function setUp(): void
    {
        $db = Shop::reset();
        Shop::order(1042, 5, []);
        $this->orders = new ReportedOrders($db, 'ps_');
        $this->orders->save(1042, ScriptedApi::created('ord_1', [
            ['id' => 'oln_1', 'platform_line_id' => '3', 'design' => Shop::DESIGN, 'design_version' => 2,
             'status' => 'accepted', 'flag_reason' => null, 'job' => 'job_1'],
        ]), self::NOW - 3600);
    }

    public function testAShippedJobAddsAPrivateOrderMessageWithTracking(): void
    {
        [$status, $answer] = $this->deliver($this->event('evt_1', 'job.shipped'));

        $this->assertSame([200, ['status' => 'ok']], [$status, $answer]);
        $messages = CustomerMessage::all();
        $this->assertCount(1, $messages);
        $this->assertSame(
            'Monogram: personalised item shipped. Job: job_1. Tracking: Colissimo 6A12345678901 https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901',
            $messages[0]->message
        );
        $this->assertSame(1, $messages[0]->private);
        $thread = new CustomerThread($messages[0]->id_customer_thread);
        $this->assertSame(1042, $thread->id_order);

        $job = $this->orders->find(1042)['jobs']['job_1'];
        $this->assertSame('shipped', $job['status']);
        $this->assertSame('6A12345678901', $job['tracking']['number']);
    }

    public function testTheSameEventTwiceAddsOneMessage(): void
    {
        $body = $this->event('evt_1', 'job.shipped');
        $this->deliver($body);

        [$status, $answer] = $this->deliver($body);

        $this->assertSame([200, ['status' => 'duplicate']], [$status, $answer]);
        $this->assertCount(1, CustomerMessage::all());
    }

    public function testABadSignatureIsRefusedAndChangesNothing(): void
    {
        $body = $this->event('evt_1', 'job.shipped');
        $header = WebhookSignature::header($body, 'whsec_not_the_shops_secret', self::NOW);

        [$status] = $this->receiver()->handle($body, $header, self::NOW);

        $this->assertSame(401, $status);
        $this->assertSame([], CustomerMessage::all());
        $this->assertFalse($this->orders->hasEvent('evt_1'));
    }

    public function testAStaleDeliveryIsRefused(): void
    {
        $body = $this->event('evt_1', 'job.shipped');
        $header = WebhookSignature::header($body, self::SECRET, self::NOW - 600);

        [$status, $answer] = $this->receiver()->handle($body, $header, self::NOW);

        $this->assertSame([401, ['error' => 'stale signature']], [$status, $answer]);
        $this->assertSame([], CustomerMessage::all());
    }

    public function testWithoutASecretTheShopAsksMonogramToComeBackLater(): void
    {
        $body = $this->event('evt_1', 'job.shipped');
        $receiver = new WebhookReceiver('', $this->orders, new OrderNotes(), new OrderShipment(new Logger()), new Logger());

        [$status] = $receiver->handle($body, WebhookSignature::header($body, self::SECRET, self::NOW), self::NOW);

        $this->assertSame(503, $status);
    }

    public function testAnEventForAnOrderThisShopDoesNotHaveIsAcknowledgedAndIgnored(): void
    {
        $body = $this->event('evt_2', 'job.shipped', '999');

        [$status, $answer] = $this->deliver($body);

        $this->assertSame(200, $status);
        $this->assertSame('ignored', $answer['status']);
        $this->assertSame([], CustomerMessage::all());
    }

    public function testOrderFlaggedIsNotAMonogramEventAndIsIgnored(): void
    {
        $body = (string) json_encode([
            'id' => 'evt_3', 'type' => 'order.flagged', 'created' => self::NOW,
            'data' => ['order' => ['platform_order_id' => '1042']],
        ]);

        $this->assertSame([200, ['status' => 'ignored', 'reason' => 'event type not handled']], $this->deliver($body));
        $this->assertSame([], CustomerMessage::all());
    }

    public function testWhenMonogramMadeTheWholeOrderItsShipmentIsRecordedThePrestaShopWay(): void
    {
        $this->deliver($this->event('evt_1', 'job.shipped'));

        $carrier = new OrderCarrier((new Order(1042))->getIdOrderCarrier());
        $this->assertSame('6A12345678901', $carrier->tracking_number);
        $this->assertSame([['id_order' => 1042, 'tracking_number' => '6A12345678901']], OrderCarrier::$inTransitEmails);
        $this->assertSame(4, (new Order(1042))->current_state);
        $histories = OrderHistory::all();
        $this->assertCount(1, $histories);
        $this->assertSame([1042, 4, 0, true], [
            $histories[0]->id_order, $histories[0]->id_order_state, $histories[0]->id_employee, $histories[0]->emailed,
        ]);
    }

    public function testAMixedOrderGetsTheTrackingButKeepsItsStateForTheMerchantsOwnLines(): void
    {
        $this->reportLines([
            self::line('oln_1', '3', 'accepted', 'job_1'),
            self::line('oln_2', '4', 'plain', null),
        ]);

        $this->deliver($this->event('evt_1', 'job.shipped'));

        $this->assertSame('6A12345678901', (new OrderCarrier(1))->tracking_number);
        $this->assertSame(2, (new Order(1042))->current_state);
        $this->assertSame([], OrderHistory::all());
    }

    public function testNothingIsRecordedOnTheOrderUntilEveryPersonalisedLineHasShipped(): void
    {
        $this->reportLines([
            self::line('oln_1', '3', 'accepted', 'job_1'),
            self::line('oln_2', '4', 'accepted', 'job_2'),
        ]);

        $this->deliver($this->event('evt_1', 'job.shipped'));

        $this->assertSame('', (new OrderCarrier(1))->tracking_number);
        $this->assertSame([], OrderHistory::all());
        $this->assertCount(1, CustomerMessage::all());

        $this->deliver($this->event('evt_2', 'job.shipped', '1042', 'job_2', '6A99999999999'));

        $this->assertSame('6A12345678901, 6A99999999999', (new OrderCarrier(1))->tracking_number);
        $this->assertSame(4, (new Order(1042))->current_state);
        $this->assertCount(2, CustomerMessage::all());
    }

    public function testTheStatusChangeToShippedAfterJobShippedRecordsNothingTwice(): void
    {
        $this->deliver($this->event('evt_1', 'job.shipped'));

        [$status, $answer] = $this->deliver($this->event('evt_2', 'job.status_changed', '1042', 'job_1', '6A12345678901', 'shipped'));

        $this->assertSame([200, ['status' => 'ok']], [$status, $answer]);
        $this->assertCount(1, OrderCarrier::$inTransitEmails);
        $this->assertCount(1, OrderHistory::all());
        $this->assertCount(1, CustomerMessage::all());
    }

    public function testAShopSubscribedToStatusChangesOnlyStillRecordsTheShipment(): void
    {
        $this->deliver($this->event('evt_1', 'job.status_changed', '1042', 'job_1', '6A12345678901', 'shipped'));

        $this->assertSame('6A12345678901', (new OrderCarrier(1))->tracking_number);
        $this->assertSame(4, (new Order(1042))->current_state);
        $this->assertSame([], CustomerMessage::all());
    }

    public function testStatusChangesKeepTheJobStatusWithoutAMessageAndNeverGoBack(): void
    {
        $this->deliver($this->event('evt_1', 'job.status_changed', '1042', 'job_1', '', 'in_production'));
        $this->assertSame('in_production', $this->orders->find(1042)['jobs']['job_1']['status']);

        $this->deliver($this->event('evt_2', 'job.shipped'));
        // Delivered late, after the shipment: an earlier change does not undo it.
        $this->deliver($this->event('evt_3', 'job.status_changed', '1042', 'job_1', '', 'in_production'));

        $this->assertSame('shipped', $this->orders->find(1042)['jobs']['job_1']['status']);
        $this->assertCount(1, CustomerMessage::all());
    }

    /**
     * @dataProvider finalStates
     */
    public function testAnOrderAlreadyDeliveredOrCancelledKeepsItsState(string $state): void
    {
        $history = new OrderHistory();
        $history->id_order = 1042;
        $history->changeIdOrderState((int) Configuration::get($state), 1042);
        $history->add();

        $this->deliver($this->event('evt_1', 'job.shipped'));

        $this->assertSame((int) Configuration::get($state), (new Order(1042))->current_state);
        $this->assertCount(1, OrderHistory::all());
    }

    /**
     * @return array<string, array{0: string}>
     */
    public static function finalStates(): array
    {
        return ['delivered' => ['PS_OS_DELIVERED'], 'cancelled' => ['PS_OS_CANCELED']];
    }

    public function testWhenTheShippedStateCannotBeSavedMonogramDeliversAgainAndOneMessageIsAdded(): void
    {
        OrderHistory::$failNext = true;
        $body = $this->event('evt_1', 'job.shipped');

        [$status] = $this->deliver($body);
        $this->assertSame(500, $status);
        $this->assertSame([], CustomerMessage::all());

        [$retryStatus] = $this->deliver($body);

        $this->assertSame(200, $retryStatus);
        $this->assertSame(4, (new Order(1042))->current_state);
        $this->assertCount(1, CustomerMessage::all());
        $this->assertCount(1, OrderCarrier::$inTransitEmails);
    }

    public function testATrackingNumberPrestaShopWouldRefuseStaysInTheMessageOnly(): void
    {
        $this->deliver($this->event('evt_1', 'job.shipped', '1042', 'job_1', 'n° 6A<1>'));

        $this->assertSame('', (new OrderCarrier(1))->tracking_number);
        $this->assertSame(4, (new Order(1042))->current_state);
        $this->assertStringContainsString('Tracking: Colissimo n° 6A', CustomerMessage::all()[0]->message);
    }

    public function testWhenTheMessageCannotBeSavedTheEventIsNotMarkedSeen(): void
    {
        CustomerMessage::$failNext = true;
        $body = $this->event('evt_1', 'job.shipped');

        [$status] = $this->deliver($body);
        [$retryStatus] = $this->deliver($body);

        $this->assertSame([500, 200], [$status, $retryStatus]);
        $this->assertCount(1, CustomerMessage::all());
    }

    public function testALostDatabaseAnswers500SoMonogramDeliversAgain(): void
    {
        Db::getInstance()->broken = true;

        [$status] = $this->deliver($this->event('evt_1', 'job.shipped'));

        $this->assertSame(500, $status);
        $this->assertSame([], CustomerMessage::all());
    }

    public function testMessagesUseTheTranslatedPhrases(): void
    {
        $receiver = new WebhookReceiver(self::SECRET, $this->orders, new OrderNotes(), new OrderShipment(new Logger()), new Logger(), [
            'ready' => 'Monogram : fichiers de production prêts.',
            'job' => 'Travail :',
        ]);
        $body = $this->event('evt_4', 'job.ready');

        $receiver->handle($body, WebhookSignature::header($body, self::SECRET, self::NOW), self::NOW);

        $this->assertSame('Monogram : fichiers de production prêts. Travail : job_1.', CustomerMessage::all()[0]->message);
    }

    /**
     * @return array{0: int, 1: array<string, string>}
     */
    private function deliver(string $body): array
    {
        return $this->receiver()->handle($body, WebhookSignature::header($body, self::SECRET, self::NOW), self::NOW);
    }

    private function receiver(): WebhookReceiver
    {
        return new WebhookReceiver(self::SECRET, $this->orders, new OrderNotes(), new OrderShipment(new Logger()), new Logger());
    }

    /**
     * A Monogram event as production.job_event shapes it (the backend's contract).
     */
    private function event(
        string $id,
        string $type,
        string $platformOrderId = '1042',
        string $jobId = 'job_1',
        string $number = '6A12345678901',
        ?string $status = null,
    ): string {
        $status ??= ['job.shipped' => 'shipped', 'job.ready' => 'ready'][$type] ?? 'in_production';
        $tracking = $number === '' ? null : [
            'carrier' => 'Colissimo',
            'number' => $number,
            'url' => 'https://www.laposte.fr/outils/suivre-vos-envois?code=' . rawurlencode($number),
        ];

        return (string) json_encode([
            'id' => $id,
            'type' => $type,
            'created' => self::NOW,
            'data' => [
                'job' => [
                    'id' => $jobId, 'status' => $status, 'design' => Shop::DESIGN, 'version' => 2,
                    'order_ref' => $platformOrderId, 'line_ref' => '3', 'quantity' => 250, 'reason' => null,
                    'workshop' => 'wks_1', 'due_at' => '2026-12-01T00:00:00+00:00', 'tracking' => $tracking,
                ] + ($type === 'job.status_changed' ? ['previous_status' => 'ready'] : []),
                'order' => ['id' => 'ord_1', 'store' => 'sto_1', 'platform_order_id' => $platformOrderId, 'name' => '#1042'],
                'line' => ['id' => 'oln_1', 'platform_line_id' => '3'],
            ],
        ]);
    }

    /**
     * @param list<array<string, mixed>> $lines
     */
    private function reportLines(array $lines): void
    {
        $this->orders->save(1042, ScriptedApi::created('ord_1', $lines), self::NOW - 3600);
    }

    /**
     * @return array<string, mixed> a line of Monogram's answer to POST /v1/orders
     */
    private static function line(string $id, string $platformLineId, string $status, ?string $job): array
    {
        return [
            'id' => $id, 'platform_line_id' => $platformLineId, 'design' => $status === 'plain' ? null : Shop::DESIGN,
            'design_version' => $status === 'plain' ? null : 2, 'status' => $status, 'flag_reason' => null, 'job' => $job,
        ];
    }
}
