<?php

declare(strict_types=1);

class Address extends ObjectModel
{
    public $company = '';
}
