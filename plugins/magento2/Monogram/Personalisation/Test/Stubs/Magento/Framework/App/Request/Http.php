<?php

declare(strict_types=1);

namespace Magento\Framework\App\Request;

use Magento\Framework\App\RequestInterface;

class Http implements RequestInterface
{
    /**
     * @param array<string, string> $headers
     * @param array<string, string> $params query and form parameters
     */
    public function __construct(
        private string $content = '',
        private array $headers = [],
        private string $method = 'POST',
        private array $params = []
    ) {
    }

    public function getParam($key, $defaultValue = null)
    {
        return $this->params[$key] ?? $defaultValue;
    }

    public function getContent()
    {
        return $this->content;
    }

    public function getHeader($name, $default = false)
    {
        foreach ($this->headers as $header => $value) {
            if (strcasecmp($header, $name) === 0) {
                return $value;
            }
        }
        return $default;
    }

    public function getMethod()
    {
        return $this->method;
    }
}
