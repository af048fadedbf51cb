<?php
/**
 * Makes the cart charge what Monogram quoted for each personalised line: a SpecificPrice scoped
 * to the cart (id_cart, product, combination, from quantity 1, fixed price without tax), the way
 * PrestaShop's own back office re-prices a product in one cart. The price always comes from
 * Monogram (POST /v1/prices/quote with the secret key), never from the shopper's browser.
 *
 * A SpecificPrice holds one price per product and combination, while a cart may hold several
 * designs of the same combination: they then share the average of their quotes, weighted by
 * quantity, so the cart's total is the sum of Monogram's totals.
 */

declare(strict_types=1);

namespace Monogram\PrestaShop;

if (!defined('_PS_VERSION_')) {
    exit;
}

final class CartPricing
{
    public function __construct(
        private readonly \Db $db,
        private readonly string $prefix,
        private readonly CustomizationStore $customizations,
        private readonly CartPrices $prices,
        private readonly MonogramApi $api,
        private readonly Logger $logger,
        private readonly string $secretKey,
    ) {
    }

    /**
     * Brings the cart's prices in line with its personalised lines: new or changed lines are
     * quoted, removed ones lose their price. Quoting fails open: the line keeps the catalogue
     * price, and Monogram flags the difference when the order arrives.
     *
     * @param object|null $customer the signed-in customer, for their company's price list
     */
    public function update(\Cart $cart, ?object $customer, int $now): void
    {
        $idCart = (int) $cart->id;
        if ($idCart <= 0) {
            return;
        }
        $lines = $this->personalisedLines($idCart);
        $priced = $this->prices->forCart($idCart);
        foreach ($priced as $key => $row) {
            if (!isset($lines[$key])) {
                $this->remove($row);
            }
        }
        if ($lines === []) {
            return;
        }

        $reference = '';
        if ($customer !== null && (int) ($customer->id ?? 0) === (int) $cart->id_customer) {
            $reference = CustomerReference::forCustomer($this->secretKey, $customer, $now);
        }
        $currency = new \Currency((int) $cart->id_currency);
        foreach ($lines as $key => $line) {
            $rate = $this->taxRate($cart, $line['id_product']);
            $signature = sha1((string) json_encode([
                $line['designs'],
                $reference !== '' ? (int) $cart->id_customer : 0,
                (string) $currency->iso_code,
                $rate,
            ]));
            $row = $priced[$key] ?? null;
            $kept = $row !== null && in_array($row['signature'], [$signature, self::quoteSignature($line['designs'])], true);
            if ($kept && $this->specificPriceExists($row['id_specific_price'])) {
                continue;
            }
            $quoted = $this->quote($line, $reference, $idCart);
            if ($quoted === null || $quoted['currency'] !== (string) $currency->iso_code) {
                if ($quoted !== null) {
                    $this->logger->warning(sprintf(
                        'cart %d: Monogram quotes in %s, the cart is in %s; the catalogue price stays',
                        $idCart,
                        $quoted['currency'],
                        (string) $currency->iso_code
                    ));
                }
                if ($row !== null) {
                    $this->remove($row);
                }
                continue;
            }
            $this->charge($cart, $line['id_product'], $line['id_product_attribute'], $quoted, $rate, $now, [
                'signature' => $signature,
                'id_specific_price' => $row['id_specific_price'] ?? 0,
            ]);
        }
    }

    /**
     * Charges $quoted (unit_price in minor units, currency, tax_included) for a product and
     * combination of the cart; the quote link uses it with an accepted quote's price.
     *
     * @param array{unit_price: int, currency: string, tax_included: bool} $quoted
     * @param array{signature: string, id_specific_price: int, quote?: string} $row
     */
    public function charge(\Cart $cart, int $idProduct, int $idProductAttribute, array $quoted, float $rate, int $now, array $row): void
    {
        $amount = MinorUnits::toDecimal($quoted['unit_price'], $quoted['currency']);
        // SpecificPrice prices are without tax; PrestaShop adds the product's tax back, so a
        // tax-inclusive quote is divided by the very rate the cart will apply.
        $price = $quoted['tax_included'] ? $amount / (1 + $rate / 100) : $amount;

        if ($row['id_specific_price'] > 0) {
            $this->deleteSpecificPrice($row['id_specific_price']);
        }
        $specific = new \SpecificPrice();
        $specific->id_specific_price_rule = 0;
        $specific->id_cart = (int) $cart->id;
        $specific->id_product = $idProduct;
        $specific->id_product_attribute = $idProductAttribute;
        $specific->id_shop = (int) ($cart->id_shop ?? 0);
        $specific->id_shop_group = 0;
        $specific->id_currency = (int) $cart->id_currency;
        $specific->id_country = 0;
        $specific->id_group = 0;
        $specific->id_customer = 0;
        $specific->price = round($price, 6);
        $specific->from_quantity = 1;
        $specific->reduction = 0;
        $specific->reduction_tax = 1;
        $specific->reduction_type = 'amount';
        $specific->from = '0000-00-00 00:00:00';
        $specific->to = '0000-00-00 00:00:00';
        if (!$specific->add()) {
            throw new \RuntimeException('the cart price could not be saved');
        }
        self::flushPriceCaches();

        $this->prices->save([
            'id_cart' => (int) $cart->id,
            'id_product' => $idProduct,
            'id_product_attribute' => $idProductAttribute,
            'id_specific_price' => (int) $specific->id,
            'signature' => $row['signature'],
            'unit_price' => $quoted['unit_price'],
            'currency' => $quoted['currency'],
            'tax_included' => $quoted['tax_included'],
            'quote' => $row['quote'] ?? '',
        ], $now);
    }

    /**
     * What a line priced from an accepted quote stands for: its designs and quantities only, so
     * the quoted price holds until the shopper changes the line (then it is quoted afresh).
     *
     * @param list<array{0: string, 1: int, 2: string}> $designs
     */
    public static function quoteSignature(array $designs): string
    {
        return sha1('quote' . json_encode($designs));
    }

    /** The tax rate PrestaShop applies to the product in this cart, in percent. */
    public function taxRate(\Cart $cart, int $idProduct): float
    {
        $addressField = (string) \Configuration::get('PS_TAX_ADDRESS_TYPE') ?: 'id_address_delivery';
        $idAddress = (int) ($cart->{$addressField} ?? 0);

        return (float) \Tax::getProductTaxRate($idProduct, $idAddress > 0 ? $idAddress : null);
    }

    /**
     * The cart's personalised lines grouped by product and combination, each with its designs
     * and their quantities.
     *
     * @return array<string, array{id_product: int, id_product_attribute: int, designs: list<array{0: string, 1: int, 2: string}>}>
     */
    private function personalisedLines(int $idCart): array
    {
        $rows = $this->db->executeS(
            'SELECT `id_product`, `id_product_attribute`, `id_customization`, `quantity` FROM `'
            . $this->prefix . 'cart_product` WHERE `id_cart` = ' . $idCart . ' AND `id_customization` > 0'
        );
        $lines = [];
        foreach (is_array($rows) ? $rows : [] as $row) {
            $design = $this->customizations->designOf((int) $row['id_customization']);
            if ($design === null || (int) $row['quantity'] <= 0) {
                continue;
            }
            $idProduct = (int) $row['id_product'];
            $idAttribute = (int) $row['id_product_attribute'];
            $key = CartPrices::key($idProduct, $idAttribute);
            $lines[$key] ??= ['id_product' => $idProduct, 'id_product_attribute' => $idAttribute, 'designs' => []];
            $lines[$key]['designs'][] = [$design->id, (int) $row['quantity'], $design->token];
        }

        return $lines;
    }

    /**
     * Monogram's price for the line: one quote per design at its quantity; several designs of
     * one combination share the quantity-weighted average.
     *
     * @param array{id_product: int, id_product_attribute: int, designs: list<array{0: string, 1: int, 2: string}>} $line
     * @return array{unit_price: int, currency: string, tax_included: bool}|null
     */
    private function quote(array $line, string $reference, int $idCart): ?array
    {
        $total = 0;
        $pieces = 0;
        $terms = null;
        foreach ($line['designs'] as [$design, $quantity]) {
            $request = ['design' => $design, 'quantity' => $quantity];
            if ($line['id_product_attribute'] > 0) {
                $request['variant'] = (string) $line['id_product_attribute'];
            }
            $result = $this->api->quotePrice($request, $reference);
            $body = $result->body ?? [];
            if (!$result->isDone() || !is_int($body['unit_price'] ?? null) || !is_string($body['currency'] ?? null)
                || !is_bool($body['tax_included'] ?? null)) {
                $this->logger->warning(sprintf(
                    'cart %d: no Monogram price for design %s (%s); the catalogue price stays',
                    $idCart,
                    $design,
                    $result->error !== '' ? $result->error : 'unexpected answer'
                ));

                return null;
            }
            $current = [$body['currency'], $body['tax_included']];
            if ($terms !== null && $terms !== $current) {
                return null;
            }
            $terms = $current;
            $total += $body['unit_price'] * $quantity;
            $pieces += $quantity;
        }
        if ($terms === null || $pieces === 0) {
            return null;
        }

        return [
            'unit_price' => intdiv($total + intdiv($pieces, 2), $pieces),
            'currency' => $terms[0],
            'tax_included' => $terms[1],
        ];
    }

    /** @param array<string, mixed> $row */
    private function remove(array $row): void
    {
        $this->deleteSpecificPrice((int) $row['id_specific_price']);
        $this->prices->forget((int) $row['id_cart'], (int) $row['id_product'], (int) $row['id_product_attribute']);
        self::flushPriceCaches();
    }

    private function specificPriceExists(int $idSpecificPrice): bool
    {
        return $idSpecificPrice > 0 && (int) (new \SpecificPrice($idSpecificPrice))->id === $idSpecificPrice;
    }

    private function deleteSpecificPrice(int $idSpecificPrice): void
    {
        if ($this->specificPriceExists($idSpecificPrice)) {
            (new \SpecificPrice($idSpecificPrice))->delete();
        }
    }

    /** PrestaShop keeps prices in static caches for the request; the cart is re-read right after. */
    private static function flushPriceCaches(): void
    {
        if (method_exists(\SpecificPrice::class, 'flushCache')) {
            \SpecificPrice::flushCache();
        }
        if (method_exists(\Product::class, 'flushPriceCache')) {
            \Product::flushPriceCache();
        }
    }
}
