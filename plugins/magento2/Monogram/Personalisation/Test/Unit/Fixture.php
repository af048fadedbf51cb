<?php

/**
 * Wires the module's reporting services over test doubles, as Magento's DI would in production.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit;

use Magento\Sales\Api\Data\ShipmentItemCreationInterfaceFactory;
use Magento\Sales\Api\Data\ShipmentTrackCreationInterfaceFactory;
use Magento\Sales\Model\Order;
use Monogram\Personalisation\Model\ApiClient;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\OrderNotes;
use Monogram\Personalisation\Model\OrderPayloadBuilder;
use Monogram\Personalisation\Model\OrderReporter;
use Monogram\Personalisation\Model\OrderShipment;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Fake\InMemoryOrderRepository;
use Monogram\Personalisation\Test\Fake\InMemoryReportStorage;
use Monogram\Personalisation\Test\Fake\RecordingLogger;
use Monogram\Personalisation\Test\Fake\RecordingShipOrder;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\Test\Fake\ScriptedTransport;
use Monogram\Personalisation\Test\Fake\Shop;

final class Fixture
{
    public readonly Shop $shop;
    public readonly ArrayScopeConfig $scopeConfig;
    public readonly Config $config;
    public readonly InMemoryReportStorage $storage;
    public readonly FixedClock $clock;
    public readonly ReportQueue $queue;
    public readonly ScriptedTransport $transport;
    public readonly InMemoryOrderRepository $orders;
    public readonly RecordingShipOrder $shipOrder;
    public readonly RecordingLogger $logger;
    public readonly OrderReporter $reporter;

    public function __construct()
    {
        $this->shop = new Shop();
        $this->logger = $this->shop->logger;
        $encryptor = new ReversibleEncryptor();
        $this->scopeConfig = new ArrayScopeConfig([
            Config::XML_PATH_ENABLED => '1',
            Config::XML_PATH_API_URL => 'https://api.monogram.example',
            Config::XML_PATH_PUBLISHABLE_KEY => 'pk_test_1',
            Config::XML_PATH_SECRET_KEY => $encryptor->encrypt('sk_test_1'),
            Config::XML_PATH_WEBHOOK_SECRET => $encryptor->encrypt('whsec_test'),
        ]);
        $this->config = new Config($this->scopeConfig, $encryptor);
        $this->storage = new InMemoryReportStorage();
        $this->clock = new FixedClock();
        $this->queue = new ReportQueue($this->storage, $this->clock, 10, 300, 21600);
        $this->transport = new ScriptedTransport();
        $this->orders = new InMemoryOrderRepository();
        $this->shipOrder = new RecordingShipOrder($this->orders);
        $this->reporter = new OrderReporter(
            $this->config,
            new OrderPayloadBuilder($this->shop->designOption),
            $this->queue,
            new ApiClient($this->config, $this->transport),
            new OrderNotes($this->orders),
            $this->clock,
            $this->logger
        );
    }

    /** Shipments as Magento's DI builds them, over the in-memory orders. */
    public function orderShipment(): OrderShipment
    {
        return new OrderShipment(
            $this->shipOrder,
            new ShipmentItemCreationInterfaceFactory(),
            new ShipmentTrackCreationInterfaceFactory(),
            $this->orders,
            $this->shop->designOption
        );
    }

    /** A placed order with one personalised card line and one plain envelope line, known to the repository. */
    public function personalisedOrder(int $orderId = 1042, string $token = 'dt_card'): Order
    {
        $order = $this->shop->placeOrder($orderId, [
            $this->shop->addToCart(12, 'Carte de visite', ['qty' => 250, 'monogram_design' => 'dsn_card', 'monogram_token' => $token], 45),
            $this->shop->addToCart(31, 'Enveloppe kraft C6', ['qty' => 250]),
        ], ['id' => 7, 'email' => 'jeanne@example.fr', 'company' => 'Imprimerie Dupont']);
        $this->orders->orders[$orderId] = $order;
        return $order;
    }

    public function plainOrder(int $orderId): Order
    {
        $order = $this->shop->placeOrder($orderId, [$this->shop->addToCart(31, 'Enveloppe kraft C6', ['qty' => 10])], ['email' => 'a@example.fr']);
        $this->orders->orders[$orderId] = $order;
        return $order;
    }

    /** @return list<string> */
    public static function comments(Order $order): array
    {
        return array_map(static fn ($history): string => (string) $history->getComment(), $order->getStatusHistories());
    }
}
