<?php

/**
 * Maps a placed Magento order to the body of POST /v1/orders (DESIGN.md §7).
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Sales\Api\Data\OrderInterface;

class OrderPayloadBuilder
{
    public function __construct(private readonly DesignOption $designOption)
    {
    }

    /**
     * Null when no line carries a design: such orders are none of Monogram's business, and their
     * customer's data stays in the shop.
     *
     * @return array<string, mixed>|null
     */
    public function build(OrderInterface $order): ?array
    {
        $lines = [];
        $personalised = false;
        foreach ((array) $order->getItems() as $item) {
            // Children of configurable and bundle items are part of their parent's line.
            if ($item->getParentItem() || $item->getParentItemId()) {
                continue;
            }
            $line = [
                'platform_line_id' => (string) $item->getItemId(),
                'quantity' => max(1, (int) round((float) $item->getQtyOrdered())),
                'title' => mb_substr((string) $item->getName(), 0, 300),
                'platform_product' => (string) $item->getProductId(),
            ];
            $variant = $this->variantOf($item);
            if ($variant !== null) {
                $line['platform_variant'] = $variant;
            }
            $design = $this->designOption->fromOrderItem($item);
            if ($design !== null) {
                $personalised = true;
                $line['design'] = $design->id;
                $line['design_token'] = $design->token;
                $quote = $this->quoteOf($item);
                if ($quote !== null) {
                    // The line's token is the quote's: Monogram checks it, and the price, against it.
                    $line['quote'] = $quote;
                }
            }
            $charged = $this->chargedUnitPrice($item, strtoupper(trim((string) $order->getOrderCurrencyCode())));
            if ($charged !== null) {
                $line['unit_price'] = $charged;
            }
            $lines[] = $line;
        }
        if (!$personalised) {
            return null;
        }
        $payload = [
            'platform_order_id' => (string) $order->getEntityId(),
            'name' => '#' . $order->getIncrementId(),
        ];
        // Optional fields are left out rather than sent empty: Monogram validates what it gets.
        $currency = strtoupper(trim((string) $order->getOrderCurrencyCode()));
        if (strlen($currency) === 3) {
            $payload['currency'] = $currency;
        }
        $customer = $this->customer($order);
        if ($customer !== []) {
            $payload['customer'] = $customer;
        }
        $payload['lines'] = $lines;
        return $payload;
    }

    /** @return array<string, string> */
    private function customer(OrderInterface $order): array
    {
        $customer = [];
        if ($order->getCustomerId() && !$order->getCustomerIsGuest()) {
            $customer['platform_id'] = (string) $order->getCustomerId();
        }
        $email = trim((string) $order->getCustomerEmail());
        if ($email !== '') {
            $customer['email'] = $email;
        }
        $billing = $order->getBillingAddress();
        $company = $billing ? trim((string) $billing->getCompany()) : '';
        if ($company !== '') {
            $customer['company'] = mb_substr($company, 0, 200);
        }
        return $customer;
    }

    /**
     * What the shop charged for one piece, in minor units, with or without tax as Monogram's
     * quote for the line said (Monogram compares it with its own price); with tax when the line
     * was never quoted, as most shops show prices. Cart-rule discounts are not in it: a coupon
     * is the merchant's, not a different price for the design.
     */
    private function chargedUnitPrice(object $item, string $currency): ?int
    {
        if (strlen($currency) !== 3) {
            return null;
        }
        $options = $item->getProductOptions();
        $priced = is_array($options) && is_array($options[CartPricing::DATA_KEY] ?? null) ? $options[CartPricing::DATA_KEY] : [];
        $amount = ($priced['tax_included'] ?? true) ? $item->getPriceInclTax() : $item->getPrice();
        return MinorUnits::fromDecimal($amount, $currency);
    }

    /** The accepted Monogram quote the line came from (QuoteCartLink), kept in its buy request. */
    private function quoteOf(object $item): ?string
    {
        $options = $item->getProductOptions();
        $quote = is_array($options) ? ($options['info_buyRequest'][QuoteCartLink::FIELD_QUOTE] ?? null) : null;
        return is_string($quote) && preg_match('/^quo_[0-9a-z]{1,40}$/', $quote) ? $quote : null;
    }

    /** The simple product chosen under a configurable one. */
    private function variantOf(object $item): ?string
    {
        $children = method_exists($item, 'getChildrenItems') ? (array) $item->getChildrenItems() : [];
        if (count($children) !== 1) {
            return null;
        }
        $child = reset($children);
        return $child->getProductId() ? (string) $child->getProductId() : null;
    }
}
