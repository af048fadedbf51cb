<?php

declare(strict_types=1);

namespace Magento\Framework\App\Request;

class InvalidRequestException extends \RuntimeException
{
}
