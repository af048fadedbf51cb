<?php
/**
 * 1.1.0: carts charge Monogram's price; adds the cart price table and the cart hooks.
 */

declare(strict_types=1);

if (!defined('_PS_VERSION_')) {
    exit;
}

function upgrade_module_1_1_0(Monogram $module): bool
{
    $installer = new Monogram\PrestaShop\Installer(
        Db::getInstance(),
        _DB_PREFIX_,
        defined('_MYSQL_ENGINE_') ? _MYSQL_ENGINE_ : 'InnoDB'
    );

    return $installer->createTables() && $installer->registerHooks($module);
}
