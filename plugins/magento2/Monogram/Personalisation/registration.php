<?php

/**
 * Registers the Monogram_Personalisation module with Magento's component registrar.
 */

declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Monogram_Personalisation', __DIR__);
