<?php

/**
 * A one-connection-at-a-time HTTP listener on loopback, so the contract harness can take
 * Monogram's real webhook deliveries and hand them to the module's webhook controller.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

final class WebhookListener
{
    /** @var resource */
    private $server;

    public function __construct()
    {
        $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($server === false) {
            throw new \RuntimeException('cannot listen on loopback: ' . $error);
        }
        $this->server = $server;
    }

    public function url(string $path): string
    {
        return 'http://' . stream_socket_get_name($this->server, false) . $path;
    }

    /**
     * Answers each request with $answer(method, path, headers, body) → [status, JSON answer, done]
     * until one says it is done, or the time is up. Returns whether one did.
     *
     * @param callable(string, string, array<string, string>, string): array{0: int, 1: array<mixed>, 2: bool} $answer
     */
    public function serve(callable $answer, int $seconds): bool
    {
        $deadline = time() + $seconds;
        while (time() < $deadline) {
            $connection = @stream_socket_accept($this->server, max(1, $deadline - time()));
            if ($connection === false) {
                continue;
            }
            stream_set_timeout($connection, 10);
            $head = '';
            while (!str_ends_with($head, "\r\n\r\n") && ($line = fgets($connection)) !== false) {
                $head .= $line;
            }
            $lines = explode("\r\n", trim($head));
            [$method, $path] = array_pad(explode(' ', (string) array_shift($lines)), 2, '');
            $headers = [];
            foreach ($lines as $line) {
                [$name, $value] = array_pad(explode(':', $line, 2), 2, '');
                $headers[strtolower(trim($name))] = trim($value);
            }
            $body = '';
            $length = (int) ($headers['content-length'] ?? 0);
            while (strlen($body) < $length && !feof($connection)) {
                $body .= (string) fread($connection, $length - strlen($body));
            }
            [$status, $document, $done] = $answer($method, $path, $headers, $body);
            $json = (string) json_encode($document, JSON_UNESCAPED_SLASHES);
            fwrite($connection, 'HTTP/1.1 ' . $status . " Monogram harness\r\nContent-Type: application/json\r\n"
                . 'Content-Length: ' . strlen($json) . "\r\nConnection: close\r\n\r\n" . $json);
            fclose($connection);
            if ($done) {
                return true;
            }
        }

        return false;
    }
}
