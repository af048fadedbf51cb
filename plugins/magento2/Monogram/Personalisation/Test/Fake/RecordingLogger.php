<?php

/**
 * Keeps every log record so tests can read what the module told the merchant's logs.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Psr\Log\LoggerInterface;

final class RecordingLogger implements LoggerInterface
{
    /** @var list<array{0: string, 1: string}> */
    public array $records = [];

    public function emergency($message, array $context = [])
    {
        $this->log('emergency', $message, $context);
    }

    public function alert($message, array $context = [])
    {
        $this->log('alert', $message, $context);
    }

    public function critical($message, array $context = [])
    {
        $this->log('critical', $message, $context);
    }

    public function error($message, array $context = [])
    {
        $this->log('error', $message, $context);
    }

    public function warning($message, array $context = [])
    {
        $this->log('warning', $message, $context);
    }

    public function notice($message, array $context = [])
    {
        $this->log('notice', $message, $context);
    }

    public function info($message, array $context = [])
    {
        $this->log('info', $message, $context);
    }

    public function debug($message, array $context = [])
    {
        $this->log('debug', $message, $context);
    }

    public function log($level, $message, array $context = [])
    {
        $this->records[] = [(string) $level, (string) $message];
    }

    /** @return list<string> */
    public function messages(string $level): array
    {
        return array_values(array_map(
            static fn (array $record): string => $record[1],
            array_filter($this->records, static fn (array $record): bool => $record[0] === $level)
        ));
    }
}
