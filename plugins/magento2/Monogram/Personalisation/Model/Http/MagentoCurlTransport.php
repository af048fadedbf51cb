<?php

/**
 * The production transport, on Magento's own curl client (one fresh client per request).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Http;

use Magento\Framework\HTTP\Client\CurlFactory;

class MagentoCurlTransport implements TransportInterface
{
    public function __construct(private readonly CurlFactory $curlFactory)
    {
    }

    public function post(string $url, array $headers, string $body, int $connectTimeout, int $timeout): Response
    {
        return $this->send($url, $headers, $body, $connectTimeout, $timeout);
    }

    public function get(string $url, array $headers, int $connectTimeout, int $timeout): Response
    {
        return $this->send($url, $headers, null, $connectTimeout, $timeout);
    }

    /** @param array<string, string> $headers */
    private function send(string $url, array $headers, ?string $body, int $connectTimeout, int $timeout): Response
    {
        $curl = $this->curlFactory->create();
        $curl->setTimeout($timeout);
        $curl->setOption(CURLOPT_CONNECTTIMEOUT, $connectTimeout);
        $curl->setOption(CURLOPT_NOSIGNAL, true);
        $curl->setOption(CURLOPT_FOLLOWLOCATION, false);
        // Set as a raw option: the client's own header list cannot switch off "Expect: 100-continue",
        // whose interim status its header parser would take for the answer.
        $curl->setOption(CURLOPT_HTTPHEADER, HeaderLines::from($headers));
        try {
            if ($body === null) {
                $curl->get($url);
            } else {
                $curl->post($url, $body);
            }
        } catch (\Exception $exception) {
            $message = $exception->getMessage();
            return Response::failed($message, stripos($message, 'timed out') !== false);
        }
        $received = [];
        foreach ((array) $curl->getHeaders() as $name => $value) {
            $received[(string) $name] = is_array($value) ? implode(', ', $value) : (string) $value;
        }
        return new Response((int) $curl->getStatus(), (string) $curl->getBody(), $received);
    }
}
