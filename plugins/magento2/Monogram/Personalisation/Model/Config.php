<?php

/**
 * The module's settings for one store view, with the secrets decrypted.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Encryption\EncryptorInterface;
use Magento\Store\Model\ScopeInterface;

class Config
{
    public const XML_PATH_ENABLED = 'monogram/general/enabled';
    public const XML_PATH_API_URL = 'monogram/general/api_url';
    public const XML_PATH_PUBLISHABLE_KEY = 'monogram/general/publishable_key';
    public const XML_PATH_SECRET_KEY = 'monogram/general/secret_key';
    public const XML_PATH_WEBHOOK_SECRET = 'monogram/general/webhook_secret';

    public function __construct(
        private readonly ScopeConfigInterface $scopeConfig,
        private readonly EncryptorInterface $encryptor
    ) {
    }

    /** A null store means the store view of the current request. */
    public function isEnabled(?int $storeId = null): bool
    {
        return $this->scopeConfig->isSetFlag(self::XML_PATH_ENABLED, ScopeInterface::SCOPE_STORE, $storeId);
    }

    public function apiUrl(?int $storeId = null): string
    {
        return rtrim($this->plain(self::XML_PATH_API_URL, $storeId), '/');
    }

    public function publishableKey(?int $storeId = null): string
    {
        return $this->plain(self::XML_PATH_PUBLISHABLE_KEY, $storeId);
    }

    public function secretKey(?int $storeId = null): string
    {
        return $this->secret(self::XML_PATH_SECRET_KEY, $storeId);
    }

    public function webhookSecret(?int $storeId = null): string
    {
        return $this->secret(self::XML_PATH_WEBHOOK_SECRET, $storeId);
    }

    /** The loader needs the URL and the publishable key; reporting needs the URL and the secret key. */
    public function canMountLoader(?int $storeId = null): bool
    {
        return $this->isEnabled($storeId) && $this->apiUrl($storeId) !== '' && $this->publishableKey($storeId) !== '';
    }

    private function plain(string $path, ?int $storeId): string
    {
        return trim((string) $this->scopeConfig->getValue($path, ScopeInterface::SCOPE_STORE, $storeId));
    }

    private function secret(string $path, ?int $storeId): string
    {
        $stored = $this->plain($path, $storeId);
        // Values set through env.php or config:set --lock-env may be plain text; encrypted ones look like "0:3:…".
        if ($stored === '' || !preg_match('/^\d+:\d+:/', $stored)) {
            return $stored;
        }
        return trim((string) $this->encryptor->decrypt($stored));
    }
}
