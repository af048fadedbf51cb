"""A shopper picks clipart from the shop's library: searched, filtered by category, placed on the
design as a vector, and saved with it. Only collections offered on this kind of product show."""

import pytest

from monogram.extensions.db import db
from monogram.models import MediaCollection, Product
from monogram.services.merchants import create_merchant
from monogram.services.starter_media import add_starter_collection
from tests import samples
from tests.browser.conftest import RESULTS
from tests.browser.shop import (
    RECORD_EVENTS,
    editor,
    editor_button,
    personalise_button,
    saved_design,
)

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser


def ok(response, status=200):
    assert response.status == status, response.text()
    return response.json()


@pytest.fixture
def shop(live_server, api):
    """A stationer's business card (category "cards") and the starter clipart in French, its
    labels offered on mugs only."""
    with live_server.app.app_context():
        merchant, _, keys = create_merchant("Papeterie des Motifs")
        add_starter_collection(merchant.id, locale="fr")
        labels = db.session.query(MediaCollection).filter_by(
            merchant_id=merchant.id, category="labels"
        )
        labels.one().product_categories = ["mugs"]
        db.session.commit()
    sk = {"Authorization": f"Bearer {keys['secret']}"}
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
    with live_server.app.app_context():
        db.session.get(Product, product["id"]).category = "cards"
        db.session.commit()
    return {"keys": keys, "sk": sk, "product": product["id"]}


def product_page(shop, locale="fr"):
    return f"""<!doctype html>
<html lang="{locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cartes de visite</title></head>
<body><h1>Cartes de visite</h1>
<script src="/widget/monogram.js" data-key="{shop["keys"]["publishable"]}"
 data-product="{shop["product"]}" data-locale="{locale}" async></script>
</body></html>"""


def open_on(page, live_server, html):
    page.add_init_script(RECORD_EVENTS)
    page.route(
        f"{live_server.url}/test-pages/clipart.html",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto("/test-pages/clipart.html")


def test_a_shopper_searches_the_clipart_and_places_a_heart(desktop, live_server, api, shop):
    page = desktop
    open_on(page, live_server, product_page(shop))
    personalise_button(page, "Personnaliser").click()
    add_clipart = editor_button(page, "Ajouter un motif")
    expect(add_clipart).to_be_enabled()
    add_clipart.click()

    picker = editor(page).get_by_role("dialog", name="Motifs")
    expect(picker).to_be_visible()
    grid = picker.locator(".clipart-grid button")
    # Pictograms and seasonal shapes; the labels are for mugs, not cards.
    expect(grid).to_have_count(16)
    categories = picker.get_by_role("group", name="Catégories").get_by_role("button")
    expect(categories).to_have_text(["Tous", "Pictogrammes", "Saisons et fêtes"])
    page.wait_for_function(
        """picker => [...picker.querySelectorAll('.clipart-grid img')]
             .every(img => img.complete && img.naturalWidth > 0)""",
        arg=picker.element_handle(),
    )
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / "clipart-picker.png")

    picker.get_by_role("button", name="Pictogrammes").click()
    expect(grid).to_have_count(8)
    expect(picker.get_by_role("button", name="Pictogrammes")).to_have_attribute(
        "aria-pressed", "true"
    )
    picker.get_by_role("button", name="Tous").click()
    expect(grid).to_have_count(16)

    # Found by a French tag with its ligature, and by an English one.
    search = picker.get_by_role("searchbox", name="Rechercher un motif")
    search.fill("cœur")
    expect(grid).to_have_text(["Cœur"])
    search.fill("snowflake")
    expect(grid).to_have_text(["Flocon"])
    search.fill("licorne")
    expect(grid).to_have_count(0)
    expect(picker.locator(".clipart-status")).to_have_text(
        "Aucun motif ne correspond à votre recherche."
    )
    # Escape closes the picker, not the editor behind it.
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    expect(add_clipart).to_be_visible()

    add_clipart.click()
    search.fill("coeur")
    expect(grid).to_have_text(["Cœur"])
    grid.first.click()
    expect(picker).to_be_hidden()

    placed = page.evaluate(
        """() => document.querySelector('monogram-editor').document.surfaces
             .flatMap(surface => surface.objects)"""
    )
    assert [obj["type"] for obj in placed] == ["vector"]
    heart = placed[0]
    clipart = ok(api.get("/v1/media", headers=shop["sk"], params={"q": "cœur"}))
    assert heart["asset"] == clipart[0]["asset"]["id"]
    # A square drawing stays square, as large as the card's safe zone allows (55 - 2 × 3 mm).
    assert heart["width"] == pytest.approx(heart["height"]) == pytest.approx(49)
    stage = editor(page).locator('[part="stage"]')
    expect(stage.locator("image")).to_have_count(1)
    page.wait_for_function(
        """editor => {
             const image = editor.shadowRoot.querySelector('[part=stage] image');
             return image && image.getAttribute('href').startsWith('blob:');
           }""",
        arg=editor(page).element_handle(),
    )
    page.screenshot(path=RESULTS / "clipart-placed.png")

    editor_button(page, "Enregistrer").click()
    page.wait_for_function("window.__monogramEvents.some(e => e.type === 'monogram:design-saved')")
    saved = saved_design(page)
    stored = ok(
        api.get(
            f"/v1/designs/{saved['design']}",
            headers={**shop["sk"], "Monogram-Design-Token": saved["token"]},
        )
    )
    objects = [obj for surface in stored["document"]["surfaces"] for obj in surface["objects"]]
    assert [(obj["type"], obj["asset"]) for obj in objects] == [("vector", heart["asset"])]


def test_on_a_phone_the_picker_speaks_english_and_places_a_pictogram(phone, live_server, shop):
    page = phone
    open_on(page, live_server, product_page(shop, locale="en"))
    personalise_button(page).tap()
    add_clipart = editor_button(page, "Add clipart")
    expect(add_clipart).to_be_enabled()
    add_clipart.tap()
    picker = editor(page).get_by_role("dialog", name="Clipart")
    categories = picker.get_by_role("group", name="Categories").get_by_role("button")
    # The starter categories in the shopper's language; the pieces as the merchant named them.
    expect(categories).to_have_text(["All", "Pictograms", "Seasons and holidays"])
    picker.get_by_role("button", name="Pictograms").tap()
    grid = picker.locator(".clipart-grid button")
    expect(grid).to_have_count(8)
    expect(picker.locator(".clipart-status")).to_have_text("Pictures found: 8")
    page.wait_for_function(
        """picker => [...picker.querySelectorAll('.clipart-grid img')]
             .every(img => img.complete && img.naturalWidth > 0)""",
        arg=picker.element_handle(),
    )
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / "clipart-picker-phone.png")
    picker.get_by_role("button", name="Premiers secours").tap()
    expect(picker).to_be_hidden()
    expect(editor(page).locator('[part="stage"] image')).to_have_count(1)
    page.screenshot(path=RESULTS / "clipart-placed-phone.png")
