<?php

/**
 * Encrypts into Magento's "<key version>:<cipher version>:<data>" shape, reversibly.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Framework\Encryption\EncryptorInterface;

final class ReversibleEncryptor implements EncryptorInterface
{
    public function encrypt($data)
    {
        return '0:3:' . base64_encode(strrev((string) $data));
    }

    public function decrypt($data)
    {
        $parts = explode(':', (string) $data, 3);
        return count($parts) === 3 ? strrev((string) base64_decode($parts[2], true)) : '';
    }
}
