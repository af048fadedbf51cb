<?php
/**
 * The calls the module makes to Monogram; ApiClient makes them over HTTP.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

interface MonogramApi
{
    /**
     * POST /v1/orders.
     *
     * @param array<string, mixed> $payload
     */
    public function postOrder(array $payload, string $idempotencyKey): ApiResult;

    /** GET a path under the API URL, e.g. /v1/jobs/job_…. */
    public function get(string $path): ApiResult;

    /**
     * POST /v1/prices/quote: what a saved design costs at a quantity, in the store's terms.
     *
     * @param array<string, mixed> $request {design, quantity, variant?}
     * @param string               $customer signed customer reference (CustomerReference), or ''
     */
    public function quotePrice(array $request, string $customer): ApiResult;
}
