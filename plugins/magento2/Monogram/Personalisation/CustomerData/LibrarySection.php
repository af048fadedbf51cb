<?php

/**
 * The "monogram" private-content section: the signed-in customer's reference for the widget.
 * Product pages are cached for every visitor, so it cannot be in their HTML; Magento loads
 * sections per browser (customer/section/load), and the template's script puts it on the tag.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\CustomerData;

use Magento\Customer\CustomerData\SectionSourceInterface;
use Magento\Customer\Model\Session;
use Monogram\Personalisation\Model\Clock;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\CustomerReference;

class LibrarySection implements SectionSourceInterface
{
    public function __construct(
        private readonly Session $session,
        private readonly Config $config,
        private readonly Clock $clock
    ) {
    }

    /** @return array{customer: string} empty for a guest, or when the store has no secret key */
    public function getSectionData()
    {
        $customerId = $this->session->isLoggedIn() ? (int) $this->session->getCustomerId() : 0;
        $secretKey = $this->config->secretKey();
        if ($customerId <= 0 || $secretKey === '' || !$this->config->canMountLoader()) {
            return ['customer' => ''];
        }
        $expires = $this->clock->now() + CustomerReference::LIFETIME;
        return ['customer' => CustomerReference::sign($secretKey, $customerId, $expires)];
    }
}
