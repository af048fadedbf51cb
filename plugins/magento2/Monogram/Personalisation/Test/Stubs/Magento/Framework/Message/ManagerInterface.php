<?php

declare(strict_types=1);

namespace Magento\Framework\Message;

interface ManagerInterface
{
    public function addSuccessMessage($message, $group = null);

    public function addNoticeMessage($message, $group = null);

    public function addErrorMessage($message, $group = null);
}
