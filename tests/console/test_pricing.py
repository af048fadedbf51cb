"""Console prices: a product's rule set through the form, and the calculator priced as the API."""

from decimal import Decimal

import pytest

import monogram.api.console.pricing  # noqa: F401  (registers the routes before the app is made)
from monogram.extensions.db import db
from monogram.models import PriceRule, StorePricing
from tests import samples
from tests.api.test_prices import RULE, put_rule
from tests.console.conftest import alert, csrf_of, sign_in

NBSP, NNBSP = "\u00a0", "\u202f"
DESIGNER = "denis@dupont.example"
OPERATOR = "olive@dupont.example"
STRANGER = "bruno@martin.example"
# The rule form as a merchant fills it: tiers out of order, amounts written the French way.
FORM = {
    "min_quantity-0": "1",
    "unit_price-0": "12,00",
    "min_quantity-1": "250",
    "unit_price-1": "8",
    "min_quantity-2": "50",
    "unit_price-2": "10.00",
    "variant-3": "45",
    "min_quantity-3": "1",
    "unit_price-3": "15 €",
    "price-text": "0.50",
    "price-character": "0,05",
    "free-character": "20",
    "price-square_cm": "0.005",
    "technique-embroidery": "9",
}
# One text of 12 letters on the front, in a 60 × 10 mm box: samples.design's card.
CALCULATION = {
    "quantity": "120",
    "texts-front": "1",
    "characters-front": "12",
    "images-front": "0",
    "inks-front": "1",
    "width-front": "60",
    "height-front": "10",
    "texts-back": "0",
    "characters-back": "0",
    "images-back": "0",
    "inks-back": "0",
}


@pytest.fixture
def designer(admin, make_user, merchant):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    sign_in(admin, DESIGNER)
    return admin


def stored_rule(app, product_id):
    with app.app_context():
        rule = db.session.get(PriceRule, product_id)
        return None if rule is None else (rule.base_prices, rule.surcharges)


def test_a_rule_is_added_through_the_form_and_read_back_as_the_api_stores_it(
    app, client, designer, merchant, product_id
):
    listed = designer.get("/console/pricing")
    assert listed.status_code == 200
    row = listed.text.split(f'data-rule="{product_id}"')[1].split("</tr>")[0]
    assert "No price yet" in row
    opened = designer.get(f"/console/pricing/new?product={product_id}")
    assert opened.status_code == 303
    assert opened.headers["Location"].endswith(f"/console/pricing/{product_id}")
    form = designer.get(opened.headers["Location"])
    assert "Add the rule" in form.text and "Save the rule" not in form.text
    saved = designer.post(f"/console/pricing/{product_id}", data={"csrf": csrf_of(form), **FORM})
    assert saved.status_code == 303, alert(saved)
    assert stored_rule(app, product_id) == (
        [
            {
                "variant": "",
                "tiers": [
                    {"min_quantity": 1, "unit_price": 1200},
                    {"min_quantity": 50, "unit_price": 1000},
                    {"min_quantity": 250, "unit_price": 800},
                ],
            },
            {"variant": "45", "tiers": [{"min_quantity": 1, "unit_price": 1500}]},
        ],
        {
            "text": {"unit_price": 50, "free": 0},
            "character": {"unit_price": 5, "free": 20},
            "square_cm": {"unit_price": "0.5000"},  # as the API's schema writes it
            "technique": {"embroidery": 900},
        },
    )
    after = designer.get(saved.headers["Location"])
    assert "The rule is saved" in after.text and "Save the rule" in after.text
    assert (
        'name="unit_price-1" type="text" inputmode="decimal" size="9" value="10.00"' in after.text
    )
    assert 'value="0.005"' in after.text
    listed = designer.get("/console/pricing")
    row = listed.text.split(f'data-rule="{product_id}"')[1].split("</tr>")[0]
    assert "4 quantity tiers, from €8.00 a piece" in row
    assert "text, character, cm², Embroidery" in row
    french = designer.get(f"/console/pricing/{product_id}?lang=fr")
    assert 'value="12,00"' in french.text and "Enregistrer la règle" in french.text


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (
            {"min_quantity-0": "5"},
            "The rule was not saved. Tier 1: The first tier starts at 1 piece. Correct it and "
            "save again.",
        ),
        (
            {"unit_price-2": "dix"},
            "The rule was not saved. Unit price, tier 3: “dix” is not an amount. Write it like "
            "12.50, without a minus sign.",
        ),
        (
            {"unit_price-1": ""},
            "The rule was not saved. Tier 2: give both the minimum quantity and the unit price, "
            "or leave both empty.",
        ),
        (
            {"unit_price-0": "12.005"},
            "The rule was not saved. Unit price, tier 1: “12.005” has too many decimals for EUR.",
        ),
        (
            {"min_quantity-2": "250"},
            "The rule was not saved. Tier 1: Tiers go up: each starts above the one before. "
            "Correct it and save again.",
        ),
        (
            {"free-character": "-3"},
            "The rule was not saved. Free character: “-3” is not a whole number of 0 or more.",
        ),
    ],
)
def test_a_form_the_rule_cannot_take_is_shown_again_with_what_to_fix_and_nothing_stored(
    app, client, designer, merchant, product_id, changes, said
):
    put_rule(client, merchant, product_id)
    before = stored_rule(app, product_id)
    form = designer.get(f"/console/pricing/{product_id}")
    refused = designer.post(
        f"/console/pricing/{product_id}", data={"csrf": csrf_of(form), **FORM, **changes}
    )
    assert refused.status_code == 422
    if changes == {"min_quantity-2": "250"}:
        # Sorted by quantity, rows 3 and 2 both start at 250: the second of them is at fault.
        said = said.replace("Tier 1", "Tier 3")
    assert alert(refused) == said
    # The form is kept as typed.
    for name, value in changes.items():
        assert f'name="{name}"' in refused.text and f'value="{value}"' in refused.text
    assert stored_rule(app, product_id) == before


def test_deleting_the_rule_leaves_the_product_unpriced(app, client, designer, merchant, product_id):
    put_rule(client, merchant, product_id)
    form = designer.get(f"/console/pricing/{product_id}")
    assert "Delete the rule" in form.text
    deleted = designer.post(f"/console/pricing/{product_id}/delete", data={"csrf": csrf_of(form)})
    assert deleted.status_code == 303
    assert stored_rule(app, product_id) is None
    assert "The rule is deleted" in designer.get(deleted.headers["Location"]).text


def test_forms_without_the_csrf_token_change_nothing(app, client, designer, merchant, product_id):
    put_rule(client, merchant, product_id)
    before = stored_rule(app, product_id)
    changed = designer.post(f"/console/pricing/{product_id}", data={**FORM, "unit_price-0": "99"})
    assert changed.status_code == 400
    deleted = designer.post(f"/console/pricing/{product_id}/delete", data={})
    assert deleted.status_code == 400
    assert stored_rule(app, product_id) == before


def test_an_operator_may_not_open_prices(admin, make_user, merchant, product_id):
    make_user(merchant.merchant_id, OPERATOR, role="operator")
    sign_in(admin, OPERATOR)
    for path in (
        "/console/pricing",
        f"/console/pricing/{product_id}",
        f"/console/pricing/check?product={product_id}",
        f"/console/pricing/new?product={product_id}",
    ):
        assert admin.get(path).status_code == 403, path
    page = admin.get("/console/orders")
    token = csrf_of(page)
    assert admin.post(
        f"/console/pricing/{product_id}", data={"csrf": token, **FORM}
    ).status_code == (403)
    assert admin.post(
        f"/console/pricing/{product_id}/delete", data={"csrf": token}
    ).status_code == (403)
    assert "/console/pricing" not in page.text


def test_another_merchants_product_is_not_found_on_every_page_and_form(
    app, client, admin, make_user, merchant, other_merchant, product_id
):
    put_rule(client, merchant, product_id)
    before = stored_rule(app, product_id)
    make_user(other_merchant.merchant_id, STRANGER)
    sign_in(admin, STRANGER)
    own = admin.get("/console/pricing")
    assert own.status_code == 200 and product_id not in own.text
    for path in (
        f"/console/pricing/{product_id}",
        f"/console/pricing/new?product={product_id}",
        f"/console/pricing?product={product_id}",
        f"/console/pricing/check?product={product_id}",
    ):
        assert admin.get(path).status_code == 404, path
    token = csrf_of(own)
    saved = admin.post(f"/console/pricing/{product_id}", data={"csrf": token, **FORM})
    deleted = admin.post(f"/console/pricing/{product_id}/delete", data={"csrf": token})
    assert (saved.status_code, deleted.status_code) == (404, 404)
    assert stored_rule(app, product_id) == before


def api_quote(client, merchant, product_id, font_id, **fields):
    body = {"document": samples.design(product_id, font_id), "quantity": 120, **fields}
    response = client.post("/v1/prices/quote", headers=merchant.sk, json=body)
    assert response.status_code == 200, response.json
    return response.json


@pytest.fixture
def priced(client, merchant, product_id):
    put_rule(client, merchant, product_id, RULE)
    terms = client.put(
        f"/v1/stores/{merchant.store_id}/pricing",
        headers=merchant.sk,
        json={"prices_include_tax": True, "tax_rate": "20", "rounding": "0.01"},
    )
    assert terms.status_code == 200, terms.json
    return product_id


def test_the_calculator_prices_exactly_as_the_api_quote(
    client, designer, merchant, priced, font_id
):
    checked = designer.get(
        "/console/pricing/check", query_string={"product": priced, **CALCULATION}
    )
    assert checked.status_code == 200, checked.json
    live = api_quote(client, merchant, priced, font_id)
    # 10.00 base (50+ tier) + 0.50 text + 0.03 surface (6 cm² × 0.5 cent).
    assert (checked.json["unit_price"], checked.json["total"], checked.json["tax"]) == (
        1053,
        126360,
        21060,
    )
    for name in ("unit_price", "total", "tax", "currency", "breakdown"):
        assert checked.json[name] == live[name], name
    for quantity, variant in (("1", ""), ("300", ""), ("2", "45")):
        args = {"product": priced, **CALCULATION, "quantity": quantity, "variant": variant}
        checked = designer.get("/console/pricing/check", query_string=args).json
        fields = {"quantity": int(quantity)}
        if variant:
            fields["variant"] = variant
        live = api_quote(client, merchant, priced, font_id, **fields)
        assert (checked["unit_price"], checked["breakdown"]) == (
            live["unit_price"],
            live["breakdown"],
        ), quantity
    page = designer.get("/console/pricing", query_string={"product": priced, **CALCULATION})
    assert page.status_code == 200
    result = page.text.split("data-price-result>")[1].split("</div>\n  </section>")[0]
    assert "€10.53" in result and "€1,263.60" in result and "Base price, 50+ pieces" in result
    french = designer.get(
        "/console/pricing", query_string={"product": priced, **CALCULATION, "lang": "fr"}
    )
    assert f"10,53{NBSP}€" in french.text
    assert f"1{NNBSP}263,60{NBSP}€" in french.text
    assert "Prix de base, à partir de 50 pièces" in french.text


def test_the_calculator_counts_areas_images_and_inks_as_a_design_would_have_them(
    client, designer, merchant, product_id, font_id
):
    rule = {
        "base_prices": [],
        "surcharges": {
            "area": {"unit_price": 100, "free": 1},
            "image": {"unit_price": 70, "free": 0},
            "ink_colour": {"unit_price": 30, "free": 1},
            "technique": {"digital_print": 11},
        },
    }
    put_rule(client, merchant, product_id, rule)
    args = {
        "product": product_id,
        **CALCULATION,
        "quantity": "10",
        "inks-front": "3",
        "texts-back": "2",
        "characters-back": "5",
        "images-back": "1",
        "inks-back": "1",
    }
    checked = designer.get("/console/pricing/check", query_string=args).json
    lines = {line["kind"]: (line["count"], line["amount"]) for line in checked["breakdown"]}
    assert lines == {
        "area": (1, 100),
        "image": (1, 70),
        "ink_colour": (3, 90),  # 3 inks on the front and 1 on the back, 1 of them free
        "technique": (2, 22),
    }
    assert checked["unit_price"] == 282


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"quantity": "0"}, "Quantity: “0” is not a whole number from 1 to 1,000,000."),
        (
            {"inks-front": "0"},
            "Recto: a text is printed in at least one ink colour; give 1 or more.",
        ),
        (
            {"characters-front": "0"},
            "Recto: each text has at least one character; give at least 1.",
        ),
        (
            {"width-front": "large"},
            "Artwork width (mm) on Recto: “large” is not a size in mm above 0.",
        ),
        (
            {"texts-front": "0", "characters-front": "0", "inks-front": "0"},
            "Nothing is printed: give at least one area something to print.",
        ),
    ],
)
def test_the_calculator_says_what_it_cannot_price(designer, priced, changes, said):
    args = {"product": priced, **CALCULATION, **changes}
    checked = designer.get("/console/pricing/check", query_string=args)
    assert checked.status_code == 422
    assert checked.json["error"] == said
    assert 'role="alert"' in checked.json["html"]
    page = designer.get("/console/pricing", query_string=args)
    assert page.status_code == 422
    assert said.split(":")[0] in alert(page)


def test_an_unpriced_product_is_named_in_the_calculator(designer, product_id):
    page = designer.get("/console/pricing", query_string={"product": product_id})
    assert page.status_code == 422
    assert alert(page) == "Business card has no price yet: add its rule first."
    empty = designer.get("/console/pricing")
    assert empty.status_code == 200
    assert "No product has a price yet: add a rule first." in empty.text


def store_terms(app, store_id):
    with app.app_context():
        terms = db.session.get(StorePricing, store_id)
        return None if terms is None else (terms.prices_include_tax, terms.tax_rate, terms.rounding)


def test_a_stores_tax_and_rounding_are_set_and_priced_with(
    app, designer, merchant, client, product_id
):
    put_rule(client, merchant, product_id)
    page = designer.get("/console/pricing")
    saved = designer.post(
        f"/console/pricing/stores/{merchant.store_id}",
        data={"csrf": csrf_of(page), "tax_rate": "5,5", "rounding": "0.99"},
    )
    assert saved.status_code == 303
    assert store_terms(app, merchant.store_id) == (False, Decimal("5.50"), "0.99")
    after = designer.get(saved.headers["Location"])
    assert "The store’s terms are saved" in after.text
    row = after.text.split(f'data-store="{merchant.store_id}"')[1].split("</tr>")[0]
    assert "Prices exclude tax (5.5 %)" in row and "the whole price less one cent" in row
    checked = designer.get(
        "/console/pricing/check", query_string={"product": product_id, **CALCULATION}
    ).json
    # 10.53 rounded to 10.99, tax added on top: 120 × 10.99 × 5.5 %.
    assert (checked["unit_price"], checked["total"], checked["tax"]) == (1099, 131880, 7253)


def test_a_tax_rate_that_is_no_percentage_changes_nothing(app, designer, merchant):
    page = designer.get("/console/pricing")
    refused = designer.post(
        f"/console/pricing/stores/{merchant.store_id}",
        data={"csrf": csrf_of(page), "tax_rate": "vingt", "rounding": "0.01"},
    )
    assert refused.status_code == 422
    assert alert(refused) == (
        "Tax rate: “vingt” is not a percentage from 0 to 100; write it like 20 or 5.5. Nothing "
        "was changed."
    )
    assert 'value="vingt"' in refused.text
    assert store_terms(app, merchant.store_id) is None
    missing = designer.post(
        f"/console/pricing/stores/{merchant.store_id}", data={"tax_rate": "20", "rounding": "1"}
    )
    assert missing.status_code == 400
    assert store_terms(app, merchant.store_id) is None


def test_another_merchants_store_and_an_operator_change_nothing(
    app, admin, make_user, merchant, other_merchant
):
    make_user(other_merchant.merchant_id, STRANGER)
    make_user(merchant.merchant_id, OPERATOR, role="operator")
    data = {"tax_rate": "20", "rounding": "1"}
    for email, status in ((STRANGER, 404), (OPERATOR, 403)):
        sign_in(admin, email)
        token = csrf_of(admin.get("/console/"))
        changed = admin.post(
            f"/console/pricing/stores/{merchant.store_id}", data={"csrf": token, **data}
        )
        assert changed.status_code == status, email
        admin.post("/console/signout", data={"csrf": token})
    assert store_terms(app, merchant.store_id) is None
