<?php
/**
 * Loads the PrestaShop stand-ins, then the module as PrestaShop would (monogram.php).
 */

declare(strict_types=1);

define('_PS_VERSION_', '8.1.7');
define('_DB_PREFIX_', 'ps_');
define('_MYSQL_ENGINE_', 'InnoDB');
define('_PS_MODULE_DIR_', dirname(__DIR__, 2) . '/');
define('_PS_CACHE_DIR_', sys_get_temp_dir() . '/monogram-prestashop-tests-' . getmypid() . '/');

foreach ([
    'functions', 'Db', 'ObjectModel', 'Configuration', 'Tools', 'Validate', 'PrestaShopLogger',
    'Language', 'Context', 'Module', 'Order', 'Cart', 'Customer', 'Currency', 'Address', 'Product',
    'CustomizationField', 'CustomerThread', 'CustomerMessage', 'OrderCarrier', 'OrderHistory',
    'SpecificPrice', 'Tax',
] as $stub) {
    require __DIR__ . '/Stubs/' . $stub . '.php';
}

require dirname(__DIR__) . '/monogram.php';
require __DIR__ . '/Support/Shop.php';
require __DIR__ . '/Support/ScriptedApi.php';
require __DIR__ . '/Support/ApiServer.php';
require __DIR__ . '/translatable.php';
