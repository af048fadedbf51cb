<?php

/**
 * PHP's built-in server on a free loopback port, routed by Test/fixtures/monogram_api.php.
 * One per test run, started on first use and stopped at exit.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

final class ApiServer
{
    private static ?self $instance = null;

    /** @var resource */
    private $process;
    public readonly string $stateFile;

    private function __construct(public readonly int $port)
    {
        $this->stateFile = (string) tempnam(sys_get_temp_dir(), 'monogram-api-');
        $router = dirname(__DIR__) . '/fixtures/monogram_api.php';
        $env = ['MONOGRAM_FAKE_STATE' => $this->stateFile, 'PATH' => (string) getenv('PATH')];
        $process = proc_open(
            [PHP_BINARY, '-S', '127.0.0.1:' . $port, $router],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
            null,
            $env
        );
        if (!is_resource($process)) {
            throw new \RuntimeException('could not start php -S');
        }
        $this->process = $process;
        $deadline = microtime(true) + 10;
        while (microtime(true) < $deadline) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $error, 0.2);
            if ($socket !== false) {
                fclose($socket);
                return;
            }
            usleep(50_000);
        }
        $this->stop();
        throw new \RuntimeException('php -S did not start on port ' . $port);
    }

    public static function get(): self
    {
        if (self::$instance === null) {
            self::$instance = new self(self::freePort());
            register_shutdown_function(static function (): void {
                self::$instance?->stop();
            });
        }
        return self::$instance;
    }

    public function url(string $path = ''): string
    {
        return 'http://127.0.0.1:' . $this->port . $path;
    }

    /** Forgets the orders the fake backend has stored. */
    public function reset(): void
    {
        file_put_contents($this->stateFile, '{}');
    }

    public function stop(): void
    {
        if (is_resource($this->process)) {
            proc_terminate($this->process);
            proc_close($this->process);
        }
        if (is_file($this->stateFile)) {
            unlink($this->stateFile);
        }
    }

    public static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($socket === false) {
            throw new \RuntimeException('no free port: ' . $error);
        }
        $name = (string) stream_socket_get_name($socket, false);
        fclose($socket);
        return (int) substr($name, strrpos($name, ':') + 1);
    }
}
