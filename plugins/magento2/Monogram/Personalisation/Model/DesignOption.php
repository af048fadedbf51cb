<?php

/**
 * Reads and writes the design on Magento's buy requests, products, quote items and order items.
 *
 * The design travels as two request fields (monogram_design, monogram_token) kept by Magento in
 * info_buyRequest, and as one entry of `additional_options` — the list of {label, value} Magento
 * shows in the cart, the order, e-mails and the admin — carrying the ids under their own keys.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\Model;

use Magento\Framework\DataObject;
use Magento\Framework\Serialize\Serializer\Json;

class DesignOption
{
    public const FIELD_DESIGN = 'monogram_design';
    public const FIELD_TOKEN = 'monogram_token';
    public const OPTION_CODE = 'additional_options';

    private const ID_PATTERN = '/^[A-Za-z0-9_\-]{1,128}$/';
    private const TOKEN_PATTERN = '/^[A-Za-z0-9_.~\-]{1,512}$/';

    public function __construct(private readonly Json $json)
    {
    }

    /**
     * The design posted with the product form (or replayed by a reorder). The Shopify-style names
     * `properties[_monogram_design]` are accepted too, for themes that kept the loader's defaults.
     */
    public function fromRequest(DataObject|array|null $buyRequest): ?Design
    {
        $data = $buyRequest instanceof DataObject ? $buyRequest->getData() : ($buyRequest ?? []);
        if (!is_array($data)) {
            return null;
        }
        $properties = is_array($data['properties'] ?? null) ? $data['properties'] : [];
        $id = $data[self::FIELD_DESIGN] ?? $properties['_monogram_design'] ?? null;
        $token = $data[self::FIELD_TOKEN] ?? $properties['_monogram_token'] ?? null;
        return $this->design($id, $token);
    }

    /** Puts the design on the product being added, replacing a previous Monogram entry only. */
    public function addToProduct(object $product, Design $design): void
    {
        $existing = [];
        $current = $product->getCustomOption(self::OPTION_CODE);
        if ($current !== null) {
            $existing = $this->decodeList((string) $current->getValue());
        }
        $product->addCustomOption(self::OPTION_CODE, $this->json->serialize($this->withDesign($existing, $design)));
    }

    /** Drops a stale Monogram entry from a product whose new buy request has no design. */
    public function removeFromProduct(object $product): void
    {
        $current = $product->getCustomOption(self::OPTION_CODE);
        if ($current === null) {
            return;
        }
        $existing = $this->decodeList((string) $current->getValue());
        $kept = $this->withoutDesign($existing);
        if (count($kept) !== count($existing)) {
            $product->addCustomOption(self::OPTION_CODE, $this->json->serialize($kept));
        }
    }

    /** The design on a quote item (or on the quote item behind a multishipping address item). */
    public function fromQuoteItem(object $item): ?Design
    {
        if (method_exists($item, 'getQuoteItem') && is_object($item->getQuoteItem())) {
            $item = $item->getQuoteItem();
        }
        if (!method_exists($item, 'getOptionByCode')) {
            return null;
        }
        $additional = $item->getOptionByCode(self::OPTION_CODE);
        if ($additional !== null) {
            $design = $this->fromAdditionalOptions($this->decodeList((string) $additional->getValue()));
            if ($design !== null) {
                return $design;
            }
        }
        $request = $item->getOptionByCode('info_buyRequest');
        return $request === null ? null : $this->fromRequest($this->decodeMap((string) $request->getValue()));
    }

    /** The design on a placed order item, from its additional_options or else its info_buyRequest. */
    public function fromOrderItem(object $orderItem): ?Design
    {
        $options = $orderItem->getProductOptions();
        if (!is_array($options)) {
            return null;
        }
        $additional = is_array($options[self::OPTION_CODE] ?? null) ? $options[self::OPTION_CODE] : [];
        return $this->fromAdditionalOptions($additional)
            ?? $this->fromRequest(is_array($options['info_buyRequest'] ?? null) ? $options['info_buyRequest'] : []);
    }

    /**
     * Writes the design into an order item's product options: shown through additional_options,
     * replayed through info_buyRequest so every reorder path brings it back to the cart.
     */
    public function addToOrderItem(object $orderItem, Design $design): void
    {
        $options = $orderItem->getProductOptions();
        $options = is_array($options) ? $options : [];
        $additional = is_array($options[self::OPTION_CODE] ?? null) ? $options[self::OPTION_CODE] : [];
        $options[self::OPTION_CODE] = $this->withDesign($additional, $design);
        $request = is_array($options['info_buyRequest'] ?? null) ? $options['info_buyRequest'] : [];
        $request[self::FIELD_DESIGN] = $design->id;
        $request[self::FIELD_TOKEN] = $design->token;
        $options['info_buyRequest'] = $request;
        $orderItem->setProductOptions($options);
    }

    /** @param array<int, mixed> $additionalOptions */
    public function fromAdditionalOptions(array $additionalOptions): ?Design
    {
        foreach ($additionalOptions as $entry) {
            if (is_array($entry) && isset($entry[self::FIELD_DESIGN])) {
                return $this->design($entry[self::FIELD_DESIGN], $entry[self::FIELD_TOKEN] ?? '');
            }
        }
        return null;
    }

    /**
     * @param array<int, mixed> $additionalOptions
     * @return array<int, mixed>
     */
    public function withDesign(array $additionalOptions, Design $design): array
    {
        $kept = $this->withoutDesign($additionalOptions);
        $kept[] = [
            'label' => (string) __('Personalisation'),
            'value' => $design->id,
            self::FIELD_DESIGN => $design->id,
            self::FIELD_TOKEN => $design->token,
        ];
        return $kept;
    }

    /**
     * @param array<int, mixed> $additionalOptions
     * @return array<int, mixed>
     */
    private function withoutDesign(array $additionalOptions): array
    {
        return array_values(array_filter(
            $additionalOptions,
            static fn ($entry): bool => !(is_array($entry) && isset($entry[self::FIELD_DESIGN]))
        ));
    }

    private function design(mixed $id, mixed $token): ?Design
    {
        if (!is_string($id) || !preg_match(self::ID_PATTERN, trim($id))) {
            return null;
        }
        $token = is_string($token) ? trim($token) : '';
        // A missing or malformed token still travels (as empty): Monogram flags the line for the merchant.
        return new Design(trim($id), preg_match(self::TOKEN_PATTERN, $token) ? $token : '');
    }

    /** @return array<int, mixed> */
    private function decodeList(string $value): array
    {
        $decoded = $this->decodeMap($value);
        return array_is_list($decoded) ? $decoded : [];
    }

    /** @return array<mixed> */
    private function decodeMap(string $value): array
    {
        if ($value === '') {
            return [];
        }
        try {
            $decoded = $this->json->unserialize($value);
        } catch (\InvalidArgumentException) {
            return [];
        }
        return is_array($decoded) ? $decoded : [];
    }
}
