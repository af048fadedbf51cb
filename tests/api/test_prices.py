"""Prices over HTTP: rules and price lists kept per merchant, live quotes, orders re-priced."""

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import PriceList, PriceRule, StorePricing
from tests import samples

NBSP = "\u00a0"
RULE = {
    "base_prices": [
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
    "surcharges": {
        "text": {"unit_price": 50, "free": 0},
        "character": {"unit_price": 5, "free": 20},
        "square_cm": {"unit_price": "0.5"},
        "technique": {"embroidery": 900},
        "template": {},
    },
}


def put_rule(client, account, product_id, rule=RULE):
    response = client.put(f"/v1/products/{product_id}/pricing", headers=account.sk, json=rule)
    assert response.status_code == 200, response.json
    return response.json


def quote(client, headers, body):
    return client.post("/v1/prices/quote", headers=headers, json=body)


@pytest.fixture
def priced(client, merchant, product_id):
    put_rule(client, merchant, product_id)
    return product_id


def test_a_rule_is_set_read_back_and_kept_to_secret_keys(client, merchant, product_id):
    empty = client.get(f"/v1/products/{product_id}/pricing", headers=merchant.sk)
    assert (empty.status_code, empty.json["base_prices"], empty.json["surcharges"]) == (
        200,
        [],
        {},
    )
    saved = put_rule(client, merchant, product_id)
    assert saved["base_prices"] == RULE["base_prices"]
    assert saved["surcharges"] == {
        "text": {"unit_price": 50, "free": 0},
        "character": {"unit_price": 5, "free": 20},
        "square_cm": {"unit_price": "0.5000"},
        "technique": {"embroidery": 900},
    }  # kinds left unset are left out
    again = client.get(f"/v1/products/{product_id}/pricing", headers=merchant.sk).json
    assert again == saved
    put = client.put(f"/v1/products/{product_id}/pricing", headers=merchant.pk, json=RULE)
    assert put.status_code == 403


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            {"base_prices": [{"tiers": [{"min_quantity": 2, "unit_price": 100}]}]},
            "/base_prices/0/tiers/0/min_quantity",
            "The first tier starts at 1 piece.",
        ),
        (
            {
                "base_prices": [
                    {
                        "tiers": [
                            {"min_quantity": 1, "unit_price": 100},
                            {"min_quantity": 50, "unit_price": 90},
                            {"min_quantity": 50, "unit_price": 80},
                        ]
                    }
                ]
            },
            "/base_prices/0/tiers/2/min_quantity",
            "Tiers go up: each starts above the one before.",
        ),
        (
            {
                "base_prices": [
                    {"tiers": [{"min_quantity": 1, "unit_price": 100}]},
                    {"variant": "", "tiers": [{"min_quantity": 1, "unit_price": 90}]},
                ]
            },
            "/base_prices/1/variant",
            "This variant already has its tiers; one entry per variant.",
        ),
        (
            {"base_prices": [{"tiers": [{"min_quantity": 1, "unit_price": -1}]}]},
            "/base_prices/0/tiers/0/unit_price",
            "Must be greater than or equal to 0 and less than or equal to 1000000000.",
        ),
        (
            {"base_prices": [{"tiers": [{"min_quantity": 1, "unit_price": 9.5}]}]},
            "/base_prices/0/tiers/0/unit_price",
            "Not a valid integer.",
        ),
        (
            {"surcharges": {"technique": {"knitting": 100}}},
            "/surcharges/technique/knitting/key",
            None,
        ),
        ({"surcharges": {"glitter": {"unit_price": 1}}}, "/surcharges/glitter", "Unknown field."),
    ],
)
def test_an_invalid_rule_is_422_and_stores_nothing(
    app, client, merchant, product_id, change, path, message
):
    response = client.put(
        f"/v1/products/{product_id}/pricing", headers=merchant.sk, json={**RULE, **change}
    )
    assert response.status_code == 422, response.json
    assert [e["path"] for e in response.json["errors"]] == [path]
    if message:
        assert response.json["errors"][0]["message"] == message
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PriceRule)) == 0


def test_another_merchants_product_is_not_found(client, merchant, other_merchant, priced):
    for response in (
        client.get(f"/v1/products/{priced}/pricing", headers=other_merchant.sk),
        client.put(f"/v1/products/{priced}/pricing", headers=other_merchant.sk, json=RULE),
        quote(
            client,
            other_merchant.pk,
            {"document": samples.design(priced, "fnt_x"), "quantity": 1},
        ),
    ):
        assert response.status_code == 404, response.json
        assert response.json["message"] == f"No product with id {priced!r} in this account."


def test_a_quote_prices_a_document_line_by_line(client, merchant, priced, font_id):
    # "Jeanne Dupont": 12 letters of 20 free; a 60 × 10 mm box: 6 cm² at half a cent.
    body = {"document": samples.design(priced, font_id), "quantity": 49, "locale": "fr"}
    response = quote(client, merchant.pk, body)
    assert response.status_code == 200, response.json
    assert response.json == {
        "currency": "EUR",
        "quantity": 49,
        "unit_price": 1253,
        "total": 1253 * 49,
        "tax": 0,
        "tax_included": True,
        "signed_price": None,  # only saved designs in Shopify stores
        "breakdown": [
            {
                "kind": "base",
                "label": f"Prix de base{NBSP}: 12,00{NBSP}€",
                "amount": 1200,
                "count": None,
            },
            {"kind": "text", "label": f"Texte{NBSP}: 1 × 0,50{NBSP}€", "amount": 50, "count": 1},
            {
                "kind": "square_cm",
                "label": f"Surface imprimée (6 cm²){NBSP}: 0,03{NBSP}€",
                "amount": 3,
                "count": None,
            },
        ],
    }
    fifty = quote(client, merchant.pk, {**body, "quantity": 50}).json
    assert (fifty["unit_price"], fifty["breakdown"][0]["amount"]) == (1053, 1000)
    assert quote(client, merchant.pk, {**body, "quantity": 250}).json["unit_price"] == 853
    assert quote(client, merchant.pk, {**body, "variant": "45"}).json["unit_price"] == 1553


def test_a_saved_design_is_quoted_with_its_token(client, merchant, priced, font_id):
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(priced, font_id)
    ).json
    body = {"design": design["id"], "quantity": 1}
    with_token = quote(client, {**merchant.pk, "Monogram-Design-Token": design["token"]}, body)
    assert (with_token.status_code, with_token.json["unit_price"]) == (200, 1253)
    assert quote(client, merchant.pk, body).status_code == 403
    assert quote(client, merchant.sk, body).json["unit_price"] == 1253


def test_a_saved_design_is_quoted_at_its_latest_version(client, merchant, priced, font_id):
    document = samples.design(priced, font_id)
    design = client.post("/v1/designs", headers=merchant.pk, json=document).json
    headers = {**merchant.pk, "Monogram-Design-Token": design["token"]}
    body = {"design": design["id"], "quantity": 1}
    assert quote(client, headers, body).json["unit_price"] == 1253
    document["surfaces"][0]["objects"][0]["text"] = "Jeanne Dupont-Lefèvre et fils"
    saved = client.put(
        f"/v1/designs/{design['id']}",
        headers={**headers, "If-Match": f'"{design["etag"]}"'},
        json=document,
    )
    assert saved.status_code == 200, saved.json
    # Six characters beyond the 20 free, at 5 each; the same as the new document quoted unsaved.
    assert quote(client, headers, body).json["unit_price"] == 1253 + 6 * 5
    unsaved = quote(client, merchant.pk, {"document": document, "quantity": 1})
    assert unsaved.json["unit_price"] == 1253 + 6 * 5


def test_another_merchants_design_is_not_quoted(client, merchant, other_merchant, priced, font_id):
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(priced, font_id)
    ).json
    headers = {**other_merchant.pk, "Monogram-Design-Token": design["token"]}
    response = quote(client, headers, {"design": design["id"], "quantity": 1})
    assert response.status_code == 404
    assert response.json["message"] == f"No design with id {design['id']!r} in this account."


def test_a_deleted_rule_stops_the_quotes(client, merchant, priced, font_id):
    body = {"document": samples.design(priced, font_id), "quantity": 1}
    assert quote(client, merchant.pk, body).status_code == 200
    path = f"/v1/products/{priced}/pricing"
    assert client.delete(path, headers=merchant.pk).status_code == 403
    assert client.delete(path, headers=merchant.sk).status_code == 204
    assert client.delete(path, headers=merchant.sk).status_code == 204  # idempotent
    assert client.get(path, headers=merchant.sk).json["base_prices"] == []
    response = quote(client, merchant.pk, body)
    assert response.status_code == 422
    assert response.json["message"].startswith("This product has no prices yet")


def test_the_next_quote_sees_a_changed_rule(client, merchant, priced, font_id):
    body = {"document": samples.design(priced, font_id), "quantity": 1}
    assert quote(client, merchant.pk, body).json["unit_price"] == 1253
    put_rule(client, merchant, priced, {"base_prices": RULE["base_prices"], "surcharges": {}})
    assert quote(client, merchant.pk, body).json["unit_price"] == 1200


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"quantity": 0}, "/quantity"),
        ({"quantity": "5"}, "/quantity"),
        ({"design": "dsn_x"}, "/design"),  # a design and a document
        ({"colour": "red"}, "/colour"),
    ],
)
def test_an_invalid_quote_request_is_422(client, merchant, priced, font_id, change, path):
    body = {"document": samples.design(priced, font_id), "quantity": 1, **change}
    response = quote(client, merchant.pk, body)
    assert response.status_code == 422, response.json
    assert path in [e["path"] for e in response.json["errors"]]


def test_a_document_is_checked_against_the_product(client, merchant, priced, font_id):
    document = samples.design(priced, font_id)
    document["surfaces"][0]["area"] = "sleeve"
    response = quote(client, merchant.pk, {"document": document, "quantity": 1})
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": "/document/surfaces/0/area", "message": "The product has no print area 'sleeve'."}
    ]
    document["surfaces"][0]["objects"][0]["size"] = -1
    response = quote(client, merchant.pk, {"document": document, "quantity": 1})
    assert [e["path"] for e in response.json["errors"]] == ["/document/surfaces/0/objects/0/size"]


def test_a_product_without_prices_cannot_be_quoted(client, merchant, product_id, font_id):
    response = quote(
        client, merchant.pk, {"document": samples.design(product_id, font_id), "quantity": 1}
    )
    assert response.status_code == 422
    assert response.json["message"].startswith("This product has no prices yet")


def test_store_terms_round_and_tax_the_quote(client, merchant, priced, font_id):
    terms = client.put(
        f"/v1/stores/{merchant.store_id}/pricing",
        headers=merchant.sk,
        json={"prices_include_tax": True, "tax_rate": "20", "rounding": "0.05"},
    )
    assert terms.status_code == 200, terms.json
    assert terms.json == {
        "store": merchant.store_id,
        "currency": "EUR",
        "prices_include_tax": True,
        "tax_rate": "20.00",
        "rounding": "0.05",
    }
    result = quote(
        client, merchant.pk, {"document": samples.design(priced, font_id), "quantity": 10}
    ).json
    # 12.53 exact → 12.55; 125.50 with 20 % tax in it holds 20.92 of tax.
    assert (result["unit_price"], result["total"], result["tax"]) == (1255, 12550, 2092)
    assert result["breakdown"][-1] == {
        "kind": "rounding",
        "label": "Rounding: €0.02",
        "amount": 2,
        "count": None,
    }
    bad = client.put(
        f"/v1/stores/{merchant.store_id}/pricing", headers=merchant.sk, json={"rounding": "0.03"}
    )
    assert bad.status_code == 422
    assert (
        client.get(f"/v1/stores/{merchant.store_id}/pricing", headers=merchant.sk).json["rounding"]
        == "0.05"
    )


def test_an_invalid_store_term_stores_nothing(app, client, merchant, other_merchant):
    bad = client.put(
        f"/v1/stores/{merchant.store_id}/pricing", headers=merchant.sk, json={"tax_rate": "120"}
    )
    assert (bad.status_code, bad.json["errors"][0]["path"]) == (422, "/tax_rate")
    foreign = client.put(
        f"/v1/stores/{merchant.store_id}/pricing", headers=other_merchant.sk, json={}
    )
    assert foreign.status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StorePricing)) == 0


@pytest.fixture
def company(client, merchant):
    response = client.post("/v1/companies", headers=merchant.sk, json={"name": "Dupont SA"})
    assert response.status_code == 201
    return response.json["id"]


def test_price_lists_are_added_changed_listed_and_deleted(client, merchant, priced, company):
    created = client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={"name": "Revendeurs Or", "discount_percent": "10", "company": company},
    )
    assert created.status_code == 201, created.json
    assert created.headers["Location"] == f"/v1/price-lists/{created.json['id']}"
    assert {k: created.json[k] for k in ("name", "discount_percent", "company", "prices")} == {
        "name": "Revendeurs Or",
        "discount_percent": "10.00",
        "company": company,
        "prices": {},
    }
    own = [{"min_quantity": 1, "unit_price": 900}]
    changed = client.patch(
        f"/v1/price-lists/{created.json['id']}",
        headers=merchant.sk,
        json={"prices": {priced: own}, "discount_percent": None},
    )
    assert changed.status_code == 200, changed.json
    assert (changed.json["prices"], changed.json["discount_percent"], changed.json["name"]) == (
        {priced: own},
        None,
        "Revendeurs Or",
    )
    listed = client.get("/v1/price-lists", headers=merchant.sk).json
    assert [p["id"] for p in listed] == [created.json["id"]]
    path = f"/v1/price-lists/{created.json['id']}"
    assert client.delete(path, headers=merchant.sk).status_code == 204
    assert client.get(path, headers=merchant.sk).status_code == 404


def test_invalid_or_clashing_price_lists_store_nothing(
    app, client, merchant, other_merchant, priced, company
):
    foreign = {"name": "Gros", "discount_percent": "5", "company": company}
    response = client.post("/v1/price-lists", headers=other_merchant.sk, json=foreign)
    assert (response.status_code, response.json["errors"][0]["path"]) == (422, "/company")
    response = client.post(
        "/v1/price-lists",
        headers=other_merchant.sk,
        json={"name": "Gros", "prices": {priced: [{"min_quantity": 1, "unit_price": 1}]}},
    )
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": f"/prices/{priced}", "message": f"No product {priced!r} in this account."}
    ]
    response = client.post("/v1/price-lists", headers=merchant.sk, json={"name": "Vide"})
    assert (response.status_code, response.json["errors"][0]["path"]) == (422, "/discount_percent")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PriceList)) == 0

    first = client.post("/v1/price-lists", headers=merchant.sk, json=foreign)
    assert first.status_code == 201
    again = client.post("/v1/price-lists", headers=merchant.sk, json={**foreign, "name": "Autre"})
    assert (again.status_code, again.json["errors"][0]["path"]) == (409, "/company")
    listed = client.get("/v1/price-lists", headers=other_merchant.sk).json
    assert listed == []
    assert (
        client.get(f"/v1/price-lists/{first.json['id']}", headers=other_merchant.sk).status_code
        == 404
    )


def test_a_company_or_group_is_quoted_its_list_with_a_secret_key_only(
    client, merchant, priced, company, font_id
):
    client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={"name": "Or", "discount_percent": "10", "company": company},
    )
    client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={
            "name": "Revendeurs",
            "customer_group": "resellers",
            "prices": {priced: [{"min_quantity": 1, "unit_price": 900}]},
        },
    )
    body = {"document": samples.design(priced, font_id), "quantity": 1}
    gold = quote(client, merchant.sk, {**body, "company": company}).json
    # 12.53 less 10 %: 11.277 → 11.28.
    assert gold["unit_price"] == 1128
    assert gold["breakdown"][-1]["kind"] == "discount"
    assert gold["breakdown"][-1]["label"] == "Or (\u221210%): \u2212€1.25"
    resellers = quote(client, merchant.sk, {**body, "customer_group": "resellers"}).json
    assert resellers["unit_price"] == 953
    assert resellers["breakdown"][0]["label"] == "Revendeurs price: €9.00"
    assert (
        quote(client, merchant.sk, {**body, "customer_group": "nobody"}).json["unit_price"] == 1253
    )
    assert quote(client, merchant.pk, {**body, "company": company}).status_code == 403


def order_body(design, unit_price, quantity=10, company="Dupont SA", currency=None):
    line = {
        "platform_line_id": "1",
        "quantity": quantity,
        "design": design["id"],
        "design_token": design["token"],
        "unit_price": unit_price,
    }
    if currency:
        line["currency"] = currency
    return {
        "platform_order_id": f"o-{unit_price}-{currency}",
        "currency": "EUR",
        "customer": {"email": "jeanne@example.fr", "company": company},
        "lines": [line, {"platform_line_id": "2", "quantity": 1, "unit_price": 500}],
    }


@pytest.fixture
def design(client, merchant, priced, font_id):
    return client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(priced, font_id)
    ).json


def test_a_tampered_cart_price_is_flagged_and_still_produced(client, merchant, design):
    response = client.post("/v1/orders", headers=merchant.sk, json=order_body(design, 100))
    assert response.status_code == 201, response.json
    line, plain = response.json["lines"]
    assert (line["status"], line["job"] is not None) == ("accepted", True)
    assert line["price_check"] == {
        "quoted": 1253,
        "charged": 100,
        "currency": "EUR",
        "quoted_currency": "EUR",
        "status": "mismatch",
    }
    assert plain["price_check"] is None  # not personalised: the shop's own price stands
    fetched = client.get(f"/v1/orders/{response.json['id']}", headers=merchant.sk).json
    assert fetched["lines"][0]["price_check"]["status"] == "mismatch"


def test_a_surcharge_only_rule_leaves_the_shops_price_unchecked(client, merchant, design):
    put_rule(
        client, merchant, design["product"], {"base_prices": [], "surcharges": RULE["surcharges"]}
    )
    response = client.post("/v1/orders", headers=merchant.sk, json=order_body(design, 1553))
    assert response.status_code == 201, response.json
    # 15.00 of the shop's own price plus 0.53 of ours: not a mismatch, and not checkable.
    assert response.json["lines"][0]["price_check"] == {
        "quoted": None,
        "charged": 1553,
        "currency": "EUR",
        "status": "unquoted",
        "reason": "The shop's own product price is the base; Monogram prices only the rest.",
    }


def test_an_honest_price_passes_within_one_rounding_step(client, merchant, design):
    client.put(
        f"/v1/stores/{merchant.store_id}/pricing", headers=merchant.sk, json={"rounding": "0.05"}
    )
    # Quoted 12.55; a shop rounding 12.53 to the cent is within one 5-cent step.
    for charged, status in ((1253, "ok"), (1255, "ok"), (1261, "mismatch")):
        line = client.post(
            "/v1/orders", headers=merchant.sk, json=order_body(design, charged)
        ).json["lines"][0]
        assert (line["price_check"]["quoted"], line["price_check"]["status"]) == (1255, status)
    other_currency = client.post(
        "/v1/orders", headers=merchant.sk, json=order_body(design, 1255, currency="CHF")
    ).json["lines"][0]
    assert other_currency["price_check"]["status"] == "mismatch"


def test_intake_prices_a_company_order_with_its_list(client, merchant, design, company):
    client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={"name": "Or", "discount_percent": "10", "company": company},
    )
    line = client.post("/v1/orders", headers=merchant.sk, json=order_body(design, 1128)).json[
        "lines"
    ][0]
    assert line["price_check"] == {
        "quoted": 1128,
        "charged": 1128,
        "currency": "EUR",
        "status": "ok",
    }


def test_a_line_without_a_price_is_not_checked(client, merchant, design):
    body = order_body(design, None)
    del body["lines"][0]["unit_price"]
    line = client.post("/v1/orders", headers=merchant.sk, json=body).json["lines"][0]
    assert (line["status"], line["price_check"]) == ("accepted", None)


def test_a_deleted_company_leaves_its_list_for_no_one(client, merchant, company):
    created = client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={"name": "Or", "discount_percent": "10", "company": company},
    ).json
    assert client.delete(f"/v1/companies/{company}", headers=merchant.sk).status_code == 204
    kept = client.get(f"/v1/price-lists/{created['id']}", headers=merchant.sk).json
    assert (kept["name"], kept["company"]) == ("Or", None)


def test_a_signed_in_buyer_is_quoted_their_companys_list(
    client, merchant, priced, company, font_id
):
    from tests.api.test_customers import reference

    client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={"name": "Or", "discount_percent": "10", "company": company},
    )
    past = {
        "platform_order_id": "past-1",
        "customer": {"platform_id": "7", "company": "DUPONT SA"},
        "lines": [{"quantity": 1}],
    }
    assert client.post("/v1/orders", headers=merchant.sk, json=past).status_code == 201
    body = {"document": samples.design(priced, font_id), "quantity": 1}
    buyer = {**merchant.pk, "Monogram-Customer": reference(merchant, "7")}
    assert quote(client, buyer, body).json["unit_price"] == 1128
    stranger = {**merchant.pk, "Monogram-Customer": reference(merchant, "8")}
    assert quote(client, stranger, body).json["unit_price"] == 1253
    forged = {**merchant.pk, "Monogram-Customer": reference(merchant, "7")[:-4] + "0000"}
    assert quote(client, forged, body).status_code == 403
