<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Observer;

use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Observer\ReportOrder;
use Monogram\Personalisation\Test\Fake\ScriptedTransport;
use Monogram\Personalisation\Test\Unit\Fixture;
use PHPUnit\Framework\TestCase;

class ReportOrderTest extends TestCase
{
    private Fixture $fixture;

    protected function setUp(): void
    {
        $this->fixture = new Fixture();
    }

    /** @param array<string, mixed> $data */
    private function dispatch(array $data): void
    {
        $observer = new ReportOrder($this->fixture->reporter, $this->fixture->logger);
        $observer->execute(new Observer(['event' => new Event(['name' => 'checkout_submit_all_after'] + $data)]));
    }

    public function testTheOrderOfAOnePageCheckoutIsReported(): void
    {
        $this->fixture->transport->then(ScriptedTransport::created());

        $this->dispatch(['order' => $this->fixture->personalisedOrder(1042)]);

        $payload = $this->fixture->transport->lastPayload();
        $this->assertSame('1042', $payload['platform_order_id']);
        $this->assertSame('dsn_card', $payload['lines'][0]['design']);
        $this->assertSame(ReportQueue::STATUS_DONE, $this->fixture->storage->rows[1042]['status']);
    }

    public function testEveryOrderOfAMultishippingCheckoutIsReported(): void
    {
        $this->fixture->transport->then(ScriptedTransport::created('ord_a'), ScriptedTransport::created('ord_b'));

        $this->dispatch(['orders' => [$this->fixture->personalisedOrder(2001), $this->fixture->plainOrder(2002), $this->fixture->personalisedOrder(2003)]]);

        $sent = array_map(static fn (array $request): string => json_decode($request['body'], true)['platform_order_id'], $this->fixture->transport->requests);
        $this->assertSame(['2001', '2003'], $sent);
        $this->assertSame([2001, 2003], array_keys($this->fixture->storage->rows));
    }

    public function testAnOrderPassedAsBothOrderAndOrdersIsReportedOnce(): void
    {
        $this->fixture->transport->then(ScriptedTransport::created());
        $order = $this->fixture->personalisedOrder(3001);

        $this->dispatch(['order' => $order, 'orders' => [$order]]);

        $this->assertCount(1, $this->fixture->transport->requests);
    }

    public function testAnUnreachableMonogramNeverReachesCheckoutAndTheOrderWaitsInTheQueue(): void
    {
        $this->fixture->transport->then(new \RuntimeException('Could not resolve host'));

        $this->dispatch(['order' => $this->fixture->personalisedOrder(1042)]);

        $row = $this->fixture->storage->rows[1042];
        $this->assertSame(ReportQueue::STATUS_PENDING, $row['status']);
        $this->assertSame('Could not resolve host', $row['last_error']);
    }

    public function testA500IsSwallowedAndQueued(): void
    {
        $this->fixture->transport->then(new Response(500, '{"code":500,"status":"Internal Server Error","message":"boom"}'));

        $this->dispatch(['order' => $this->fixture->personalisedOrder(1042)]);

        $this->assertSame(ReportQueue::STATUS_PENDING, $this->fixture->storage->rows[1042]['status']);
    }

    public function testEvenABrokenDatabaseAndABrokenOrderDoNotThrow(): void
    {
        $this->fixture->storage->broken = true;
        $this->fixture->transport->then(Response::failed('timed out', true));
        $broken = new class ($this->fixture->personalisedOrder(9)) extends \Magento\Sales\Model\Order {
            public function __construct(\Magento\Sales\Model\Order $order)
            {
                parent::__construct($order->getData());
            }

            public function getItems()
            {
                throw new \LogicException('items could not be loaded');
            }
        };

        $this->dispatch(['order' => $broken, 'orders' => ['not an order', null, $this->fixture->personalisedOrder(10)]]);

        $errors = $this->fixture->logger->messages('error');
        $this->assertStringContainsString('items could not be loaded', $errors[0]);
        $this->assertStringContainsString('could not queue the report', $errors[1]);
    }

    public function testAnEventWithoutOrdersDoesNothing(): void
    {
        $this->dispatch([]);

        $this->assertSame([], $this->fixture->transport->requests);
        $this->assertSame([], $this->fixture->logger->records);
    }
}
