<?php

declare(strict_types=1);

class Customer extends ObjectModel
{
    public $email = '';
    public $company = '';
    public $firstname = '';
    public $lastname = '';
    /** Set by the login, as in PrestaShop. */
    public $logged = false;
    public $is_guest = false;

    public function isLogged($withGuest = false)
    {
        return (bool) $this->logged && (int) $this->id > 0 && ($withGuest || !$this->is_guest);
    }
}
