<?php

/**
 * What the product page template needs to mount the Monogram loader: script URL, keys, locale,
 * the form's field names, and the design already on the line when a cart item is being edited.
 */

declare(strict_types=1);

namespace Monogram\Personalisation\ViewModel;

use Magento\Framework\Locale\ResolverInterface;
use Magento\Framework\View\Element\Block\ArgumentInterface;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\Design;
use Monogram\Personalisation\Model\DesignOption;

class Loader implements ArgumentInterface
{
    /** Magento's product form, in Luma, Blank and Hyvä alike. */
    public const FORM_ID = 'product_addtocart_form';

    public function __construct(
        private readonly Config $config,
        private readonly DesignOption $designOption,
        private readonly ResolverInterface $localeResolver
    ) {
    }

    public function isAvailable(): bool
    {
        return $this->config->canMountLoader();
    }

    public function scriptUrl(): string
    {
        return $this->config->apiUrl() . '/widget/monogram.js';
    }

    public function publishableKey(): string
    {
        return $this->config->publishableKey();
    }

    public function locale(): string
    {
        return str_starts_with(strtolower((string) $this->localeResolver->getLocale()), 'fr') ? 'fr' : 'en';
    }

    public function formSelector(): string
    {
        return '#' . self::FORM_ID;
    }

    public function formId(): string
    {
        return self::FORM_ID;
    }

    public function designField(): string
    {
        return DesignOption::FIELD_DESIGN;
    }

    public function tokenField(): string
    {
        return DesignOption::FIELD_TOKEN;
    }

    /** On the "edit cart item" page Magento preconfigures the product with the line's buy request. */
    public function preconfiguredDesign(object $product): ?Design
    {
        if (!method_exists($product, 'getPreconfiguredValues')) {
            return null;
        }
        $values = $product->getPreconfiguredValues();
        return is_object($values) ? $this->designOption->fromRequest($values) : null;
    }

    /**
     * Keeps the form's hidden fields in step with the editor: it announces each save with a
     * bubbling, composed monogram:design-saved event carrying {design, token}.
     */
    public function syncScript(): string
    {
        return <<<'JS'
document.addEventListener('monogram:design-saved', function (event) {
    var saved = event.detail || {};
    document.querySelectorAll('input[data-monogram-field]').forEach(function (input) {
        var value = saved[input.getAttribute('data-monogram-field')];
        if (typeof value === 'string' && value !== '') {
            input.value = value;
        }
    });
});
JS;
    }

    /**
     * Puts the signed-in customer's reference (the "monogram" private-content section) on the
     * loader tag as data-customer, for the editor's "My designs"; a guest's tag has none.
     * Luma and Blank load sections through customer-data; Hyvä announces them in one event.
     */
    public function customerScript(): string
    {
        return <<<'JS'
(function () {
    function apply(section) {
        var reference = section && section.customer ? String(section.customer) : '';
        document.querySelectorAll('.monogram-personalise script[data-key]').forEach(function (loader) {
            if (reference) {
                loader.setAttribute('data-customer', reference);
            } else {
                loader.removeAttribute('data-customer');
            }
        });
    }
    window.addEventListener('private-content-loaded', function (event) {
        apply(((event.detail || {}).data || {}).monogram);
    });
    if (typeof window.require === 'function') {
        window.require(['Magento_Customer/js/customer-data'], function (customerData) {
            var section = customerData.get('monogram');
            apply(section());
            section.subscribe(apply);
        });
    }
})();
JS;
    }
}
