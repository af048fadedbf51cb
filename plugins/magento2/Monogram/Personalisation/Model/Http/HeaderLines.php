<?php

/**
 * Turns a header map into curl's "Name: value" lines.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model\Http;

final class HeaderLines
{
    /**
     * @param array<string, string> $headers
     * @return list<string>
     */
    public static function from(array $headers): array
    {
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . str_replace(["\r", "\n"], '', $value);
        }
        // curl otherwise sends "Expect: 100-continue" on larger bodies and waits for an interim answer.
        $lines[] = 'Expect:';
        return $lines;
    }
}
