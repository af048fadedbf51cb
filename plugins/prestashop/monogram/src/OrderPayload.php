<?php
/**
 * Maps a PrestaShop order and its cart customizations to the body of POST /v1/orders.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class OrderPayload
{
    public function __construct(
        private readonly CustomizationStore $customizations,
        private readonly ?CartPrices $cartPrices = null,
    ) {
    }

    /**
     * Lines without a design are sent too (Monogram ignores them for production); empty values
     * are left out rather than sent as null, which the contract does not accept.
     *
     * @return array<string, mixed>
     */
    public function build(
        \Order $order,
        ?\Customer $customer,
        ?\Currency $currency,
        ?\Address $invoiceAddress = null,
    ): array
    {
        $details = $order->getOrderDetailList();
        $details = is_array($details) ? $details : [];

        // Customizations named by a line are theirs: the by-product fallback must not reuse them.
        $claimed = [];
        foreach ($details as $detail) {
            if ((int) ($detail['id_customization'] ?? 0) > 0) {
                $claimed[] = (int) $detail['id_customization'];
            }
        }

        $lines = [];
        foreach ($details as $detail) {
            $idProduct = (int) $detail['product_id'];
            $idAttribute = (int) ($detail['product_attribute_id'] ?? 0);
            $line = [
                'platform_line_id' => (string) (int) $detail['id_order_detail'],
                'quantity' => max(1, (int) $detail['product_quantity']),
                'title' => mb_substr(trim((string) ($detail['product_name'] ?? '')), 0, 300),
                'platform_product' => (string) $idProduct,
            ];
            if ($idAttribute > 0) {
                $line['platform_variant'] = (string) $idAttribute;
            }

            $idCustomization = (int) ($detail['id_customization'] ?? 0);
            if ($idCustomization > 0) {
                $design = $this->customizations->designOf($idCustomization);
            } else {
                $found = $this->customizations->designForCartProduct(
                    (int) $order->id_cart,
                    $idProduct,
                    $idAttribute,
                    $claimed
                );
                $design = $found['design'] ?? null;
                if ($found !== null) {
                    $claimed[] = $found['id_customization'];
                }
            }
            if ($design !== null) {
                $line['design'] = $design->id;
                $line['design_token'] = $design->token;
                if ($design->quote !== '') {
                    // The line's token is the quote's: Monogram checks it, and the price, against it.
                    $line['quote'] = $design->quote;
                }
            }
            $charged = $this->chargedUnitPrice($order, $detail, $currency);
            if ($charged !== null) {
                $line['unit_price'] = $charged;
            }
            $lines[] = array_filter($line, static fn ($value): bool => $value !== '');
        }

        $payload = [
            'platform_order_id' => (string) (int) $order->id,
            'name' => trim((string) $order->reference) !== '' ? (string) $order->reference : '#' . (int) $order->id,
        ];
        if ($currency !== null && preg_match('/^[A-Z]{3}$/', (string) $currency->iso_code)) {
            $payload['currency'] = (string) $currency->iso_code;
        }
        $buyer = $this->customer($customer, $invoiceAddress);
        if ($buyer !== []) {
            $payload['customer'] = $buyer;
        }
        $payload['lines'] = $lines;

        return $payload;
    }

    /**
     * Only orders with at least one personalised line go to Monogram: the others are none of
     * its business, and their customers' data stays in the shop.
     *
     * @param array<string, mixed> $payload
     */
    public static function isPersonalised(array $payload): bool
    {
        foreach ($payload['lines'] ?? [] as $line) {
            if (isset($line['design'])) {
                return true;
            }
        }

        return false;
    }

    /**
     * What the shop charged for one piece, in minor units, with or without tax as Monogram's
     * quote for the cart said (Monogram compares it with its own price); with tax when the line
     * was never quoted, as most shops show prices. Cart rules are order-wide in PrestaShop and
     * are not in it.
     *
     * @param array<string, mixed> $detail an order_detail row
     */
    private function chargedUnitPrice(\Order $order, array $detail, ?\Currency $currency): ?int
    {
        $iso = $currency !== null ? (string) $currency->iso_code : '';
        if (!preg_match('/^[A-Z]{3}$/', $iso)) {
            return null;
        }
        $priced = $this->cartPrices?->find(
            (int) $order->id_cart,
            (int) $detail['product_id'],
            (int) ($detail['product_attribute_id'] ?? 0)
        );
        $field = ($priced['tax_included'] ?? true) ? 'unit_price_tax_incl' : 'unit_price_tax_excl';
        if (!isset($detail[$field])) {
            return null;
        }

        return MinorUnits::fromDecimal((string) $detail[$field], $iso);
    }

    /**
     * @return array<string, string>
     */
    private function customer(?\Customer $customer, ?\Address $invoiceAddress): array
    {
        if ($customer === null) {
            return [];
        }
        $company = trim((string) $customer->company);
        if ($company === '' && $invoiceAddress !== null) {
            $company = trim((string) $invoiceAddress->company);
        }
        $email = trim((string) $customer->email);

        return array_filter([
            'platform_id' => (int) $customer->id > 0 ? (string) (int) $customer->id : '',
            'email' => filter_var($email, FILTER_VALIDATE_EMAIL) !== false ? $email : '',
            'company' => mb_substr($company, 0, 200),
        ], static fn (string $value): bool => $value !== '');
    }
}
