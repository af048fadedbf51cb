<?php

declare(strict_types=1);

namespace Magento\Customer\Model;

/** The storefront customer session: who is signed in, if anyone. */
class Session
{
    public function __construct(private ?int $customerId = null)
    {
    }

    public function isLoggedIn()
    {
        return $this->customerId !== null;
    }

    public function getCustomerId()
    {
        return $this->customerId;
    }
}
