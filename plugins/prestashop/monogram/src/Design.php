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
    /**
     * @param string $quote the accepted Monogram quote (quo_…) the line comes from, or ''
     */
    private function __construct(
        public readonly string $id,
        public readonly string $token,
        public readonly string $quote = '',
    ) {
    }

    /**
     * Null unless they look like what Monogram issues: dsn_…, and the design's token (dt_…) or,
     * on a line from an accepted quote, the quote's token for it (dq_…) with the quote id.
     */
    public static function fromStrings(mixed $id, mixed $token, mixed $quote = ''): ?self
    {
        if (!is_string($id) || !is_string($token) || !is_string($quote)) {
            return null;
        }
        if (!preg_match('/^dsn_[A-Za-z0-9]{1,60}$/', $id) || !preg_match('/^dt_[A-Za-z0-9_-]{1,190}$/', $token)) {
            if ($quote === '' || !preg_match('/^dsn_[A-Za-z0-9]{1,60}$/', $id) || !preg_match('/^dq_[0-9a-f]{64}$/', $token)) {
                return null;
            }
        }
        if ($quote !== '' && !preg_match('/^quo_[0-9a-z]{1,40}$/', $quote)) {
            return null;
        }

        return new self($id, $token, $quote);
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

        return self::fromStrings($data['design'] ?? null, $data['token'] ?? null, $data['quote'] ?? '');
    }

    /** What goes into customized_data.value (a VARCHAR(255): 200 characters at most here). */
    public function storedValue(): string
    {
        $value = ['design' => $this->id, 'token' => $this->token];
        if ($this->quote !== '') {
            $value['quote'] = $this->quote;
        }

        return (string) json_encode($value, JSON_UNESCAPED_SLASHES);
    }
}
