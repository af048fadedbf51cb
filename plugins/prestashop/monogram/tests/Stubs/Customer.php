<?php

declare(strict_types=1);

class Customer extends ObjectModel
{
    public $email = '';
    public $company = '';
    public $firstname = '';
    public $lastname = '';
}
