<?php

declare(strict_types=1);

namespace Magento\Framework\App\Action;

use Magento\Framework\App\ActionInterface;

interface HttpGetActionInterface extends ActionInterface
{
}
