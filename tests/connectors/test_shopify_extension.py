"""The Shopify app's files: its configuration points Shopify at the backend, the theme extension's
blocks, locales and assets are well formed, and monogram-cart.js keeps the saved design on the
cart line of a Dawn-like product page in Chromium."""

import gzip
import json
import os
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from monogram.services.shopify_webhooks import TOPICS
from monogram.settings import Config
from tests.servers import unavailable

PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "shopify"
EXTENSION = PLUGIN / "extensions" / "monogram-personaliser"
CART_JS = EXTENSION / "assets" / "monogram-cart.js"
COMPLIANCE_TOPICS = {"customers/data_request", "customers/redact", "shop/redact"}
# Shopify's theme check (AssetSizeAppBlockJavascript) warns past 10,000 compressed bytes.
MAX_JS_GZIP_BYTES = 10_000
SCHEMA = re.compile(r"{%-?\s*schema\s*-?%}(.*?){%-?\s*endschema\s*-?%}", re.S)


def app_config():
    return tomllib.loads((PLUGIN / "shopify.app.toml").read_text())


def backend_url(config):
    url = urlsplit(config["application_url"])
    assert url.scheme == "https", "Shopify only calls apps over HTTPS"
    return f"{url.scheme}://{url.netloc}"


def block_schema(name):
    match = SCHEMA.search((EXTENSION / "blocks" / name).read_text())
    assert match, f"blocks/{name} has no {{% schema %}}"
    return json.loads(match.group(1))


def load_locale(name):
    return json.loads((EXTENSION / "locales" / name).read_text())


def key_paths(tree, prefix=""):
    paths = set()
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            paths |= key_paths(value, path + ".")
        else:
            paths.add(path)
    return paths


def lookup(tree, dotted):
    for part in dotted.split("."):
        if not isinstance(tree, dict) or part not in tree:
            return None
        tree = tree[part]
    return tree


def translation_keys(value):
    """Every "t:…" reference in a block schema."""
    if isinstance(value, dict):
        return {key for item in value.values() for key in translation_keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in translation_keys(item)}
    if isinstance(value, str) and value.startswith("t:"):
        return {value[2:]}
    return set()


# The app configuration --------------------------------------------------------------------------


def test_webhooks_reach_the_backend_route_of_each_topic():
    config = app_config()
    base = backend_url(config)
    subscriptions = config["webhooks"]["subscriptions"]
    routed = {}
    for subscription in subscriptions:
        for topic in subscription.get("topics", []) + subscription.get("compliance_topics", []):
            assert topic not in routed, f"{topic} is subscribed twice"
            routed[topic] = subscription["uri"]

    # Exactly the topics the backend accepts, each at /webhooks/shopify/<topic with "-" for "/">.
    assert set(routed) == set(TOPICS)
    for topic, uri in routed.items():
        assert uri == f"{base}/webhooks/shopify/{topic.replace('/', '-')}"
        # The backend turns the path back into the topic by replacing the first "-".
        assert uri.rsplit("/", 1)[1].replace("-", "/", 1) == topic


def test_privacy_topics_are_compliance_subscriptions():
    subscriptions = app_config()["webhooks"]["subscriptions"]
    compliance = {t for s in subscriptions for t in s.get("compliance_topics", [])}
    ordinary = {t for s in subscriptions for t in s.get("topics", [])}
    assert compliance == COMPLIANCE_TOPICS
    assert ordinary == {"orders/create", "orders/updated", "orders/cancelled", "app/uninstalled"}


def test_webhook_api_version_is_a_stable_release():
    version = app_config()["webhooks"]["api_version"]
    assert re.fullmatch(r"20\d\d-(01|04|07|10)", version), version
    assert version >= "2026-01", "a version Shopify still supports"


def test_oauth_and_app_proxy_point_at_the_backend():
    config = app_config()
    base = backend_url(config)
    assert config["client_id"]
    assert config["application_url"] == f"{base}/shopify/install"
    assert config["auth"]["redirect_urls"] == [f"{base}/shopify/callback"]
    assert config["app_proxy"] == {
        "url": f"{base}/shopify/proxy",
        "subpath": "monogram",
        "prefix": "apps",
    }


def test_access_scopes_are_the_ones_monogram_uses():
    scopes = set(app_config()["access_scopes"]["scopes"].split(","))
    assert scopes == {
        "read_products",
        "read_orders",
        "write_merchant_managed_fulfillment_orders",  # fulfillmentCreate with tracking
        "write_app_proxy",  # required by [app_proxy]
        "write_cart_transforms",  # the monogram-price cart transform
        "write_draft_orders",  # accepted quotes become draft orders
    }
    # The OAuth install asks for the same scopes the app's configuration declares.
    assert set(Config.SHOPIFY_SCOPES.split(",")) == scopes


def test_extension_is_a_theme_app_extension():
    config = tomllib.loads((EXTENSION / "shopify.extension.toml").read_text())
    assert config["type"] == "theme"
    assert config["name"]


# Blocks, snippets and locales -------------------------------------------------------------------


def test_app_block_is_offered_on_product_pages_only():
    schema = block_schema("personaliser.liquid")
    assert schema["target"] == "section"
    assert schema["templates"] == ["product"]
    assert (EXTENSION / "assets" / schema["javascript"]).is_file()
    ids = [s["id"] for s in schema["settings"] if "id" in s]
    assert len(ids) == len(set(ids))
    assert {"publishable_key", "api_url", "form_selector"} <= set(ids)


def test_app_embed_targets_the_body():
    schema = block_schema("app-embed.liquid")
    assert schema["target"] == "body"
    assert (EXTENSION / "assets" / schema["javascript"]).is_file()
    source = (EXTENSION / "blocks" / "app-embed.liquid").read_text()
    assert "request.page_type == 'product'" in source


@pytest.mark.parametrize("block", ["personaliser.liquid", "app-embed.liquid"])
@pytest.mark.parametrize("locale", ["en.default.schema.json", "fr.schema.json"])
def test_block_labels_are_translated(block, locale):
    schema = block_schema(block)
    strings = load_locale(locale)
    missing = {key for key in translation_keys(schema) if not isinstance(lookup(strings, key), str)}
    assert not missing, f"{locale} lacks {sorted(missing)}"
    # Shopify cuts block names at 25 characters.
    assert len(lookup(strings, schema["name"][2:])) <= 25


@pytest.mark.parametrize(
    "default, other",
    [("en.default.json", "fr.json"), ("en.default.schema.json", "fr.schema.json")],
)
def test_french_and_english_locales_have_the_same_keys(default, other):
    assert key_paths(load_locale(default)) == key_paths(load_locale(other))


def test_storefront_strings_used_by_the_liquid_exist():
    liquid = " ".join(p.read_text() for p in EXTENSION.glob("*/*.liquid"))
    used = set(re.findall(r"'([\w.]+)'\s*\|\s*t\b", liquid))
    assert used, "the blocks use no translated string"
    for locale in ("en.default.json", "fr.json"):
        strings = load_locale(locale)
        assert {key for key in used if not isinstance(lookup(strings, key), str)} == set()


def test_blocks_render_a_snippet_that_exists():
    for block in (EXTENSION / "blocks").glob("*.liquid"):
        for snippet in re.findall(r"render\s+'([\w-]+)'", block.read_text()):
            assert (EXTENSION / "snippets" / f"{snippet}.liquid").is_file(), snippet


def test_loader_tag_follows_the_widget_contract():
    source = (EXTENSION / "snippets" / "monogram-loader.liquid").read_text()
    tags = re.findall(r"<script\b(.*?)>", source, re.S)
    assert len(tags) == 1
    tag = tags[0]
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
    assert attributes["src"].endswith("/widget/monogram.js")
    assert "monogram_key" in attributes["data-key"]
    assert "monogram_product" in attributes["data-product"]
    assert "monogram_variant" in attributes["data-variant"]
    assert "monogram_locale" in attributes["data-locale"]
    assert attributes["data-field-design"] == "properties[_monogram_design]"
    assert attributes["data-field-token"] == "properties[_monogram_token]"
    assert re.search(r"\basync\b", tag)
    assert "request.locale.iso_code" in source
    assert "product.selected_or_first_available_variant.id" in source


def test_theme_never_receives_a_secret_key():
    for path in EXTENSION.rglob("*"):
        if path.is_file():
            assert "sk_" not in path.read_text().replace("sk_…", ""), path


@pytest.mark.parametrize("asset", sorted(EXTENSION.glob("assets/*.js")), ids=lambda path: path.name)
def test_asset_javascript_stays_under_10_kb_compressed(asset):
    size = len(gzip.compress(asset.read_bytes(), compresslevel=9))
    assert size <= MAX_JS_GZIP_BYTES, f"{asset.name}: {size} bytes gzipped"


# monogram-cart.js in Chromium -------------------------------------------------------------------

CHROMIUM = os.environ.get("MONOGRAM_CHROMIUM", "/usr/bin/chromium")
SHOP = "https://atelier-dupont.myshopify.com"
API = "https://monogram.example.com"
PRODUCT_URL = f"{SHOP}/products/carte-de-visite"
FORM_ID = "product-form-template--main"
DESIGN = "dsn_01JC8ZK5Q4M3"
TOKEN = "dt_Jq4pV2w9xL"

# What Monogram's loader does that matters here: it mounts <monogram-personalise> after its
# script tag and owns window.Monogram, mounting nothing when that already exists.
LOADER_STAND_IN = """
(function () {
  if (window.Monogram) return;
  var script = document.currentScript;
  var host = document.createElement("monogram-personalise");
  host.attachShadow({ mode: "open" }).innerHTML = '<button type="button">Personnaliser</button>';
  script.after(host);
  window.Monogram = { version: "1", open: function () {} };
})();
"""

LOADER_TAG = (
    f'<script src="{API}/widget/monogram.js" data-key="pk_test_atelier" data-product="12"'
    ' data-variant="45" data-locale="fr" data-field-design="properties[_monogram_design]"'
    ' data-field-token="properties[_monogram_token]" async></script>'
)

BLOCK = """
<div class="shopify-app-block" id="shopify-block-monogram">
  <div class="monogram-personaliser" data-monogram-cart data-summary-label="Personnalisation"
       data-summary="Design {design}"
       data-summary-preview="Design {design} — voir l’aperçu : {preview}">
    %(loader)s
  </div>
</div>
"""

PRODUCT_FORM = f"""
<product-form class="product-form" data-section-id="template--main">
  <form method="post" action="/cart/add" id="{FORM_ID}" accept-charset="UTF-8"
        enctype="multipart/form-data" novalidate>
    <input type="hidden" name="form_type" value="product">
    <input type="hidden" name="id" value="__VARIANT__" class="product-variant-id">
    <div class="product-form__buttons">
      <button type="submit" name="add" class="product-form__submit">Ajouter au panier</button>
    </div>
  </form>
</product-form>
"""

# Dawn's product page as far as the cart is concerned: a cart drawer form first in the page, an
# installment form that also posts to /cart/add, variant inputs and quantity tied to the product
# form by form="…", and <product-form>, which posts the FormData of its own <form> only.
DAWN_PAGE = f"""<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Carte de visite</title>
  <script src="/cdn/shop/t/1/assets/monogram-cart.js" defer></script>
</head>
<body>
<cart-drawer>
  <form action="/cart" id="CartDrawer-Form" method="post">
    <button type="submit" name="checkout">Commander</button>
  </form>
</cart-drawer>
<section id="shopify-section-template--main">
  <product-info data-section="template--main">
    <div class="product__info-container">
      <div class="price">
        <form method="post" action="/cart/add" id="product-form-installment-template--main"
              class="installment">
          <input type="hidden" name="id" value="45">
        </form>
      </div>
      <variant-selects data-section="template--main">
        <fieldset>
          <legend>Format</legend>
          <label><input type="radio" name="Format" value="85 x 55 mm" data-variant-id="45"
                        form="{FORM_ID}" checked> 85 x 55 mm</label>
          <label><input type="radio" name="Format" value="90 x 50 mm" data-variant-id="46"
                        form="{FORM_ID}"> 90 x 50 mm</label>
        </fieldset>
      </variant-selects>
      <!--BLOCK-->
      <quantity-input>
        <input type="number" name="quantity" value="250" min="1" form="{FORM_ID}">
      </quantity-input>
      <div class="product-form__holder">{PRODUCT_FORM.replace("__VARIANT__", "45")}</div>
      <div class="sticky-atc">
        <button type="button" name="add" form="{FORM_ID}" id="sticky-add">Ajouter</button>
      </div>
    </div>
  </product-info>
</section>
<script>
  // Dawn's product-form.js: FormData of its own form, here posted as JSON pairs.
  class ProductForm extends HTMLElement {{
    constructor() {{
      super();
      this.form = this.querySelector("form");
      this.form.addEventListener("submit", this.onSubmitHandler.bind(this));
    }}
    onSubmitHandler(event) {{
      event.preventDefault();
      const formData = new FormData(this.form);
      fetch("/cart/add.js", {{
        method: "POST",
        headers: {{ "Content-Type": "application/json", Accept: "application/json" }},
        body: JSON.stringify({{ form: [...formData.entries()] }}),
      }});
    }}
  }}
  customElements.define("product-form", ProductForm);

  // A sticky add bar of type="button": it posts the product form's FormData on click.
  document.getElementById("sticky-add").addEventListener("click", (event) => {{
    const formData = new FormData(event.currentTarget.form);
    fetch("/cart/add.js", {{
      method: "POST",
      headers: {{ "Content-Type": "application/json" }},
      body: JSON.stringify({{ form: [...formData.entries()] }}),
    }});
  }});

  // Dawn's variant picker: the chosen variant goes into the form's id input. With
  // data-rerender the product form is rendered anew a moment later, as Dawn does when the
  // section it fetched arrives.
  document.querySelector("variant-selects").addEventListener("change", (event) => {{
    const variant = event.target.dataset.variantId;
    if (document.body.hasAttribute("data-rerender")) {{
      setTimeout(() => {{
        document.querySelector("product-form").outerHTML = `{PRODUCT_FORM}`.replace(
          "__VARIANT__", variant);
        document.body.setAttribute("data-rerendered", "");
      }}, 50);
    }} else {{
      const input = document.querySelector("#{FORM_ID} input[name=id]");
      input.value = variant;
      input.dispatchEvent(new Event("change", {{ bubbles: true }}));
    }}
    document.dispatchEvent(new CustomEvent("variant:change", {{ detail: {{ variant }} }}));
  }});
</script>
</body>
</html>
"""

# A vintage theme with no app blocks: a payment-terms form that also posts to /cart/add, the
# product form posted by the browser itself, and the app embed rendered at the end of <body>.
VINTAGE_PAGE = f"""<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Carte de visite</title></head>
<body>
<main>
  <form action="/cart/add" method="post" id="PaymentTerms" class="shopify-payment-terms">
    <input type="hidden" name="id" value="45">
  </form>
  <form action="/cart/add" method="post" id="AddToCartForm">
    <select name="id">
      <option value="45" selected>85 x 55 mm</option>
      <option value="46">90 x 50 mm</option>
    </select>
    <input type="number" name="quantity" value="100">
    <button type="submit" name="add" id="AddToCart">Ajouter au panier</button>
  </form>
</main>
<div class="monogram-personaliser" data-monogram-cart data-monogram-embed
     data-summary-label="Personnalisation" data-summary="Design {{design}}">
  {LOADER_TAG}
</div>
<script src="/cdn/shop/t/1/assets/monogram-cart.js" defer></script>
</body>
</html>
"""


def dawn_page(loader=True):
    block = BLOCK % {"loader": LOADER_TAG if loader else ""}
    return DAWN_PAGE.replace("<!--BLOCK-->", block)


class Chromium:
    """Debian's Chromium, driven from one worker thread of its own.

    Playwright's sync API refuses to start inside another running Playwright, and
    tests/browser keeps one open for the whole session; a separate thread has its own.
    """

    def __init__(self):
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self.worker.submit(self._start).result()

    def _start(self):
        from playwright.sync_api import sync_playwright

        self.driver = sync_playwright().start()
        # Root (containers, CI) cannot use Chromium's user-namespace sandbox.
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        self.browser = self.driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=args
        )

    def run(self, scenario, html, loader=LOADER_STAND_IN):
        """Run scenario(shop) in the worker thread on a fresh page serving `html`."""
        return self.worker.submit(self._run, scenario, html, loader).result()

    def _run(self, scenario, html, loader):
        context = self.browser.new_context()
        context.set_default_timeout(10_000)
        try:
            shop = Shop(context.new_page(), html, loader)
            scenario(shop)
            assert shop.errors == [], shop.errors
        finally:
            context.close()

    def close(self):
        def stop():
            self.browser.close()
            self.driver.stop()

        self.worker.submit(stop).result()
        self.worker.shutdown()


class Shop:
    """A product page served from the shop's domain, with the loader and the cart intercepted."""

    def __init__(self, page, html, loader):
        self.page = page
        self.html = html
        self.loader = loader
        self.errors = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console",
            lambda message: "[monogram]" in message.text and self.errors.append(message.text),
        )
        page.route("**/*", self._serve)
        page.goto(PRODUCT_URL)
        page.wait_for_load_state("load")

    def _serve(self, route):
        request = route.request
        url = urlsplit(request.url)
        origin = f"{url.scheme}://{url.netloc}"
        if origin == API and url.path == "/widget/monogram.js":
            route.fulfill(body=self.loader, content_type="text/javascript")
        elif origin == SHOP and url.path == "/products/carte-de-visite":
            route.fulfill(body=self.html, content_type="text/html; charset=utf-8")
        elif origin == SHOP and url.path.endswith("/assets/monogram-cart.js"):
            route.fulfill(body=CART_JS.read_text(), content_type="text/javascript")
        elif origin == SHOP and url.path in ("/cart/add", "/cart/add.js"):
            route.fulfill(json={"status": "added"})
        else:
            route.fulfill(status=404, body="")

    def save_design(self, design=DESIGN, token=TOKEN, **extra):
        """What the editor does when the shopper saves: the event on <monogram-personalise>."""
        self.page.wait_for_selector("monogram-personalise", state="attached")
        self.page.evaluate(
            """(detail) => document.querySelector("monogram-personalise").dispatchEvent(
                 new CustomEvent("monogram:design-saved",
                                 { detail, bubbles: true, composed: true }))""",
            {"design": design, "token": token, "etag": '"v1"', **extra},
        )

    def add_to_cart(self, button="button[name=add]", by_loader=False):
        """Click "add to cart", or let the editor submit the form as the loader does after its
        own "Add to cart"; the fields the cart receives, as (name, value) pairs."""
        with self.page.expect_request(lambda r: "/cart/add" in r.url) as sent:
            if by_loader:
                self.page.evaluate("(id) => document.getElementById(id).requestSubmit()", FORM_ID)
            else:
                self.page.click(button)
        request = sent.value
        if request.url.endswith(".js"):
            return [tuple(pair) for pair in json.loads(request.post_data)["form"]]
        return parse_qsl(request.post_data)

    def choose_format(self, label):
        self.page.get_by_label(label).check()


def line_properties(fields):
    """properties[…] fields as {name: [values]}, so a duplicated field shows."""
    properties = {}
    for name, value in fields:
        match = re.fullmatch(r"properties\[(.+)\]", name)
        if match:
            properties.setdefault(match.group(1), []).append(value)
    return properties


EXPECTED = {
    "_monogram_design": [DESIGN],
    "_monogram_token": [TOKEN],
    "Personnalisation": [f"Design {DESIGN}"],
}


@pytest.fixture(scope="module")
def built_loader():
    """widget/dist's loader, as `npm run build` leaves it."""
    from monogram.settings import Config

    environ = {k: v for k, v in os.environ.items() if k == "MONOGRAM_WIDGET_DIR"}
    widget_dir = Path(Config.from_env(environ=environ).WIDGET_DIR)
    manifest = widget_dir / "manifest.json"
    if not manifest.is_file():
        unavailable(f"the built widget ({widget_dir})", "cd widget && npm ci && npm run build")
    return (widget_dir / json.loads(manifest.read_text())["loader"]).read_text()


@pytest.fixture(scope="module")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"Chromium ({CHROMIUM})", "apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright for Python", "pip install -e '.[test]'")
    browser = Chromium()
    yield browser
    browser.close()


@pytest.mark.browser
def test_dawn_product_form_posts_the_design_saved_outside_it(chromium):
    def scenario(shop):
        shop.save_design()
        fields = shop.add_to_cart()
        assert line_properties(fields) == EXPECTED
        assert ("id", "45") in fields and ("quantity", "250") in fields
        # Nothing went into the cart drawer's or the installment form.
        stray = shop.page.evaluate(
            """(id) => [...document.querySelectorAll("input[name^='properties[']")]
                      .filter((input) => input.form.getAttribute("id") !== id).length""",
            FORM_ID,
        )
        assert stray == 0

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_variant_change_keeps_the_design(chromium):
    def scenario(shop):
        shop.save_design()
        assert line_properties(shop.add_to_cart()) == EXPECTED
        shop.choose_format("90 x 50 mm")
        fields = shop.add_to_cart()
        assert ("id", "46") in fields
        assert line_properties(fields) == EXPECTED

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_rerendered_product_form_gets_the_design_back(chromium):
    def scenario(shop):
        shop.page.evaluate("() => document.body.setAttribute('data-rerender', '')")
        shop.save_design()
        shop.choose_format("90 x 50 mm")
        shop.page.wait_for_selector("body[data-rerendered]", state="attached")
        # The section swap left a form without the fields...
        assert shop.page.locator(f"#{FORM_ID} input[name^='properties[']").count() == 0
        fields = shop.add_to_cart()
        # ...and they are back in it before the theme builds its FormData.
        assert ("id", "46") in fields
        assert line_properties(fields) == EXPECTED

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_sticky_add_button_without_submit_carries_the_design(chromium):
    def scenario(shop):
        shop.page.evaluate("() => document.body.setAttribute('data-rerender', '')")
        shop.save_design()
        shop.choose_format("90 x 50 mm")
        shop.page.wait_for_selector("body[data-rerendered]", state="attached")
        fields = shop.add_to_cart("#sticky-add")
        assert ("id", "46") in fields
        assert line_properties(fields) == EXPECTED

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_form_submitted_by_the_editor_carries_the_design(chromium):
    def scenario(shop):
        shop.page.evaluate("() => document.body.setAttribute('data-rerender', '')")
        shop.save_design()
        shop.choose_format("90 x 50 mm")
        shop.page.wait_for_selector("body[data-rerendered]", state="attached")
        # No click: the editor's "Add to cart" submits the product form itself.
        fields = shop.add_to_cart(by_loader=True)
        assert ("id", "46") in fields
        assert line_properties(fields) == EXPECTED

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_saving_again_replaces_the_design(chromium):
    def scenario(shop):
        shop.save_design()
        preview = f"{API}/v1/designs/dsn_SECOND/preview"
        shop.save_design(design="dsn_SECOND", token="dt_second", preview_url=preview)
        second = {
            "_monogram_design": "dsn_SECOND",
            "_monogram_token": "dt_second",
            "Personnalisation": f"Design dsn_SECOND — voir l’aperçu : {preview}",
        }
        assert line_properties(shop.add_to_cart()) == {k: [v] for k, v in second.items()}
        by_form = shop.page.evaluate(
            "(id) => window.Monogram.cartProperties(document.getElementById(id))", FORM_ID
        )
        assert by_form == second

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_cart_properties_for_themes_posting_json(chromium):
    def scenario(shop):
        page = shop.page
        assert page.evaluate("() => typeof window.Monogram.cartProperties") == "function"
        assert page.evaluate("() => window.Monogram.cartProperties()") == {}
        shop.save_design()
        expected = {name: values[0] for name, values in EXPECTED.items()}
        by_form = page.evaluate(
            "(id) => window.Monogram.cartProperties(document.getElementById(id))", FORM_ID
        )
        assert by_form == expected
        assert page.evaluate("() => window.Monogram.cartProperties()") == expected
        # A copy: the theme may add to it without touching what the next add will send.
        page.evaluate("() => { window.Monogram.cartProperties()._monogram_design = 'x'; }")
        assert page.evaluate("() => window.Monogram.cartProperties()") == expected
        # The loader's own namespace is intact.
        assert page.evaluate("() => typeof window.Monogram.open") == "function"

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_a_loader_arriving_late_still_mounts(chromium):
    def scenario(shop):
        page = shop.page
        # monogram-cart.js ran first: it must not have taken window.Monogram from the loader.
        assert page.evaluate("() => window.Monogram") is None
        page.evaluate(
            """([src]) => {
                 const tag = document.createElement("script");
                 tag.src = src;
                 document.querySelector("[data-monogram-cart]").appendChild(tag);
               }""",
            [f"{API}/widget/monogram.js"],
        )
        shop.save_design()
        assert page.evaluate("() => typeof window.Monogram.cartProperties") == "function"
        assert page.evaluate("() => window.Monogram.cartProperties()")["_monogram_design"] == DESIGN

    chromium.run(scenario, dawn_page(loader=False))


@pytest.mark.browser
def test_merchant_form_selector_wins_over_the_first_product_form(chromium):
    # The block sits in an "Apps" section of its own, below a featured product's form that
    # comes first in the page; the merchant named the right form in the block's settings.
    featured = (
        '<section id="shopify-section-featured"><product-form>'
        '<form method="post" action="/cart/add" id="product-form-featured">'
        '<input type="hidden" name="id" value="99"><button type="submit" name="add">+</button>'
        "</form></product-form></section>"
    )
    block = (BLOCK % {"loader": LOADER_TAG}).replace(
        "data-monogram-cart", f'data-monogram-cart data-form="#{FORM_ID}"'
    )
    page = (
        DAWN_PAGE.replace("<!--BLOCK-->", "")
        .replace("</cart-drawer>", "</cart-drawer>" + featured)
        .replace(
            "</section>\n<script>", f'</section>\n<section id="apps">{block}</section>\n<script>'
        )
    )
    assert 'id="apps"' in page

    def scenario(shop):
        shop.save_design()
        fields = shop.add_to_cart(f"#{FORM_ID} button[name=add]")
        assert line_properties(fields) == EXPECTED
        featured_fields = shop.page.locator("#product-form-featured input[name^='properties[']")
        assert featured_fields.count() == 0

    chromium.run(scenario, page)


@pytest.mark.browser
def test_loader_is_pointed_at_the_product_form(chromium):
    def scenario(shop):
        # Left alone, the loader would pick the first form[action*="cart"]: the cart drawer's.
        selector = shop.page.get_attribute("script[src$='/widget/monogram.js']", "data-form")
        assert selector == f"#{FORM_ID}"

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_app_embed_on_a_theme_without_app_blocks(chromium):
    def scenario(shop):
        page = shop.page
        # The embed's button now sits in the product form, before "add to cart".
        assert page.evaluate(
            """() => {
                 const button = document.querySelector("monogram-personalise");
                 const add = document.getElementById("AddToCart");
                 return button.closest("form") === add.form &&
                   !!(button.compareDocumentPosition(add) & Node.DOCUMENT_POSITION_FOLLOWING);
               }"""
        )
        shop.save_design()
        page.select_option("select[name=id]", "46")
        fields = shop.add_to_cart("#AddToCart")
        assert ("id", "46") in fields
        assert line_properties(fields) == EXPECTED

    chromium.run(scenario, VINTAGE_PAGE)


@pytest.mark.browser
def test_with_the_built_loader(chromium, built_loader):
    def scenario(shop):
        page = shop.page
        # The real loader mounted its button inside the block and kept its namespace.
        assert page.locator("[data-monogram-cart] monogram-personalise").count() == 1
        assert page.evaluate("() => typeof window.Monogram.open") == "function"
        assert page.evaluate("() => typeof window.Monogram.cartProperties") == "function"
        shop.save_design()
        shop.choose_format("90 x 50 mm")
        fields = shop.add_to_cart()
        assert ("id", "46") in fields
        assert line_properties(fields) == EXPECTED

    chromium.run(scenario, dawn_page(), loader=built_loader)
