"""What a Shopify order line charged, as Monogram checks it against its own quote at intake."""

import pytest

from monogram.connectors.shopify import order_fields
from tests.api.test_prices import put_rule
from tests.connectors.test_shopify_extension import (  # noqa: F401 - fixtures
    DESIGN,
    EXPECTED,
    chromium,
    dawn_page,
    line_properties,
)
from tests.connectors.test_shopify_webhooks import (  # noqa: F401 - fixtures
    deliver,
    design,
    font_id_for_shop,
    orders_of,
    shop,
    shopify_order,
)


def line_item(line_id, price, quantity=1, properties=(), discounts=()):
    return {
        "id": line_id,
        "product_id": 632910392,
        "variant_id": 808950810,
        "title": "Carte de visite",
        "quantity": quantity,
        "price": price,
        "properties": [{"name": name, "value": value} for name, value in properties],
        "discount_allocations": [
            {"amount": amount, "discount_application_index": 0} for amount in discounts
        ],
    }


def order(*items, currency="EUR"):
    return {"id": 5001, "name": "#5001", "currency": currency, "line_items": list(items)}


def unit_prices(payload):
    return [line["unit_price"] for line in order_fields(payload)["lines"]]


def test_the_line_price_is_sent_in_minor_units():
    assert unit_prices(order(line_item(1, "12.53", 250))) == [1253]


def test_discounts_shopify_allocated_to_the_line_come_off_its_unit_price():
    # 10 × 12.00 less a 15.00 code and a 0.05 automatic discount: 10.495 a piece, rounded up.
    item = line_item(1, "12.00", 10, discounts=("15.00", "0.05"))
    assert unit_prices(order(item)) == [1050]


def test_a_personalisation_fee_line_adds_to_the_line_of_its_design():
    personalised = line_item(1, "10.00", 100, [("_monogram_design", "dsn_a")])
    fee = line_item(2, "2.53", 100, [("_monogram_fee_for", "dsn_a")])
    other_fee = line_item(3, "9.99", 1, [("_monogram_fee_for", "dsn_b")])
    assert unit_prices(order(personalised, fee, other_fee)) == [1253, 253, 999]


def test_a_currency_without_cents_is_sent_in_whole_units():
    assert unit_prices(order(line_item(1, "1500.4", 2), currency="JPY")) == [1500]


def test_a_line_without_a_readable_price_sends_none():
    items = (line_item(1, None), line_item(2, "n/a"), line_item(3, "NaN"))
    assert unit_prices(order(*items)) == [None, None, None]


def test_a_discount_never_makes_a_negative_price():
    assert unit_prices(order(line_item(1, "5.00", 1, discounts=("6.00",)))) == [0]


def test_the_webhook_order_is_checked_against_the_quote(app, client, shop, design):  # noqa: F811
    put_rule(client, shop, design["product"])
    quoted = client.post(
        "/v1/prices/quote",
        headers=shop.sk,
        json={"design": design["id"], "quantity": 250},
    ).json["unit_price"]
    honest = shopify_order(6001, design["id"], design["token"])
    honest["line_items"][0]["price"] = f"{quoted / 100:.2f}"
    # The cart transform did not run (or the shopper got round it): the catalogue price.
    tampered = shopify_order(6002, design["id"], design["token"])
    tampered["line_items"][0]["price"] = "1.00"

    for payload in (honest, tampered):
        assert deliver(client, "orders/create", payload).status_code == 200

    checks = {o.platform_order_id: o.lines[0].price_check for o in orders_of(app)}
    assert checks["6001"] == {
        "quoted": quoted,
        "charged": quoted,
        "currency": "EUR",
        "status": "ok",
    }
    assert checks["6002"] == {
        "quoted": quoted,
        "charged": 100,
        "currency": "EUR",
        "quoted_currency": "EUR",
        "status": "mismatch",
    }


SIGNED = f"mp1.{DESIGN}.250.999.1253.EUR.{'a' * 64}"
PRICE_QUOTED = """(detail) => document.querySelector("monogram-personalise").dispatchEvent(
    new CustomEvent("monogram:price-quoted", { detail, bubbles: true, composed: true }))"""


def quoted(storefront, design_id, signed_price):
    """What the editor does after each quote of a saved design: monogram:price-quoted."""
    storefront.page.evaluate(
        PRICE_QUOTED, {"design": design_id, "quantity": 250, "signed_price": signed_price}
    )


@pytest.mark.browser
def test_the_signed_price_rides_on_the_cart_line_for_the_cart_transform(chromium):  # noqa: F811
    def scenario(storefront):
        storefront.save_design()
        quoted(storefront, DESIGN, SIGNED)
        fields = storefront.add_to_cart()
        assert line_properties(fields) == {**EXPECTED, "_monogram_price": [SIGNED]}
        # A newer quote replaces it; a quote of another design leaves it alone.
        newer = SIGNED.replace(".1253.", ".1190.")
        quoted(storefront, DESIGN, newer)
        quoted(storefront, "dsn_other", SIGNED.replace(DESIGN, "dsn_other"))
        assert line_properties(storefront.add_to_cart())["_monogram_price"] == [newer]

    chromium.run(scenario, dawn_page())


@pytest.mark.browser
def test_a_design_saved_with_its_price_carries_it_from_the_start(chromium):  # noqa: F811
    def scenario(storefront):
        storefront.save_design(signed_price=SIGNED)
        assert line_properties(storefront.add_to_cart())["_monogram_price"] == [SIGNED]

    chromium.run(scenario, dawn_page())
