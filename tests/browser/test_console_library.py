"""The console's templates, fonts and picture collections in Chromium, by their labels.

A designer imports a template, sees what the import left out, opens it in the editor (the
widget in template mode, under the page's own policy), uploads a font and fills a collection.
Screenshots of each step go to test-results/console-library-N.png.
"""

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Template
from tests import samples
from tests.browser.conftest import DESKTOP
from tests.browser.console import created, new_account, screenshot, sign_in
from tests.browser.shop import editor, editor_button

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

DESIGNER = "ines@papeterie-lune.example"
PASSWORD = "la lune en papier"
CARD_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="85mm" height="55mm"
  viewBox="0 0 85 55">
  <rect width="85" height="55" fill="#f4efe6"/>
  <rect y="42" width="85" height="13" fill="#1d3557"/>
  <script>alert(1)</script>
  <text x="5" y="12" font-size="7" fill="#1d3557">PAPETERIE DE LA LUNE</text>
  <text data-monogram-field="full name" x="5" y="25" font-size="6">Jeanne Dupont</text>
  <rect data-monogram-slot="logo" x="60" y="15" width="20" height="20" fill="#cccccc"/>
</svg>"""
ON_THE_BAND = (20, 50)


@pytest.fixture(scope="module")
def shop(live_server, api):
    """A merchant of its own with a designer, a font and a card product."""
    account = new_account(
        live_server, api, "Papeterie de la Lune", {DESIGNER: "designer"}, PASSWORD
    )
    body = samples.card_product([account["font"]])
    product = created(api.post("/v1/products", headers=account["secret"], data=body))
    return {**account, "product": product["id"]}


def click_at(page, point):
    """A click on the editor's stage at a point in millimetres of the front area."""
    stage = editor(page).locator('[part="stage"]')
    box = stage.bounding_box()
    view = [float(v) for v in stage.get_attribute("viewBox").split()]
    scale = box["width"] / view[2]
    page.mouse.click(
        box["x"] + (point[0] - view[0]) * scale, box["y"] + (point[1] - view[1]) * scale
    )


def test_a_designer_imports_a_template_and_edits_it_in_the_editor(
    new_page, live_server, api, shop, tmp_path
):
    page = new_page("designer", **DESKTOP)
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message),
    )
    sign_in(page, DESIGNER, PASSWORD, at="/console/templates", lands_on=None)
    expect(page.get_by_role("heading", name="Templates", exact=True)).to_be_visible()
    expect(page.get_by_text("No template yet.")).to_be_visible()

    # A file that is no drawing: refused, said plainly, the form kept.
    bad = tmp_path / "notes.svg"
    bad.write_text("shopping list")
    page.get_by_label("Template file").set_input_files(bad)
    page.get_by_label("Template name").fill("Carte de la Lune")
    page.get_by_label("Product").select_option(label="Business card")
    page.get_by_role("button", name="Import the template").click()
    expect(page.get_by_role("alert")).to_contain_text("This file could not be imported")
    expect(page.get_by_label("Template name")).to_have_value("Carte de la Lune")
    screenshot(page, "library-1")

    card = tmp_path / "carte-lune.svg"
    card.write_bytes(CARD_SVG)
    page.get_by_label("Template file").set_input_files(card)
    page.get_by_label("Category").fill("business-card")
    page.get_by_role("button", name="Import the template").click()
    expect(page.get_by_role("heading", name="Template “Carte de la Lune”")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The template is imported.")
    report = page.get_by_role("region", name="What the import did not convert")
    expect(report).to_contain_text("scripts do not print")
    fields = page.locator("table.fields tbody tr")
    expect(fields).to_have_count(2)
    # The thumbnail is rendered after the import's response; it shows once ready.
    for _ in range(40):
        if page.get_by_role("img", name="Preview of the template Carte de la Lune").count():
            break
        page.wait_for_timeout(250)
        page.reload()
    thumbnail = page.get_by_role("img", name="Preview of the template Carte de la Lune")
    expect(thumbnail).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", thumbnail.element_handle()) > 0
    screenshot(page, "library-2")

    page.get_by_role("link", name="All templates").click()
    gallery = page.locator("ul.gallery li")
    expect(gallery).to_have_count(1)
    expect(gallery.first).to_contain_text("Carte de la Lune")
    page.get_by_label("Category").first.select_option("business-card")
    page.get_by_role("button", name="Show these templates").click()
    expect(page.locator("ul.gallery li")).to_have_count(1)
    screenshot(page, "library-3")

    # The widget in template mode: it reads the draft and saves it with its editing token.
    page.get_by_role("link", name="Carte de la Lune").click()
    page.get_by_role("link", name="Edit in the editor").click()
    expect(editor(page).get_by_role("heading", name="Template editor")).to_be_visible()
    status = editor(page).locator('[part="status"]')
    expect(status).to_have_text("Template “Carte de la Lune” loaded for editing.")
    page.wait_for_function(
        "() => document.querySelector('monogram-editor').hasAttribute('data-ready')"
    )
    rules = editor(page).locator("section.rules")
    rules.locator(f'[data-template-font="{shop["font"]}"]').check()
    click_at(page, ON_THE_BAND)
    expect(rules.get_by_label("Role")).to_have_value("locked")
    rules.get_by_label("Size locked").uncheck()
    screenshot(page, "library-4")
    editor_button(page, "Save template").click()
    expect(status).to_have_text("Template saved (revision 2)")
    assert violations == [], [message.text for message in violations]
    with live_server.app.app_context():
        stored = db.session.scalar(
            sa.select(Template).where(Template.merchant_id == shop["merchant"])
        )
        assert stored.revision == 2 and stored.fonts == [shop["font"]]

    # Closing the editor goes back to the template, now at revision 2.
    editor_button(page, "Close").click()
    expect(page.get_by_role("heading", name="Template “Carte de la Lune”")).to_be_visible()
    expect(page.locator(".facts dd").nth(2)).to_have_text("2")

    page.get_by_label("Published: customers see it in the editor").check()
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status")).to_have_text("Your changes are saved.")
    expect(page.locator("[data-status]")).to_have_text("Published")


def test_a_designer_uploads_a_font_and_fills_a_picture_collection(new_page, shop, tmp_path):
    page = new_page("designer-fonts", **DESKTOP)
    sign_in(page, DESIGNER, PASSWORD, at="/console/templates", lands_on=None)
    page.get_by_role("link", name="Fonts", exact=True).click()
    expect(page.get_by_role("heading", name="Fonts", exact=True)).to_be_visible()

    font = tmp_path / "VeraBd.ttf"
    font.write_bytes(samples.VERA_BOLD.read_bytes())
    page.get_by_label("Font file").set_input_files(font)
    page.get_by_role("button", name="Upload the font").click()
    # The licence note is required: the browser stops the form before it leaves.
    expect(page.get_by_label("Licence note")).to_have_js_property("validity.valueMissing", True)
    page.get_by_label("Licence note").fill("Bitstream Vera licence, embedding allowed")
    page.get_by_role("button", name="Upload the font").click()
    expect(page.get_by_role("status")).to_have_text("The font is uploaded.")
    own = page.get_by_role("region", name="Your fonts")
    expect(own.locator("tr[data-font]")).to_have_count(2)
    # Each sample is drawn in its own font, loaded under the page's font-src 'self'.
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    sample = own.locator("tr[data-font] .sample").first
    family = sample.evaluate("el => getComputedStyle(el).fontFamily").split(",")[0].strip('"')
    assert family.startswith("f-fnt_"), family
    assert page.evaluate('name => document.fonts.check(`16px "${name}"`)', family)
    # Both of the merchant's fonts, the one just uploaded too, are loaded for their samples.
    names = own.locator(".sample").evaluate_all(
        "samples => samples.map(el => getComputedStyle(el).fontFamily.split(',')[0])"
    )
    loaded = page.evaluate(
        "names => document.fonts.ready.then(() => [...document.fonts]"
        ".filter(f => names.includes(f.family) && f.status === 'loaded').length)",
        [name.strip('"') for name in names],
    )
    assert loaded == 2
    screenshot(page, "library-5")

    page.get_by_role("button", name="Delete the font Bitstream Vera Sans Bold").click()
    expect(page.get_by_role("status")).to_have_text("The font is deleted.")
    expect(own.locator("tr[data-font]")).to_have_count(1)

    page.get_by_role("link", name="Picture collections").click()
    page.get_by_label("Collection name").fill("Pictogrammes")
    page.get_by_label("Kind of pictures").fill("pictograms")
    page.get_by_label("Licence").fill("Drawn by our studio")
    page.get_by_role("button", name="Create the collection").click()
    expect(page.get_by_role("heading", name="Collection “Pictogrammes”")).to_be_visible()
    picture = tmp_path / "square.svg"
    picture.write_bytes(samples.svg())
    page.get_by_label("Picture file").set_input_files(picture)
    page.get_by_label("Picture name").fill("Carré bleu")
    page.get_by_label("Search words").fill("carré, bleu")
    page.get_by_role("button", name="Add the picture").click()
    expect(page.get_by_role("status")).to_have_text("The picture is added to the collection.")
    image = page.get_by_role("img", name="Carré bleu")
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) > 0
    screenshot(page, "library-6")
    page.get_by_role("button", name="Remove the picture Carré bleu").click()
    expect(page.get_by_text("No picture in this collection yet.")).to_be_visible()
