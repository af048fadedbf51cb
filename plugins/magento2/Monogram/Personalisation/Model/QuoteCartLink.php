<?php

/**
 * The link of an accepted Monogram quote ("devis"): puts the quoted design in the shopper's cart
 * at the quoted quantity and price, read from Monogram (GET /v1/quotes/{id}/cart) with the
 * secret key; the link itself carries only the quote id and its acceptance token.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Catalog\Api\ProductRepositoryInterface;
use Magento\Framework\DataObject;
use Magento\Framework\Exception\NoSuchEntityException;
use Psr\Log\LoggerInterface;

class QuoteCartLink
{
    public const ADDED = 'added';
    public const INVALID = 'invalid';          // malformed link, or a token Monogram does not know
    public const CLOSED = 'closed';            // not accepted, expired, withdrawn or already ordered
    public const UNAVAILABLE = 'unavailable';  // Monogram could not be reached: try again
    public const NOT_SOLD = 'not_sold';        // the quote names no product of this shop
    public const REFUSED = 'refused';          // Magento refused the quantity (stock, minimum)
    /** Buy request field keeping the quote id on the line, through the order and reorders. */
    public const FIELD_QUOTE = 'monogram_quote';

    public function __construct(
        private readonly ApiClient $api,
        private readonly ProductRepositoryInterface $products,
        private readonly CartPricing $cartPricing,
        private readonly LoggerInterface $logger
    ) {
    }

    /**
     * Adds the quoted line to `$cart` (a Magento quote); the outcome says what to tell the shopper.
     * Adjustments (a setup fee, a one-off discount) cannot be cart lines in Magento without a
     * sales rule: they are returned for the page to mention, and invoiced by the merchant.
     *
     * @return array{outcome: string, number: string, adjustments: list<array{label: string, amount: int}>, currency: string}
     */
    public function fill(string $quoteId, string $token, object $cart, ?int $storeId): array
    {
        $result = ['outcome' => self::INVALID, 'number' => '', 'adjustments' => [], 'currency' => ''];
        if (!preg_match('/^quo_[0-9a-z]{1,40}$/', $quoteId) || !preg_match('/^[A-Za-z0-9_-]{1,200}$/', $token)) {
            return $result;
        }
        [$status, $body] = $this->api->quoteCart($quoteId, $token, $storeId);
        if ($status !== 200 || !is_array($body)) {
            $result['outcome'] = match ($status) {
                404 => self::INVALID,
                409 => self::CLOSED,
                default => self::UNAVAILABLE,
            };
            if ($result['outcome'] === self::UNAVAILABLE) {
                $this->logger->warning(sprintf('Monogram: quote link %s: no answer (HTTP %d)', $quoteId, $status));
            }
            return $result;
        }
        $result['number'] = is_string($body['number'] ?? null) ? $body['number'] : '';
        $design = $body['design'] ?? null;
        $lineToken = $body['design_token'] ?? null;
        $quantity = (int) ($body['quantity'] ?? 0);
        if (!is_string($design) || !is_string($lineToken) || !is_int($body['unit_price'] ?? null)
            || !is_string($body['currency'] ?? null) || $quantity < 1) {
            $this->logger->error('Monogram: quote link ' . $quoteId . ': unexpected answer');
            $result['outcome'] = self::UNAVAILABLE;
            return $result;
        }
        // The simple product chosen under a configurable one is what the quote names, when it does.
        $productId = (int) ($body['platform_variant_id'] ?? 0) ?: (int) ($body['platform_product_id'] ?? 0);
        try {
            $product = $productId > 0 ? $this->products->getById($productId, false, $storeId, true) : null;
        } catch (NoSuchEntityException) {
            $product = null;
        }
        if ($product === null) {
            $result['outcome'] = self::NOT_SOLD;
            return $result;
        }

        $item = $cart->addProduct($product, new DataObject([
            'qty' => $quantity,
            DesignOption::FIELD_DESIGN => $design,
            DesignOption::FIELD_TOKEN => $lineToken,
            self::FIELD_QUOTE => $quoteId,
        ]));
        if (!is_object($item)) {
            // Magento answers a message instead of a line: stock, minimum or maximum quantity.
            $this->logger->warning(sprintf('Monogram: quote link %s: %s', $quoteId, (string) $item));
            $result['outcome'] = self::REFUSED;
            return $result;
        }
        $this->cartPricing->charge($item, [
            'unit_price' => $body['unit_price'],
            'currency' => $body['currency'],
            'tax_included' => is_bool($body['tax_included'] ?? null) ? $body['tax_included'] : true,
            'total' => $body['total'] ?? 0,
            'tax' => $body['tax'] ?? 0,
        ], CartPricing::quoteSignature($design, $quantity), $quoteId);

        $result['outcome'] = self::ADDED;
        $result['currency'] = $body['currency'];
        foreach ((array) ($body['adjustments'] ?? []) as $adjustment) {
            if (is_array($adjustment) && is_string($adjustment['label'] ?? null) && is_int($adjustment['amount'] ?? null)) {
                $result['adjustments'][] = ['label' => $adjustment['label'], 'amount' => $adjustment['amount']];
            }
        }
        return $result;
    }
}
