<?php

declare(strict_types=1);

namespace Magento\Framework\HTTP\Client;

/**
 * Stand-in for Magento's curl client with its observable behaviour: user options applied last,
 * the status read from the first status line, curl errors thrown as \Exception.
 */
class Curl
{
    protected $_headers = [];
    protected $_responseHeaders = [];
    protected $_responseBody = '';
    protected $_responseStatus = 0;
    protected $_timeout = 300;
    protected $_curlUserOptions = [];
    protected $_headerCount = 0;

    public function setTimeout($value)
    {
        $this->_timeout = (int) $value;
    }

    public function addHeader($name, $value)
    {
        $this->_headers[$name] = $value;
    }

    public function setOption($name, $value)
    {
        $this->_curlUserOptions[$name] = $value;
    }

    public function get($uri)
    {
        $this->makeRequest('GET', $uri);
    }

    public function post($uri, $params)
    {
        $this->makeRequest('POST', $uri, $params);
    }

    protected function makeRequest($method, $uri, $params = [])
    {
        $handle = curl_init();
        curl_setopt($handle, CURLOPT_URL, $uri);
        if ($method === 'POST') {
            curl_setopt($handle, CURLOPT_POSTFIELDS, is_array($params) ? http_build_query($params) : $params);
            curl_setopt($handle, CURLOPT_POST, 1);
        }
        if (count($this->_headers)) {
            $lines = [];
            foreach ($this->_headers as $name => $value) {
                $lines[] = $name . ': ' . $value;
            }
            curl_setopt($handle, CURLOPT_HTTPHEADER, $lines);
        }
        curl_setopt($handle, CURLOPT_TIMEOUT, $this->_timeout);
        curl_setopt($handle, CURLOPT_RETURNTRANSFER, 1);
        curl_setopt($handle, CURLOPT_HEADERFUNCTION, [$this, 'parseHeaders']);
        foreach ($this->_curlUserOptions as $name => $value) {
            curl_setopt($handle, $name, $value);
        }
        $this->_headerCount = 0;
        $this->_responseHeaders = [];
        $this->_responseBody = curl_exec($handle);
        if (curl_errno($handle)) {
            throw new \Exception(curl_error($handle));
        }
    }

    public function parseHeaders($handle, $data)
    {
        if ($this->_headerCount === 0) {
            $line = explode(' ', trim($data), 3);
            $this->_responseStatus = (int) ($line[1] ?? 0);
        } else {
            $parts = explode(': ', trim($data), 2);
            if (count($parts) === 2) {
                $this->_responseHeaders[$parts[0]] = $parts[1];
            }
        }
        $this->_headerCount++;
        return strlen($data);
    }

    public function getHeaders()
    {
        return $this->_responseHeaders;
    }

    public function getBody()
    {
        return $this->_responseBody;
    }

    public function getStatus()
    {
        return $this->_responseStatus;
    }
}
