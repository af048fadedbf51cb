<?php

declare(strict_types=1);

class CustomerThread extends ObjectModel
{
    public $id_contact;
    public $id_customer;
    public $id_shop;
    public $id_order;
    public $id_lang;
    public $email;
    public $status;
    public $token;

    public static function getIdCustomerThreadByEmailAndIdOrder($email, $idOrder)
    {
        foreach (self::all() as $thread) {
            if ($thread->email === $email && (int) $thread->id_order === (int) $idOrder) {
                return (int) $thread->id;
            }
        }

        return false;
    }
}
