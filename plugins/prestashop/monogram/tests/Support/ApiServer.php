<?php
/**
 * PHP's built-in web server running tests/fixtures/api_router.php on a free loopback port.
 */

declare(strict_types=1);

final class ApiServer
{
    /** @var resource */
    private $process;

    private function __construct(public readonly string $url, $process)
    {
        $this->process = $process;
    }

    public static function start(): self
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        if ($probe === false) {
            throw new RuntimeException('no free port');
        }
        $port = (int) substr(strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);

        $router = dirname(__DIR__) . '/fixtures/api_router.php';
        $process = proc_open(
            [PHP_BINARY, '-S', '127.0.0.1:' . $port, $router],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
            null,
            // Several workers, so a deliberately slow answer does not hold up the next test.
            ['PHP_CLI_SERVER_WORKERS' => '4'] + getenv()
        );
        if (!is_resource($process)) {
            throw new RuntimeException('could not start php -S');
        }

        $deadline = microtime(true) + 10;
        while (microtime(true) < $deadline) {
            $socket = @fsockopen('127.0.0.1', $port, $errno, $errstr, 0.2);
            if ($socket !== false) {
                fclose($socket);

                return new self('http://127.0.0.1:' . $port, $process);
            }
            usleep(50_000);
        }
        proc_terminate($process);
        throw new RuntimeException('php -S did not start on port ' . $port);
    }

    public function stop(): void
    {
        proc_terminate($this->process);
        proc_close($this->process);
    }

    /** A loopback port nothing listens on. */
    public static function closedPort(): int
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);

        return $port;
    }
}
