"""A merchant's first day in the console, end to end in Chromium.

An owner signs in, creates a product and places its print area on the photo, imports a
template for it, prices it and checks the price in the calculator; an order arrives from the
shop, the owner approves its proof on the customer's behalf, watches the job reach Ready and
downloads the production bundle, whose print file Poppler reads at the card's size with bleed.
An operator of the same account is refused the API keys. Screenshots: console-walk-N.png.
"""

import io
import re
import subprocess
import time
import zipfile

import pytest
from PIL import Image, ImageDraw

from tests import samples
from tests.browser.conftest import DESKTOP
from tests.browser.console import created, new_account, screenshot, sign_in

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

OWNER = "helene@imprimerie-du-parc.example"
OPERATOR = "bruno@imprimerie-du-parc.example"
PASSWORD = "le massicot coupe droit"
PRODUCT = "Carte de visite Parc"
TEMPLATE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="85mm" height="55mm"
  viewBox="0 0 85 55">
  <rect width="85" height="55" fill="#ffffff"/>
  <rect y="45" width="85" height="10" fill="#2a6f4e"/>
  <text x="5" y="10" font-size="5" fill="#2a6f4e">IMPRIMERIE DU PARC</text>
  <text data-monogram-field="name" x="5" y="25" font-size="6">Prénom Nom</text>
</svg>""".encode()
PHOTO = (600, 400)
WAIT = 60  # s: the job renders in the live server's job thread


def card_photo():
    """A product photo: a white card lying on a wooden desk."""
    image = Image.new("RGB", PHOTO, (181, 140, 99))
    ImageDraw.Draw(image).rectangle((130, 110, 470, 330), fill=(252, 252, 250))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def account(live_server, api):
    """A printer of its own: an owner, an operator, keys for its shop and an uploaded font."""
    people = {OWNER: "owner", OPERATOR: "operator"}
    return new_account(live_server, api, "Imprimerie du Parc", people, PASSWORD)


def menu(page, name):
    page.get_by_role("navigation", name="Console").get_by_role("link", name=name).click()


def test_an_owner_sets_up_a_product_and_takes_its_first_order_to_the_bundle(
    new_page, account, api, live_server, tmp_path
):
    page = new_page("owner", **DESKTOP)
    refused = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )
    sign_in(page, OWNER, PASSWORD)
    screenshot(page, "walk-1-dashboard")

    # A product from the shop's catalogue, approved by the customer before production.
    menu(page, "Products")
    page.get_by_label("Product name").fill(PRODUCT)
    page.get_by_label("Store").select_option(index=1)
    page.get_by_label("Platform product (id, handle or SKU)").fill("carte-parc-85x55")
    page.get_by_role("button", name="Create the product").click()
    expect(page.get_by_role("heading", name=PRODUCT)).to_be_visible()
    page.get_by_label("Proof before production").select_option("customer")
    page.get_by_role("button", name="Save the product").click()
    expect(page.get_by_label("Proof before production")).to_have_value("customer")

    # Its print area, 85 × 55 mm with 3 mm of bleed, placed on the photo.
    page.get_by_role("button", name="Add a print area").click()
    page.get_by_label("Area name").fill("Recto")
    page.get_by_label("Code in designs (optional)").fill("front")
    page.get_by_label("Width (mm)").fill("85")
    page.get_by_label("Height (mm)").fill("55")
    page.get_by_label("Bleed (mm)").fill("3")
    page.get_by_label("Safe margin (mm)").fill("3")
    page.get_by_label("Mockup photo").set_input_files(
        files=[{"name": "carte.png", "mimeType": "image/png", "buffer": card_photo()}]
    )
    page.get_by_role("button", name="Save the print area").click()
    expect(page.get_by_role("heading", name=f"Print area Recto of {PRODUCT}")).to_be_visible()
    expect(page.locator(".quad-handle")).to_have_count(4)
    corners = {"Top-left": (130, 110), "Top-right": (470, 110), "Bottom-right": (470, 330),
               "Bottom-left": (130, 330)}  # fmt: skip
    for corner, (x, y) in corners.items():
        page.get_by_label(f"{corner} X").fill(str(x))
        page.get_by_label(f"{corner} Y").fill(str(y))
    screenshot(page, "walk-2-print-area")
    page.get_by_role("button", name="Save the print area").click()
    expect(page.get_by_role("status")).to_have_text("The print area is saved.")
    expect(page.locator('tr[data-area="front"]')).to_be_visible()
    product = created(api.get("/v1/products", headers=account["secret"]))
    product = next(item for item in product if item["name"] == PRODUCT)
    area = product["areas"][0]
    assert (area["id"], area["width"], area["height"], area["bleed"]) == ("front", 85, 55, 3)
    assert area["mockup"]["quad"] == [[130, 110], [470, 110], [470, 330], [130, 330]]

    # A template for it, imported from the designer's SVG.
    menu(page, "Templates")
    drawing = tmp_path / "carte-parc.svg"
    drawing.write_bytes(TEMPLATE_SVG)
    page.get_by_label("Template file").set_input_files(drawing)
    page.get_by_label("Template name").fill("Carte Parc classique")
    page.get_by_label("Product").select_option(label=PRODUCT)
    page.get_by_role("button", name="Import the template").click()
    expect(page.get_by_role("heading", name="Template “Carte Parc classique”")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("The template is imported.")
    expect(page.locator("table.fields tbody tr")).to_have_count(1)
    screenshot(page, "walk-3-template")

    # Its price: 0.40 a card, 0.30 from 250; the calculator agrees.
    menu(page, "Prices")
    page.get_by_label("Product without a price").select_option(label=PRODUCT)
    page.get_by_role("button", name="Add a rule").click()
    page.get_by_label("Minimum quantity", exact=True).fill("1")
    page.get_by_label("Unit price", exact=True).fill("0.40")
    page.get_by_label("Minimum quantity, tier 2").fill("250")
    page.get_by_label("Unit price, tier 2").fill("0.30")
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_role("button", name="Save the rule")).to_be_visible()
    page.get_by_role("link", name="Price calculator").click()
    expect(page.get_by_label("Product", exact=True)).to_have_value(product["id"])
    page.get_by_label("Quantity").fill("250")
    page.get_by_role("button", name="Calculate").click()
    result = page.locator("[aria-live]")
    expect(result.get_by_text("Base price, 250+ pieces: €0.30")).to_be_visible()
    screenshot(page, "walk-4-calculator")
    # The shop's live price says the same.
    document = samples.design(product["id"], account["font"])
    body = {"document": document, "quantity": 250}
    quoted = created(api.post("/v1/prices/quote", headers=account["publishable"], data=body))
    assert quoted["unit_price"] == 30, quoted

    # The shop sends an order for 250 cards.
    design = created(
        api.post(
            "/v1/designs",
            headers=account["publishable"],
            data=samples.design(product["id"], account["font"], text="Hélène Fabre"),
        )
    )
    line = {"platform_line_id": "1", "quantity": 250, "design": design["id"],
            "design_token": design["token"]}  # fmt: skip
    order = {"platform_order_id": "PARC-1", "name": "#PARC-1", "lines": [line],
             "customer": {"email": "helene.fabre@example.fr"}}  # fmt: skip
    job = created(api.post("/v1/orders", headers=account["secret"], data=order))["lines"][0]["job"]
    deadline = time.monotonic() + WAIT
    while True:
        page.goto("/console/")
        if page.locator('[data-figure="waiting"]').inner_text() == "1":
            break
        assert time.monotonic() < deadline, "the order never waited for its proof"
        time.sleep(0.5)
    screenshot(page, "walk-5-order-arrived")

    menu(page, "Orders")
    page.get_by_role("link", name="#PARC-1").click()
    expect(page.get_by_role("heading", name="Order #PARC-1")).to_be_visible()
    page.get_by_role("button", name="Approve on behalf of the customer").click()
    expect(page.get_by_text("The proof is approved on the customer’s behalf")).to_be_visible()
    screenshot(page, "walk-6-approved")

    # The job renders; its page says Ready once it is.
    menu(page, "Production")
    page.get_by_role("link", name=job).click()
    deadline = time.monotonic() + WAIT
    while page.locator("[data-job-status]").get_attribute("data-job-status") != "ready":
        assert time.monotonic() < deadline, "the job never reached ready"
        time.sleep(0.5)
        page.reload()
    expect(page.locator("[data-job-status]")).to_have_text("Ready")
    screenshot(page, "walk-7-job-ready")

    bundle = page.get_by_role("link", name="Download the bundle")
    response = page.context.request.get(bundle.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.body())) as archive:
        names = archive.namelist()
        assert f"{job}/print.pdf" in names, names
        (tmp_path / "print.pdf").write_bytes(archive.read(f"{job}/print.pdf"))
    info = subprocess.run(
        ["pdfinfo", "-box", tmp_path / "print.pdf"], capture_output=True, text=True, check=True
    ).stdout
    boxes = {
        line.split(":")[0]: [float(value) for value in line.split(":")[1].split()]
        for line in info.splitlines()
        if line.endswith(tuple("0123456789")) and "Box:" in line
    }
    mm = 72 / 25.4
    trim, bleed = boxes["TrimBox"], boxes["BleedBox"]
    # The card, 85 × 55 mm, and 3 mm of bleed on each side: 91 × 61 mm.
    assert (round((trim[2] - trim[0]) / mm, 1), round((trim[3] - trim[1]) / mm, 1)) == (85, 55)
    assert (round((bleed[2] - bleed[0]) / mm, 1), round((bleed[3] - bleed[1]) / mm, 1)) == (91, 61)
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    text = subprocess.run(
        ["pdftotext", tmp_path / "print.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Hélène Fabre" in text
    assert refused == []


def test_an_operator_of_the_account_cannot_open_the_keys(new_page, account):
    page = new_page("operator", **DESKTOP)
    sign_in(page, OPERATOR, PASSWORD)
    expect(
        page.get_by_role("navigation", name="Console").get_by_role("link", name="API keys")
    ).to_have_count(0)
    response = page.goto("/console/keys")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not for your role")).to_be_visible()
    screenshot(page, "walk-8-operator-keys-403")
