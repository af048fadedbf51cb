<?php

/**
 * Sends one HTTP request; Magento's curl client in production, plain PHP curl in tests and the harness.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Http;

interface TransportInterface
{
    /**
     * Never throws for network trouble: an unreachable host or a timeout comes back as a Response
     * with status 0 and an error.
     *
     * @param array<string, string> $headers
     */
    public function post(string $url, array $headers, string $body, int $connectTimeout, int $timeout): Response;

    /**
     * A GET, with the same guarantees as post().
     *
     * @param array<string, string> $headers
     */
    public function get(string $url, array $headers, int $connectTimeout, int $timeout): Response;
}
