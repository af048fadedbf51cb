<?php
/**
 * Cron command: retries order reports Monogram has not accepted yet.
 *
 *     php modules/monogram/bin/retry-reports.php [--shop-root=/var/www/prestashop]
 *
 * Every 5 minutes is plenty: each report waits its own growing delay between attempts, and
 * after the last attempt it stays on the module's settings page for the merchant.
 * Prints a JSON summary; exits 1 when PrestaShop or the module cannot be loaded.
 */

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    http_response_code(403);
    exit;
}

$options = getopt('', ['shop-root:']);
$root = is_string($options['shop-root'] ?? null) ? rtrim($options['shop-root'], '/') : dirname(__DIR__, 3);
if (!is_file($root . '/config/config.inc.php')) {
    fwrite(STDERR, "retry-reports: no PrestaShop at {$root}; pass --shop-root=/path/to/shop\n");
    exit(1);
}
require $root . '/config/config.inc.php';

$module = Module::getInstanceByName('monogram');
if (!$module instanceof Monogram || !Module::isEnabled('monogram')) {
    fwrite(STDERR, "retry-reports: the monogram module is not installed or not enabled\n");
    exit(1);
}

echo json_encode($module->retryPendingReports()), "\n";
exit(0);
