<?php

declare(strict_types=1);

class Currency extends ObjectModel
{
    public $iso_code = '';
    public $precision = 2;
}
