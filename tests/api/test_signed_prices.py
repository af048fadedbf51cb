"""Prices signed for Shopify cart lines, checked by the cart transform's own code under Node."""

import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from monogram.services.signed_prices import price_key
from tests import samples
from tests.api.test_prices import (
    RULE,
    priced,  # noqa: F401 - fixture
    put_rule,
    quote,
)
from tests.conftest import _account

TRANSFORM = (
    Path(__file__).parents[2]
    / "plugins/shopify/extensions/monogram-price/src/cart_transform_run.js"
)
SIGNED = re.compile(r"^mp1\.(dsn_\w+)\.(\d+)\.(\d+)\.(\d+)\.([A-Z]{3})\.([0-9a-f]{64})$")


@pytest.fixture
def shop(app):
    return _account(
        app, "Atelier Dupont", platform="shopify", domain="atelier-dupont.myshopify.com"
    )


@pytest.fixture
def card(client, shop):
    font = client.post(
        "/v1/fonts",
        headers=shop.sk,
        data={"file": (io.BytesIO(samples.VERA.read_bytes()), "Vera.ttf"), "licence_note": "Vera"},
    ).json["id"]
    product = client.post("/v1/products", headers=shop.sk, json=samples.card_product([font]))
    put_rule(client, shop, product.json["id"])
    design = client.post(
        "/v1/designs", headers=shop.pk, json=samples.design(product.json["id"], font)
    ).json
    return product.json["id"], font, design


def cart_transform(key, line):
    """What Shopify would run on the cart: the Function's own JavaScript, under Node."""
    script = (
        f"import {{ cartTransformRun }} from {json.dumps(TRANSFORM.as_uri())};\n"
        "const input = JSON.parse(process.argv[1]);\n"
        "process.stdout.write(JSON.stringify(cartTransformRun(input)));\n"
    )
    cart = {"shop": {"priceKey": {"value": key}}, "cart": {"lines": [line]}}
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script, json.dumps(cart)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(done.stdout)["operations"]


def cart_line(design_id, quantity, signed_price):
    return {
        "id": "gid://shopify/CartLine/1",
        "quantity": quantity,
        "design": {"value": design_id},
        "token": {"value": "dt_x"},
        "price": {"value": signed_price},
        "merchandise": {"__typename": "ProductVariant", "id": "gid://shopify/ProductVariant/9"},
        "cost": {"amountPerQuantity": {"currencyCode": "EUR"}},
    }


def test_a_saved_design_is_signed_for_its_tier_and_charged_by_the_transform(
    app, client, shop, card
):
    _, _, design = card
    headers = {**shop.pk, "Monogram-Design-Token": design["token"]}
    answer = quote(client, headers, {"design": design["id"], "quantity": 60}).json
    found = SIGNED.match(answer["signed_price"])
    assert found is not None, answer["signed_price"]
    # The 50–249 tier: any quantity in it costs the same, so the cart may change within it.
    assert found.groups()[:5] == (design["id"], "50", "249", str(answer["unit_price"]), "EUR")
    with app.app_context():
        key = price_key(shop.store_id)

    charged = cart_transform(key, cart_line(design["id"], 60, answer["signed_price"]))
    amount = f"{answer['unit_price'] / 100:.2f}"
    assert charged == [
        {
            "lineExpand": {
                "cartLineId": "gid://shopify/CartLine/1",
                "expandedCartItems": [
                    {
                        "merchandiseId": "gid://shopify/ProductVariant/9",
                        "quantity": 1,
                        "price": {"adjustment": {"fixedPricePerUnit": {"amount": amount}}},
                        "attributes": [
                            {"key": "_monogram_design", "value": design["id"]},
                            {"key": "_monogram_token", "value": "dt_x"},
                        ],
                    }
                ],
            }
        }
    ]
    cheaper = answer["signed_price"].replace(f".{answer['unit_price']}.EUR.", ".1.EUR.")
    assert cart_transform(key, cart_line(design["id"], 60, cheaper)) == []
    assert cart_transform(key, cart_line(design["id"], 250, answer["signed_price"])) == []
    assert cart_transform(key, cart_line("dsn_another", 60, answer["signed_price"])) == []
    assert (
        cart_transform(
            price_key_of_another_shop(app), cart_line(design["id"], 60, answer["signed_price"])
        )
        == []
    )


def price_key_of_another_shop(app):
    with app.app_context():
        return price_key("sto_another")


def test_the_last_tier_is_signed_up_to_the_largest_quote(client, shop, card):
    _, _, design = card
    headers = {**shop.pk, "Monogram-Design-Token": design["token"]}
    answer = quote(client, headers, {"design": design["id"], "quantity": 300}).json
    assert SIGNED.match(answer["signed_price"]).groups()[1:3] == ("250", "1000000")


def test_nothing_is_signed_without_a_saved_design_or_a_base_price(client, shop, card):
    product, font, design = card
    unsaved = quote(client, shop.pk, {"document": samples.design(product, font), "quantity": 5})
    assert (unsaved.status_code, unsaved.json["signed_price"]) == (200, None)
    # Surcharges only: the shop's own product price is the base, which a fixed price would drop.
    put_rule(client, shop, product, {"base_prices": [], "surcharges": RULE["surcharges"]})
    headers = {**shop.pk, "Monogram-Design-Token": design["token"]}
    answer = quote(client, headers, {"design": design["id"], "quantity": 5}).json
    assert answer["signed_price"] is None


def test_a_store_on_another_platform_gets_no_signed_price(client, merchant, priced, font_id):  # noqa: F811
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(priced, font_id)
    ).json
    headers = {**merchant.pk, "Monogram-Design-Token": design["token"]}
    answer = quote(client, headers, {"design": design["id"], "quantity": 5}).json
    assert answer["signed_price"] is None
