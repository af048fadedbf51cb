<?php

/**
 * Passes requests to a real transport and keeps the last exchange (for the contract harness's report).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\Http\TransportInterface;

final class RecordingTransport implements TransportInterface
{
    /** @var list<array{url: string, headers: array<string, string>, body: string, response: Response}> */
    public array $exchanges = [];

    public function __construct(private readonly TransportInterface $inner)
    {
    }

    public function post(string $url, array $headers, string $body, int $connectTimeout, int $timeout): Response
    {
        $response = $this->inner->post($url, $headers, $body, $connectTimeout, $timeout);
        $this->exchanges[] = compact('url', 'headers', 'body', 'response');
        return $response;
    }

    public function get(string $url, array $headers, int $connectTimeout, int $timeout): Response
    {
        $response = $this->inner->get($url, $headers, $connectTimeout, $timeout);
        $body = '';
        $this->exchanges[] = compact('url', 'headers', 'body', 'response');
        return $response;
    }
}
