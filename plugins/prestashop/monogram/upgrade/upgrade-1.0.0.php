<?php
/**
 * Brings a pre-release install (0.x) to 1.0.0: tables and hooks, both created only if missing.
 * Later versions add upgrade-<version>.php files of the same shape.
 */

declare(strict_types=1);

if (!defined('_PS_VERSION_')) {
    exit;
}

function upgrade_module_1_0_0(Monogram $module): bool
{
    $installer = new Monogram\PrestaShop\Installer(
        Db::getInstance(),
        _DB_PREFIX_,
        defined('_MYSQL_ENGINE_') ? _MYSQL_ENGINE_ : 'InnoDB'
    );

    return $installer->createTables() && $installer->registerHooks($module);
}
