<?php
/**
 * PrestaShop's global SQL-escaping helpers, over the stand-in Db.
 */

declare(strict_types=1);

function pSQL($string, $htmlOK = false)
{
    return Db::getInstance()->escape($string, $htmlOK, false);
}

function bqSQL($string)
{
    return str_replace('`', '\`', pSQL($string));
}
