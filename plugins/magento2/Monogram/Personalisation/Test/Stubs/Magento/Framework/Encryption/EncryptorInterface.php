<?php

declare(strict_types=1);

namespace Magento\Framework\Encryption;

/** Stand-in: only the two methods around the module's secrets. */
interface EncryptorInterface
{
    public function encrypt($data);

    public function decrypt($data);
}
