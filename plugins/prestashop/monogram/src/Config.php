<?php
/**
 * The module's settings in PrestaShop's Configuration table: API URL, keys, locale, products.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class Config
{
    public const API_URL = 'MONOGRAM_API_URL';
    public const PUBLISHABLE_KEY = 'MONOGRAM_PUBLISHABLE_KEY';
    public const SECRET_KEY = 'MONOGRAM_SECRET_KEY';
    public const WEBHOOK_SECRET = 'MONOGRAM_WEBHOOK_SECRET';
    public const LOCALE = 'MONOGRAM_LOCALE';
    public const PRODUCTS = 'MONOGRAM_PRODUCTS';
    public const CRON_TOKEN = 'MONOGRAM_CRON_TOKEN';

    public const KEYS = [
        self::API_URL,
        self::PUBLISHABLE_KEY,
        self::SECRET_KEY,
        self::WEBHOOK_SECRET,
        self::LOCALE,
        self::PRODUCTS,
        self::CRON_TOKEN,
    ];

    public const LOCALES = ['auto', 'fr', 'en'];

    /** Give up on a report after this many attempts; the merchant still sees it. */
    public const MAX_ATTEMPTS = 10;

    public function apiUrl(): string
    {
        return rtrim($this->get(self::API_URL), '/');
    }

    public function publishableKey(): string
    {
        return $this->get(self::PUBLISHABLE_KEY);
    }

    public function secretKey(): string
    {
        return $this->get(self::SECRET_KEY);
    }

    public function webhookSecret(): string
    {
        return $this->get(self::WEBHOOK_SECRET);
    }

    public function cronToken(): string
    {
        return $this->get(self::CRON_TOKEN);
    }

    /** fr or en: the configured locale, or the shop language's when set to auto. */
    public function locale(string $languageIso): string
    {
        $locale = $this->get(self::LOCALE);
        if ($locale === 'fr' || $locale === 'en') {
            return $locale;
        }

        return strtolower(substr($languageIso, 0, 2)) === 'fr' ? 'fr' : 'en';
    }

    /** True when orders can be reported: an API URL and a secret key. */
    public function canReport(): bool
    {
        return $this->apiUrl() !== '' && $this->secretKey() !== '';
    }

    /** True when product pages can show the editor: an API URL and a publishable key. */
    public function canMount(): bool
    {
        return $this->apiUrl() !== '' && $this->publishableKey() !== '';
    }

    /** "*" for every product, else the listed product ids. */
    public function productFilter(): string
    {
        return $this->get(self::PRODUCTS);
    }

    public function isPersonalisable(int $idProduct): bool
    {
        $filter = trim($this->productFilter());
        if ($filter === '*') {
            return true;
        }

        return in_array($idProduct, self::parseProductIds($filter), true);
    }

    /**
     * @return list<int>
     */
    public static function parseProductIds(string $list): array
    {
        $ids = [];
        foreach (preg_split('/[\s,;]+/', $list, -1, PREG_SPLIT_NO_EMPTY) ?: [] as $part) {
            if (ctype_digit($part) && (int) $part > 0) {
                $ids[] = (int) $part;
            }
        }

        return array_values(array_unique($ids));
    }

    /** A key shown in the back office: its prefix and last four characters only. */
    public static function mask(string $secret): string
    {
        if ($secret === '') {
            return '';
        }
        $prefix = preg_match('/^[a-z]+_(?:live_|test_)?/', $secret, $m) ? $m[0] : '';
        $tail = strlen($secret) > strlen($prefix) + 8 ? substr($secret, -4) : '';

        return $prefix . str_repeat('•', 8) . $tail;
    }

    /**
     * Checks a submitted settings form; empty secret fields keep the stored value.
     * Errors name the faulty setting (its Configuration key); the module words them.
     *
     * @param array<string, string> $form
     *
     * @return array{values: array<string, string>, errors: list<string>}
     */
    public function validate(array $form): array
    {
        $errors = [];
        $values = [];

        $url = rtrim(trim($form[self::API_URL] ?? ''), '/');
        $parts = parse_url($url);
        $host = is_array($parts) ? ($parts['host'] ?? '') : '';
        $scheme = is_array($parts) ? ($parts['scheme'] ?? '') : '';
        $loopback = in_array($host, ['localhost', '127.0.0.1', '::1', '[::1]'], true);
        if ($url === '' || $host === '' || !($scheme === 'https' || ($scheme === 'http' && $loopback))) {
            $errors[] = self::API_URL;
        } else {
            $values[self::API_URL] = $url;
        }

        $publishable = trim($form[self::PUBLISHABLE_KEY] ?? '');
        if (!preg_match('/^pk_[A-Za-z0-9_-]{8,}$/', $publishable)) {
            $errors[] = self::PUBLISHABLE_KEY;
        } else {
            $values[self::PUBLISHABLE_KEY] = $publishable;
        }

        $secret = trim($form[self::SECRET_KEY] ?? '');
        if ($secret === '' && $this->secretKey() !== '') {
            $secret = $this->secretKey();
        }
        if (!preg_match('/^sk_[A-Za-z0-9_-]{8,}$/', $secret)) {
            $errors[] = self::SECRET_KEY;
        } else {
            $values[self::SECRET_KEY] = $secret;
        }

        $webhookSecret = trim($form[self::WEBHOOK_SECRET] ?? '');
        if ($webhookSecret === '') {
            $webhookSecret = $this->webhookSecret();
        }
        if ($webhookSecret !== '' && strlen($webhookSecret) < 16) {
            $errors[] = self::WEBHOOK_SECRET;
        } else {
            $values[self::WEBHOOK_SECRET] = $webhookSecret;
        }

        $locale = $form[self::LOCALE] ?? 'auto';
        $values[self::LOCALE] = in_array($locale, self::LOCALES, true) ? $locale : 'auto';

        $products = trim($form[self::PRODUCTS] ?? '');
        $values[self::PRODUCTS] = $products === '*' ? '*' : implode(', ', self::parseProductIds($products));

        return ['values' => $values, 'errors' => $errors];
    }

    /**
     * @param array<string, string> $values
     */
    public function save(array $values): void
    {
        foreach ($values as $key => $value) {
            if (in_array($key, self::KEYS, true)) {
                \Configuration::updateValue($key, $value);
            }
        }
    }

    private function get(string $key): string
    {
        $value = \Configuration::get($key);

        return is_string($value) ? trim($value) : '';
    }
}
