<?php

/**
 * The signed customer reference the widget gets for the signed-in customer: Monogram opens their
 * library of designs and past orders with it, and a shopper cannot forge one.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

class CustomerReference
{
    /** Seconds a reference stays good: a product page left open for a working day. */
    public const LIFETIME = 43200;

    /**
     * mcr1.<customer id>.<expires>.<hex HMAC-SHA256 of "mcr1.<customer id>.<expires>">, keyed
     * with the hex SHA-256 of the secret key: what Monogram keeps of the key, so it can check
     * the reference without ever storing the key itself.
     */
    public static function sign(string $secretKey, int $customerId, int $expires): string
    {
        $signed = 'mcr1.' . $customerId . '.' . $expires;
        return $signed . '.' . hash_hmac('sha256', $signed, hash('sha256', $secretKey));
    }
}
