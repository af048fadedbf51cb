<?php

/**
 * Monogram-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> — checked in constant time,
 * and refused when older or newer than the tolerance (replays).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Webhook;

use Monogram\Personalisation\Model\Clock;

class Signature
{
    public const HEADER = 'Monogram-Signature';
    public const TOLERANCE = 300;

    public function __construct(private readonly Clock $clock)
    {
    }

    public function verify(string $header, string $body, string $secret, int $tolerance = self::TOLERANCE): bool
    {
        if ($secret === '' || $header === '') {
            return false;
        }
        $timestamp = null;
        $candidates = [];
        foreach (explode(',', $header) as $part) {
            [$key, $value] = array_pad(explode('=', trim($part), 2), 2, '');
            if ($key === 't' && ctype_digit($value)) {
                $timestamp = $value;
            } elseif ($key === 'v1' && $value !== '') {
                $candidates[] = strtolower($value);
            }
        }
        if ($timestamp === null || $candidates === [] || abs($this->clock->now() - (int) $timestamp) > $tolerance) {
            return false;
        }
        $expected = hash_hmac('sha256', $timestamp . '.' . $body, $secret);
        $valid = false;
        // Every candidate is compared (several v1 values appear while Monogram rotates secrets).
        foreach ($candidates as $candidate) {
            $valid = hash_equals($expected, $candidate) || $valid;
        }
        return $valid;
    }

    public function sign(string $body, string $secret, ?int $timestamp = null): string
    {
        $timestamp ??= $this->clock->now();
        return sprintf('t=%d,v1=%s', $timestamp, hash_hmac('sha256', $timestamp . '.' . $body, $secret));
    }
}
