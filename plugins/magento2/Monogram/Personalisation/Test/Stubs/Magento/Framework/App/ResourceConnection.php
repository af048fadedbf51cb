<?php

declare(strict_types=1);

namespace Magento\Framework\App;

use Magento\Framework\DB\Adapter\AdapterInterface;

class ResourceConnection
{
    public function __construct(private AdapterInterface $connection, private string $prefix = '')
    {
    }

    public function getConnection($resourceName = 'default')
    {
        return $this->connection;
    }

    public function getTableName($modelEntity, $connectionName = 'default')
    {
        return $this->prefix . $modelEntity;
    }
}
