<?php

/**
 * A database adapter that records the calls and answers with prepared rows.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Fake;

use Magento\Framework\DB\Adapter\AdapterInterface;

final class RecordingAdapter implements AdapterInterface
{
    public array $calls = [];
    public mixed $row = false;
    public array $rows = [];
    public int $affected = 1;

    public function insertOnDuplicate($table, array $data, array $fields = [])
    {
        $this->calls[] = ['insertOnDuplicate', $table, $data, $fields];
        return 1;
    }

    public function update($table, array $bind, $where = '')
    {
        $this->calls[] = ['update', $table, $bind, $where];
        return $this->affected;
    }

    public function fetchRow($sql, $bind = [], $fetchMode = null)
    {
        $this->calls[] = ['fetchRow', $sql, $bind];
        return $this->row;
    }

    public function fetchAll($sql, $bind = [], $fetchMode = null)
    {
        $this->calls[] = ['fetchAll', $sql, $bind];
        return $this->rows;
    }

    public function quoteIdentifier($ident, $auto = false)
    {
        return '`' . $ident . '`';
    }
}
