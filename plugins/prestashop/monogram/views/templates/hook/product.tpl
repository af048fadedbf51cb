{*
 * The Monogram loader, inside the add-to-cart form. views/js/product.js points it at the form
 * (data-form) and keeps the saved design on the cart line as a PrestaShop customization.
 *}
<div class="monogram-personalise js-monogram-mount"
     data-endpoint="{$monogram.endpoint|escape:'html':'UTF-8'}"
     data-static-token="{$monogram.static_token|escape:'html':'UTF-8'}"
     data-product-id="{$monogram.id_product|intval}"
     data-customization="{$monogram.id_customization|intval}">
  <script src="{$monogram.loader_url|escape:'html':'UTF-8'}"
          data-key="{$monogram.publishable_key|escape:'html':'UTF-8'}"
          data-product="{$monogram.id_product|intval}"
          data-locale="{$monogram.locale|escape:'html':'UTF-8'}"
          data-api="{$monogram.api_url|escape:'html':'UTF-8'}"
          data-field-design="{$monogram.field_design|escape:'html':'UTF-8'}"
          data-field-token="{$monogram.field_token|escape:'html':'UTF-8'}"
          {if $monogram.design}data-design="{$monogram.design|escape:'html':'UTF-8'}" data-token="{$monogram.design_token|escape:'html':'UTF-8'}"{/if}
          {if $monogram.customer}data-customer="{$monogram.customer|escape:'html':'UTF-8'}"{/if}
          async></script>
  <noscript>{l s='Personalising this product needs JavaScript.' mod='monogram'}</noscript>
</div>
