<?php
/**
 * HTTP to the Monogram API over curl, with timeouts short enough to run inside a checkout.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class ApiClient implements MonogramApi
{
    public const CONNECT_TIMEOUT_MS = 2000;
    public const TIMEOUT_MS = 5000;

    public function __construct(
        private readonly string $baseUrl,
        private readonly string $secretKey,
        private readonly int $connectTimeoutMs = self::CONNECT_TIMEOUT_MS,
        private readonly int $timeoutMs = self::TIMEOUT_MS,
        private readonly string $userAgent = 'monogram-prestashop',
    ) {
    }

    /**
     * POST /v1/orders; the Idempotency-Key makes a retry of the same order harmless.
     *
     * @param array<string, mixed> $payload
     */
    public function postOrder(array $payload, string $idempotencyKey): ApiResult
    {
        $body = json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        if ($body === false) {
            return ApiResult::fromResponse(422, '{"message": "the order could not be encoded as JSON"}');
        }

        return $this->request('POST', '/v1/orders', $body, ['Idempotency-Key: ' . $idempotencyKey]);
    }

    /**
     * POST /v1/prices/quote; a signed-in customer's reference gets their company's price list.
     *
     * @param array<string, mixed> $request
     */
    public function quotePrice(array $request, string $customer): ApiResult
    {
        $body = json_encode($request, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        if ($body === false) {
            return ApiResult::fromResponse(422, '{"message": "the quote request could not be encoded as JSON"}');
        }

        return $this->request('POST', '/v1/prices/quote', $body, $customer !== '' ? ['Monogram-Customer: ' . $customer] : []);
    }

    public function get(string $path): ApiResult
    {
        return $this->request('GET', $path, null, []);
    }

    /**
     * @param list<string> $extraHeaders
     */
    public function request(string $method, string $path, ?string $body, array $extraHeaders): ApiResult
    {
        if ($this->baseUrl === '' || $this->secretKey === '') {
            return ApiResult::fromTransportError('Monogram is not configured: API URL or secret key missing');
        }
        if (!function_exists('curl_init')) {
            return ApiResult::fromTransportError('the PHP curl extension is missing');
        }

        $headers = array_merge([
            'Authorization: Bearer ' . $this->secretKey,
            'Accept: application/json',
            'User-Agent: ' . $this->userAgent,
        ], $extraHeaders);
        if ($body !== null) {
            $headers[] = 'Content-Type: application/json';
        }

        $responseHeaders = [];
        $handle = curl_init(rtrim($this->baseUrl, '/') . $path);
        curl_setopt_array($handle, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_CONNECTTIMEOUT_MS => $this->connectTimeoutMs,
            CURLOPT_TIMEOUT_MS => $this->timeoutMs,
            // Without it, libcurl's DNS resolution ignores timeouts under one second.
            CURLOPT_NOSIGNAL => true,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use (&$responseHeaders): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $responseHeaders[strtolower(trim($parts[0]))] = trim($parts[1]);
                }

                return strlen($line);
            },
        ]);
        if ($body !== null) {
            curl_setopt($handle, CURLOPT_POSTFIELDS, $body);
        }

        $raw = curl_exec($handle);
        $errno = curl_errno($handle);
        $error = curl_error($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        curl_close($handle);

        if ($errno !== 0 || !is_string($raw)) {
            $kind = $errno === CURLE_OPERATION_TIMEDOUT ? 'timeout' : 'network error';

            return ApiResult::fromTransportError(sprintf('%s (curl %d): %s', $kind, $errno, $error));
        }

        return ApiResult::fromResponse($status, $raw, $responseHeaders);
    }
}
