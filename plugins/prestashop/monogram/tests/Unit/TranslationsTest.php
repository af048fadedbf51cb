<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/**
 * Every string shown to merchants or shoppers has its French translation.
 */
final class TranslationsTest extends TestCase
{
    public function testEveryStringHasAFrenchTranslation(): void
    {
        $root = dirname(__DIR__, 2);
        $_MODULE = [];
        require $root . '/translations/fr.php';

        $missing = [];
        $strings = monogram_translatable_strings($root);
        foreach ($strings as [$source, $string]) {
            $key = monogram_translation_key($source, $string);
            if (!isset($_MODULE[$key]) || trim($_MODULE[$key]) === '') {
                $missing[] = $key . ' ← ' . $string;
            }
        }

        $this->assertGreaterThan(40, count($strings));
        $this->assertSame([], $missing, 'add these to translations/fr.php');
    }

    public function testPlaceholdersSurviveTranslation(): void
    {
        $root = dirname(__DIR__, 2);
        $_MODULE = [];
        require $root . '/translations/fr.php';

        foreach (monogram_translatable_strings($root) as [$source, $string]) {
            $translated = $_MODULE[monogram_translation_key($source, $string)] ?? '';
            preg_match_all('/%[sd]/', $string, $expected);
            preg_match_all('/%[sd]/', $translated, $actual);
            $this->assertSame($expected[0], $actual[0], $string);
        }
    }
}
