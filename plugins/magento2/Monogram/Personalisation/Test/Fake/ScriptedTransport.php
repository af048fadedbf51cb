<?php

/**
 * Answers with prepared responses (or throws prepared exceptions) and records each request.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Monogram\Personalisation\Model\Http\Response;
use Monogram\Personalisation\Model\Http\TransportInterface;

final class ScriptedTransport implements TransportInterface
{
    /** @var list<array{url: string, headers: array<string, string>, body: string, connectTimeout: int, timeout: int}> */
    public array $requests = [];
    /** @var list<Response|\Throwable> */
    private array $answers;

    public function __construct(Response|\Throwable ...$answers)
    {
        $this->answers = $answers;
    }

    public function then(Response|\Throwable ...$answers): self
    {
        array_push($this->answers, ...$answers);
        return $this;
    }

    public function post(string $url, array $headers, string $body, int $connectTimeout, int $timeout): Response
    {
        $this->requests[] = compact('url', 'headers', 'body', 'connectTimeout', 'timeout');
        $answer = array_shift($this->answers) ?? Response::failed('no scripted answer left');
        if ($answer instanceof \Throwable) {
            throw $answer;
        }
        return $answer;
    }

    public function get(string $url, array $headers, int $connectTimeout, int $timeout): Response
    {
        return $this->post($url, $headers, '', $connectTimeout, $timeout);
    }

    /** @return array<string, mixed> */
    public function lastPayload(): array
    {
        return json_decode($this->requests[count($this->requests) - 1]['body'], true);
    }

    public static function created(string $id = 'ord_1', array $lines = [], array $headers = []): Response
    {
        return new Response(201, (string) json_encode(['id' => $id, 'status' => 'received', 'lines' => $lines]), $headers);
    }
}
