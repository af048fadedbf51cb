<?php

declare(strict_types=1);

namespace Magento\Framework\Locale;

interface ResolverInterface
{
    public function getLocale();
}
