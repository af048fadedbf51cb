<?php

/**
 * Autoloads the module, its test doubles and the Magento stand-ins — no Composer, no Magento.
 */

declare(strict_types=1);

(static function (): void {
    $moduleRoot = dirname(__DIR__);
    $prefixes = [
        'Monogram\\Personalisation\\' => $moduleRoot . '/',
        'Magento\\' => __DIR__ . '/Stubs/Magento/',
        'Psr\\Log\\' => __DIR__ . '/Stubs/Psr/Log/',
        'Symfony\\Component\\Console\\' => __DIR__ . '/Stubs/Symfony/Component/Console/',
    ];
    spl_autoload_register(static function (string $class) use ($prefixes): void {
        foreach ($prefixes as $prefix => $directory) {
            if (str_starts_with($class, $prefix)) {
                $file = $directory . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                if (is_file($file)) {
                    require $file;
                }
                return;
            }
        }
    });
    require __DIR__ . '/Stubs/functions.php';
})();
