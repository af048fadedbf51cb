<?php
/**
 * The link in an accepted Monogram quote ("devis"): puts the quoted design in the shopper's cart,
 * at the quoted quantity and price, read from Monogram (GET /v1/quotes/{id}/cart) with the secret
 * key; the link itself carries only the quote id and its acceptance token.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class QuoteCartLink
{
    public const ADDED = 'added';
    public const INVALID = 'invalid';      // malformed link, or a token Monogram does not know
    public const CLOSED = 'closed';        // not accepted, expired, withdrawn or already ordered
    public const UNAVAILABLE = 'unavailable';  // Monogram could not be reached: try again
    public const NOT_SOLD = 'not_sold';    // the quote names no product of this shop
    public const REFUSED = 'refused';      // PrestaShop refused the quantity (stock, minimum)

    /**
     * @param array<int, string> $labels the Monogram field's label per language id
     */
    public function __construct(
        private readonly MonogramApi $api,
        private readonly CustomizationStore $customizations,
        private readonly CartPricing $pricing,
        private readonly CartPrices $prices,
        private readonly Logger $logger,
        private readonly array $labels,
    ) {
    }

    /**
     * Fills the cart; the outcome says what to tell the shopper, with the quote number when known.
     * Adjustments (a setup fee, a one-off discount) cannot be cart lines in PrestaShop: they are
     * returned for the page to mention, and invoiced by the merchant.
     *
     * @param callable(): \Cart $cart the shopper's cart, created if needed
     *
     * @return array{outcome: string, number: string, adjustments: list<array{label: string, amount: int}>, currency: string}
     */
    public function fill(string $quoteId, string $token, callable $cart, int $now): array
    {
        $result = ['outcome' => self::INVALID, 'number' => '', 'adjustments' => [], 'currency' => ''];
        if (!preg_match('/^quo_[0-9a-z]{1,40}$/', $quoteId) || !preg_match('/^[A-Za-z0-9_-]{1,200}$/', $token)) {
            return $result;
        }
        $answer = $this->api->get('/v1/quotes/' . $quoteId . '/cart?token=' . rawurlencode($token));
        if (!$answer->isDone()) {
            $result['outcome'] = match (true) {
                $answer->status === 404 => self::INVALID,
                $answer->status === 409 => self::CLOSED,
                default => self::UNAVAILABLE,
            };
            if ($result['outcome'] === self::UNAVAILABLE) {
                $this->logger->warning('quote link ' . $quoteId . ': ' . $answer->error);
            }

            return $result;
        }
        $body = $answer->body ?? [];
        $result['number'] = is_string($body['number'] ?? null) ? $body['number'] : '';
        $design = Design::fromStrings($body['design'] ?? null, $body['design_token'] ?? null, $quoteId);
        $idProduct = (int) ($body['platform_product_id'] ?? 0);
        $idAttribute = (int) ($body['platform_variant_id'] ?? 0);
        $quantity = (int) ($body['quantity'] ?? 0);
        if ($design === null || !is_int($body['unit_price'] ?? null) || !is_string($body['currency'] ?? null) || $quantity < 1) {
            $this->logger->error('quote link ' . $quoteId . ': unexpected answer from Monogram');
            $result['outcome'] = self::UNAVAILABLE;

            return $result;
        }
        if ($idProduct <= 0 || !\Validate::isLoadedObject(new \Product($idProduct))) {
            $result['outcome'] = self::NOT_SOLD;

            return $result;
        }

        try {
            return $this->add($cart(), $design, $idProduct, $idAttribute, $quantity, $body, $quoteId, $now, $result);
        } catch (\Throwable $e) {
            $this->logger->error('quote link ' . $quoteId . ': ' . $e->getMessage());
            $result['outcome'] = self::UNAVAILABLE;

            return $result;
        }
    }

    /**
     * @param array<string, mixed> $body   Monogram's answer
     * @param array<string, mixed> $result the outcome so far
     *
     * @return array{outcome: string, number: string, adjustments: list<array{label: string, amount: int}>, currency: string}
     */
    private function add(\Cart $shopperCart, Design $design, int $idProduct, int $idAttribute, int $quantity, array $body, string $quoteId, int $now, array $result): array
    {
        $idCart = (int) $shopperCart->id;
        $idCustomization = $this->customizations->save($idCart, $idProduct, $design, $this->labels);
        // The price first: adding to the cart saves it (actionCartSave), and the quoted price must
        // already be there for the cart pricing to keep it rather than quote the line afresh.
        $quoted = [
            'unit_price' => $body['unit_price'],
            'currency' => $body['currency'],
            'tax_included' => is_bool($body['tax_included'] ?? null) ? $body['tax_included'] : true,
        ];
        $this->pricing->charge($shopperCart, $idProduct, $idAttribute, $quoted, $this->pricing->taxRate($shopperCart, $idProduct), $now, [
            'signature' => CartPricing::quoteSignature([[$design->id, $quantity, $design->token]]),
            'id_specific_price' => (int) ($this->prices->find($idCart, $idProduct, $idAttribute)['id_specific_price'] ?? 0),
            'quote' => $quoteId,
        ]);
        $added = $shopperCart->updateQty($quantity, $idProduct, $idAttribute, $idCustomization);
        if ($added !== true) {
            // Nothing was added: the price goes with it.
            $this->pricing->update($shopperCart, null, $now);
            $result['outcome'] = self::REFUSED;

            return $result;
        }

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
