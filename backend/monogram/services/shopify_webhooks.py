"""Shopify webhooks: kept on arrival, then applied by a job (orders, uninstall, GDPR topics)."""

import json
import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from monogram.connectors import shopify
from monogram.errors import Unauthorized
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.models import Store, WebhookDelivery
from monogram.models.base import utcnow
from monogram.services import orders

log = logging.getLogger(__name__)

TOPICS = (
    "orders/create",
    "orders/updated",
    "orders/cancelled",
    "app/uninstalled",
    "customers/data_request",
    "customers/redact",
    "shop/redact",
)


def receive(topic, raw_body, headers):
    """Verify, keep and queue one delivery; a redelivery is recognised and dropped.

    Returns the delivery, or None for a duplicate. Fast on purpose: Shopify waits five seconds.
    """
    config = current_app.config["MONOGRAM"]
    if not shopify.webhook_is_authentic(
        raw_body,
        headers.get("X-Shopify-Hmac-Sha256"),
        config.SHOPIFY_API_SECRET,
        config.SHOPIFY_PREVIOUS_API_SECRET,
    ):
        raise Unauthorized("The webhook signature does not match.")
    # One delivery id per delivery attempt series; the event id is the same across topics'
    # retries, so either one recognises a duplicate.
    delivery_id = headers.get("X-Shopify-Webhook-Id") or headers.get("X-Shopify-Event-Id")
    delivery = WebhookDelivery(
        source="shopify",
        delivery_id=delivery_id or "",
        topic=topic,
        shop_domain=(headers.get("X-Shopify-Shop-Domain") or "").lower(),
        payload=_json(raw_body),
    )
    try:
        with db.session.begin_nested():
            db.session.add(delivery)
            db.session.flush()
    except IntegrityError:
        log.info("shopify delivery %s already received", delivery_id)
        return None
    queue.enqueue("webhooks", "monogram.jobs.webhooks.apply_shopify", delivery.id, timeout=120)
    return delivery


# A delivery still pending this long after it arrived has lost its job (Redis was down when it
# came, or lost it since): rq's own retries, 10 s, 1 and 5 min apart, are over by then.
SETTLE = timedelta(minutes=15)
# Older ones are left to the shop's own resend and the console's attention.
RECOVER_WITHIN = timedelta(days=7)


def recover_unapplied(now=None):
    """Queue again the kept deliveries whose job was lost; returns their ids.

    Run every SETTLE at most, so one is not queued twice while its job waits: applying a delivery
    twice changes nothing all the same.
    """
    now = now or utcnow()
    lost = db.session.scalars(
        sa.select(WebhookDelivery.id)
        .where(
            WebhookDelivery.source == "shopify",
            WebhookDelivery.status == "pending",
            WebhookDelivery.received_at < now - SETTLE,
            WebhookDelivery.received_at > now - RECOVER_WITHIN,
        )
        .order_by(WebhookDelivery.id)
    ).all()
    for delivery_id in lost:
        queue.enqueue("webhooks", "monogram.jobs.webhooks.apply_shopify", delivery_id, timeout=120)
    db.session.commit()  # the jobs leave at commit
    if lost:
        log.warning("%d Shopify deliveries queued again after their job was lost", len(lost))
    return lost


def _json(raw_body):
    try:
        value = json.loads(raw_body or b"{}")
    except ValueError:
        value = None
    return value if isinstance(value, dict) else {"_unreadable": True}


def store_for_domain(domain):
    return db.session.scalar(
        sa.select(Store).where(Store.platform == "shopify", Store.domain == domain)
    )


def apply(delivery_id):
    """Apply a kept delivery once; running it again changes nothing."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status == "done":
        return
    store = store_for_domain(delivery.shop_domain)
    if store is None:
        # The shop is not (or no longer) ours; nothing to apply, and nothing to retry.
        delivery.status, delivery.error = "done", "no store for this shop domain"
        db.session.commit()
        return
    handler = HANDLERS.get(delivery.topic)
    if handler is not None:
        handler(store, delivery.payload)
    delivery.status, delivery.processed_at = "done", utcnow()
    db.session.commit()


def _order(store, payload):
    orders.ingest_order(store, shopify.order_fields(payload), source="shopify")


def _cancelled(store, payload):
    if orders.find_order(store.id, str(payload["id"])) is None:
        orders.ingest_order(store, shopify.order_fields(payload), source="shopify")
    orders.cancel_order(store, str(payload["id"]))


def _uninstalled(store, _payload):
    store.access_token_encrypted = None
    store.uninstalled_at = utcnow()


def _data_request(store, payload):
    customer = payload.get("customer") or {}
    found = orders.customer_data(store, customer.get("id"), customer.get("email"))
    # Shopify asks the merchant to answer the customer; the merchant sees this in the console.
    log.info("customer data request for %s: %d orders", store.domain, len(found))


def _customer_redact(store, payload):
    customer = payload.get("customer") or {}
    orders.redact_customer(store, customer.get("id"), customer.get("email"))


def _shop_redact(store, _payload):
    orders.redact_store(store)


HANDLERS = {
    "orders/create": _order,
    "orders/updated": _order,
    "orders/cancelled": _cancelled,
    "app/uninstalled": _uninstalled,
    "customers/data_request": _data_request,
    "customers/redact": _customer_redact,
    "shop/redact": _shop_redact,
}
