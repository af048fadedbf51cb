"""A shipped job told to Shopify: one fulfillment with its tracking, never two, retried."""

import json
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from rq import SimpleWorker
from werkzeug.wrappers import Request, Response

from monogram import create_app
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.jobs.shop_status import record_shipment
from monogram.models import OrderLine, ProductionJob, Store
from monogram.models.base import utcnow
from monogram.services import shop_status
from monogram.services.secrets_box import seal
from tests import samples
from tests.conftest import ServerLikeClient, _account, make_config
from tests.connectors.test_shopify_webhooks import SHOP, deliver, shopify_order
from tests.servers import serving

TOKEN = "shpat_atelier_dupont_0123456789"
ORDER = 5001
PERSONALISED_LINE = ORDER * 10 + 1  # shopify_order's line, with the design
PLAIN_LINE = ORDER * 10 + 2
SHIPMENT = {
    "carrier": "Colissimo",
    "tracking_number": "6A12345678901",
    "tracking_url": "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901",
}


class ShopifyAdmin:
    """Shopify's Admin GraphQL API for one shop, played on loopback: its fulfillment orders."""

    PATH = "/admin/api/2026-10/graphql.json"

    def __init__(self, token):
        self.token = token
        self.calls = []  # (operation name, variables) of each authorised call
        self.orders = {}  # order gid → its fulfillment orders, in the shape the query returns
        self.fulfillments = []
        self.outages = 0  # answer 503 to this many calls
        self.draft_orders = []  # the DraftOrderInput of each draft order created

    def add_order(self, order_id, lines, status="OPEN"):
        """One fulfillment order at one location holding every (line item id, quantity)."""
        number = len(self.orders) + 1
        self.orders[f"gid://shopify/Order/{order_id}"] = [
            {
                "id": f"gid://shopify/FulfillmentOrder/{number}",
                "status": status,
                "lineItems": {
                    "nodes": [
                        {
                            "id": f"gid://shopify/FulfillmentOrderLineItem/{line_id}0",
                            "remainingQuantity": quantity,
                            "totalQuantity": quantity,
                            "lineItem": {"id": f"gid://shopify/LineItem/{line_id}"},
                        }
                        for line_id, quantity in lines
                    ]
                },
            }
        ]

    def mutations(self):
        return [variables for name, variables in self.calls if name == "MonogramFulfillmentCreate"]

    @Request.application
    def wsgi(self, request):
        if request.method != "POST" or request.path != self.PATH:
            return Response("Not Found", status=404)
        if request.headers.get("X-Shopify-Access-Token") != self.token:
            return self._json({"errors": "[API] Invalid API key or access token"}, status=401)
        body = json.loads(request.get_data())
        name = re.match(r"\s*(?:query|mutation) (\w+)", body["query"]).group(1)
        self.calls.append((name, body["variables"]))
        if self.outages:
            self.outages -= 1
            return Response("Service Unavailable", status=503)
        if name == "MonogramFulfillmentOrders":
            nodes = self.orders.get(body["variables"]["order"])
            order = None
            if nodes is not None:
                order = {"id": body["variables"]["order"], "fulfillmentOrders": {"nodes": nodes}}
            return self._json({"data": {"order": order}})
        if name == "MonogramFulfillmentCreate":
            return self._json({"data": {"fulfillmentCreate": self._fulfil(body["variables"])}})
        if name == "MonogramDraftOrderCreate":
            return self._json({"data": {"draftOrderCreate": self._draft(body["variables"])}})
        return self._json({"errors": [{"message": f"unknown operation {name}"}]})

    def _fulfil(self, variables):
        """fulfillmentCreate as Shopify checks it: open orders, known items, what remains."""
        groups = variables["fulfillment"]["lineItemsByFulfillmentOrder"]
        every = {fo["id"]: fo for nodes in self.orders.values() for fo in nodes}
        for group in groups:
            fo = every.get(group["fulfillmentOrderId"])
            if fo is None or fo["status"] not in ("OPEN", "IN_PROGRESS"):
                message = "Fulfillment order is not open."
                return {"fulfillment": None, "userErrors": [{"field": None, "message": message}]}
            items = {item["id"]: item for item in fo["lineItems"]["nodes"]}
            for wanted in group["fulfillmentOrderLineItems"]:
                item = items.get(wanted["id"])
                if item is None or not 0 < wanted["quantity"] <= item["remainingQuantity"]:
                    message = "Invalid fulfillment order line item quantity requested."
                    return {
                        "fulfillment": None,
                        "userErrors": [{"field": None, "message": message}],
                    }
        for group in groups:
            fo = every[group["fulfillmentOrderId"]]
            items = {item["id"]: item for item in fo["lineItems"]["nodes"]}
            for wanted in group["fulfillmentOrderLineItems"]:
                items[wanted["id"]]["remainingQuantity"] -= wanted["quantity"]
            if not any(item["remainingQuantity"] for item in items.values()):
                fo["status"] = "CLOSED"
        self.fulfillments.append(variables["fulfillment"])
        fulfillment_id = f"gid://shopify/Fulfillment/{len(self.fulfillments)}"
        return {"fulfillment": {"id": fulfillment_id, "status": "SUCCESS"}, "userErrors": []}

    def _draft(self, variables):
        """draftOrderCreate: every line needs a quantity, and a variant or a title and price."""
        for line in variables["input"]["lineItems"]:
            priced = "variantId" in line or (
                "title" in line and "originalUnitPriceWithCurrency" in line
            )
            if not priced or line.get("quantity", 0) < 1:
                message = "Line item is invalid."
                return {
                    "draftOrder": None,
                    "userErrors": [{"field": ["lineItems"], "message": message}],
                }
        self.draft_orders.append(variables["input"])
        number = len(self.draft_orders)
        draft = {
            "id": f"gid://shopify/DraftOrder/{number}",
            "invoiceUrl": f"https://{SHOP}/invoices/draft-{number}",
        }
        return {"draftOrder": draft, "userErrors": []}

    @staticmethod
    def _json(document, status=200):
        return Response(json.dumps(document), status=status, content_type="application/json")


@pytest.fixture
def shopify_admin():
    admin = ShopifyAdmin(TOKEN)
    admin.add_order(ORDER, [(PERSONALISED_LINE, 250), (PLAIN_LINE, 2)])
    with serving(admin.wsgi) as url:
        admin.url = url
        yield admin


def shop_app(tmp_path, database_url, shopify_admin, **settings):
    app = create_app(
        make_config(
            tmp_path, DATABASE_URL=database_url, SHOPIFY_ADMIN_URL=shopify_admin.url, **settings
        )
    )
    app.test_client_class = ServerLikeClient
    return app


@pytest.fixture
def app(tmp_path, database_url, shopify_admin):
    app = shop_app(tmp_path, database_url, shopify_admin)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@dataclass
class Shipped:
    account: object
    job_id: str


def installed_shop(app, platform="shopify", domain=SHOP, token=TOKEN):
    account = _account(app, "Atelier Dupont", platform=platform, domain=domain)
    with app.app_context():
        store = db.session.get(Store, account.store_id)
        store.access_token_encrypted = seal(token) if token else None
        db.session.commit()
    return account


def design_for(client, account):
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = client.post("/v1/products", headers=account.sk, json=samples.card_product([font]))
    design = client.post(
        "/v1/designs", headers=account.pk, json=samples.design(product.json["id"], font)
    )
    assert design.status_code == 201, design.json
    return design.json


def shopify_order_in_production(app, account):
    """Order 5001 from Shopify's webhook (a personalised card and a plain pen), its job made."""
    client = app.test_client()
    design = design_for(client, account)
    payload = shopify_order(ORDER, design["id"], design["token"])
    payload["line_items"].append(
        {"id": PLAIN_LINE, "product_id": 1, "variant_id": 2, "title": "Stylo", "quantity": 2}
    )
    assert deliver(client, "orders/create", payload).status_code == 200
    with app.app_context():
        job_id = db.session.query(OrderLine).filter_by(platform_line_id=str(PERSONALISED_LINE))
        job_id = job_id.one().job_id
    started = client.post(f"/v1/jobs/{job_id}/production", headers=account.sk)
    assert started.status_code == 200, started.json
    return job_id


def ship(app, account, job_id):
    shipped = app.test_client().post(
        f"/v1/jobs/{job_id}/shipment", headers=account.sk, json=SHIPMENT
    )
    assert shipped.status_code == 200, shipped.json
    return shipped.json


def line_and_job(app, job_id):
    with app.app_context():
        line = db.session.query(OrderLine).filter_by(job_id=job_id).one()
        job = db.session.get(ProductionJob, job_id)
        return (line.fulfilled_at, line.platform_fulfillment_id), (job.status, job.reason)


EXPECTED_FULFILLMENT = {
    "fulfillment": {
        "lineItemsByFulfillmentOrder": [
            {
                "fulfillmentOrderId": "gid://shopify/FulfillmentOrder/1",
                "fulfillmentOrderLineItems": [
                    {
                        "id": f"gid://shopify/FulfillmentOrderLineItem/{PERSONALISED_LINE}0",
                        "quantity": 250,
                    }
                ],
            }
        ],
        "trackingInfo": {
            "company": "Colissimo",
            "number": "6A12345678901",
            "url": "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901",
        },
        "notifyCustomer": True,
    }
}


@pytest.fixture
def shipped(app, shopify_admin):
    account = installed_shop(app)
    job_id = shopify_order_in_production(app, account)
    assert shopify_admin.calls == []
    ship(app, account, job_id)
    return Shipped(account, job_id)


def test_a_shipped_job_becomes_one_shopify_fulfillment_of_its_line(app, shopify_admin, shipped):
    assert shopify_admin.calls == [
        ("MonogramFulfillmentOrders", {"order": f"gid://shopify/Order/{ORDER}"}),
        ("MonogramFulfillmentCreate", EXPECTED_FULFILLMENT),
    ]
    (fulfilled_at, fulfillment_id), (status, reason) = line_and_job(app, shipped.job_id)
    assert fulfilled_at is not None
    assert fulfillment_id == "gid://shopify/Fulfillment/1"
    assert (status, reason) == ("shipped", None)
    # The pen is not Monogram's to ship: it stays to fulfil in Shopify.
    (fulfillment_order,) = shopify_admin.orders[f"gid://shopify/Order/{ORDER}"]
    remaining = {
        item["lineItem"]["id"]: item["remainingQuantity"]
        for item in fulfillment_order["lineItems"]["nodes"]
    }
    assert remaining == {
        f"gid://shopify/LineItem/{PERSONALISED_LINE}": 0,
        f"gid://shopify/LineItem/{PLAIN_LINE}": 2,
    }


def test_running_the_job_again_creates_no_second_fulfillment(app, shopify_admin, shipped):
    with app.app_context():
        record_shipment(shipped.job_id)
    assert len(shopify_admin.calls) == 2  # recorded on the line: Shopify is not even asked

    # The worker died after Shopify answered but before the line was stored.
    with app.app_context():
        line = db.session.query(OrderLine).filter_by(job_id=shipped.job_id).one()
        line.fulfilled_at = line.platform_fulfillment_id = None
        db.session.commit()
        record_shipment(shipped.job_id)
    assert [name for name, _ in shopify_admin.calls[2:]] == ["MonogramFulfillmentOrders"]
    assert len(shopify_admin.fulfillments) == 1
    (fulfilled_at, fulfillment_id), _ = line_and_job(app, shipped.job_id)
    assert fulfilled_at is not None and fulfillment_id is None


def test_a_shopify_outage_leaves_the_line_unfulfilled_until_a_retry(app, shopify_admin):
    account = installed_shop(app)
    job_id = shopify_order_in_production(app, account)
    shopify_admin.outages = 1

    ship(app, account, job_id)  # the shipment stands; only Shopify's copy of it waits

    (fulfilled_at, _), (status, reason) = line_and_job(app, job_id)
    assert (fulfilled_at, status) == (None, "shipped")
    assert reason == (
        "Shopify does not show this shipment yet: Shopify answered HTTP 503 SERVICE UNAVAILABLE"
    )
    assert shopify_admin.fulfillments == []

    with app.app_context():
        record_shipment(job_id)  # rq's retry
    assert shopify_admin.mutations() == [EXPECTED_FULFILLMENT]
    (fulfilled_at, fulfillment_id), (_, reason) = line_and_job(app, job_id)
    assert (fulfillment_id, reason) == ("gid://shopify/Fulfillment/1", None)


def test_shipments_still_missing_after_rq_gave_up_are_queued_again(app, shopify_admin):
    account = installed_shop(app)
    job_id = shopify_order_in_production(app, account)
    shopify_admin.outages = 4  # the first try and rq's three retries
    ship(app, account, job_id)
    for _ in range(3):
        with app.app_context(), pytest.raises(shop_status.ShipmentNotRecorded):
            record_shipment(job_id)

    with app.app_context():
        # A week and a day later nothing is tried any more: the merchant has been told.
        assert shop_status.retry_unrecorded(utcnow() + timedelta(days=8)) == []
        assert shop_status.retry_unrecorded() == [job_id]  # runs at its commit, in process

    assert shopify_admin.mutations() == [EXPECTED_FULFILLMENT]
    (_, fulfillment_id), (_, reason) = line_and_job(app, job_id)
    assert (fulfillment_id, reason) == ("gid://shopify/Fulfillment/1", None)
    with app.app_context():
        assert shop_status.retry_unrecorded() == []


def test_a_failed_try_raises_so_rq_retries_it(app, shopify_admin, shipped):
    with app.app_context():
        line = db.session.query(OrderLine).filter_by(job_id=shipped.job_id).one()
        line.fulfilled_at = None
        db.session.commit()
    shopify_admin.outages = 1
    with app.app_context(), pytest.raises(shop_status.ShipmentNotRecorded, match="HTTP 503"):
        record_shipment(shipped.job_id)


def test_a_held_fulfillment_order_is_not_fulfilled_until_released(app, shopify_admin):
    account = installed_shop(app)
    job_id = shopify_order_in_production(app, account)
    (fulfillment_order,) = shopify_admin.orders[f"gid://shopify/Order/{ORDER}"]
    fulfillment_order["status"] = "ON_HOLD"

    ship(app, account, job_id)

    assert shopify_admin.mutations() == []
    _, (_, reason) = line_and_job(app, job_id)
    assert reason == (
        "Shopify does not show this shipment yet: the line is held in Shopify "
        "(gid://shopify/FulfillmentOrder/1 is ON_HOLD)."
    )
    fulfillment_order["status"] = "OPEN"
    with app.app_context():
        record_shipment(job_id)
    assert shopify_admin.mutations() == [EXPECTED_FULFILLMENT]


def test_a_shop_that_removed_the_app_is_not_called_nor_retried(app, shopify_admin):
    account = installed_shop(app)
    job_id = shopify_order_in_production(app, account)
    with app.app_context():
        db.session.get(Store, account.store_id).uninstalled_at = utcnow()
        db.session.commit()

    ship(app, account, job_id)
    with app.app_context():
        assert record_shipment(job_id) is None  # no exception: trying again cannot help

    assert shopify_admin.calls == []
    (fulfilled_at, _), (status, reason) = line_and_job(app, job_id)
    assert (fulfilled_at, status) == (None, "shipped")
    assert reason == (
        "Shopify does not show this shipment yet: the Monogram app is not installed on the shop; "
        "fulfil it by hand."
    )


def test_an_order_line_gone_from_shopify_is_reported_not_retried(app, shopify_admin):
    account = installed_shop(app)
    job_id = shopify_order_in_production(app, account)
    shopify_admin.orders.clear()

    ship(app, account, job_id)

    assert [name for name, _ in shopify_admin.calls] == ["MonogramFulfillmentOrders"]
    _, (_, reason) = line_and_job(app, job_id)
    assert reason == "Shopify does not show this shipment yet: Shopify has no order #5001 any more."


def test_other_platforms_hear_of_it_by_webhook_not_from_here(app, shopify_admin):
    account = installed_shop(app, platform="prestashop", domain="boutique.test", token=None)
    client = app.test_client()
    design = design_for(client, account)
    order = client.post(
        "/v1/orders",
        headers=account.sk,
        json={
            "platform_order_id": "1042",
            "lines": [
                {"platform_line_id": "3", "design": design["id"], "design_token": design["token"]}
            ],
        },
    )
    assert order.status_code == 201, order.json
    job_id = order.json["lines"][0]["job"]
    assert client.post(f"/v1/jobs/{job_id}/production", headers=account.sk).status_code == 200

    ship(app, account, job_id)

    assert shopify_admin.calls == []
    with app.app_context():
        assert shop_status.notify(db.session.get(ProductionJob, job_id)) is None


@pytest.mark.redis
def test_with_redis_the_connectors_worker_records_it_with_retries(
    tmp_path, database_url, redis_url, shopify_admin
):
    # Everything up to production in process; the shipment from an app that queues on Redis.
    making = shop_app(tmp_path, database_url, shopify_admin)
    account = installed_shop(making)
    job_id = shopify_order_in_production(making, account)
    app = shop_app(tmp_path, database_url, shopify_admin, REDIS_URL=redis_url)
    with app.app_context():
        queue.queue("connectors").empty()

    ship(app, account, job_id)

    assert shopify_admin.calls == []  # the web request only queued it
    with app.app_context():
        connectors = queue.queue("connectors")
        (job,) = connectors.jobs
        assert (job.func_name, job.args, job.timeout) == (
            "monogram.jobs.shop_status.record_shipment",
            (job_id,),
            60,
        )
        assert (job.retries_left, job.retry_intervals) == (3, [10, 60, 300])
        SimpleWorker([connectors], connection=queue.connection).work(burst=True)
        assert connectors.count == 0
    assert shopify_admin.mutations() == [EXPECTED_FULFILLMENT]
    with app.app_context():
        queue.connection.flushdb()
