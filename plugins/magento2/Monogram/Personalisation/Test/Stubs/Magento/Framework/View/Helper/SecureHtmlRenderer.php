<?php

declare(strict_types=1);

namespace Magento\Framework\View\Helper;

class SecureHtmlRenderer
{
    public function renderTag(string $tagName, array $attributes, ?string $content = null, bool $textContent = true): string
    {
        $attributes['nonce'] = 'test-nonce';
        $html = '<' . $tagName;
        foreach ($attributes as $name => $value) {
            $html .= ' ' . $name . '="' . htmlspecialchars((string) $value, ENT_QUOTES) . '"';
        }
        $body = $textContent ? htmlspecialchars((string) $content) : (string) $content;
        return $html . '>' . $body . '</' . $tagName . '>';
    }
}
