"""A Shopify order acknowledged while Redis is down is applied once Redis is back: no order lost.

The webhook is kept in SQL on arrival and acknowledged; its job cannot be sent. Once the delivery
has waited past rq's own retries, the periodic duty queues it again, and a real worker creates the
order, its line and its job exactly once, however many times the duty runs.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram import create_app
from monogram.extensions.db import db
from monogram.models import Order, OrderLine, ProductionJob, WebhookDelivery
from monogram.models.base import utcnow
from monogram.services import shopify_webhooks
from tests import samples
from tests.conftest import TEST_SHOPIFY_SECRET, _account, make_config
from tests.connectors.test_shopify_webhooks import SHOP, deliver, shopify_order
from tests.faults.test_redis_restart import kill_redis, redis_server  # noqa: F401  (a fixture)
from tests.jobs.test_render_worker import kill_session, start_worker, worker_env


def counts(app):
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Order, OrderLine, ProductionJob)
        }


@pytest.mark.redis
def test_an_order_acknowledged_while_redis_is_down_is_applied_once_it_is_back(
    redis_server,  # noqa: F811
    database_url,
    tmp_path,
    app_log,
):
    config = make_config(
        tmp_path,
        DATABASE_URL=database_url,
        REDIS_URL=redis_server.url,
        SHOPIFY_API_SECRET=TEST_SHOPIFY_SECRET,
    )
    app = create_app(config)
    caplog = app_log()
    shop = _account(app, "Atelier Dupont", platform="shopify", domain=SHOP)
    client = app.test_client()
    font = client.post(
        "/v1/fonts",
        headers=shop.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = client.post(
        "/v1/products", headers=shop.sk, json=samples.card_product([font])
    ).json["id"]
    design = client.post("/v1/designs", headers=shop.pk, json=samples.design(product, font)).json
    before = counts(app)

    kill_redis(redis_server)
    # Shopify gets its 200 within its five seconds: the delivery is kept, its job is not sent.
    answer = deliver(client, "orders/create", shopify_order(6001, design["id"], design["token"]))
    assert answer.status_code == 200, answer.json
    assert answer.json == {"received": True, "duplicate": False}
    assert "Redis unavailable; job monogram.jobs.webhooks.apply_shopify" in caplog.text
    assert counts(app) == before
    redis_server.start()

    with app.app_context():
        [kept] = db.session.scalars(sa.select(WebhookDelivery)).all()
        assert kept.status == "pending"
        # rq's own retries could still be running: too early to queue it again.
        assert shopify_webhooks.recover_unapplied() == []
        later = utcnow() + shopify_webhooks.SETTLE + timedelta(minutes=1)
        # Two runs of the duty (a slow worker, a duty run twice): the order is made once.
        assert shopify_webhooks.recover_unapplied(later) == [kept.id]
        assert shopify_webhooks.recover_unapplied(later) == [kept.id]
        # A week later it is left to the shop and the console.
        assert shopify_webhooks.recover_unapplied(later + timedelta(days=7)) == []

    env = worker_env(
        config, database_url, redis_server.url, SHOPIFY_API_SECRET=TEST_SHOPIFY_SECRET
    )
    worker = start_worker(env, "--queue", "webhooks", "--burst")  # and the render queue
    try:
        output, _ = worker.communicate(timeout=120)
    finally:
        kill_session(worker.pid)
    assert worker.returncode == 0, output

    assert counts(app) == {
        "orders": before["orders"] + 1,
        "order_lines": before["order_lines"] + 1,
        "production_jobs": before["production_jobs"] + 1,
    }
    with app.app_context():
        order = db.session.scalar(sa.select(Order).where(Order.platform_order_id == "6001"))
        [line] = order.lines
        assert (line.design_id, line.quantity, line.status) == (design["id"], 250, "accepted")
        # The worker serves the render queue too: the line's print files are made.
        assert db.session.get(ProductionJob, line.job_id).status == "ready"
        assert db.session.get(WebhookDelivery, kept.id).status == "done"
        # Applied, it is no longer lost.
        assert shopify_webhooks.recover_unapplied(later) == []
