<?php

declare(strict_types=1);

namespace Magento\Framework;

/** Stand-in for Magento's generic data container: getData/setData plus magic getFooBar()/setFooBar(). */
class DataObject implements \ArrayAccess
{
    /** @var array<string, mixed> */
    protected $_data = [];

    /** @param array<string, mixed> $data */
    public function __construct(array $data = [])
    {
        $this->_data = $data;
    }

    public function addData(array $arr)
    {
        foreach ($arr as $key => $value) {
            $this->setData($key, $value);
        }
        return $this;
    }

    public function setData($key, $value = null)
    {
        if ($key === (array) $key) {
            $this->_data = $key;
        } else {
            $this->_data[$key] = $value;
        }
        return $this;
    }

    public function unsetData($key = null)
    {
        if ($key === null) {
            $this->_data = [];
        } else {
            foreach ((array) $key as $one) {
                unset($this->_data[$one]);
            }
        }
        return $this;
    }

    public function getData($key = '', $index = null)
    {
        if ($key === '') {
            return $this->_data;
        }
        $value = $this->_data[$key] ?? null;
        if ($index !== null && is_array($value)) {
            return $value[$index] ?? null;
        }
        return $value;
    }

    public function hasData($key = '')
    {
        if ($key === '') {
            return !empty($this->_data);
        }
        return array_key_exists($key, $this->_data);
    }

    public function toArray(array $keys = [])
    {
        return $keys === [] ? $this->_data : array_intersect_key($this->_data, array_flip($keys));
    }

    public function isEmpty()
    {
        return empty($this->_data);
    }

    public function __call($method, $args)
    {
        $key = strtolower(trim((string) preg_replace('/([A-Z]|[0-9]+)/', '_$1', substr($method, 3)), '_'));
        switch (substr($method, 0, 3)) {
            case 'get':
                return $this->getData($key, $args[0] ?? null);
            case 'set':
                return $this->setData($key, $args[0] ?? null);
            case 'uns':
                return $this->unsetData($key);
            case 'has':
                return isset($this->_data[$key]);
        }
        throw new \BadMethodCallException(sprintf('Invalid method %s::%s', static::class, $method));
    }

    public function offsetExists(mixed $offset): bool
    {
        return isset($this->_data[$offset]);
    }

    public function offsetGet(mixed $offset): mixed
    {
        return $this->_data[$offset] ?? null;
    }

    public function offsetSet(mixed $offset, mixed $value): void
    {
        $this->_data[$offset] = $value;
    }

    public function offsetUnset(mixed $offset): void
    {
        unset($this->_data[$offset]);
    }
}
