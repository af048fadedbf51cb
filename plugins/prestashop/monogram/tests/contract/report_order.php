<?php
/**
 * Contract harness: builds a realistic PrestaShop order (two lines, one personalised with the
 * design given in the environment), runs the module's real actionValidateOrder hook over the
 * stand-ins, which makes real HTTP (curl) to the Monogram API, and prints one JSON line with
 * what was sent and what came back. Exit 0 when the module considers the report done, 1 when
 * it kept it for retry or as failed, 2 on bad input.
 *
 *   MONOGRAM_API_URL=http://127.0.0.1:8000 MONOGRAM_SECRET_KEY=sk_… \
 *   MONOGRAM_DESIGN=dsn_… MONOGRAM_DESIGN_TOKEN=dt_… MONOGRAM_ORDER_ID=1042 \
 *   php tests/contract/report_order.php
 *
 * MONOGRAM_PUBLISHABLE_KEY is optional here (only the product page uses it); MONOGRAM_ORDER_ID
 * is a PrestaShop order id, so a positive integer (1042 when unset).
 */

declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use Monogram\PrestaShop\Config;
use Monogram\PrestaShop\ReportQueue;

$env = static fn (string $name, string $default = ''): string => trim((string) (getenv($name) ?: $default));
$fail = static function (string $message): never {
    fwrite(STDOUT, json_encode(['state' => 'usage', 'error' => $message]) . "\n");
    exit(2);
};

$apiUrl = rtrim($env('MONOGRAM_API_URL'), '/');
$secretKey = $env('MONOGRAM_SECRET_KEY');
$design = $env('MONOGRAM_DESIGN');
$designToken = $env('MONOGRAM_DESIGN_TOKEN');
$orderId = $env('MONOGRAM_ORDER_ID', '1042');
foreach (['MONOGRAM_API_URL' => $apiUrl, 'MONOGRAM_SECRET_KEY' => $secretKey, 'MONOGRAM_DESIGN' => $design, 'MONOGRAM_DESIGN_TOKEN' => $designToken] as $name => $value) {
    if ($value === '') {
        $fail($name . ' is required');
    }
}
if (!ctype_digit($orderId) || (int) $orderId <= 0) {
    $fail('MONOGRAM_ORDER_ID must be a positive integer (a PrestaShop order id)');
}

Shop::reset();
Configuration::$values = [
    Config::API_URL => $apiUrl,
    Config::SECRET_KEY => $secretKey,
    Config::PUBLISHABLE_KEY => $env('MONOGRAM_PUBLISHABLE_KEY', 'pk_contract_harness'),
    Config::PRODUCTS => '*',
    Config::LOCALE => 'fr',
];
$idCart = 5;
Shop::product(12);
Shop::product(30);
$module = new Monogram();

// The shopper saves the design on the product page: what controllers/front/design.php runs.
[$status, $answer] = $module->designEndpoint()->handle(
    'POST',
    ['token' => Tools::getToken(false), 'id_product' => '12', 'design' => $design, 'design_token' => $designToken],
    Tools::getToken(false),
    static fn (): int => $idCart
);
if ($status !== 200) {
    $fail('the design was not accepted on the cart: ' . json_encode($answer));
}
// PrestaShop adds it to the cart with the combination chosen meanwhile (Papier : Couché mat).
Shop::addToCart($idCart, 12, 45, 250, (int) $answer['id_customization']);

$order = Shop::order((int) $orderId, $idCart, [
    Shop::detail(3, 12, 45, 250, 'Cartes de visite - Papier : Couché mat 350 g', (int) $answer['id_customization']),
    Shop::detail(4, 30, 0, 2, 'Porte-cartes en cuir'),
]);
$cart = new Cart();
$cart->id = $idCart;

$module->hookActionValidateOrder([
    'order' => $order,
    'cart' => $cart,
    'customer' => new Customer((int) $order->id_customer),
    'currency' => new Currency((int) $order->id_currency),
]);

$outcome = $module->lastReport;
$pending = (new ReportQueue(Db::getInstance(), _DB_PREFIX_))->find((int) $orderId);
$recorded = $module->reportedOrders()->find((int) $orderId);
$done = $outcome !== null && $outcome->isDone() && $pending === null && $recorded !== null;

echo json_encode(($outcome?->toArray() ?? ['state' => 'no report']) + [
    'monogram_order_id' => $recorded['monogram_order_id'] ?? null,
    'queued' => $pending === null ? null : ['status' => $pending['status'], 'attempts' => (int) $pending['attempts']],
    'logs' => array_column(PrestaShopLogger::$logs, 'message'),
], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
exit($done ? 0 : 1);
