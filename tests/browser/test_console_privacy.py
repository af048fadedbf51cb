"""The personal data page in Chromium: find a shopper, download their data, erase it, retention.

Screenshots of each step are kept under test-results/ for a person to look at.
"""

import json
import zipfile

import pytest

from tests.browser.conftest import DESKTOP
from tests.browser.console import add_people, created, screenshot, sign_in

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

OWNER = "helene@atelier-monogram.example"
PASSWORD = "le fer à dorer chaud"
SHOPPER = "lucie.martin@example.fr"


@pytest.fixture(scope="module")
def owner(live_server):
    add_people(live_server, live_server.demo["merchant"], {OWNER: "owner"}, PASSWORD)


@pytest.fixture(scope="module")
def shopper_order(api, live_server):
    """An order of Lucie Martin's, with her design and her address."""
    from tests import samples

    secret = live_server.secret
    public = {"Authorization": f"Bearer {live_server.demo['keys']['publishable']}"}
    font = created(api.get("/v1/fonts", headers=secret))[0]["id"]
    body = {**samples.card_product([font]), "name": "Carte de Lucie"}
    product = created(api.post("/v1/products", headers=secret, data=body))["id"]
    document = samples.design(product, font, text="Lucie & Paul")
    design = created(api.post("/v1/designs", headers=public, data=document))
    line = {"platform_line_id": "1", "quantity": 100, "design": design["id"],
            "design_token": design["token"], "title": "Cartes de visite"}  # fmt: skip
    order = {
        "platform_order_id": "PRIVACY-1",
        "name": "#PRIVACY-1",
        "lines": [line],
        "customer": {"email": SHOPPER, "name": "Lucie Martin"},
        "shipping_address": {"name": "Lucie Martin", "address1": "3 quai Saint-Vincent",
                             "city": "Lyon", "zip": "69001", "country_code": "FR"},
    }  # fmt: skip
    return created(api.post("/v1/orders", headers=secret, data=order))["id"]


def test_an_owner_finds_downloads_and_erases_a_shoppers_data(new_page, owner, shopper_order):
    page = new_page("privacy", **DESKTOP)
    sign_in(page, OWNER, PASSWORD)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Personal data").click()
    expect(page.get_by_role("heading", name="Personal data")).to_be_visible()
    screenshot(page, "privacy-1-page")

    page.get_by_label("Customer e-mail or order number").fill(SHOPPER)
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name=f"What you keep about {SHOPPER}")).to_be_visible()
    expect(page.get_by_text("#PRIVACY-1 of")).to_be_visible()
    screenshot(page, "privacy-2-found")

    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download their data").click()
    archive = zipfile.ZipFile(waiting.value.path())
    data = json.loads(archive.read("data.json"))
    assert data["orders"][0]["customer_name"] == "Lucie Martin"

    page.get_by_role("button", name="Erase their data").click()
    expect(page.get_by_role("heading", name="Erase this customer's data")).to_be_visible()
    screenshot(page, "privacy-3-confirm")
    page.get_by_label(f"Type {SHOPPER} to confirm").fill("not her")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_role("alert")).to_contain_text("exactly as shown")
    page.get_by_label(f"Type {SHOPPER} to confirm").fill(SHOPPER)
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_role("heading", name="Customer data erased")).to_be_visible()
    screenshot(page, "privacy-4-erased")

    page.get_by_role("link", name="Back to personal data").click()
    page.get_by_label("Customer e-mail or order number").fill("#PRIVACY-1")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="What you keep about #PRIVACY-1")).to_be_visible()
    expect(page.get_by_text("Lucie Martin")).to_have_count(0)

    page.goto("/console/privacy")
    page.get_by_label("Erase abandoned designs after (days)").fill("30")
    page.get_by_label("Erase unused uploads after (days)").fill("90")
    page.get_by_role("button", name="Save the retention").click()
    expect(page.get_by_text("The retention limits are saved.")).to_be_visible()
    expect(page.get_by_label("Erase abandoned designs after (days)")).to_have_value("30")
    screenshot(page, "privacy-5-retention")
