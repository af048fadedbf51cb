"""Shopify webhooks as Shopify sends them: signed, redelivered, reordered, sometimes forged."""

import base64
import hashlib
import hmac
import json
import random
import uuid

import pytest

from monogram.extensions.db import db
from monogram.models import Order, WebhookDelivery
from tests import samples
from tests.conftest import TEST_SHOPIFY_SECRET, ServerLikeClient, _account

SHOP = "atelier-dupont.myshopify.com"


@pytest.fixture
def shop(app):
    return _account(app, "Atelier Dupont", platform="shopify", domain=SHOP)


@pytest.fixture
def design(client, shop, font_id_for_shop):
    body = samples.card_product([font_id_for_shop])
    product = client.post("/v1/products", headers=shop.sk, json=body).json["id"]
    created = client.post(
        "/v1/designs", headers=shop.pk, json=samples.design(product, font_id_for_shop)
    )
    assert created.status_code == 201, created.json
    return created.json


@pytest.fixture
def font_id_for_shop(client, shop):
    response = client.post(
        "/v1/fonts",
        headers=shop.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def shopify_order(order_id, design=None, token=None):
    """An order shaped like Shopify's orders/create payload (REST, API 2025-07)."""
    properties = []
    if design:
        properties = [
            {"name": "_monogram_design", "value": design},
            {"name": "_monogram_token", "value": token},
            {"name": "Personnalisation", "value": f"Design {design}"},
        ]
    return {
        "id": order_id,
        "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
        "name": f"#{order_id % 10000}",
        "email": "jeanne@example.fr",
        "customer_locale": "fr",
        "currency": "EUR",
        "financial_status": "paid",
        "customer": {"id": 7001, "email": "jeanne@example.fr", "first_name": "Jeanne"},
        "shipping_address": {"name": "Jeanne Dupont", "address1": "3 rue Mercière", "city": "Lyon"},
        "billing_address": {"company": "Dupont SA", "country_code": "FR"},
        "line_items": [
            {
                "id": order_id * 10 + 1,
                "product_id": 632910392,
                "variant_id": 808950810,
                "title": "Carte de visite",
                "quantity": 250,
                "properties": properties,
            },
        ],
    }


def deliver(client, topic, payload, secret=TEST_SHOPIFY_SECRET, webhook_id=None, tamper=False):
    body = json.dumps(payload).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    if tamper:
        body = body.replace(b"250", b"251")
    return client.post(
        f"/webhooks/shopify/{topic.replace('/', '-')}",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": signature,
            "X-Shopify-Shop-Domain": SHOP,
            "X-Shopify-Webhook-Id": webhook_id or str(uuid.uuid4()),
            "X-Shopify-API-Version": "2025-07",
        },
    )


def orders_of(app):
    """The stored orders with their lines loaded, readable after the app context ends."""
    from sqlalchemy.orm import selectinload

    with app.app_context():
        found = (
            db.session.query(Order)
            .options(selectinload(Order.lines))
            .order_by(Order.platform_order_id)
            .all()
        )
        db.session.expunge_all()
        return found


def test_an_order_webhook_creates_the_order_and_its_job(app, client, shop, design):
    response = deliver(client, "orders/create", shopify_order(5001, design["id"], design["token"]))
    assert response.status_code == 200
    (order,) = orders_of(app)
    assert (order.platform_order_id, order.name, order.source) == ("5001", "#5001", "shopify")
    (line,) = order.lines
    assert (line.status, line.design_id, line.quantity) == ("accepted", design["id"], 250)
    job = client.get(f"/v1/jobs/{line.job_id}", headers=shop.sk).json
    assert job["status"] == "ready"


def test_a_tampered_token_on_the_cart_line_is_flagged(app, client, shop, design):
    deliver(client, "orders/create", shopify_order(5002, design["id"], "dt_tampered"))
    (order,) = orders_of(app)
    assert (order.lines[0].status, order.lines[0].job_id) == ("flagged", None)


@pytest.mark.parametrize("how", ["wrong secret", "tampered body", "no signature"])
def test_bad_signatures_are_401_and_keep_nothing(app, client, shop, how):
    payload = shopify_order(5003)
    if how == "wrong secret":
        response = deliver(client, "orders/create", payload, secret="not-the-secret")
    elif how == "tampered body":
        response = deliver(client, "orders/create", payload, tamper=True)
    else:
        response = client.post("/webhooks/shopify/orders-create", json=payload)
    assert response.status_code == 401
    assert response.json["code"] == 401
    assert orders_of(app) == []
    with app.app_context():
        assert db.session.query(WebhookDelivery).count() == 0


def test_the_previous_secret_works_during_a_rotation(tmp_path, database_url):
    from monogram import create_app
    from tests.conftest import make_config

    app = create_app(
        make_config(
            tmp_path,
            DATABASE_URL=database_url,
            SHOPIFY_API_SECRET="shpss_new",
            SHOPIFY_PREVIOUS_API_SECRET=TEST_SHOPIFY_SECRET,
        )
    )
    _account(app, "Atelier Dupont", platform="shopify", domain=SHOP)
    app.test_client_class = ServerLikeClient
    client = app.test_client()
    assert deliver(client, "orders/create", shopify_order(6001)).status_code == 200
    assert (
        deliver(client, "orders/create", shopify_order(6002), secret="shpss_new").status_code == 200
    )
    assert (
        deliver(client, "orders/create", shopify_order(6003), secret="shpss_old").status_code == 401
    )
    assert [o.platform_order_id for o in orders_of(app)] == ["6001", "6002"]


def test_200_shuffled_deliveries_leave_50_orders_and_10_rejections(app, client, shop, design):
    rng = random.Random(42)
    deliveries = []
    for n in range(50):
        order_id = 7000 + n
        payload = shopify_order(order_id, design["id"], design["token"])
        deliveries.append(("orders/create", payload, f"create-{n}", False))
        # updated can arrive before create; both must leave one order.
        deliveries.append(("orders/updated", payload, f"update-{n}", False))
    # Redeliveries: the same webhook id again.
    deliveries += [rng.choice(deliveries) for _ in range(90)]
    forged = [("orders/create", shopify_order(9000 + n), f"forged-{n}", True) for n in range(10)]
    deliveries += forged
    rng.shuffle(deliveries)
    assert len(deliveries) == 200

    statuses = []
    for topic, payload, webhook_id, bad in deliveries:
        secret = "forged-secret" if bad else TEST_SHOPIFY_SECRET
        statuses.append(
            deliver(client, topic, payload, secret=secret, webhook_id=webhook_id).status_code
        )
    assert statuses.count(401) == 10
    assert statuses.count(200) == 190
    found = orders_of(app)
    assert len(found) == 50
    assert sorted(int(o.platform_order_id) for o in found) == list(range(7000, 7050))
    assert all(len(o.lines) == 1 and o.lines[0].status == "accepted" for o in found)


def test_cancellation_and_uninstall(app, client, shop, design):
    payload = shopify_order(5101, design["id"], design["token"])
    deliver(client, "orders/create", payload)
    deliver(client, "orders/cancelled", {**payload, "cancelled_at": "2026-11-23T10:00:00+01:00"})
    (order,) = orders_of(app)
    assert order.status == "cancelled"
    # The line's job stops, and its log says why.
    job = client.get(f"/v1/jobs/{order.lines[0].job_id}", headers=shop.sk).json
    assert job["status"] == "cancelled"
    last = job["events"][-1]
    assert (last["from"], last["to"], last["actor"], last["note"]) == (
        "ready",
        "cancelled",
        "shop",
        "order #5101 cancelled",
    )
    assert deliver(client, "app/uninstalled", {"id": 1, "domain": SHOP}).status_code == 200
    with app.app_context():
        from monogram.models import Store

        store = db.session.get(Store, shop.store_id)
        assert store.uninstalled_at is not None and store.access_token_encrypted is None


def test_gdpr_topics_answer_200_and_redact(app, client, shop, design):
    deliver(client, "orders/create", shopify_order(5201, design["id"], design["token"]))
    request = {
        "shop_id": 954889,
        "shop_domain": SHOP,
        "orders_requested": [5201],
        "customer": {"id": 7001, "email": "jeanne@example.fr", "phone": "555-625-1199"},
        "data_request": {"id": 9999},
    }
    assert deliver(client, "customers/data_request", request).status_code == 200
    redact = {
        "shop_id": 954889,
        "shop_domain": SHOP,
        "customer": {"id": 7001, "email": "jeanne@example.fr", "phone": "555-625-1199"},
        "orders_to_redact": [5201],
    }
    assert deliver(client, "customers/redact", redact).status_code == 200
    (order,) = orders_of(app)
    assert (order.customer_email, order.customer_company, order.customer_platform_id) == (
        None,
        None,
        None,
    )
    assert (order.customer_name, order.shipping_address, order.locale) == (None, None, "fr")
    job = client.get(f"/v1/jobs/{order.lines[0].job_id}", headers=shop.sk).json
    assert (job["proof_email"], job["manager_email"]) == (None, None)
    # The order itself and its production stay: the merchant still has to make it.
    assert order.lines[0].status == "accepted"
    assert (
        deliver(client, "shop/redact", {"shop_id": 954889, "shop_domain": SHOP}).status_code == 200
    )


def test_unknown_topics_are_404(client, shop):
    assert deliver(client, "products/create", {"id": 1}).status_code == 404
