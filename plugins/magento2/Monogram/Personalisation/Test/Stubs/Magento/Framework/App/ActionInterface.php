<?php

declare(strict_types=1);

namespace Magento\Framework\App;

interface ActionInterface
{
    public function execute();
}
