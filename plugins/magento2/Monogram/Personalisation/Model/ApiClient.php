<?php

/**
 * Reports a placed order to Monogram (POST /v1/orders) and classifies the answer:
 * 2xx done; 408, 429, 5xx and network failures worth retrying; any other 4xx refused for good.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\Http\TransportInterface;

class ApiClient
{
    public const USER_AGENT = 'Monogram-Magento/1.0';

    /** Checkout waits at most $connectTimeout seconds to connect and $timeout seconds in all. */
    public function __construct(
        private readonly Config $config,
        private readonly TransportInterface $transport,
        private readonly int $connectTimeout = 2,
        private readonly int $timeout = 5
    ) {
    }

    /** @param array<string, mixed> $payload */
    public function reportOrder(array $payload, ?int $storeId): ReportResult
    {
        $baseUrl = $this->config->apiUrl($storeId);
        $secretKey = $this->config->secretKey($storeId);
        if ($baseUrl === '' || $secretKey === '') {
            // Kept for retry: the merchant may be entering the keys right now.
            $error = 'Monogram is not configured: API URL or secret key missing';
            return new ReportResult(ReportOutcome::Retry, 0, null, $error);
        }
        try {
            $body = json_encode($payload, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
            $response = $this->transport->post(
                $baseUrl . '/v1/orders',
                [
                    'Authorization' => 'Bearer ' . $secretKey,
                    'Content-Type' => 'application/json',
                    'Accept' => 'application/json',
                    'Idempotency-Key' => self::idempotencyKey($payload),
                    'User-Agent' => self::USER_AGENT,
                ],
                $body,
                $this->connectTimeout,
                $this->timeout
            );
        } catch (\Throwable $exception) {
            return new ReportResult(ReportOutcome::Retry, 0, null, $exception->getMessage());
        }
        return self::classify($response);
    }

    /**
     * POST /v1/prices/quote for a cart line: the decoded quote, or null when Monogram did not
     * give one (the shopper waits on it, so never an exception, and short timeouts).
     *
     * @param array<string, mixed> $request {design, quantity, variant?}
     * @param string $customer the signed customer reference, or ''
     * @return array<string, mixed>|null
     */
    public function quotePrice(array $request, string $customer, ?int $storeId, ?string &$error = null): ?array
    {
        $baseUrl = $this->config->apiUrl($storeId);
        $secretKey = $this->config->secretKey($storeId);
        if ($baseUrl === '' || $secretKey === '') {
            $error = 'Monogram is not configured: API URL or secret key missing';
            return null;
        }
        $headers = [
            'Authorization' => 'Bearer ' . $secretKey,
            'Content-Type' => 'application/json',
            'Accept' => 'application/json',
            'User-Agent' => self::USER_AGENT,
        ];
        if ($customer !== '') {
            $headers['Monogram-Customer'] = $customer;
        }
        try {
            $body = json_encode($request, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
            $response = $this->transport->post($baseUrl . '/v1/prices/quote', $headers, $body, 1, 3);
        } catch (\Throwable $exception) {
            $error = $exception->getMessage();
            return null;
        }
        $result = self::classify($response);
        if ($result->outcome !== ReportOutcome::Done || !is_array($result->body)) {
            $error = $result->error ?? 'unexpected answer';
            return null;
        }
        return $result->body;
    }

    /**
     * GET /v1/quotes/{id}/cart?token=…: what an accepted quote puts in the cart. Returns the HTTP
     * status (0 without an answer) and the decoded body.
     *
     * @return array{0: int, 1: array<string, mixed>|null}
     */
    public function quoteCart(string $quoteId, string $token, ?int $storeId): array
    {
        $baseUrl = $this->config->apiUrl($storeId);
        $secretKey = $this->config->secretKey($storeId);
        if ($baseUrl === '' || $secretKey === '') {
            return [0, null];
        }
        try {
            $response = $this->transport->get(
                $baseUrl . '/v1/quotes/' . rawurlencode($quoteId) . '/cart?token=' . rawurlencode($token),
                ['Authorization' => 'Bearer ' . $secretKey, 'Accept' => 'application/json', 'User-Agent' => self::USER_AGENT],
                $this->connectTimeout,
                $this->timeout
            );
        } catch (\Throwable) {
            return [0, null];
        }
        if ($response->error !== null) {
            return [0, null];
        }
        return [$response->status, self::decode($response->body)];
    }

    /** @param array<string, mixed> $payload */
    public static function idempotencyKey(array $payload): string
    {
        return 'magento-' . (string) ($payload['platform_order_id'] ?? '');
    }

    public static function classify(Response $response): ReportResult
    {
        $status = $response->status;
        $body = self::decode($response->body);
        if ($response->error !== null || $status === 0) {
            $reason = $response->timedOut ? 'timed out: ' : 'unreachable: ';
            return new ReportResult(ReportOutcome::Retry, 0, null, $reason . ($response->error ?? 'no answer'));
        }
        if ($status >= 200 && $status < 300) {
            $replayed = strtolower((string) $response->header('Idempotent-Replayed')) === 'true';
            return new ReportResult(ReportOutcome::Done, $status, $body, null, null, $replayed);
        }
        $error = self::describe($status, $body);
        if ($status === 408 || $status === 429 || $status >= 500) {
            return new ReportResult(ReportOutcome::Retry, $status, $body, $error, self::retryAfter($response));
        }
        if ($status >= 400) {
            return new ReportResult(ReportOutcome::Permanent, $status, $body, $error);
        }
        // 1xx or 3xx: a proxy or a wrong URL; worth retrying once the merchant fixes it.
        return new ReportResult(ReportOutcome::Retry, $status, $body, 'unexpected answer');
    }

    /** @return array<string, mixed>|null */
    private static function decode(string $body): ?array
    {
        if ($body === '') {
            return null;
        }
        $decoded = json_decode($body, true);
        return is_array($decoded) ? $decoded : null;
    }

    /** @param array<string, mixed>|null $body the error envelope {code, status, message, errors} */
    private static function describe(int $status, ?array $body): string
    {
        $message = is_string($body['message'] ?? null) ? $body['message'] : (string) ($body['status'] ?? 'error');
        $details = [];
        foreach ((array) ($body['errors'] ?? []) as $key => $error) {
            if (is_array($error) && isset($error['message'])) {
                $details[] = trim(($error['path'] ?? '') . ': ' . $error['message'], ': ');
            } elseif (is_string($key)) {
                $details[] = $key . ': ' . (is_scalar($error) ? (string) $error : json_encode($error));
            }
        }
        $text = $details === [] ? $message : $message . ' (' . implode('; ', $details) . ')';
        return mb_substr($text, 0, 1000);
    }

    private static function retryAfter(Response $response): ?int
    {
        $value = trim((string) $response->header('Retry-After'));
        if ($value === '') {
            return null;
        }
        if (ctype_digit($value)) {
            return (int) $value;
        }
        $time = strtotime($value);
        return $time === false ? null : max(0, $time - time());
    }
}
