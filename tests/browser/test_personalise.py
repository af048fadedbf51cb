"""A shopper on the demo shop personalises a business card and adds it to the cart.

The same journey by mouse on a desktop, by touch on a phone, and by keyboard alone.
"""

import pytest

from tests.browser.shop import (
    RECORD_EVENTS,
    editor,
    editor_button,
    event_types,
    low_resolution_photo,
    personalise_button,
    saved_design,
    tab_to,
)

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

NAME = "Jeanne Dupont"


def click(locator):
    locator.click()


def tap(locator):
    locator.tap()


def open_editor(page, press):
    page.add_init_script(RECORD_EVENTS)
    page.goto("/demo")
    personalise = personalise_button(page)
    expect(personalise).to_be_visible()
    press(personalise)
    expect(editor(page).locator('[part="stage"]')).to_be_visible()
    expect(editor_button(page, "Add text")).to_be_enabled()


def add_to_cart(page, press):
    with page.expect_navigation(url="**/demo/cart*"):
        press(editor_button(page, "Add to cart"))


def cart_fields(page):
    return {
        name: page.locator(f'td[data-field="{name}"]').inner_text()
        for name in ("properties[_monogram_design]", "properties[_monogram_token]", "quantity")
    }


def stored_document(api, live_server, design_id):
    response = api.get(f"/v1/designs/{design_id}", headers=live_server.secret)
    assert response.status == 200, response.text()
    return response.json()["document"]


def objects_of(document):
    return [obj for surface in document["surfaces"] for obj in surface["objects"]]


@pytest.mark.parametrize(("device", "press"), [("desktop", click), ("phone", tap)])
def test_personalise_upload_undo_save_and_add_to_cart(
    request, device, press, live_server, api, tmp_path
):
    page = request.getfixturevalue(device)
    open_editor(page, press)
    objects = editor(page).locator('[part="object"]')

    press(editor_button(page, "Add text"))
    expect(objects).to_have_count(1)
    text = editor(page).get_by_label("Text", exact=True)
    press(text)
    text.fill(NAME)
    expect(text).to_have_value(NAME)

    photo = low_resolution_photo(tmp_path / "holiday.jpg")
    with page.expect_file_chooser() as chooser:
        press(editor_button(page, "Upload image"))
    chooser.value.set_files(photo)
    # 300 × 200 px stretched over any useful part of an 85 × 55 mm card is far below 250 dpi.
    expect(editor(page).locator('[part="dpi-badge"][data-level="red"]')).to_be_visible()
    expect(objects).to_have_count(2)

    press(editor_button(page, "Undo"))
    expect(objects).to_have_count(1)
    expect(editor(page).locator('[part="dpi-badge"]')).to_have_count(0)
    expect(editor(page).locator('[part="text-line"]')).to_have_count(1)

    press(editor_button(page, "Save"))
    expect(editor(page).locator('[part="status"]')).to_contain_text("Saved")
    saved = saved_design(page)
    assert {"monogram:opened", "monogram:first-edit", "monogram:upload"} <= set(event_types(page))

    add_to_cart(page, press)
    fields = cart_fields(page)
    assert fields["properties[_monogram_design]"] == saved["design"]
    assert fields["properties[_monogram_token]"] == saved["token"]
    assert fields["properties[_monogram_design]"].startswith("dsn_")
    assert fields["quantity"] == "1"

    # What the cart carries is what the backend stored: the typed name, and no undone photo.
    document = stored_document(api, live_server, saved["design"])
    kinds = [(obj["type"], obj.get("text")) for obj in objects_of(document)]
    assert kinds == [("text", NAME)]
    assert document["product"] == live_server.demo["product"]


def test_keyboard_only(desktop, live_server, api):
    page = desktop
    page.add_init_script(RECORD_EVENTS)
    page.goto("/demo")
    personalise = personalise_button(page)
    expect(personalise).to_be_visible()
    tab_to(page, personalise)
    page.keyboard.press("Enter")

    add_text = editor_button(page, "Add text")
    expect(add_text).to_be_enabled()
    tab_to(page, add_text)
    page.keyboard.press("Enter")
    text = editor(page).get_by_label("Text", exact=True)
    expect(text).to_be_visible()
    tab_to(page, text)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(NAME)
    expect(text).to_have_value(NAME)

    tab_to(page, editor_button(page, "Save"))
    page.keyboard.press("Enter")
    expect(editor(page).locator('[part="status"]')).to_contain_text("Saved")
    saved = saved_design(page)

    tab_to(page, editor_button(page, "Add to cart"))
    with page.expect_navigation(url="**/demo/cart*"):
        page.keyboard.press("Enter")
    assert cart_fields(page)["properties[_monogram_design]"] == saved["design"]
    document = stored_document(api, live_server, saved["design"])
    assert [obj.get("text") for obj in objects_of(document)] == [NAME]


def test_the_french_page_gets_a_french_editor(desktop):
    desktop.goto("/demo?lang=fr")
    personalise_button(desktop, "Personnaliser").click()
    expect(editor_button(desktop, "Ajouter un texte")).to_be_enabled()
    expect(editor_button(desktop, "Ajouter au panier")).to_be_visible()
