<?php

declare(strict_types=1);

namespace Magento\Framework\DB\Adapter;

/** Stand-in: the methods of Magento's database adapter the queue storage uses. */
interface AdapterInterface
{
    public function insertOnDuplicate($table, array $data, array $fields = []);

    public function update($table, array $bind, $where = '');

    public function fetchRow($sql, $bind = [], $fetchMode = null);

    public function fetchAll($sql, $bind = [], $fetchMode = null);

    public function quoteIdentifier($ident, $auto = false);
}
