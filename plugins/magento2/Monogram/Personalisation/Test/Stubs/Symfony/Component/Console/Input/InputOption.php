<?php

declare(strict_types=1);

namespace Symfony\Component\Console\Input;

class InputOption
{
    public const VALUE_NONE = 1;
}
