<?php

/**
 * Contract harness: places a realistic two-line order (one line personalised with
 * MONOGRAM_DESIGN / MONOGRAM_DESIGN_TOKEN) through the module's real hooks — add to cart,
 * ToOrderItem plugin, checkout_submit_all_after observer — with Magento stand-ins and plain PHP
 * curl to MONOGRAM_API_URL. Prints one JSON line; exits 0 when the module considers the report done.
 *
 * Env: MONOGRAM_API_URL, MONOGRAM_SECRET_KEY, MONOGRAM_PUBLISHABLE_KEY, MONOGRAM_DESIGN,
 *      MONOGRAM_DESIGN_TOKEN, MONOGRAM_ORDER_ID (a number; Magento order ids are integers).
 */

declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use Magento\Framework\Event;
use Magento\Framework\Event\Observer;
use Monogram\Personalisation\Model\ApiClient;
use Monogram\Personalisation\Model\Clock;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\Http\NativeCurlTransport;
use Monogram\Personalisation\Model\OrderNotes;
use Monogram\Personalisation\Model\OrderPayloadBuilder;
use Monogram\Personalisation\Model\OrderReporter;
use Monogram\Personalisation\Model\ReportQueue;
use Monogram\Personalisation\Observer\ReportOrder;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\InMemoryOrderRepository;
use Monogram\Personalisation\Test\Fake\InMemoryReportStorage;
use Monogram\Personalisation\Test\Fake\RecordingTransport;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\Test\Fake\Shop;

$env = static function (string $name, ?string $default = null): string {
    $value = getenv($name);
    if ($value === false || $value === '') {
        if ($default === null) {
            fwrite(STDERR, "report_order.php: $name is required\n");
            exit(2);
        }
        return $default;
    }
    return $value;
};
$orderId = $env('MONOGRAM_ORDER_ID', '1042');
if (!ctype_digit($orderId) || (int) $orderId < 1) {
    fwrite(STDERR, "report_order.php: MONOGRAM_ORDER_ID must be a positive integer (Magento order entity id)\n");
    exit(2);
}

// The merchant's configuration, the secret key stored encrypted as Magento's backend model does.
$encryptor = new ReversibleEncryptor();
$config = new Config(
    new ArrayScopeConfig([
        Config::XML_PATH_ENABLED => '1',
        Config::XML_PATH_API_URL => $env('MONOGRAM_API_URL'),
        Config::XML_PATH_PUBLISHABLE_KEY => $env('MONOGRAM_PUBLISHABLE_KEY', 'pk_unused'),
        Config::XML_PATH_SECRET_KEY => $encryptor->encrypt($env('MONOGRAM_SECRET_KEY')),
    ]),
    $encryptor
);

// The shopper's cart: 250 personalised business cards (a configurable product) and 250 plain envelopes.
$shop = new Shop();
$cart = [
    $shop->addToCart(12, 'Carte de visite', [
        'product' => '12',
        'qty' => 250,
        'super_attribute' => ['93' => '45'],
        'monogram_design' => $env('MONOGRAM_DESIGN'),
        'monogram_token' => $env('MONOGRAM_DESIGN_TOKEN'),
    ], 45),
    $shop->addToCart(31, 'Enveloppe kraft C6', ['product' => '31', 'qty' => 250]),
];
$order = $shop->placeOrder((int) $orderId, $cart, ['id' => 7, 'email' => 'jeanne@example.fr', 'company' => 'Imprimerie Dupont']);

// The module's services as Magento's DI would build them, with plain PHP curl as the transport.
$storage = new InMemoryReportStorage();
$clock = new Clock();
$queue = new ReportQueue($storage, $clock);
$transport = new RecordingTransport(new NativeCurlTransport());
$reporter = new OrderReporter(
    $config,
    new OrderPayloadBuilder($shop->designOption),
    $queue,
    new ApiClient($config, $transport),
    new OrderNotes(new InMemoryOrderRepository($order)),
    $clock,
    $shop->logger
);

(new ReportOrder($reporter, $shop->logger))->execute(
    new Observer(['event' => new Event(['name' => 'checkout_submit_all_after', 'order' => $order])])
);

$row = $queue->find((int) $orderId);
$exchange = $transport->exchanges[count($transport->exchanges) - 1] ?? null;
$response = $exchange['response'] ?? null;
$done = ($row['status'] ?? null) === ReportQueue::STATUS_DONE;
echo json_encode([
    'done' => $done,
    'queue_status' => $row['status'] ?? null,
    'attempts' => $row['attempts'] ?? 0,
    'last_error' => $row['last_error'] ?? null,
    'sent' => $exchange === null ? null : [
        'url' => $exchange['url'],
        'idempotency_key' => $exchange['headers']['Idempotency-Key'] ?? null,
        'payload' => json_decode($exchange['body'], true),
    ],
    'got' => $response === null ? null : [
        'status' => $response->status,
        'replayed' => strtolower((string) $response->header('Idempotent-Replayed')) === 'true',
        'body' => json_decode($response->body, true) ?? $response->body,
        'error' => $response->error,
    ],
    'order_comments' => array_map(static fn ($history) => $history->getComment(), $order->getStatusHistories()),
    'log' => $shop->logger->records,
], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n";
exit($done ? 0 : 1);
