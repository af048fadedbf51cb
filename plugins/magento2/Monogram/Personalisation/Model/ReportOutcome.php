<?php

/**
 * What a report attempt means for the order: reported, worth trying again, or refused for good.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

enum ReportOutcome: string
{
    case Done = 'done';
    case Retry = 'retry';
    case Permanent = 'permanent';
}
