<?php

declare(strict_types=1);

class Validate
{
    public static function isLoadedObject($object)
    {
        return is_object($object) && $object->id;
    }
}
