"""A signed-in customer opens "My designs", reorders a past order, gets exactly what they ordered.

The shop's connector signs the customer reference with the store's secret key, as the
PrestaShop and Magento modules do, and puts it on the loader tag (data-customer).
"""

import hashlib
import hmac
import re
import time

import pytest

from monogram.extensions.db import db
from monogram.services import customers
from monogram.services.merchants import create_merchant
from tests import samples
from tests.browser.conftest import RESULTS
from tests.browser.shop import (
    RECORD_EVENTS,
    editor,
    editor_button,
    personalise_button,
    saved_design,
    tab_to,
)

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

ORDERED = "Jeanne Dupont"
EDITED_SINCE = "Jeanne Martin"
CUSTOMER = "7"


def customer_reference(secret, customer_id, ttl=3600):
    """The connector's recipe: HMAC-SHA256 keyed with the hex SHA-256 of the store's sk_…."""
    expires = int(time.time()) + ttl
    key = hashlib.sha256(secret.encode()).hexdigest().encode()
    mac = hmac.new(key, f"mcr1.{customer_id}.{expires}".encode(), hashlib.sha256).hexdigest()
    return f"mcr1.{customer_id}.{expires}.{mac}"


def ok(response, status=200):
    assert response.status == status, response.text()
    return response.json()


@pytest.fixture
def shop(live_server, api):
    """A store with a business card, a customer who ordered one, then changed the design."""
    with live_server.app.app_context():
        _, store, keys = create_merchant("Papeterie du Marais")
        db.session.commit()
        store_id = store.id
    sk = {"Authorization": f"Bearer {keys['secret']}"}
    pk = {"Authorization": f"Bearer {keys['publishable']}"}
    font = ok(
        api.post(
            "/v1/fonts",
            headers=sk,
            multipart={
                "file": {
                    "name": "Vera.ttf",
                    "mimeType": "font/ttf",
                    "buffer": samples.VERA.read_bytes(),
                },
                "licence_note": "Bitstream Vera",
            },
        ),
        201,
    )
    product = ok(api.post("/v1/products", headers=sk, data=samples.card_product([font["id"]])), 201)
    design = ok(
        api.post(
            "/v1/designs", headers=pk, data=samples.design(product["id"], font["id"], ORDERED)
        ),
        201,
    )
    placed = ok(
        api.post(
            "/v1/orders",
            headers=sk,
            data={
                "platform_order_id": "1042",
                "name": "#1042",
                "customer": {"platform_id": CUSTOMER, "email": "jeanne@example.fr"},
                "lines": [
                    {
                        "platform_line_id": "1",
                        "quantity": 250,
                        "title": "Cartes de visite",
                        "design": design["id"],
                        "design_token": design["token"],
                    }
                ],
            },
        ),
        201,
    )
    # After the order the shopper kept editing the design: the reorder must ignore that.
    ok(
        api.put(
            f"/v1/designs/{design['id']}",
            headers={
                **pk,
                "Monogram-Design-Token": design["token"],
                "If-Match": f'"{design["etag"]}"',
            },
            data=samples.design(product["id"], font["id"], EDITED_SINCE),
        )
    )
    return {
        "store": store_id,
        "pk": pk,
        "font": font["id"],
        "keys": keys,
        "sk": sk,
        "product": product["id"],
        "design": design,
        "line": placed["lines"][0]["id"],
        "reference": customer_reference(keys["secret"], CUSTOMER),
    }


def product_page(shop, locale="en"):
    return f"""<!doctype html>
<html lang="{locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cartes de visite</title></head>
<body><h1>Cartes de visite</h1><form method="post" action="/demo/cart">
<input type="hidden" name="quantity" value="250">
<script src="/widget/monogram.js" data-key="{shop["keys"]["publishable"]}"
 data-product="{shop["product"]}" data-customer="{shop["reference"]}"
 data-locale="{locale}" async></script>
</form></body></html>"""


def open_on(page, live_server, html):
    page.add_init_script(RECORD_EVENTS)
    page.route(
        f"{live_server.url}/test-pages/product.html",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto("/test-pages/product.html")


def test_a_customer_reorders_a_past_order_from_my_designs(desktop, live_server, api, shop):
    page = desktop
    open_on(page, live_server, product_page(shop))
    personalise_button(page).click()
    expect(editor_button(page, "Add text")).to_be_enabled()

    mine = editor_button(page, "My designs")
    expect(mine).to_be_visible()
    mine.click()
    library = editor(page).get_by_role("dialog", name="My designs and orders")
    expect(library).to_be_visible()
    expect(library.get_by_role("heading", name="Past orders")).to_be_visible()
    line = library.locator(".library-item")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Cartes de visite")
    expect(line).to_contain_text(
        re.compile(r"Order #1042 of \d{1,2} [A-Z][a-z]+ 20\d\d · quantity 250")
    )
    # Its thumbnail is the ordered version, drawn on the product by the server.
    thumbnail = line.locator(".thumb img")
    expect(thumbnail).to_have_count(1)
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / "library-my-designs.png")

    # By keyboard: Tab reaches "Reorder" without leaving the dialog, Enter makes the copy.
    reorder = library.get_by_role("button", name="Reorder")
    tab_to(page, reorder)
    page.keyboard.press("Enter")

    expect(library).to_be_hidden()
    status = editor(page).locator('[part="status"]')
    expect(status).to_have_text(
        "A copy of order #1042 is ready: add it to the cart as is, or change it."
    )
    stage = editor(page).locator('[part="stage"]')
    expect(stage.locator("text.line")).to_have_text([ORDERED])
    editor(page).get_by_role("button", name="Text 1").click()
    expect(editor(page).get_by_label("Text", exact=True)).to_have_value(ORDERED)
    page.screenshot(path=RESULTS / "library-reordered.png")

    copy = saved_design(page)
    assert copy["design"] != shop["design"]["id"]
    with page.expect_navigation(url="**/demo/cart*"):
        editor_button(page, "Add to cart").click()
    expect(page.locator('td[data-field="properties[_monogram_design]"]')).to_have_text(
        copy["design"]
    )

    # What goes to the cart is the ordered version, as a new design; the original is as it was.
    stored = ok(api.get(f"/v1/designs/{copy['design']}", headers=shop["sk"]))
    assert stored["version"] == 1
    assert stored["document"] == shop["design"]["document"]
    original = ok(api.get(f"/v1/designs/{shop['design']['id']}", headers=shop["sk"]))
    assert original["version"] == 2
    assert original["document"]["surfaces"][0]["objects"][0]["text"] == EDITED_SINCE


def test_my_designs_in_french_closes_with_escape(desktop, live_server, shop):
    page = desktop
    open_on(page, live_server, product_page(shop, locale="fr"))
    personalise_button(page, "Personnaliser").click()
    expect(editor_button(page, "Ajouter un texte")).to_be_enabled()

    mine = editor_button(page, "Mes créations")
    mine.focus()
    page.keyboard.press("Enter")
    library = editor(page).get_by_role("dialog", name="Mes créations et commandes")
    expect(library.get_by_role("heading", name="Commandes passées")).to_be_visible()
    expect(library.get_by_role("button", name="Commander à nouveau")).to_be_visible()
    expect(library).to_contain_text("Commande #1042 du")

    page.keyboard.press("Escape")
    expect(library).to_be_hidden()
    # The editor is still open, and the keyboard is back on the button that opened the list.
    expect(editor_button(page, "Ajouter un texte")).to_be_visible()
    assert mine.evaluate("element => element.matches(':focus')")


def test_a_guest_sees_no_library(desktop, live_server, shop):
    page = desktop
    html = product_page(shop).replace(f'data-customer="{shop["reference"]}"', "")
    open_on(page, live_server, html)
    personalise_button(page).click()
    expect(editor_button(page, "Add text")).to_be_enabled()
    expect(editor(page).get_by_role("button", name="My designs")).to_have_count(0)


def test_on_shopify_the_reference_comes_from_the_app_proxy(desktop, live_server, shop):
    """The theme block asks /apps/monogram/config; Shopify's proxy is played by the test, with
    the reference Monogram's proxy route signs."""
    with live_server.app.app_context():
        signed = customers.sign(shop["store"], CUSTOMER)
    asked = []

    def proxy(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", json={"customer": signed})

    page = desktop
    page.route(f"{live_server.url}/apps/monogram/config", proxy)
    html = product_page(shop).replace(
        f'data-customer="{shop["reference"]}"', 'data-customer-url="/apps/monogram/config"'
    )
    open_on(page, live_server, html)
    personalise_button(page).click()
    # Once the editor is ready, as in the reorder test: pressed earlier it opened nothing once.
    expect(editor_button(page, "Add text")).to_be_enabled()
    editor_button(page, "My designs").click()
    library = editor(page).get_by_role("dialog", name="My designs and orders")
    expect(library.get_by_role("button", name="Reorder")).to_be_visible()
    assert asked == [f"{live_server.url}/apps/monogram/config"]


def test_a_customer_opens_a_saved_design_and_saves_it_again(desktop, live_server, api, shop):
    draft = ok(
        api.post(
            "/v1/designs",
            headers={**shop["pk"], "Monogram-Customer": shop["reference"]},
            data=samples.design(shop["product"], shop["font"], "Atelier du Marais"),
        ),
        201,
    )
    page = desktop
    open_on(page, live_server, product_page(shop))
    personalise_button(page).click()
    # Once the editor is ready, as in the reorder test: pressed earlier it opened nothing once.
    expect(editor_button(page, "Add text")).to_be_enabled()
    editor_button(page, "My designs").click()
    library = editor(page).get_by_role("dialog", name="My designs and orders")
    saved = library.get_by_role("region", name="Saved designs")
    expect(saved).to_contain_text(
        re.compile(r"Business card\s*Saved on \d{1,2} [A-Z][a-z]+ 20\d\d")
    )
    saved.get_by_role("button", name="Open").click()

    expect(library).to_be_hidden()
    expect(editor(page).locator('[part="status"]')).to_have_text(
        "“Business card” is open: change it or add it to the cart."
    )
    expect(editor(page).locator('[part="stage"] text.line')).to_have_text(["Atelier du Marais"])
    editor(page).get_by_role("button", name="Text 1").click()
    text = editor(page).get_by_label("Text", exact=True)
    text.fill("Atelier du Marais — Paris")
    editor_button(page, "Save").click()
    expect(editor(page).locator('[part="status"]')).to_have_text("Saved")

    # The same design, one version more: the library handed back its own token.
    assert saved_design(page)["design"] == draft["id"]
    stored = ok(api.get(f"/v1/designs/{draft['id']}", headers=shop["sk"]))
    assert stored["version"] == 2
    assert stored["document"]["surfaces"][0]["objects"][0]["text"] == "Atelier du Marais — Paris"
