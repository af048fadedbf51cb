<?php
/**
 * Creates and removes the module's tables, hooks and settings; upgrades reuse it.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class Installer
{
    public const HOOKS = [
        'displayProductAdditionalInfo',
        'actionFrontControllerSetMedia',
        'actionCartUpdateQuantityBefore',
        // Cart::updateQty saves the cart after every add and quantity change: Monogram's price
        // is set then; a removed line loses it.
        'actionCartSave',
        'actionObjectProductInCartDeleteAfter',
        'displayCustomization',
        'actionValidateOrder',
        'displayAdminOrderMain',
    ];

    public function __construct(
        private readonly \Db $db,
        private readonly string $prefix,
        private readonly string $engine = 'InnoDB',
    ) {
    }

    public function install(\Module $module): bool
    {
        if (!$this->createTables()) {
            return false;
        }
        if (!$this->registerHooks($module)) {
            return false;
        }
        if ((string) \Configuration::get(Config::CRON_TOKEN) === '') {
            \Configuration::updateValue(Config::CRON_TOKEN, bin2hex(random_bytes(16)));
        }
        if ((string) \Configuration::get(Config::LOCALE) === '') {
            \Configuration::updateValue(Config::LOCALE, 'auto');
        }

        return true;
    }

    public function uninstall(CustomizationStore $customizations): bool
    {
        $customizations->retireFields();
        foreach (Config::KEYS as $key) {
            \Configuration::deleteByName($key);
        }
        $ok = true;
        foreach (array_keys($this->tables()) as $table) {
            $ok = $this->db->execute('DROP TABLE IF EXISTS `' . $this->prefix . $table . '`') && $ok;
        }

        return $ok;
    }

    /** Idempotent, so upgrade scripts call it too. */
    public function createTables(): bool
    {
        foreach ($this->tables() as $table => $columns) {
            $sql = 'CREATE TABLE IF NOT EXISTS `' . $this->prefix . $table . '` (' . $columns . ')'
                . ' ENGINE=' . $this->engine . ' DEFAULT CHARSET=utf8mb4';
            if (!$this->db->execute($sql)) {
                return false;
            }
        }

        return true;
    }

    /** Idempotent: registering a hook twice is a no-op for PrestaShop. */
    public function registerHooks(\Module $module): bool
    {
        foreach (self::HOOKS as $hook) {
            if (!$module->registerHook($hook)) {
                return false;
            }
        }

        return true;
    }

    /**
     * @return array<string, string> table name without prefix => column definitions
     */
    public function tables(): array
    {
        return [
            ReportQueue::TABLE => '`id_monogram_pending_report` INT UNSIGNED NOT NULL AUTO_INCREMENT,'
                . ' `id_order` INT UNSIGNED NOT NULL,'
                . ' `payload` MEDIUMTEXT NOT NULL,'
                . ' `status` VARCHAR(16) NOT NULL,'
                . ' `attempts` INT UNSIGNED NOT NULL DEFAULT 0,'
                . ' `last_http_status` SMALLINT UNSIGNED NOT NULL DEFAULT 0,'
                . ' `last_error` TEXT NULL,'
                . ' `next_attempt_at` DATETIME NOT NULL,'
                . ' `date_add` DATETIME NOT NULL,'
                . ' `date_upd` DATETIME NOT NULL,'
                . ' PRIMARY KEY (`id_monogram_pending_report`),'
                . ' UNIQUE KEY `id_order` (`id_order`),'
                . ' KEY `due` (`status`, `next_attempt_at`)',
            ReportedOrders::TABLE => '`id_order` INT UNSIGNED NOT NULL,'
                . ' `monogram_order_id` VARCHAR(64) NOT NULL DEFAULT \'\','
                . ' `order_lines` MEDIUMTEXT NOT NULL,'
                . ' `jobs` MEDIUMTEXT NOT NULL,'
                . ' `http_status` SMALLINT UNSIGNED NOT NULL DEFAULT 0,'
                . ' `date_add` DATETIME NOT NULL,'
                . ' `date_upd` DATETIME NOT NULL,'
                . ' PRIMARY KEY (`id_order`)',
            ReportedOrders::EVENTS => '`id_event` VARCHAR(64) NOT NULL,'
                . ' `type` VARCHAR(64) NOT NULL,'
                . ' `id_order` INT UNSIGNED NOT NULL DEFAULT 0,'
                . ' `date_add` DATETIME NOT NULL,'
                . ' PRIMARY KEY (`id_event`)',
            CartPrices::TABLE => CartPrices::columns(),
            'monogram_customization_field' => '`id_product` INT UNSIGNED NOT NULL,'
                . ' `id_customization_field` INT UNSIGNED NOT NULL,'
                . ' PRIMARY KEY (`id_product`)',
        ];
    }
}
