<?php

/**
 * Magento's global translation function, returning the English text with %1, %2… filled in.
 */

declare(strict_types=1);

if (!function_exists('__')) {
    function __(string $text, mixed ...$arguments): string
    {
        if (count($arguments) === 1 && is_array($arguments[0])) {
            $arguments = $arguments[0];
        }
        foreach (array_values($arguments) as $index => $argument) {
            $text = str_replace('%' . ($index + 1), (string) $argument, $text);
        }
        return $text;
    }
}
