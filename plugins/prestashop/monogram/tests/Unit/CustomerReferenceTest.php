<?php

declare(strict_types=1);

use Monogram\PrestaShop\CustomerReference;
use PHPUnit\Framework\TestCase;

/**
 * The reference Monogram checks: the known answer is shared with the backend's tests
 * (tests/services/test_customers.py), so both sides compute the same signature.
 */
final class CustomerReferenceTest extends TestCase
{
    private const SECRET = 'sk_test_secret0123456789';
    private const KNOWN = 'mcr1.42.1900000000.29eb3d1233adbcf1be25943ada9b4e701b136dcc6a23e00528ebb91517699ce7';

    public function testTheSignatureIsTheKnownAnswer(): void
    {
        $this->assertSame(self::KNOWN, CustomerReference::sign(self::SECRET, 42, 1900000000));
    }

    public function testASignedInCustomerGetsAReferenceForTheDay(): void
    {
        $customer = new Customer(42);
        $customer->id = 42;
        $customer->logged = true;

        $reference = CustomerReference::forCustomer(self::SECRET, $customer, 1900000000 - CustomerReference::LIFETIME);

        $this->assertSame(self::KNOWN, $reference);
    }

    public function testGuestsAndUnconfiguredShopsGetNone(): void
    {
        $guest = new Customer();
        $this->assertSame('', CustomerReference::forCustomer(self::SECRET, $guest, 1900000000));
        $this->assertSame('', CustomerReference::forCustomer(self::SECRET, null, 1900000000));

        $signedIn = new Customer();
        $signedIn->id = 42;
        $signedIn->logged = true;
        $this->assertSame('', CustomerReference::forCustomer('', $signedIn, 1900000000));
    }
}
