<?php
/**
 * A saved design as the cart carries it: the design id and the token that proves the shopper's.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class Design
{
    private function __construct(
        public readonly string $id,
        public readonly string $token,
    ) {
    }

    /** Null unless both look like what Monogram issues (dsn_…, dt_…). */
    public static function fromStrings(mixed $id, mixed $token): ?self
    {
        if (!is_string($id) || !is_string($token)) {
            return null;
        }
        if (!preg_match('/^dsn_[A-Za-z0-9]{1,60}$/', $id) || !preg_match('/^dt_[A-Za-z0-9_-]{1,190}$/', $token)) {
            return null;
        }

        return new self($id, $token);
    }

    /** Reads the value stored in customized_data; null for anything else. */
    public static function fromStoredValue(mixed $value): ?self
    {
        if (!is_string($value) || $value === '') {
            return null;
        }
        $data = json_decode($value, true);
        if (!is_array($data)) {
            return null;
        }

        return self::fromStrings($data['design'] ?? null, $data['token'] ?? null);
    }

    /** What goes into customized_data.value (a VARCHAR(255)). */
    public function storedValue(): string
    {
        return (string) json_encode(['design' => $this->id, 'token' => $this->token], JSON_UNESCAPED_SLASHES);
    }
}
