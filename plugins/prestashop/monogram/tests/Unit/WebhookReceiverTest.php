<?php

declare(strict_types=1);

use Monogram\PrestaShop\Logger;
use Monogram\PrestaShop\OrderNotes;
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
        $receiver = new WebhookReceiver('', $this->orders, new OrderNotes(), new Logger());

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

    public function testAFlaggedOrderTellsTheMerchantWhy(): void
    {
        $body = (string) json_encode([
            'id' => 'evt_3', 'type' => 'order.flagged', 'created' => self::NOW,
            'data' => ['order' => ['platform_order_id' => '1042', 'lines' => [
                ['platform_line_id' => '3', 'status' => 'flagged', 'flag_reason' => 'design token does not match'],
            ]]],
        ]);

        $this->deliver($body);

        $this->assertSame(
            'Monogram flagged this order: flagged items will not be produced. line 3: design token does not match',
            CustomerMessage::all()[0]->message
        );
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
        $receiver = new WebhookReceiver(self::SECRET, $this->orders, new OrderNotes(), new Logger(), [
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
        return new WebhookReceiver(self::SECRET, $this->orders, new OrderNotes(), new Logger());
    }

    private function event(string $id, string $type, string $platformOrderId = '1042'): string
    {
        return (string) json_encode([
            'id' => $id,
            'type' => $type,
            'created' => self::NOW,
            'data' => [
                'order' => ['platform_order_id' => $platformOrderId],
                'job' => [
                    'id' => 'job_1',
                    'status' => 'ready',
                    'tracking' => [
                        'carrier' => 'Colissimo',
                        'number' => '6A12345678901',
                        'url' => 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901',
                    ],
                ],
            ],
        ]);
    }
}
