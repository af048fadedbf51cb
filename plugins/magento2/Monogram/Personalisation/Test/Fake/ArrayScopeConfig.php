<?php

/**
 * Store configuration from arrays: defaults, overridden per store view id.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Framework\App\Config\ScopeConfigInterface;

final class ArrayScopeConfig implements ScopeConfigInterface
{
    /**
     * @param array<string, mixed> $defaults
     * @param array<int, array<string, mixed>> $stores
     */
    public function __construct(public array $defaults = [], public array $stores = [], public ?int $currentStore = null)
    {
    }

    public function getValue($path, $scopeType = ScopeConfigInterface::SCOPE_TYPE_DEFAULT, $scopeCode = null)
    {
        $store = $scopeCode ?? $this->currentStore;
        if ($scopeType === 'store' && $store !== null && array_key_exists($path, $this->stores[(int) $store] ?? [])) {
            return $this->stores[(int) $store][$path];
        }
        return $this->defaults[$path] ?? null;
    }

    public function isSetFlag($path, $scopeType = ScopeConfigInterface::SCOPE_TYPE_DEFAULT, $scopeCode = null)
    {
        return (bool) $this->getValue($path, $scopeType, $scopeCode);
    }
}
