<?php

/**
 * A clock the test moves by hand.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Monogram\Personalisation\Model\Clock;

final class FixedClock extends Clock
{
    public function __construct(public int $time = 1_760_000_000)
    {
    }

    public function now(): int
    {
        return $this->time;
    }

    public function advance(int $seconds): void
    {
        $this->time += $seconds;
    }
}
