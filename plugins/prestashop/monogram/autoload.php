<?php
/**
 * PSR-4 autoloader for Monogram\PrestaShop\ → src/, so the module runs without `composer install`.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Monogram\\PrestaShop\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
