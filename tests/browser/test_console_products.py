"""Products and print areas in Chromium: create a product, add an area, place it on the photo.

Screenshots of each step are kept under test-results/console-products-N.png for a person to
look at.
"""

import io

import pytest
import sqlalchemy as sa
from PIL import Image, ImageDraw

from monogram.extensions.db import db
from monogram.models import Product
from tests.browser.conftest import DESKTOP
from tests.browser.console import add_people, screenshot, sign_in

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

DESIGNER = "ines@atelier-monogram.example"
PASSWORD = "la presse à chaud tourne"
PHOTO = (800, 600)


def mug_photo():
    """A product photo: a white mug on a grey table, its printable band in the middle."""
    image = Image.new("RGB", PHOTO, (214, 209, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 800, 600), fill=(170, 160, 148))
    draw.rounded_rectangle((230, 120, 530, 470), radius=24, fill=(250, 250, 248))
    draw.arc((490, 200, 620, 380), start=-90, end=90, fill=(250, 250, 248), width=26)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def designer(live_server):
    add_people(live_server, live_server.demo["merchant"], {DESIGNER: "designer"}, PASSWORD)


def test_a_designer_creates_a_product_and_places_its_print_area_on_the_photo(
    new_page, designer, live_server
):
    page = new_page("designer", **DESKTOP)
    refused = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )
    sign_in(page, DESIGNER, PASSWORD)

    page.get_by_role("navigation", name="Console").get_by_role("link", name="Products").click()
    expect(page.get_by_role("heading", name="Products", exact=True)).to_be_visible()
    screenshot(page, "products-1-list")

    page.get_by_label("Product name").fill("Mug émaillé")
    page.get_by_label("Store").select_option(index=1)
    page.get_by_label("Platform product (id, handle or SKU)").fill("mug-email-350")
    page.get_by_role("button", name="Create the product").click()
    expect(page.get_by_role("heading", name="Mug émaillé")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(
        "The product is created. Add its print areas now."
    )
    expect(page.locator('tr[data-link="mug-email-350"]')).to_be_visible()
    screenshot(page, "products-2-product")

    page.get_by_role("button", name="Add a print area").click()
    expect(page.get_by_role("heading", name="New print area of Mug émaillé")).to_be_visible()
    page.get_by_label("Area name").fill("Bandeau")
    page.get_by_label("Width (mm)").fill("200")
    page.get_by_label("Height (mm)").fill("80")
    page.get_by_label("Bleed (mm)").fill("2")
    # Wider than half the height: the server refuses it and says why.
    page.get_by_label("Safe margin (mm)").fill("45")
    page.get_by_label("Technique").select_option(label="Sublimation")
    page.get_by_label("Minimum photo resolution (DPI)").fill("200")
    # The cut distance shows only for the contour that needs one.
    expect(page.get_by_label("Cut distance (mm)")).to_be_hidden()
    page.get_by_label("Cut contour").select_option(label="Cut around the artwork, at a distance")
    expect(page.get_by_label("Cut distance (mm)")).to_be_visible()
    page.get_by_label("Cut contour").select_option(label="No cut line")
    page.get_by_role("button", name="Save the print area").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Some fields need a correction: see the messages next to them."
    )
    expect(page.get_by_label("Safe margin (mm)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Area name")).to_have_value("Bandeau")
    screenshot(page, "products-3-refused")

    page.get_by_label("Safe margin (mm)").fill("5")
    page.get_by_label("Mockup photo").set_input_files(
        files=[{"name": "mug.png", "mimeType": "image/png", "buffer": mug_photo()}]
    )
    page.get_by_role("button", name="Save the print area").click()
    expect(page.get_by_role("heading", name="Print area Bandeau of Mug émaillé")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The photo is saved.")
    handles = page.locator(".quad-handle")
    expect(handles).to_have_count(4)
    # The starting rectangle: half the photo's width, centred, in the area's 200 × 80 shape.
    expect(page.get_by_label("Top-left X")).to_have_value("200")
    expect(page.get_by_label("Top-left Y")).to_have_value("220")
    screenshot(page, "products-4-photo")

    # Drag each corner onto the mug's printable band; the fields follow.
    page.locator(".quad-editor").scroll_into_view_if_needed()
    photo = page.locator(".quad-editor img").bounding_box()
    per_pixel = photo["width"] / PHOTO[0]
    targets = [(250, 160), (510, 150), (515, 430), (245, 440)]
    for handle, (x, y) in zip(handles.all(), targets, strict=True):
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(photo["x"] + x * per_pixel, photo["y"] + y * per_pixel, steps=5)
        page.mouse.up()
    corners = ("Top-left", "Top-right", "Bottom-right", "Bottom-left")
    for corner, (x, y) in zip(corners, targets, strict=True):
        assert abs(float(page.get_by_label(f"{corner} X").input_value()) - x) <= 2
        assert abs(float(page.get_by_label(f"{corner} Y").input_value()) - y) <= 2
    # The keyboard moves a focused handle a pixel at a time.
    handles.nth(0).focus()
    before = float(page.get_by_label("Top-left X").input_value())
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Top-left X")).to_have_value(str(round(before + 1)))
    # A typed corner moves its handle.
    page.get_by_label("Bottom-left Y").fill("445")
    expect(handles.nth(3)).to_have_attribute("cy", "445")
    screenshot(page, "products-5-quad")

    page.get_by_role("button", name="Save the print area").click()
    expect(page.get_by_role("status")).to_have_text("The print area is saved.")
    expect(page.locator('tr[data-area="bandeau"] img')).to_be_visible()
    screenshot(page, "products-6-product-with-area")
    with live_server.app.app_context():
        product = db.session.scalar(sa.select(Product).where(Product.name == "Mug émaillé"))
        area = product.areas[0]
        assert (area.code, area.width, area.height, area.bleed, area.safe) == (
            "bandeau",
            200,
            80,
            2,
            5,
        )
        assert (area.technique, area.min_dpi, area.cut_contour) == ("sublimation", 200, "none")
        assert abs(area.mockup_quad[0][0] - 251) <= 3 and abs(area.mockup_quad[0][1] - 160) <= 3
        assert area.mockup_quad[3][1] == 445

    page.get_by_role("navigation", name="Console").get_by_role("link", name="Products").click()
    row = page.locator("tr", has_text="Mug émaillé")
    expect(row.locator("img")).to_be_visible()
    expect(row.locator("[data-areas]")).to_have_text("1")
    screenshot(page, "products-7-list-with-photo")

    row.get_by_role("link", name="Mug émaillé").click()
    page.get_by_role("link", name="Bandeau").click()
    page.get_by_role("link", name="Delete the print area").click()
    expect(page.get_by_role("heading", name="Delete the print area Bandeau?")).to_be_visible()
    screenshot(page, "products-8-confirm-delete")
    page.get_by_role("button", name="Delete the print area").click()
    expect(page.get_by_role("status")).to_have_text("The print area is deleted.")
    expect(page.locator('tr[data-area="bandeau"]')).to_have_count(0)
    assert refused == []
