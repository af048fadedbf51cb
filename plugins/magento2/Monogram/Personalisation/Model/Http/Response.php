<?php

/**
 * What came back from one HTTP request: a status and body, or the network error that stopped it.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Http;

final class Response
{
    /** @var array<string, string> header names lower-cased */
    public readonly array $headers;

    /** @param array<string, string> $headers */
    public function __construct(
        public readonly int $status,
        public readonly string $body = '',
        array $headers = [],
        public readonly ?string $error = null,
        public readonly bool $timedOut = false
    ) {
        $this->headers = array_change_key_case($headers, CASE_LOWER);
    }

    public static function failed(string $error, bool $timedOut = false): self
    {
        return new self(0, '', [], $error, $timedOut);
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }
}
