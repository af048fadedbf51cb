<?php

/**
 * Makes a personalised cart line charge what Monogram quoted: the quote item's custom price, the
 * way Magento's own admin re-prices a line, asked from Monogram (POST /v1/prices/quote with the
 * secret key), never taken from the shopper's browser.
 *
 * What the line was priced for is kept in the quote item's additional_data (not as an item
 * option, which would stop Magento from merging two adds of the same design into one line), so
 * an unchanged line is not quoted again on every quantity event.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Store\Model\ScopeInterface;
use Psr\Log\LoggerInterface;

class CartPricing
{
    public const DATA_KEY = 'monogram_price';
    /** Whether the store's catalogue prices, hence custom prices, include tax. */
    public const XML_PATH_PRICE_INCLUDES_TAX = 'tax/calculation/price_includes_tax';

    public function __construct(
        private readonly Config $config,
        private readonly ScopeConfigInterface $scopeConfig,
        private readonly ApiClient $api,
        private readonly DesignOption $designOption,
        private readonly Clock $clock,
        private readonly LoggerInterface $logger
    ) {
    }

    /**
     * Prices one cart line (the parent line of a configurable product). Fails open: without a
     * quote the line keeps the catalogue price, and Monogram flags the difference at intake.
     */
    public function apply(object $item): void
    {
        if (is_callable([$item, 'getParentItem']) && is_object($item->getParentItem())) {
            $item = $item->getParentItem();
        }
        $priced = self::priced($item);
        $design = $this->designOption->fromQuoteItem($item);
        $storeId = $item->getStoreId() !== null ? (int) $item->getStoreId() : null;
        if ($design === null || !$this->config->isEnabled($storeId)) {
            if ($priced !== null) {
                $this->release($item);
            }
            return;
        }
        $quantity = max(1, (int) round((float) $item->getQty()));
        $variant = $this->variantOf($item);
        $quote = $item->getQuote();
        $customerId = is_object($quote) && $quote->getCustomerId() && !$quote->getCustomerIsGuest()
            ? (int) $quote->getCustomerId() : 0;
        $currency = is_object($quote) ? strtoupper((string) $quote->getQuoteCurrencyCode()) : '';
        $signature = sha1((string) json_encode([$design->id, $design->token, $quantity, $variant, $customerId, $storeId, $currency]));
        if ($priced !== null && in_array($priced['signature'], [$signature, self::quoteSignature($design->id, $quantity)], true)) {
            return;
        }

        $request = ['design' => $design->id, 'quantity' => $quantity];
        if ($variant !== null) {
            $request['variant'] = $variant;
        }
        $reference = $customerId > 0
            ? CustomerReference::sign($this->config->secretKey($storeId), $customerId, $this->clock->now() + CustomerReference::LIFETIME)
            : '';
        $error = null;
        $answer = $this->api->quotePrice($request, $reference, $storeId, $error);
        if (!is_array($answer) || !is_int($answer['unit_price'] ?? null) || !is_string($answer['currency'] ?? null)
            || !is_bool($answer['tax_included'] ?? null)) {
            $this->logger->warning(sprintf(
                'Monogram: no price for design %s (%s); the line keeps the catalogue price',
                $design->id,
                $error ?? 'unexpected answer'
            ));
            if ($priced !== null) {
                $this->release($item);
            }
            return;
        }
        if ($currency !== '' && $answer['currency'] !== $currency) {
            $this->logger->warning(sprintf(
                'Monogram: design %s is quoted in %s, the cart is in %s; the line keeps the catalogue price',
                $design->id,
                $answer['currency'],
                $currency
            ));
            if ($priced !== null) {
                $this->release($item);
            }
            return;
        }
        $this->charge($item, $answer, $signature, '');
    }

    /**
     * Sets the line's custom price from a Monogram quote ({unit_price, currency, tax_included,
     * total?, tax?}); the quote link passes an accepted quote with its id.
     *
     * @param array<string, mixed> $quoted
     */
    public function charge(object $item, array $quoted, string $signature, string $quoteId): void
    {
        $storeId = $item->getStoreId() !== null ? (int) $item->getStoreId() : null;
        $amount = MinorUnits::toDecimal((int) $quoted['unit_price'], (string) $quoted['currency']);
        $catalogIncludesTax = $this->scopeConfig->isSetFlag(self::XML_PATH_PRICE_INCLUDES_TAX, ScopeInterface::SCOPE_STORE, $storeId);
        if ((bool) $quoted['tax_included'] !== $catalogIncludesTax) {
            // Magento reads a custom price the way it reads catalogue prices; Monogram's own
            // rate (its tax over its net total) turns one convention into the other.
            $rate = self::taxRate($quoted);
            $amount = $quoted['tax_included'] ? $amount / (1 + $rate) : $amount * (1 + $rate);
        }
        $price = round($amount, 4);
        $item->setCustomPrice($price);
        $item->setOriginalCustomPrice($price);
        $product = $item->getProduct();
        if (is_object($product)) {
            // Lets the custom price stand through totals collection, as the admin's price edit does.
            $product->setIsSuperMode(true);
        }
        $this->remember($item, [
            'signature' => $signature,
            'unit_price' => (int) $quoted['unit_price'],
            'currency' => (string) $quoted['currency'],
            'tax_included' => (bool) $quoted['tax_included'],
            'quote' => $quoteId,
        ]);
    }

    /** What a line priced from an accepted quote stands for: its design and quantity. */
    public static function quoteSignature(string $designId, int $quantity): string
    {
        return sha1('quote' . $designId . '.' . $quantity);
    }

    /**
     * What the line was last priced at, for the order report too (QuoteItemToOrderItem).
     *
     * @return array{signature: string, unit_price: int, currency: string, tax_included: bool, quote: string}|null
     */
    public static function priced(object $item): ?array
    {
        $data = self::additionalData($item);
        $priced = $data[self::DATA_KEY] ?? null;
        return is_array($priced) && isset($priced['signature'], $priced['unit_price']) ? $priced : null;
    }

    /** @param array<string, mixed> $quoted */
    private static function taxRate(array $quoted): float
    {
        $total = (int) ($quoted['total'] ?? 0);
        $tax = (int) ($quoted['tax'] ?? 0);
        $net = $quoted['tax_included'] ? $total - $tax : $total;
        return $net > 0 ? $tax / $net : 0.0;
    }

    private function release(object $item): void
    {
        $item->setCustomPrice(null);
        $item->setOriginalCustomPrice(null);
        $this->remember($item, null);
    }

    /** @param array<string, mixed>|null $priced */
    private function remember(object $item, ?array $priced): void
    {
        $data = self::additionalData($item);
        if ($data === [] && (string) $item->getAdditionalData() !== '') {
            // Another extension's text: left alone, the line is simply quoted again next time.
            return;
        }
        if ($priced === null) {
            unset($data[self::DATA_KEY]);
        } else {
            $data[self::DATA_KEY] = $priced;
        }
        $item->setAdditionalData($data === [] ? null : json_encode($data, JSON_UNESCAPED_SLASHES));
    }

    /** @return array<string, mixed> */
    private static function additionalData(object $item): array
    {
        $raw = method_exists($item, 'getAdditionalData') || $item instanceof \Magento\Framework\DataObject
            ? (string) $item->getAdditionalData() : '';
        $data = $raw === '' ? null : json_decode($raw, true);
        return is_array($data) && !array_is_list($data) ? $data : [];
    }

    /** The simple product chosen under a configurable one, as the order report names it. */
    private function variantOf(object $item): ?string
    {
        $children = is_callable([$item, 'getChildren']) ? (array) $item->getChildren() : [];
        if (count($children) !== 1) {
            return null;
        }
        $child = reset($children);
        return is_object($child) && $child->getProductId() ? (string) $child->getProductId() : null;
    }
}
