<?php

declare(strict_types=1);

namespace Magento\Framework\Serialize\Serializer;

/** Stand-in with Magento's behaviour: throws \InvalidArgumentException on what it cannot handle. */
class Json
{
    public function serialize($data)
    {
        $result = json_encode($data);
        if ($result === false) {
            throw new \InvalidArgumentException('Unable to serialize value. Error: ' . json_last_error_msg());
        }
        return $result;
    }

    public function unserialize($string)
    {
        if ($string === null || $string === '') {
            throw new \InvalidArgumentException('Unable to unserialize value.');
        }
        $result = json_decode($string, true);
        if (json_last_error() !== JSON_ERROR_NONE) {
            throw new \InvalidArgumentException('Unable to unserialize value. Error: ' . json_last_error_msg());
        }
        return $result;
    }
}
