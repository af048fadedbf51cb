/**
 * Monogram on Shopify themes: keeps the shopper's saved design on the product form, so the cart
 * line gets properties[_monogram_design], properties[_monogram_token] and a visible summary.
 *
 * Dawn's product-form.js posts `new FormData(this.form)`: only fields of its own <form> travel.
 * The editor lives outside that form, so on `monogram:design-saved` this script writes the fields
 * inside the product form, writes them again just before any add-to-cart submit (variant changes
 * may re-render the form), and offers window.Monogram.cartProperties(form) to themes that post
 * JSON to /cart/add.js from their own state. It replaces no theme or browser function.
 * The price Monogram signed for the design (`monogram:price-quoted`) rides along as
 * properties[_monogram_price], which the monogram-price cart transform charges.
 */
(function () {
  "use strict";

  var READY = Symbol.for("monogram.cart");
  if (document[READY]) return; // the block and the embed may both bring this file
  document[READY] = true;

  var DESIGN = "_monogram_design";
  var TOKEN = "_monogram_token";
  var PRICE = "_monogram_price";
  var CONFIG = "[data-monogram-cart]";
  var CART_FORM = 'form[action*="/cart/add"]';
  var LOADER = 'script[src*="/widget/monogram.js"]';
  var SUBMITTER = 'button[type="submit"], input[type="submit"], button:not([type]), [name="add"]';
  var DEFAULTS = {
    "summary-label": "Personnalisation",
    summary: "Design {design}",
    "summary-preview": "Design {design} — voir l’aperçu : {preview}",
  };

  // One entry per product form holding a design: {form, formId, config, properties}.
  var saved = [];

  function setting(config, name) {
    var value = config && config.getAttribute("data-" + name);
    return value || DEFAULTS[name] || "";
  }

  function configFor(node) {
    var own = node && node.closest ? node.closest(CONFIG) : null;
    return own || document.querySelector(CONFIG);
  }

  // Not form.id: product forms hold an <input name="id">, which form.id returns instead.
  function idOf(form) {
    return form.getAttribute("id") || "";
  }

  function isCartForm(node) {
    if (!node || node.tagName !== "FORM") return false;
    return /\/cart\/add/.test(node.getAttribute("action") || "");
  }

  function query(selector) {
    try {
      return document.querySelector(selector);
    } catch (error) {
      console.warn("[monogram] invalid product form selector: " + selector);
      return null;
    }
  }

  // In `root`, the add-to-cart form: Dawn's <product-form>, else a cart form with a submit button
  // (Dawn's installment form also posts to /cart/add but has none), else one a field points to.
  function formIn(root) {
    var form = root.querySelector("product-form form");
    if (form) return form;
    var forms = root.querySelectorAll(CART_FORM);
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].querySelector(SUBMITTER)) return forms[i];
    }
    var linked = root.querySelectorAll("[form]");
    for (var j = 0; j < linked.length; j++) {
      var target = document.getElementById(linked[j].getAttribute("form"));
      if (isCartForm(target)) return target;
    }
    return null;
  }

  // The product form a node belongs to: the merchant's selector, else the nearest ancestor
  // (crossing shadow roots) that holds an add-to-cart form, else the page's first one.
  function productFormFor(node, config) {
    var selector = config && config.getAttribute("data-form");
    if (selector) {
      var chosen = query(selector);
      if (chosen && !isCartForm(chosen)) {
        chosen = chosen.querySelector("form") || chosen.form || null;
      }
      if (chosen) return chosen;
    }
    for (var el = node; el && el !== document; el = el.parentNode || el.host) {
      if (isCartForm(el)) return el;
      if (el.querySelector) {
        var form = formIn(el);
        if (form) return form;
      }
    }
    return formIn(document);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function propertiesFrom(detail, config) {
    var properties = {};
    properties[DESIGN] = String(detail.design);
    if (detail.token) properties[TOKEN] = String(detail.token);
    if (detail.signed_price) properties[PRICE] = String(detail.signed_price);
    var preview = detail.preview_url || detail.preview || "";
    var template = setting(config, preview ? "summary-preview" : "summary");
    properties[setting(config, "summary-label")] = fill(template, {
      design: detail.design,
      preview: preview,
    });
    return properties;
  }

  function fieldsNamed(form, name) {
    var found = [];
    for (var i = 0; i < form.elements.length; i++) {
      if (form.elements[i].name === name) found.push(form.elements[i]);
    }
    return found;
  }

  function write(form, properties) {
    for (var key in properties) {
      var name = "properties[" + key + "]";
      var fields = fieldsNamed(form, name);
      if (!fields.length) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.setAttribute("data-monogram", "");
        form.appendChild(input);
        fields = [input];
      }
      // The loader may have written its own copy: every copy carries the same value.
      fields.forEach(function (field) {
        field.value = properties[key];
      });
    }
  }

  function entryFor(form) {
    for (var i = 0; i < saved.length; i++) {
      var sameId = saved[i].formId && saved[i].formId === idOf(form);
      if (saved[i].form === form || sameId) return saved[i];
    }
    return null;
  }

  // A re-rendered section brings a new <form> under the same id: follow it.
  function currentForm(entry) {
    if (entry.form.isConnected) return entry.form;
    var again = entry.formId && document.getElementById(entry.formId);
    if (!again && entry.config && entry.config.isConnected) {
      again = productFormFor(entry.config, entry.config);
    }
    return isCartForm(again) ? again : null;
  }

  function rewriteAll() {
    saved.forEach(function (entry) {
      var form = currentForm(entry);
      if (!form) return;
      entry.form = form;
      write(form, entry.properties);
    });
  }

  function expose() {
    var namespace = window.Monogram;
    // The loader owns window.Monogram and mounts nothing if it already exists, so this script
    // only adds to it once the loader has made it.
    if (namespace && typeof namespace === "object") namespace.cartProperties = cartProperties;
  }

  /**
   * The line item properties of the design saved for a product form, for themes that post JSON:
   * `properties: window.Monogram.cartProperties(form)`. Without an argument: the latest design.
   * An empty object when the shopper has saved no design.
   */
  function cartProperties(target) {
    var entry = saved[saved.length - 1] || null;
    if (target) {
      var form = isCartForm(target) ? target : productFormFor(target, configFor(target));
      entry = form ? entryFor(form) : null;
    }
    var copy = {};
    if (entry) for (var key in entry.properties) copy[key] = entry.properties[key];
    return copy;
  }

  function onDesignSaved(event) {
    var detail = event.detail || {};
    expose();
    if (!detail.design) return;
    var config = configFor(event.target);
    var form = productFormFor(event.target, config);
    if (!form) {
      console.warn("[monogram] no add-to-cart form found for design " + detail.design);
      return;
    }
    var properties = propertiesFrom(detail, config);
    var entry = entryFor(form);
    if (!entry) {
      entry = { form: form, formId: idOf(form), config: config };
      saved.push(entry);
    }
    entry.form = form;
    entry.properties = properties;
    write(form, properties);
  }

  // A new quote (quantity, variant or design changed): the line carries Monogram's new price.
  function onPriceQuoted(event) {
    var detail = event.detail || {};
    if (!detail.design || !detail.signed_price) return;
    saved.forEach(function (entry) {
      if (entry.properties[DESIGN] !== String(detail.design)) return;
      entry.properties[PRICE] = String(detail.signed_price);
      var form = currentForm(entry);
      if (form) write(form, entry.properties);
    });
  }

  // A variant change may re-render the section and its form (Dawn swaps the HTML it fetched),
  // so the fields are written again on the way to the cart: on a submit, or a click on a
  // control of a cart form (sticky add bars of type="button", "Buy it now"). Capture runs
  // before the theme's own handlers, which build their FormData then.
  function beforeAdd(event) {
    if (!saved.length) return;
    var node = event.target;
    if (event.type === "click" && node.closest) {
      var control = node.closest("button, input, select");
      node = (control && control.form) || node.closest("form");
    }
    if (isCartForm(node)) rewriteAll();
  }

  // Tell each loader tag which form is the product form unless the merchant already did, so
  // the loader does not settle on the first form[action*="cart"] (often the cart drawer's).
  function pointLoaders() {
    var configs = document.querySelectorAll(CONFIG);
    for (var i = 0; i < configs.length; i++) {
      var loader = configs[i].querySelector(LOADER);
      if (!loader || loader.hasAttribute("data-form")) continue;
      var form = productFormFor(configs[i], configs[i]);
      if (form && idOf(form) && window.CSS && CSS.escape) {
        loader.setAttribute("data-form", "#" + CSS.escape(idOf(form)));
      }
    }
  }

  // The app embed renders at the end of <body>: bring its button next to the add-to-cart button.
  function placeEmbeds() {
    if (document.querySelector(CONFIG + ":not([data-monogram-embed])")) return;
    var embeds = document.querySelectorAll(CONFIG + "[data-monogram-embed]");
    for (var i = 0; i < embeds.length; i++) {
      var form = productFormFor(embeds[i], embeds[i]);
      if (!form || form.contains(embeds[i])) continue;
      var button = form.querySelector(SUBMITTER);
      if (button) button.parentNode.insertBefore(embeds[i], button);
      else form.parentNode.insertBefore(embeds[i], form);
    }
  }

  function start() {
    placeEmbeds();
    pointLoaders();
    expose();
  }

  document.addEventListener("monogram:design-saved", onDesignSaved);
  document.addEventListener("monogram:price-quoted", onPriceQuoted);
  document.addEventListener("submit", beforeAdd, true);
  document.addEventListener("click", beforeAdd, true);
  var loaders = document.querySelectorAll(LOADER);
  for (var i = 0; i < loaders.length; i++) loaders[i].addEventListener("load", expose);
  window.addEventListener("load", expose);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
