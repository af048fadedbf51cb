<?php
/**
 * The module's translatable strings and their keys in PrestaShop's legacy translation files
 * (translations/<iso>.php), as Translate::getModuleTranslation looks them up.
 */

declare(strict_types=1);

/**
 * @return list<array{0: string, 1: string}> [source (file name without extension), string]
 */
function monogram_translatable_strings(string $root): array
{
    $found = [];
    preg_match_all("/->l\\('((?:[^'\\\\]|\\\\.)*)'\\)/", (string) file_get_contents($root . '/monogram.php'), $m);
    foreach ($m[1] as $string) {
        $found[] = ['monogram', stripslashes($string)];
    }
    // Front controllers name their own source: $this->module->l('…', 'quote').
    foreach (glob($root . '/controllers/front/*.php') ?: [] as $controller) {
        preg_match_all("/->l\\('((?:[^'\\\\]|\\\\.)*)', '(\\w+)'\\)/", (string) file_get_contents($controller), $m, PREG_SET_ORDER);
        foreach ($m as $match) {
            $found[] = [$match[2], stripslashes($match[1])];
        }
    }
    foreach (glob($root . '/views/templates/*/*.tpl') ?: [] as $template) {
        preg_match_all("/\\{l s='((?:[^'\\\\]|\\\\.)*)' mod='monogram'/", (string) file_get_contents($template), $m);
        foreach ($m[1] as $string) {
            $found[] = [basename($template, '.tpl'), stripslashes($string)];
        }
    }

    return array_values(array_unique($found, SORT_REGULAR));
}

function monogram_translation_key(string $source, string $string): string
{
    return strtolower('<{monogram}prestashop>' . $source) . '_' . md5(str_replace("'", "\\'", $string));
}
