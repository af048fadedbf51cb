<?php

declare(strict_types=1);

namespace Magento\Framework;

/** Stand-in with the real escaping rules for the two methods the template uses. */
class Escaper
{
    public function escapeHtmlAttr($string, $escapeSingleQuote = true)
    {
        return htmlspecialchars((string) $string, ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML5, 'UTF-8');
    }

    public function escapeUrl($string)
    {
        $string = (string) $string;
        if (preg_match('/^\s*(javascript|data|vbscript):/i', html_entity_decode($string))) {
            return '';
        }
        return htmlspecialchars($string, ENT_COMPAT | ENT_HTML5 | ENT_HTML401, 'UTF-8', false);
    }
}
