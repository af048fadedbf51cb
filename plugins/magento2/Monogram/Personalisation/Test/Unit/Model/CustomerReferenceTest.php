<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Monogram\Personalisation\Model\CustomerReference;
use PHPUnit\Framework\TestCase;

/**
 * The reference Monogram checks: the known answer is shared with the backend's tests
 * (tests/services/test_customers.py), so both sides compute the same signature.
 */
class CustomerReferenceTest extends TestCase
{
    public function testTheSignatureIsTheKnownAnswer(): void
    {
        $this->assertSame(
            'mcr1.42.1900000000.29eb3d1233adbcf1be25943ada9b4e701b136dcc6a23e00528ebb91517699ce7',
            CustomerReference::sign('sk_test_secret0123456789', 42, 1900000000)
        );
    }

    public function testTheKeyIsTheSecretKeysHexSha256(): void
    {
        $key = hash('sha256', 'sk_other');

        $this->assertSame(
            'mcr1.7.1800000000.' . hash_hmac('sha256', 'mcr1.7.1800000000', $key),
            CustomerReference::sign('sk_other', 7, 1800000000)
        );
    }
}
