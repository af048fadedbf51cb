<?php
/**
 * Contract harness, the way back: reports a one-line personalised order to the Monogram API
 * (as report_order.php does), then listens on loopback for Monogram's signed webhooks and hands
 * each one to the module's webhook receiver, as controllers/front/webhook.php does, until a
 * job.shipped event is handled. Prints two JSON lines:
 *
 *   {"job": "job_…", "webhook_url": "http://127.0.0.1:…/module/monogram/webhook"}
 *       then reads the endpoint's signing secret on stdin (one line);
 *   {"deliveries": […], "order": {tracking_number, current_state, …}, "messages": […], …}
 *
 * Env: MONOGRAM_API_URL, MONOGRAM_SECRET_KEY, MONOGRAM_DESIGN, MONOGRAM_DESIGN_TOKEN,
 *      MONOGRAM_ORDER_ID (1042 when unset), MONOGRAM_WAIT (seconds to wait, 60 when unset).
 * Exit 0 when job.shipped was accepted (HTTP 200), 1 otherwise, 2 on bad input.
 */

declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';
require dirname(__DIR__) . '/Support/WebhookListener.php';

use Monogram\PrestaShop\Config;

$env = static fn (string $name, string $default = ''): string => trim((string) (getenv($name) ?: $default));
$fail = static function (string $message): never {
    fwrite(STDOUT, json_encode(['state' => 'usage', 'error' => $message]) . "\n");
    exit(2);
};
foreach (['MONOGRAM_API_URL', 'MONOGRAM_SECRET_KEY', 'MONOGRAM_DESIGN', 'MONOGRAM_DESIGN_TOKEN'] as $name) {
    if ($env($name) === '') {
        $fail($name . ' is required');
    }
}
$idOrder = (int) $env('MONOGRAM_ORDER_ID', '1042');

Shop::reset();
Configuration::$values = Shop::ORDER_STATES + [
    Config::API_URL => rtrim($env('MONOGRAM_API_URL'), '/'),
    Config::SECRET_KEY => $env('MONOGRAM_SECRET_KEY'),
    Config::PUBLISHABLE_KEY => 'pk_contract_harness',
    Config::PRODUCTS => '*',
    Config::LOCALE => 'fr',
];
Shop::product(12);
$module = new Monogram();
$idCart = 5;
[$status, $answer] = $module->designEndpoint()->handle(
    'POST',
    ['token' => Tools::getToken(false), 'id_product' => '12', 'design' => $env('MONOGRAM_DESIGN'), 'design_token' => $env('MONOGRAM_DESIGN_TOKEN')],
    Tools::getToken(false),
    static fn (): int => $idCart
);
if ($status !== 200) {
    $fail('the design was not accepted on the cart: ' . json_encode($answer));
}
Shop::addToCart($idCart, 12, 45, 250, (int) $answer['id_customization']);
$order = Shop::order($idOrder, $idCart, [
    Shop::detail(3, 12, 45, 250, 'Cartes de visite - Papier : Couché mat 350 g', (int) $answer['id_customization']),
]);
$cart = new Cart();
$cart->id = $idCart;
$module->hookActionValidateOrder([
    'order' => $order,
    'cart' => $cart,
    'customer' => new Customer((int) $order->id_customer),
    'currency' => new Currency((int) $order->id_currency),
]);
$reported = $module->reportedOrders()->find($idOrder);
if ($reported === null || !$module->lastReport?->isDone()) {
    $fail('the order was not reported: ' . json_encode($module->lastReport?->toArray()));
}

$listener = new WebhookListener();
echo json_encode([
    'job' => $reported['lines'][0]['job'] ?? null,
    'webhook_url' => $listener->url('/module/monogram/webhook'),
], JSON_UNESCAPED_SLASHES), "\n";
// The endpoint is registered in Monogram only now that its address is known: its secret follows.
Configuration::updateValue(Config::WEBHOOK_SECRET, trim((string) fgets(STDIN)));

$deliveries = [];
$shipped = $listener->serve(static function (string $method, string $path, array $headers, string $body) use ($module, &$deliveries): array {
    [$status, $answer] = $module->webhookReceiver()->handle($body, $headers['monogram-signature'] ?? '', time());
    $type = (string) (json_decode($body, true)['type'] ?? '');
    $deliveries[] = ['method' => $method, 'path' => $path, 'type' => $type, 'status' => $status, 'answer' => $answer];

    return [$status, $answer, $type === 'job.shipped' && $status === 200];
}, (int) $env('MONOGRAM_WAIT', '60'));

$after = new Order($idOrder);
echo json_encode([
    'deliveries' => $deliveries,
    'order' => [
        'current_state' => (int) $after->current_state,
        'tracking_number' => (string) (new OrderCarrier($after->getIdOrderCarrier()))->tracking_number,
        'in_transit_emails' => OrderCarrier::$inTransitEmails,
        'states' => array_map(static fn (OrderHistory $h): array => ['state' => (int) $h->id_order_state, 'emailed' => $h->emailed], OrderHistory::all()),
    ],
    'messages' => array_map(static fn (CustomerMessage $m): array => ['message' => $m->message, 'private' => (int) $m->private], CustomerMessage::all()),
    'jobs' => $module->reportedOrders()->find($idOrder)['jobs'] ?? [],
    'logs' => array_column(PrestaShopLogger::$logs, 'message'),
], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
exit($shipped ? 0 : 1);
