"""A shopper starts from a template in the gallery and can change only its fields.

The template (seeded through POST /v1/templates) has locked artwork (a band and the hotel's
name), three text fields and an image slot. The shopper fills the fields in the editor's form,
replaces the slot's picture, and the saved design differs from the template only there. In
template mode a merchant makes a text a field and saves with PUT /v1/templates/{id}/document.
"""

import copy

import pytest

from monogram.extensions.db import db
from monogram.services.merchants import create_merchant
from tests import samples
from tests.browser.conftest import RESULTS
from tests.browser.shop import RECORD_EVENTS, editor, editor_button, saved_design

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

FIELD_LOCK = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": False}
ARTWORK_LOCK = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": True}
FILLED = {"full_name": "Camille Martin", "job_title": "Réception", "phone": "+33 4 94 00 00 00"}
# Nothing can be selected here but the band (locked artwork): a point in mm on the front.
ON_THE_BAND = (5, 50)
ON_THE_HOTEL_NAME = (42, 7)
ON_THE_NAME_FIELD = (25, 22)
ON_NOTHING = (83, 12)


def ok(response, status=200):
    assert response.status == status, response.text()
    return response.json()


def text(obj_id, words, y, **rules):
    return {
        "id": obj_id, "type": "text", "x": 6, "y": y, "width": 48, "height": 7,
        "text": words, "font": None, "size": 10, "color": {"cmyk": [0, 0, 0, 100]},
        "align": "left", "fit": "shrink", **rules,
    }  # fmt: skip


def template_document(product, font, placeholder):
    objects = [
        {
            "id": "band", "type": "shape", "shape": "rect", "x": -3, "y": 44, "width": 91,
            "height": 14, "fill": {"cmyk": [100, 66, 0, 2]}, "lock": ARTWORK_LOCK,
        },
        text("hotel", "HÔTEL DES PINS", 3, size=14, lock=ARTWORK_LOCK, align="center", x=10,
             width=65),
        text("name", "Jeanne Dupont", 18, field="full_name", max_chars=24, lock=FIELD_LOCK),
        text("job", "Directrice", 27, field="job_title", max_chars=30, lock=FIELD_LOCK),
        text("phone", "+33 1 23 45 67 89", 35, field="phone", max_chars=20, lock=FIELD_LOCK),
        {
            "id": "photo", "type": "image", "x": 60, "y": 16, "width": 20, "height": 24,
            "asset": placeholder, "fit": "cover", "crop": None, "field": "photo", "min_dpi": 150,
            "lock": FIELD_LOCK,
        },
    ]  # fmt: skip
    for obj in objects:
        if obj["type"] == "text":
            obj["font"] = font
    return {
        "format": "monogram.design/1",
        "product": product,
        "surfaces": [{"area": "front", "objects": objects}],
    }


@pytest.fixture
def hotel(live_server, api):
    """A merchant of its own (the demo shop's editor must not open on a gallery) and a template."""
    with live_server.app.app_context():
        _, _, keys = create_merchant("Hôtel des Pins")
        db.session.commit()
    sk = {"Authorization": f"Bearer {keys['secret']}"}
    font = ok(
        api.post(
            "/v1/fonts",
            headers=sk,
            multipart={
                "file": {"name": "Vera.ttf", "mimeType": "font/ttf",
                         "buffer": samples.VERA.read_bytes()},
                "licence_note": "Bitstream Vera",
            },
        ),
        201,
    )  # fmt: skip
    product = ok(api.post("/v1/products", headers=sk, data=samples.card_product([font["id"]])), 201)
    placeholder = ok(
        api.post(
            "/v1/assets",
            headers=sk,
            multipart={
                "file": {"name": "placeholder.png", "mimeType": "image/png",
                         "buffer": samples.png(240, 288, (190, 190, 190))},
            },
        ),
        201,
    )  # fmt: skip
    template = ok(
        api.post(
            "/v1/templates",
            headers=sk,
            data={
                "name": "Hôtel des Pins",
                "description": "Carte du personnel",
                "status": "published",
                "document": template_document(product["id"], font["id"], placeholder["id"]),
            },
        ),
        201,
    )
    return {
        "keys": keys,
        "sk": sk,
        "font": font["id"],
        "product": product["id"],
        "template": template,
    }


def product_page(hotel, locale="en", extra=""):
    return f"""<!doctype html>
<html lang="{locale}"><head><meta charset="utf-8"><title>Cartes</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><form method="post" action="/demo/cart"><input type="hidden" name="quantity" value="100">
<script src="/widget/monogram.js" data-key="{hotel["keys"]["publishable"]}"
 data-product="{hotel["product"]}" data-locale="{locale}" {extra} async></script>
</form></body></html>"""


def open_on(page, live_server, html):
    page.add_init_script(RECORD_EVENTS)
    page.route(
        f"{live_server.url}/test-pages/product.html",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto("/test-pages/product.html")


def document_of(page):
    return editor(page).evaluate("element => element.document")


def objects_by_id(document):
    return {obj["id"]: obj for surface in document["surfaces"] for obj in surface["objects"]}


def click_at(page, point):
    """A click on the stage at a point given in millimetres of the front area."""
    stage = editor(page).locator('[part="stage"]')
    box = stage.bounding_box()
    view = [float(v) for v in stage.get_attribute("viewBox").split()]
    scale = box["width"] / view[2]
    x = box["x"] + (point[0] - view[0]) * scale
    y = box["y"] + (point[1] - view[1]) * scale
    page.mouse.click(x, y)
    return x, y


def drag_from(page, point, by=(60, 40)):
    x, y = click_at(page, point)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + by[0] / 2, y + by[1] / 2)
    page.mouse.move(x + by[0], y + by[1])
    page.mouse.up()


def test_a_shopper_fills_a_templates_fields_and_nothing_else(
    desktop, live_server, api, hotel, tmp_path
):
    page = desktop
    open_on(page, live_server, product_page(hotel))
    page.get_by_role("button", name="Personalise", exact=True).click()

    gallery = editor(page).get_by_role("dialog", name="Start from a template")
    expect(gallery).to_be_visible()
    expect(gallery.locator(".gallery-item")).to_have_count(1)
    expect(gallery.locator(".gallery-item")).to_contain_text("Hôtel des Pins")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / "template-gallery.png")
    gallery.get_by_role("button", name="Use this template").click()
    expect(gallery).to_be_hidden()
    status = editor(page).locator('[part="status"]')
    expect(status).to_have_text("Template “Hôtel des Pins” ready: fill in its fields.")
    page.wait_for_function(
        "() => document.querySelector('monogram-editor').hasAttribute('data-ready')"
    )

    form = editor(page).locator("section.fields")
    expect(form.get_by_role("heading", name="Your details")).to_be_visible()
    for label in ("Full name", "Job title", "Phone"):
        expect(form.get_by_label(label)).to_be_visible()
    expect(form.get_by_label("Full name")).to_have_value("Jeanne Dupont")
    expect(form.get_by_role("button", name="Replace picture")).to_be_visible()
    start = document_of(page)
    assert start["template"] == hotel["template"]["id"]
    before = objects_by_id(start)

    # Locked artwork cannot be selected, moved or deleted: clicks and drags go through it.
    selection = editor(page).locator(".selection")
    for point in (ON_THE_BAND, ON_THE_HOTEL_NAME):
        click_at(page, point)
        expect(selection).to_have_count(0)
        drag_from(page, point)
        page.keyboard.press("Delete")
    layers = editor(page).locator(".layers button")
    expect(layers).to_have_count(4)  # the three fields and the slot, not the artwork

    # A field is selected (to show where it is) but keeps its place; Delete is refused.
    drag_from(page, ON_THE_NAME_FIELD)
    expect(selection).to_have_count(1)
    expect(selection.locator("[data-handle]")).to_have_count(0)
    expect(editor_button(page, "Delete")).to_be_disabled()
    expect(editor_button(page, "Duplicate")).to_be_disabled()
    editor(page).locator('[part="stage"]').focus()
    page.keyboard.press("Delete")
    expect(status).to_have_text("This element is locked by the design.")
    assert objects_by_id(document_of(page)) == before

    # The fields are typed in the form; max_chars holds.
    name_box = form.get_by_label("Full name")
    name_box.fill("A name far longer than twenty-four characters")
    expect(name_box).to_have_value("A name far longer than t")
    expect(form.locator("#field-name-count")).to_have_text("24 / 24 characters")
    for field_name, value in FILLED.items():
        form.get_by_label(field_name.replace("_", " ").capitalize()).fill(value)
    expect(editor(page).locator('[part="stage"] text.line')).to_contain_text(
        ["HÔTEL DES PINS", FILLED["full_name"], FILLED["job_title"], FILLED["phone"]]
    )

    # The slot's picture is replaced; its frame stays the template's.
    photo = tmp_path / "portrait.jpg"
    photo.write_bytes(samples.jpeg(600, 720, color=(30, 110, 60)))
    with page.expect_file_chooser() as chooser:
        form.get_by_role("button", name="Replace picture").click()
    chooser.value.set_files(photo)
    expect(status).to_have_text("Image added")
    replaced = objects_by_id(document_of(page))["photo"]
    assert replaced["asset"] != before["photo"]["asset"]
    editor(page).evaluate("element => { element.guides = false; }")
    page.screenshot(path=RESULTS / "template-fields-filled.png")
    editor(page).evaluate("element => { element.guides = true; }")

    editor_button(page, "Save").click()
    expect(status).to_have_text("Saved")
    saved = saved_design(page)
    stored = ok(api.get(f"/v1/designs/{saved['design']}", headers=hotel["sk"]))["document"]

    # The saved design is the template with the field values and the slot's picture changed.
    assert stored["template"] == hotel["template"]["id"]
    expected = copy.deepcopy(hotel["template"]["document"])
    for obj in expected["surfaces"][0]["objects"]:
        if obj.get("field") in FILLED:
            obj["text"] = FILLED[obj["field"]]
        if obj["id"] == "photo":
            obj["asset"] = replaced["asset"]
    front = [s for s in stored["surfaces"] if s["area"] == "front"]
    assert front[0]["objects"] == expected["surfaces"][0]["objects"]
    assert all(s["objects"] == [] for s in stored["surfaces"] if s["area"] != "front")

    # An emptied field stops the order: the shopper is told which and taken to it.
    phone_box = form.get_by_label("Phone")
    phone_box.fill("")
    editor_button(page, "Add to cart").click()
    expect(status).to_have_text("Fill in Phone before adding to the cart.")
    expect(phone_box).to_be_focused()
    assert "/demo/cart" not in page.url


def test_the_gallery_in_french_and_back_to_a_blank_page(desktop, live_server, hotel):
    page = desktop
    open_on(page, live_server, product_page(hotel, locale="fr"))
    page.get_by_role("button", name="Personnaliser", exact=True).click()
    gallery = editor(page).get_by_role("dialog", name="Partir d’un modèle")
    expect(gallery).to_be_visible()
    gallery.get_by_role("button", name="Utiliser ce modèle").click()
    expect(editor(page).get_by_role("heading", name="Vos informations")).to_be_visible()
    expect(editor(page).get_by_role("button", name="Remplacer l’image")).to_be_visible()
    assert document_of(page)["template"] == hotel["template"]["id"]

    # The gallery stays at hand in the header; a blank page leaves the template behind.
    editor_button(page, "Modèles").click()
    expect(gallery).to_be_visible()
    expect(gallery).to_contain_text("Un modèle remplace le design en cours.")
    gallery.get_by_role("button", name="Partir d’une page blanche").click()
    expect(gallery).to_be_hidden()
    blank = document_of(page)
    assert blank.get("template") is None
    assert all(not surface["objects"] for surface in blank["surfaces"])
    expect(editor(page).locator("section.fields")).to_have_count(0)
    editor_button(page, "Modèles").click()
    page.keyboard.press("Escape")
    expect(gallery).to_be_hidden()


def test_template_mode_makes_a_text_a_field_and_saves_the_document(
    desktop, live_server, api, hotel
):
    # The author works on a draft: the editing token lets the editor read it.
    path = f"/v1/templates/{hotel['template']['id']}"
    template = ok(api.patch(path, headers=hotel["sk"], data={"status": "draft"}))
    issued = api.post(f"{path}/editing-token", headers=hotel["sk"])
    token = ok(issued, 201)["token"]
    page = desktop
    extra = f'data-mode="template" data-template="{template["id"]}" data-template-token="{token}"'
    open_on(page, live_server, product_page(hotel, extra=extra))
    page.get_by_role("button", name="Personalise", exact=True).click()
    expect(editor(page).get_by_role("heading", name="Template editor")).to_be_visible()
    status = editor(page).locator('[part="status"]')
    expect(status).to_have_text("Template “Hôtel des Pins” loaded for editing.")
    expect(editor_button(page, "Add to cart")).to_be_hidden()

    # The author reaches locked artwork too, and turns the hotel's name into a field.
    click_at(page, ON_THE_HOTEL_NAME)
    rules = editor(page).locator("section.rules")
    role = rules.get_by_label("Role")
    expect(role).to_have_value("locked")
    role.select_option("field")
    rules.get_by_label("Field name").fill("hotel_name")
    rules.get_by_label("Field name").press("Tab")
    rules.get_by_label("Maximum characters").fill("20")
    rules.get_by_label("Maximum characters").press("Tab")
    expect(rules.get_by_label("Position locked")).to_be_checked()
    expect(rules.get_by_label("Content locked")).not_to_be_checked()
    page.screenshot(path=RESULTS / "template-mode-rules.png")

    # One lock flag at a time: the band may be resized, everything else about it stays locked.
    click_at(page, ON_THE_BAND)
    expect(role).to_have_value("locked")
    rules.get_by_label("Size locked").uncheck()
    expect(rules.get_by_label("Size locked")).not_to_be_checked()
    expect(rules.get_by_label("Content locked")).to_be_checked()

    # With nothing selected: the fonts and colours the template offers shoppers.
    click_at(page, ON_NOTHING)
    expect(rules.get_by_role("group", name="Fonts offered to shoppers")).to_be_visible()
    rules.locator(f'[data-template-font="{hotel["font"]}"]').check()
    rules.get_by_label("Navy").check()

    editor_button(page, "Save template").click()
    expect(status).to_have_text(f"Template saved (revision {template['revision'] + 1})")
    stored = ok(api.get(f"/v1/templates/{template['id']}", headers=hotel["sk"]))
    hotel_name = objects_by_id(stored["document"])["hotel"]
    assert hotel_name["field"] == "hotel_name"
    assert hotel_name["max_chars"] == 20
    assert hotel_name["lock"] == FIELD_LOCK
    assert stored["status"] == "draft"
    assert stored["fonts"] == [hotel["font"]]
    assert stored["palette"] == [{"name": "Navy", "color": {"cmyk": [100, 66, 0, 2]}}]
    assert objects_by_id(stored["document"])["band"]["lock"] == {**ARTWORK_LOCK, "resize": False}
    untouched = objects_by_id(template["document"])
    changed = {"hotel", "band"}
    assert {k: v for k, v in objects_by_id(stored["document"]).items() if k not in changed} == {
        k: v for k, v in untouched.items() if k not in changed
    }


def test_a_shop_page_can_name_the_template_to_start_from(phone, live_server, hotel):
    page = phone
    extra = f'data-template="{hotel["template"]["id"]}"'
    open_on(page, live_server, product_page(hotel, extra=extra))
    page.get_by_role("button", name="Personalise", exact=True).tap()
    form = editor(page).locator("section.fields")
    expect(form.get_by_label("Full name")).to_have_value("Jeanne Dupont")
    expect(editor(page).get_by_role("dialog", name="Start from a template")).to_be_hidden()
    form.get_by_label("Full name").fill("Léa Fontaine")
    expect(editor(page).locator('[part="stage"] text.line').nth(1)).to_have_text("Léa Fontaine")
    assert document_of(page)["template"] == hotel["template"]["id"]
    page.screenshot(path=RESULTS / "template-fields-phone.png")
