<?php

/**
 * The current Unix time, behind a class so the retry schedule and signature checks can be tested.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

class Clock
{
    public function now(): int
    {
        return time();
    }
}
