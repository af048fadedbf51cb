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

    private function next(): ApiResult
    {
        $answer = count($this->answers) > 1 ? array_shift($this->answers) : $this->answers[0];
        if ($answer instanceof Throwable) {
            throw $answer;
        }

        return $answer;
    }
}
