<?php

/**
 * The messages a controller shows the shopper, by kind.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Framework\Message\ManagerInterface;

final class RecordingMessages implements ManagerInterface
{
    /** @var list<array{0: string, 1: string}> */
    public array $shown = [];

    public function addSuccessMessage($message, $group = null)
    {
        $this->shown[] = ['success', (string) $message];
        return $this;
    }

    public function addNoticeMessage($message, $group = null)
    {
        $this->shown[] = ['notice', (string) $message];
        return $this;
    }

    public function addErrorMessage($message, $group = null)
    {
        $this->shown[] = ['error', (string) $message];
        return $this;
    }
}
