/**
 * Monogram for PrestaShop, product page: points the loader at the add-to-cart form and keeps the
 * saved design on the cart line as a PrestaShop customization (id_customization), including
 * across combination changes, which re-render the block the loader lives in.
 */
(function () {
  'use strict';

  var MOUNT = '.js-monogram-mount';
  var HOST = 'monogram-personalise';
  var state = { idCustomization: 0, design: null, saving: null, host: null };

  function mount() {
    return document.querySelector(MOUNT);
  }

  function loaderOf(element) {
    return element ? element.querySelector('script[data-key]') : null;
  }

  /** The theme's add-to-cart form: ours is inside it in classic; else the usual suspects. */
  function formOf(element) {
    var form = (element && element.closest('form')) ||
      document.getElementById('add-to-cart-or-refresh') ||
      document.querySelector('form[action*="controller=cart"], form[action*="/cart"]');
    if (form && !/^[A-Za-z][\w-]*$/.test(form.id || '')) {
      form.id = 'monogram-add-to-cart';
    }
    return form;
  }

  function customizationInput(form) {
    var input = form.querySelector('input[name="id_customization"]');
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'id_customization';
      form.appendChild(input);
    }
    return input;
  }

  /** Re-applied after anything that may have reset it (PrestaShop sets it to 0 on refresh). */
  function apply() {
    var element = mount();
    var form = formOf(element);
    var loader = loaderOf(element);
    if (!form) {
      return;
    }
    if (loader) {
      loader.setAttribute('data-form', '#' + form.id);
    }
    if (state.idCustomization > 0) {
      customizationInput(form).value = String(state.idCustomization);
    }
  }

  function save(design, token) {
    var element = mount();
    if (!element) {
      return Promise.resolve();
    }
    var body = new URLSearchParams();
    body.set('ajax', '1');
    body.set('token', element.getAttribute('data-static-token') ||
      (window.prestashop && window.prestashop.static_token) || '');
    body.set('id_product', element.getAttribute('data-product-id') || '');
    body.set('design', design);
    body.set('design_token', token);
    state.design = { design: design, token: token };

    var saving = fetch(element.getAttribute('data-endpoint'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      body: body
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) {
          throw new Error(json.error || 'HTTP ' + response.status);
        }
        return json;
      });
    }).then(function (json) {
      state.idCustomization = Number(json.id_customization) || 0;
      apply();
    }).catch(function (error) {
      console.error('[monogram] the design could not be kept on the cart line:', error);
    }).then(function () {
      if (state.saving === saving) {
        state.saving = null;
      }
    });
    state.saving = saving;
    return saving;
  }

  /** An add to cart while the design is still being stored waits for it, then goes ahead. */
  function holdWhileSaving(event, resume) {
    if (!state.saving) {
      apply();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    state.saving.then(resume);
  }

  function start() {
    var element = mount();
    if (!element) {
      return;
    }
    state.idCustomization = Number(element.getAttribute('data-customization')) || 0;
    var loader = loaderOf(element);
    if (loader && loader.getAttribute('data-design') && loader.getAttribute('data-token')) {
      state.design = { design: loader.getAttribute('data-design'), token: loader.getAttribute('data-token') };
    }
    apply();
  }

  document.addEventListener('monogram:design-saved', function (event) {
    var detail = event.detail || {};
    if (detail.design && detail.token) {
      save(String(detail.design), String(detail.token));
    }
  });

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-button-action="add-to-cart"]');
    if (button) {
      holdWhileSaving(event, function () { button.click(); });
    }
  }, true);

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form === formOf(mount())) {
      holdWhileSaving(event, function () {
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      });
    }
  }, true);

  if (window.prestashop && typeof window.prestashop.on === 'function') {
    // A combination change replaces the block holding the loader's button: keep the button
    // (and its open editor) and put it back in the new block.
    window.prestashop.on('updateProduct', function () {
      state.host = document.querySelector(HOST);
    });
    window.prestashop.on('updatedProduct', function () {
      var element = mount();
      if (state.host && !state.host.isConnected && element) {
        var loader = loaderOf(element);
        if (loader) {
          loader.after(state.host);
        } else {
          element.appendChild(state.host);
        }
      }
      apply();
    });
    // That customization now belongs to the line just added; a further add gets its own.
    window.prestashop.on('updateCart', function (event) {
      var reason = event && event.reason;
      if (reason && reason.linkAction === 'add-to-cart') {
        state.idCustomization = 0;
        if (state.design) {
          save(state.design.design, state.design.token);
        }
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
