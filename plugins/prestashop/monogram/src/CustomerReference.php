<?php
/**
 * The signed customer reference on the widget tag (data-customer): Monogram opens the signed-in
 * customer's library of designs and past orders with it, and the shopper cannot forge one.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class CustomerReference
{
    /** Seconds a reference stays good: a product page left open for a working day. */
    public const LIFETIME = 43200;

    /**
     * mcr1.<customer id>.<expires>.<hex HMAC-SHA256 of "mcr1.<customer id>.<expires>">, keyed
     * with the hex SHA-256 of the secret key: what Monogram keeps of the key, so it can check
     * the reference without ever storing the key itself.
     */
    public static function sign(string $secretKey, int $idCustomer, int $expires): string
    {
        $signed = 'mcr1.' . $idCustomer . '.' . $expires;

        return $signed . '.' . hash_hmac('sha256', $signed, hash('sha256', $secretKey));
    }

    /** The reference for the signed-in customer, or '' for a guest or without a secret key. */
    public static function forCustomer(string $secretKey, ?object $customer, int $now): string
    {
        if ($secretKey === '' || $customer === null || !method_exists($customer, 'isLogged')) {
            return '';
        }
        $idCustomer = (int) ($customer->id ?? 0);
        // isLogged() without guests: a guest checkout account has no library to show.
        if ($idCustomer <= 0 || !$customer->isLogged()) {
            return '';
        }

        return self::sign($secretKey, $idCustomer, $now + self::LIFETIME);
    }
}
