<?php

declare(strict_types=1);

class Product extends ObjectModel
{
    public const CUSTOMIZE_FILE = 0;
    public const CUSTOMIZE_TEXTFIELD = 1;

    public $customizable = 0;
    public $text_fields = 0;
}
