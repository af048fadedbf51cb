<?php

declare(strict_types=1);

namespace Magento\Framework\Controller\Result;

class Json
{
    public int $httpCode = 200;
    public mixed $data = null;

    public function setHttpResponseCode($httpCode)
    {
        $this->httpCode = (int) $httpCode;
        return $this;
    }

    public function setData($data, $cycleCheck = false, $options = [])
    {
        $this->data = $data;
        return $this;
    }
}
