<?php
/**
 * Checks Monogram-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with the store's secret.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class WebhookSignature
{
    public const VALID = 'valid';
    public const INVALID = 'invalid';
    public const STALE = 'stale';

    /** Seconds a signature stays good, against replays of an old delivery. */
    public const TOLERANCE = 300;

    /**
     * Several v1 values may come during a secret rotation; any one matching is enough.
     */
    public static function verify(
        string $header,
        string $body,
        string $secret,
        int $now,
        int $tolerance = self::TOLERANCE,
    ): string
    {
        if ($secret === '') {
            return self::INVALID;
        }
        $timestamp = null;
        $signatures = [];
        foreach (explode(',', $header) as $part) {
            $pair = explode('=', trim($part), 2);
            if (count($pair) !== 2) {
                continue;
            }
            if ($pair[0] === 't' && ctype_digit($pair[1])) {
                $timestamp = (int) $pair[1];
            } elseif ($pair[0] === 'v1' && preg_match('/^[0-9a-f]{64}$/', $pair[1])) {
                $signatures[] = $pair[1];
            }
        }
        if ($timestamp === null || $signatures === []) {
            return self::INVALID;
        }

        $expected = hash_hmac('sha256', $timestamp . '.' . $body, $secret);
        $matched = false;
        foreach ($signatures as $signature) {
            // Compare them all, so timing does not tell which one matched.
            $matched = hash_equals($expected, $signature) || $matched;
        }
        if (!$matched) {
            return self::INVALID;
        }

        return abs($now - $timestamp) > $tolerance ? self::STALE : self::VALID;
    }

    /** The header Monogram would send; for tests and for checking a set-up by hand. */
    public static function header(string $body, string $secret, int $timestamp): string
    {
        return 't=' . $timestamp . ',v1=' . hash_hmac('sha256', $timestamp . '.' . $body, $secret);
    }
}
