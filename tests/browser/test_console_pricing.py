"""The console's prices and quotes in Chromium: a rule set by its form, checked in the calculator
as the merchant types, and a quote extended then withdrawn.

Screenshots of each step are kept under test-results/ for a person to look at.
"""

from datetime import timedelta

import pytest

from monogram.models.base import utcnow
from tests import samples
from tests.browser.conftest import DESKTOP
from tests.browser.console import add_people, created, screenshot, sign_in

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

OWNER = "paule@atelier-monogram.example"
OPERATOR = "quentin@atelier-monogram.example"
PASSWORD = "le fer à dorer chaud"
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def people(live_server):
    people = {OWNER: "owner", OPERATOR: "operator"}
    add_people(live_server, live_server.demo["merchant"], people, PASSWORD)


@pytest.fixture(scope="module")
def mug(api, live_server):
    """A product of the demo merchant with no price yet, as a merchant has just made it."""
    secret = live_server.secret
    font = created(api.get("/v1/fonts", headers=secret))[0]["id"]
    body = {**samples.card_product([font]), "name": f"Gobelet émaillé {utcnow():%H%M%S%f}"}
    made = created(api.post("/v1/products", headers=secret, data=body))
    return made["id"], made["name"], font


def test_an_owner_sets_a_rule_and_checks_it_in_the_calculator(new_page, people, mug):
    product, name, _ = mug
    page = new_page("owner", **DESKTOP)
    checks = []
    page.on("request", lambda request: "/pricing/check" in request.url and checks.append(1))
    sign_in(page, OWNER, PASSWORD)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Prices").click()
    expect(page.get_by_role("heading", name="Prices", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Price calculator")).to_be_visible()
    screenshot(page, "pricing-1-list")

    page.get_by_label("Product without a price").select_option(label=name)
    page.get_by_role("button", name="Add a rule").click()
    expect(page.get_by_role("heading", name=f"Prices of {name}")).to_be_visible()
    page.get_by_label("Minimum quantity", exact=True).fill("1")
    page.get_by_label("Unit price", exact=True).fill("12.00")
    page.get_by_label("Minimum quantity, tier 2").fill("50")
    page.get_by_label("Unit price, tier 2").fill("abc")
    page.get_by_label("Price per text").fill("0.50")
    page.get_by_label("Price per cm² printed").fill("0.005")
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_role("alert")).to_have_text(
        "The rule was not saved. Unit price, tier 2: “abc” is not an amount. Write it like "
        "12.50, without a minus sign."
    )
    expect(page.get_by_label("Unit price, tier 2")).to_have_value("abc")
    screenshot(page, "pricing-2-rule-refused")
    page.get_by_label("Unit price, tier 2").fill("10,00")
    page.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_role("status")).to_have_text(
        "The rule is saved; the editor and the calculator use it from now on."
    )
    expect(page.get_by_role("button", name="Save the rule")).to_be_visible()
    screenshot(page, "pricing-3-rule-saved")

    page.get_by_role("link", name="Price calculator").click()
    expect(page.get_by_label("Product", exact=True)).to_have_value(product)
    result = page.locator("[data-price-result]")
    # 12.00 + one text + the whole recto printed: 46.75 cm² × 0.5 cent.
    expect(result.locator("[data-unit-price]")).to_have_text("€12.73")
    # Typing is enough: the script asks the console and shows the answer.
    page.get_by_label("Quantity").fill("120")
    expect(result.locator("[data-unit-price]")).to_have_text("€10.73")
    expect(result.locator("[data-total]")).to_have_text("€1,287.60")
    page.get_by_label("Artwork width (mm) on Recto").fill("60")
    page.get_by_label("Artwork height (mm) on Recto").fill("10")
    expect(result.locator("[data-unit-price]")).to_have_text("€10.53")  # + 6 cm² × 0.5 cent
    expect(result.get_by_text("Base price, 50+ pieces: €10.00")).to_be_visible()
    expect(result.get_by_text("Printed surface (6 cm²): €0.03")).to_be_visible()
    assert checks, "the calculator never asked the console"
    page.get_by_label("Ink colours on Recto").fill("0")
    expect(result.get_by_role("alert")).to_have_text(
        "Recto: a text is printed in at least one ink colour; give 1 or more."
    )
    page.get_by_label("Ink colours on Recto").fill("1")
    expect(result.locator("[data-unit-price]")).to_have_text("€10.53")
    screenshot(page, "pricing-4-calculator")

    # The address follows the form: the French page shows the same price, written the French way.
    page.goto(page.url + "&lang=fr")
    expect(result.locator("[data-unit-price]")).to_have_text(f"10,53{NBSP}€")
    expect(result.locator("[data-total]")).to_have_text(f"1{NNBSP}263,60{NBSP}€")
    screenshot(page, "pricing-5-calculator-fr")


def test_an_operator_extends_then_withdraws_a_quote(api, live_server, new_page, people, mug):
    product, _, font = mug
    secret = live_server.secret
    rule = {"base_prices": [{"variant": "", "tiers": [{"min_quantity": 1, "unit_price": 990}]}]}
    created(api.put(f"/v1/products/{product}/pricing", headers=secret, data=rule))
    public = {"Authorization": f"Bearer {live_server.demo['keys']['publishable']}"}
    design = created(api.post("/v1/designs", headers=public, data=samples.design(product, font)))
    body = {
        "design": design["id"],
        "quantity": 40,
        "contact": {"name": "Jeanne Martin", "email": f"jeanne.{design['id']}@example.fr"},
        "message": "Pour le salon de mars.",
    }
    headers = {**public, "Monogram-Design-Token": design["token"]}
    quote = created(api.post("/v1/quotes", headers=headers, data=body))

    page = new_page("operator", **DESKTOP)
    sign_in(page, OPERATOR, PASSWORD)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Quotes").click()
    expect(page.get_by_role("heading", name="Quotes")).to_be_visible()
    row = page.locator(f'tr[data-quote="{quote["id"]}"]')
    expect(row).to_contain_text("Jeanne Martin")
    expect(row).to_contain_text("€396.00")
    screenshot(page, "pricing-6-quotes")

    row.get_by_role("link", name=quote["number"]).click()
    expect(page.get_by_role("heading", name=f"Quote {quote['number']}")).to_be_visible()
    later = (utcnow().date() + timedelta(days=45)).isoformat()
    page.get_by_label("Valid until").fill(later)
    page.get_by_role("button", name="Extend", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "The new date is saved. Send the quote again for the buyer to see it."
    )
    expect(page.locator("[data-valid-until]")).to_have_attribute("data-valid-until", later)
    page.get_by_label("Price per piece").fill("douze")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Price per piece: “douze” is not an amount; write it like 12.50."
    )
    screenshot(page, "pricing-7-quote")
    page.get_by_role("button", name="Withdraw the quote").click()
    expect(page.get_by_role("status")).to_have_text("The quote is withdrawn.")
    expect(page.locator("[data-status]")).to_have_text("Withdrawn")
    screenshot(page, "pricing-8-quote-withdrawn")
