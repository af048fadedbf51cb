<?php

declare(strict_types=1);

namespace Magento\Framework\HTTP\Client;

/** Stand-in for the factory Magento generates. */
class CurlFactory
{
    public function create(array $data = [])
    {
        return new Curl();
    }
}
