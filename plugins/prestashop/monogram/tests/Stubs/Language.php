<?php

declare(strict_types=1);

class Language extends ObjectModel
{
    public $iso_code = 'fr';

    public static function getLanguages($active = true, $idShop = false, $idsOnly = false)
    {
        return [
            ['id_lang' => '1', 'iso_code' => 'fr'],
            ['id_lang' => '2', 'iso_code' => 'en'],
        ];
    }
}
