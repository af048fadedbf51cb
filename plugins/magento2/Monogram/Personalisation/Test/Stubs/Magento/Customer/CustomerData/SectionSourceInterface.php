<?php

declare(strict_types=1);

namespace Magento\Customer\CustomerData;

interface SectionSourceInterface
{
    /**
     * @return array
     */
    public function getSectionData();
}
