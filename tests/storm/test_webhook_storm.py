"""A storm of Shopify order webhooks: 1,000 deliveries, 30 % duplicates, shuffled, 16 at a time."""

import base64
import concurrent.futures
import contextlib
import hashlib
import hmac
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from redis import Redis
from rq import Queue, SimpleWorker
from rq.timeouts import TimerDeathPenalty

from monogram import create_app
from monogram.extensions.db import db
from monogram.models import Order, OrderLine, ProductionJob, WebhookDelivery
from tests import samples
from tests.conftest import TEST_SECRET, TEST_SHOPIFY_SECRET, ServerLikeClient, _account, _admin
from tests.servers import free_port, http_answers, log_tail, stop_process, wait_until

pytestmark = pytest.mark.redis

SHOP = "tempete.myshopify.com"
DELIVERIES = 1000
# 30 % duplicates: Shopify sends the same delivery again (same X-Shopify-Webhook-Id) when our
# answer is slow or lost, and sends orders/updated for an order moments after orders/create.
REDELIVERED = 200
UPDATED = 100
DISTINCT = DELIVERIES - REDELIVERED - UPDATED
SENDERS = 16
QUEUE_WORKERS = 4
BIN = Path(sys.executable).parent


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres), "sqlite"])
def database_url(request, tmp_path):
    """PostgreSQL as deployed at scale, and the SQLite file a small shop runs on."""
    if request.param == "sqlite":
        path = tmp_path / "storm.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"storm_{uuid.uuid4().hex[:12]}"
    _admin(template, f"CREATE DATABASE {name} TEMPLATE monogram_template")
    yield template.set(database=name).render_as_string(hide_password=False)
    _admin(template, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def redis_db(redis_server):
    """A Redis database of the session's server kept for this test, empty before and after."""
    url = redis_server.url.rsplit("/", 1)[0] + "/9"
    connection = Redis.from_url(url)
    connection.flushdb()
    yield url
    connection.flushdb()
    connection.close()


@pytest.fixture
def settings(tmp_path, database_url, redis_db):
    return {
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_db,
        "SECRET_KEY": TEST_SECRET,
        "SHOPIFY_API_KEY": "test-shopify-client-id",
        "SHOPIFY_API_SECRET": TEST_SHOPIFY_SECRET,
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def app(settings):
    from tests.conftest import make_config

    overrides = {k: v for k, v in settings.items() if k != "INSTANCE_DIR"}
    app = create_app(make_config(Path(settings["INSTANCE_DIR"]).parent, **overrides))
    app.test_client_class = ServerLikeClient
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _environment(settings):
    return {**os.environ, **{f"MONOGRAM_{k}": v for k, v in settings.items()}}


@contextlib.contextmanager
def gunicorn(settings, tmp_path):
    """Monogram as deployed: gunicorn, two processes of eight threads, on a loopback port."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--threads", "8", "--log-level", "warning", "--error-logfile", str(log),
               "monogram:create_app()"]  # fmt: skip
    process = subprocess.Popen(command, env=_environment(settings), stdin=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: http_answers(f"{base}/healthz"), "gunicorn", log, process)
        yield port, log
    finally:
        stop_process(process)


class ThreadWorker(SimpleWorker):
    """An rq worker on a thread of the test process: a fresh app context (and session) per job,
    as `monogram worker` gives each job; no signals, which only the main thread may set."""

    death_penalty_class = TimerDeathPenalty

    def __init__(self, app, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app

    def _install_signal_handlers(self):
        pass

    def perform_job(self, job, queue):
        with self.app.app_context():
            return super().perform_job(job, queue)


def apply_until_done(app, storm_over):
    """Drain the webhooks queue while the storm goes on and once more after it ends."""
    webhooks = Queue("webhooks", connection=Redis.from_url(app.config["MONOGRAM"].REDIS_URL))
    while True:
        over = storm_over.is_set()
        ThreadWorker(app, [webhooks], connection=webhooks.connection).work(burst=True)
        if over and webhooks.count == 0:
            return
        time.sleep(0.05)


def shop_designs(app):
    """A Shopify shop with a business card and three designs shoppers made on it."""
    shop = _account(app, "Tempête Imprimerie", platform="shopify", domain=SHOP)
    client = app.test_client()
    font = client.post(
        "/v1/fonts",
        headers=shop.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    )
    assert font.status_code == 201, font.json
    product = client.post(
        "/v1/products", headers=shop.sk, json=samples.card_product([font.json["id"]])
    )
    assert product.status_code == 201, product.json
    designs = []
    for name in ("Jeanne Dupont", "Paul Martin", "Zoé Lefèvre"):
        body = samples.design(product.json["id"], font.json["id"], text=name)
        created = client.post("/v1/designs", headers=shop.pk, json=body)
        assert created.status_code == 201, created.json
        designs.append((created.json["id"], created.json["token"]))
    return designs


def shopify_order(order_id, rng, designs):
    """An orders/create payload: a personalised card, and a plain card holder on some orders."""
    design, token = rng.choice(designs)
    items = [
        {
            "id": order_id * 10 + 1,
            "product_id": 632910392,
            "variant_id": 808950810,
            "title": "Carte de visite",
            "quantity": rng.randint(1, 1000),
            "properties": [
                {"name": "_monogram_design", "value": design},
                {"name": "_monogram_token", "value": token},
            ],
        }
    ]
    if rng.random() < 0.5:
        items.append(
            {"id": order_id * 10 + 2, "title": "Porte-cartes", "quantity": rng.randint(1, 5)}
        )
    return {
        "id": order_id,
        "name": f"#T{order_id}",
        "email": f"client{order_id}@example.fr",
        "currency": "EUR",
        "customer": {"id": 7000 + order_id % 50, "first_name": "Client"},
        "line_items": items,
    }


def deliveries(designs, seed=20261207):
    """(topic, webhook id, body) of every delivery, shuffled, and the orders they carry."""
    rng = random.Random(seed)
    orders = {
        order_id: shopify_order(order_id, rng, designs)
        for order_id in range(450_000_001, 450_000_001 + DISTINCT)
    }
    first = [
        ("orders/create", str(uuid.UUID(int=rng.getrandbits(128))), json.dumps(order).encode())
        for order in orders.values()
    ]
    again = [rng.choice(first) for _ in range(REDELIVERED)]
    updated = [
        ("orders/updated", str(uuid.UUID(int=rng.getrandbits(128))), json.dumps(order).encode())
        for order in (orders[rng.choice(list(orders))] for _ in range(UPDATED))
    ]
    storm = first + again + updated
    rng.shuffle(storm)
    return storm, orders


def send(port, delivery):
    topic, webhook_id, body = delivery
    digest = hmac.new(TEST_SHOPIFY_SECRET.encode(), body, hashlib.sha256).digest()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            f"/webhooks/shopify/{topic.replace('/', '-')}",
            body=body,
            headers={
                "Content-Type": "application/json",
                "X-Shopify-Topic": topic,
                "X-Shopify-Hmac-Sha256": base64.b64encode(digest).decode(),
                "X-Shopify-Shop-Domain": SHOP,
                "X-Shopify-Webhook-Id": webhook_id,
                "X-Shopify-API-Version": "2025-07",
            },
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def stored(app):
    """Orders as {platform id: (name, [(line id, quantity, design, status)])}, then the jobs, the
    kept deliveries, row counts and the jobs the lines point to."""
    with app.app_context():
        lines = db.session.execute(
            sa.select(
                Order.platform_order_id,
                Order.name,
                OrderLine.platform_line_id,
                OrderLine.quantity,
                OrderLine.design_id,
                OrderLine.status,
                OrderLine.job_id,
            )
            .join(OrderLine, OrderLine.order_id == Order.id)
            .order_by(Order.platform_order_id, OrderLine.position)
        ).all()
        orders = {}
        for order_id, name, line_id, quantity, design, status, _ in lines:
            orders.setdefault(order_id, (name, []))[1].append((line_id, quantity, design, status))
        jobs = db.session.execute(
            sa.select(ProductionJob.id, ProductionJob.order_ref, ProductionJob.line_ref)
        ).all()
        delivery_rows = db.session.execute(
            sa.select(WebhookDelivery.delivery_id, WebhookDelivery.topic, WebhookDelivery.status)
        ).all()
        counts = {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Order, OrderLine)
        }
        line_jobs = [job for *_, job in lines if job]
        return orders, jobs, delivery_rows, counts, line_jobs


def expected_orders(orders):
    """What each Shopify order should have become, in the shape `stored` reads."""

    def line(item):
        properties = {p["name"]: p["value"] for p in item.get("properties", [])}
        design = properties.get("_monogram_design")
        return str(item["id"]), item["quantity"], design, "accepted" if design else "plain"

    return {
        str(order_id): (order["name"], [line(item) for item in order["line_items"]])
        for order_id, order in orders.items()
    }


def test_a_storm_of_order_webhooks_makes_each_order_once(app, settings, tmp_path):
    designs = shop_designs(app)
    storm, orders = deliveries(designs)
    assert len(storm) == DELIVERIES and len({d[1] for d in storm}) == DISTINCT + UPDATED

    with gunicorn(settings, tmp_path) as (port, server_log):
        storm_over = threading.Event()
        with concurrent.futures.ThreadPoolExecutor(SENDERS + QUEUE_WORKERS) as pool:
            workers = [pool.submit(apply_until_done, app, storm_over) for _ in range(QUEUE_WORKERS)]
            answers = list(pool.map(lambda delivery: send(port, delivery), storm))
            storm_over.set()
            for worker in workers:
                worker.result(timeout=120)

    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: DELIVERIES}, log_tail(server_log)
    # Exactly the redeliveries are acknowledged as duplicates; nothing else is refused.
    duplicates = Counter(body["duplicate"] for _, body in answers)
    assert duplicates == {False: DISTINCT + UPDATED, True: REDELIVERED}

    found, jobs, delivery_rows, counts, line_jobs = stored(app)
    assert found == expected_orders(orders)
    assert counts == {
        "orders": DISTINCT,
        "order_lines": sum(len(order["line_items"]) for order in orders.values()),
    }
    # One job per personalised line, each its line's own; none twice, none left over.
    assert sorted(job_id for job_id, _, _ in jobs) == sorted(line_jobs)
    assert len(jobs) == DISTINCT
    assert Counter((order_ref, line_ref) for _, order_ref, line_ref in jobs) == {
        (order["name"], str(order["id"] * 10 + 1)): 1 for order in orders.values()
    }
    # Each webhook id kept once, under its topic, and applied.
    assert sorted(delivery_rows) == sorted(
        {(webhook_id, topic, "done") for topic, webhook_id, _ in storm}
    )
    assert Queue("webhooks", connection=Redis.from_url(settings["REDIS_URL"])).count == 0


@pytest.mark.parametrize("signature", ["é" * 44, "ÿ", "Zm9v\u00a0"])
def test_a_signature_of_any_letters_is_refused_and_keeps_nothing(app, signature):
    """A storm carries garbage too: a header of non-ASCII letters is a 401, never a crash."""
    response = app.test_client().post(
        "/webhooks/shopify/orders-create",
        data=json.dumps({"id": 450_000_000, "line_items": []}),
        headers={
            "Content-Type": "application/json",
            "X-Shopify-Hmac-Sha256": signature,
            "X-Shopify-Shop-Domain": SHOP,
            "X-Shopify-Webhook-Id": str(uuid.uuid4()),
        },
    )
    assert (response.status_code, response.json["code"]) == (401, 401)
    with app.app_context():
        kept = [
            db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (WebhookDelivery, Order)
        ]
    assert kept == [0, 0]
