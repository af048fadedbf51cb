<?php

/**
 * Contract harness, the way back: places and reports a one-item personalised order (as
 * report_order.php does), then listens on loopback for Monogram's signed webhooks and runs each
 * through the module's real webhook controller until job.shipped is handled. Prints two JSON lines:
 *
 *   {"job": "job_…", "webhook_url": "http://127.0.0.1:…/monogram/webhook"}
 *       then reads the endpoint's signing secret on stdin (one line);
 *   {"deliveries": […], "shipments": […], "order_comments": […], …}
 *
 * Env: MONOGRAM_API_URL, MONOGRAM_SECRET_KEY, MONOGRAM_DESIGN, MONOGRAM_DESIGN_TOKEN,
 *      MONOGRAM_ORDER_ID (1042 when unset), MONOGRAM_WAIT (seconds to wait, 60 when unset).
 * Exit 0 when job.shipped was accepted (HTTP 200), 1 otherwise, 2 on bad input.
 */

declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use Magento\Framework\App\Request\Http;
use Magento\Framework\Controller\Result\JsonFactory;
use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Magento\Sales\Api\Data\ShipmentItemCreationInterfaceFactory;
use Magento\Sales\Api\Data\ShipmentTrackCreationInterfaceFactory;
use Monogram\Personalisation\Controller\Webhook\Index;
use Monogram\Personalisation\Model\ApiClient;
use Monogram\Personalisation\Model\Clock;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\Http\NativeCurlTransport;
use Monogram\Personalisation\Model\OrderNotes;
use Monogram\Personalisation\Model\OrderPayloadBuilder;
use Monogram\Personalisation\Model\OrderReporter;
use Monogram\Personalisation\Model\OrderShipment;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Model\Webhook\EventProcessor;
use Monogram\Personalisation\Model\Webhook\Signature;
use Monogram\Personalisation\Observer\ReportOrder;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\InMemoryOrderRepository;
use Monogram\Personalisation\Test\Fake\InMemoryReportStorage;
use Monogram\Personalisation\Test\Fake\RecordingShipOrder;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\Test\Fake\Shop;
use Monogram\Personalisation\Test\Fake\WebhookListener;

$env = static function (string $name, ?string $default = null): string {
    $value = getenv($name);
    if ($value === false || $value === '') {
        if ($default === null) {
            fwrite(STDERR, "receive_shipment.php: $name is required\n");
            exit(2);
        }
        return $default;
    }
    return $value;
};
$orderId = (int) $env('MONOGRAM_ORDER_ID', '1042');

$encryptor = new ReversibleEncryptor();
$scopeConfig = new ArrayScopeConfig([
    Config::XML_PATH_ENABLED => '1',
    Config::XML_PATH_API_URL => $env('MONOGRAM_API_URL'),
    Config::XML_PATH_PUBLISHABLE_KEY => 'pk_unused',
    Config::XML_PATH_SECRET_KEY => $encryptor->encrypt($env('MONOGRAM_SECRET_KEY')),
]);
$config = new Config($scopeConfig, $encryptor);

// 250 personalised business cards, a configurable product: the parent item ships, its child follows.
$shop = new Shop();
$order = $shop->placeOrder($orderId, [
    $shop->addToCart(12, 'Carte de visite', [
        'product' => '12',
        'qty' => 250,
        'super_attribute' => ['93' => '45'],
        'monogram_design' => $env('MONOGRAM_DESIGN'),
        'monogram_token' => $env('MONOGRAM_DESIGN_TOKEN'),
    ], 45),
], ['id' => 7, 'email' => 'jeanne@example.fr', 'company' => 'Imprimerie Dupont']);
$orders = new InMemoryOrderRepository($order);
$clock = new Clock();
$queue = new ReportQueue(new InMemoryReportStorage(), $clock);
$notes = new OrderNotes($orders);
$reporter = new OrderReporter(
    $config,
    new OrderPayloadBuilder($shop->designOption),
    $queue,
    new ApiClient($config, new NativeCurlTransport()),
    $notes,
    $clock,
    $shop->logger
);
(new ReportOrder($reporter, $shop->logger))->execute(
    new Observer(['event' => new Event(['name' => 'checkout_submit_all_after', 'order' => $order])])
);
$row = $queue->find($orderId);
if (($row['status'] ?? null) !== ReportQueue::STATUS_DONE) {
    fwrite(STDERR, 'receive_shipment.php: the order was not reported: ' . json_encode($row) . "\n");
    exit(2);
}
$listener = new WebhookListener();
echo json_encode([
    'monogram_order_id' => $row['monogram_order_id'] ?? null,
    'webhook_url' => $listener->url('/monogram/webhook'),
], JSON_UNESCAPED_SLASHES), "\n";
// The endpoint is registered in Monogram only now that its address is known: its secret follows.
$scopeConfig->defaults[Config::XML_PATH_WEBHOOK_SECRET] = $encryptor->encrypt(trim((string) fgets(STDIN)));

$shipOrder = new RecordingShipOrder($orders);
$processor = new EventProcessor(
    $config,
    new Signature($clock),
    $orders,
    $notes,
    new OrderShipment(
        $shipOrder,
        new ShipmentItemCreationInterfaceFactory(),
        new ShipmentTrackCreationInterfaceFactory(),
        $orders,
        $shop->designOption
    ),
    $shop->logger
);
$deliveries = [];
$shipped = $listener->serve(static function (string $method, string $path, array $headers, string $body) use ($processor, $shop, &$deliveries): array {
    $result = (new Index(new Http($body, $headers, $method), new JsonFactory(), $processor, $shop->logger))->execute();
    $type = (string) (json_decode($body, true)['type'] ?? '');
    $deliveries[] = ['path' => $path, 'type' => $type, 'status' => $result->httpCode, 'answer' => $result->data];
    return [$result->httpCode, $result->data, $type === 'job.shipped' && $result->httpCode === 200];
}, (int) $env('MONOGRAM_WAIT', '60'));

echo json_encode([
    'deliveries' => $deliveries,
    'shipments' => $shipOrder->shipments,
    'order_comments' => array_map(
        static fn ($history): array => ['comment' => $history->getComment(), 'visible_on_front' => (bool) $history->getIsVisibleOnFront()],
        $order->getStatusHistories()
    ),
    'parcel' => $order->getItems()[0]->getProductOptions()[OrderShipment::OPTION] ?? null,
    'log' => $shop->logger->records,
], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n";
exit($shipped ? 0 : 1);
