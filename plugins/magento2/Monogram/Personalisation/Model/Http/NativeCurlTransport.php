<?php

/**
 * The transport on plain PHP curl, for tests and the contract harness (no Magento needed).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Http;

class NativeCurlTransport implements TransportInterface
{
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
        $handle = curl_init();
        $received = [];
        if ($body !== null) {
            curl_setopt_array($handle, [CURLOPT_POST => true, CURLOPT_POSTFIELDS => $body]);
        }
        curl_setopt_array($handle, [
            CURLOPT_URL => $url,
            CURLOPT_HTTPHEADER => HeaderLines::from($headers),
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_CONNECTTIMEOUT => $connectTimeout,
            CURLOPT_TIMEOUT => $timeout,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use (&$received): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $received[strtolower(trim($parts[0]))] = trim($parts[1]);
                }
                return strlen($line);
            },
        ]);
        $responseBody = curl_exec($handle);
        $errno = curl_errno($handle);
        $error = curl_error($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        curl_close($handle);

        if ($errno !== 0 || !is_string($responseBody)) {
            $message = $error !== '' ? $error : 'curl error ' . $errno;
            return Response::failed($message, $errno === CURLE_OPERATION_TIMEDOUT);
        }
        return new Response($status, $responseBody, $received);
    }
}
