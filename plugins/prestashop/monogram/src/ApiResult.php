<?php
/**
 * What one call to the Monogram API came to: done, a permanent failure, or worth retrying.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class ApiResult
{
    public const DONE = 'done';
    public const PERMANENT = 'permanent';
    public const RETRYABLE = 'retryable';

    /**
     * @param array<string, mixed>|null $body    decoded JSON answer, when there was one
     * @param array<string, string>     $headers lower-cased response header names
     */
    private function __construct(
        public readonly string $outcome,
        public readonly int $status,
        public readonly ?array $body,
        public readonly string $error,
        public readonly array $headers = [],
        public readonly string $raw = '',
    ) {
    }

    /**
     * 2xx is done; 408 and 429 are worth retrying, like 5xx; any other answer is permanent
     * (a bad key or an invalid order will not fix itself).
     *
     * @param array<string, string> $headers
     */
    public static function fromResponse(int $status, string $raw, array $headers = []): self
    {
        $decoded = json_decode($raw, true);
        $body = is_array($decoded) ? $decoded : null;

        if ($status >= 200 && $status < 300) {
            return new self(self::DONE, $status, $body, '', $headers, $raw);
        }
        if ($status === 408 || $status === 429 || $status >= 500) {
            $outcome = self::RETRYABLE;
        } else {
            $outcome = self::PERMANENT;
        }

        return new self($outcome, $status, $body, self::describe($status, $body, $headers), $headers, $raw);
    }

    /** No HTTP answer at all (timeout, refused connection, DNS): always worth retrying. */
    public static function fromTransportError(string $error): self
    {
        return new self(self::RETRYABLE, 0, null, $error);
    }

    public function isDone(): bool
    {
        return $this->outcome === self::DONE;
    }

    public function isRetryable(): bool
    {
        return $this->outcome === self::RETRYABLE;
    }

    public function isPermanent(): bool
    {
        return $this->outcome === self::PERMANENT;
    }

    /** True when Monogram answered a repeat of an order it already had. */
    public function isReplay(): bool
    {
        return strtolower($this->headers['idempotent-replayed'] ?? '') === 'true';
    }

    /**
     * The error envelope's message and field errors, in one line for logs and the back office.
     *
     * @param array<string, mixed>|null $body
     * @param array<string, string>     $headers
     */
    private static function describe(int $status, ?array $body, array $headers): string
    {
        $text = 'HTTP ' . $status;
        if ($status >= 300 && $status < 400) {
            return $text . ': redirected to ' . ($headers['location'] ?? '?') . '; check the API URL';
        }
        if ($body === null) {
            return $text;
        }
        if (isset($body['message']) && is_string($body['message'])) {
            $text .= ': ' . $body['message'];
        }
        $errors = $body['errors'] ?? null;
        if (is_array($errors)) {
            $details = [];
            foreach ($errors as $key => $error) {
                if (is_array($error) && isset($error['message'])) {
                    $details[] = (isset($error['path']) ? $error['path'] . ' ' : '') . $error['message'];
                } elseif (is_string($key)) {
                    $details[] = $key . ' ' . json_encode($error, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
                }
            }
            if ($details !== []) {
                $text .= ' (' . implode('; ', array_slice($details, 0, 5)) . ')';
            }
        }

        return mb_substr($text, 0, 1000);
    }
}
