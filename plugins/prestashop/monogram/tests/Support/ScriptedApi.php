<?php
/**
 * A MonogramApi answering from a script, recording what it was asked.
 */

declare(strict_types=1);

use Monogram\PrestaShop\ApiResult;
use Monogram\PrestaShop\MonogramApi;

final class ScriptedApi implements MonogramApi
{
    /** @var list<array{payload: array<string, mixed>, key: string}> */
    public array $orders = [];

    /** @var list<string> */
    public array $gets = [];

    /** @var list<array{request: array<string, mixed>, customer: string}> */
    public array $quotes = [];

    /** Prices quote requests: request → ApiResult; without it they take the scripted answers. */
    public ?Closure $pricer = null;

    /**
     * @param list<ApiResult|Throwable> $answers given in turn; the last one repeats
     */
    public function __construct(private array $answers)
    {
    }

    public static function created(string $orderId = 'ord_1', array $lines = []): ApiResult
    {
        return ApiResult::fromResponse(201, (string) json_encode([
            'id' => $orderId, 'platform_order_id' => '1042', 'status' => 'open', 'lines' => $lines,
        ]));
    }

    public static function status(int $status): ApiResult
    {
        return ApiResult::fromResponse($status, '{"code": ' . $status . ', "message": "scripted"}');
    }

    public function postOrder(array $payload, string $idempotencyKey): ApiResult
    {
        $this->orders[] = ['payload' => $payload, 'key' => $idempotencyKey];

        return $this->next();
    }

    public function get(string $path): ApiResult
    {
        $this->gets[] = $path;

        return $this->next();
    }

    public function quotePrice(array $request, string $customer): ApiResult
    {
        $this->quotes[] = ['request' => $request, 'customer' => $customer];

        return $this->pricer !== null ? ($this->pricer)($request) : $this->next();
    }

    /** A /v1/prices/quote answer for one piece at $unitPrice minor units. */
    public static function quote(int $unitPrice, int $quantity, string $currency = 'EUR', bool $taxIncluded = true): ApiResult
    {
        return ApiResult::fromResponse(200, (string) json_encode([
            'currency' => $currency, 'quantity' => $quantity, 'unit_price' => $unitPrice,
            'total' => $unitPrice * $quantity, 'tax' => 0, 'tax_included' => $taxIncluded, 'breakdown' => [],
        ]));
    }

    private function next(): ApiResult
    {
        $answer = count($this->answers) > 1 ? array_shift($this->answers) : $this->answers[0];
        if ($answer instanceof Throwable) {
            throw $answer;
        }

        return $answer;
    }
}
