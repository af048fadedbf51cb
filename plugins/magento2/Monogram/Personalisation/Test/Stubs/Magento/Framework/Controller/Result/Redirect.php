<?php

declare(strict_types=1);

namespace Magento\Framework\Controller\Result;

class Redirect
{
    public string $path = '';

    public function setPath($path, array $params = [])
    {
        $this->path = (string) $path;
        return $this;
    }
}
