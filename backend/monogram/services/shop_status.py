"""Telling the shop a job shipped: a Shopify fulfillment with its tracking, recorded once."""

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from monogram.connectors import shopify
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.models import Order, OrderLine, ProductionJob, Store
from monogram.models.base import utcnow
from monogram.services.secrets_box import unseal

log = logging.getLogger(__name__)

QUEUE = "connectors"
RECORD_SHIPMENT = "monogram.jobs.shop_status.record_shipment"
# Two Admin API calls (query, then fulfillmentCreate per location) of at most 10 s each.
TIMEOUT = 60
# rq tries again after 10 s, 1 min and 5 min; retry_unrecorded takes over after that.
RETRIES = 3
# How long after shipping retry_unrecorded keeps trying: then the merchant fulfils by hand.
RETRY_WINDOW = timedelta(days=7)
# job.reason while the shop does not show the shipment; a later success clears only this.
NOT_RECORDED = "Shopify does not show this shipment yet: "


class ShipmentNotRecorded(Exception):
    """Shopify cannot take the shipment now (down, throttled, on hold): worth trying again."""


class CannotRecord(Exception):
    """Shopify will never take it as things stand (app removed, order gone): no retry."""


def notify(job):
    """Queue the shipment's report to the job's shop; call it in the transaction that ships.

    Only Shopify is called: PrestaShop and Magento modules hear of the shipment through the
    signed job.shipped webhook. Returns the order line to be fulfilled, or None.
    """
    line = _line_of(job.id)
    if line is None or line.fulfilled_at is not None:
        return None
    store = db.session.get(Store, line.order.store_id)
    if store is None or store.platform != "shopify":
        return None
    _enqueue(job.id)
    return line


def _enqueue(job_id):
    # One rq job id per shipment: a catch-up while rq still retries overwrites its record, and
    # a run that comes second finds the line fulfilled and stops.
    queue.enqueue(
        QUEUE, RECORD_SHIPMENT, job_id, timeout=TIMEOUT, retries=RETRIES, job_id=f"shop-{job_id}"
    )


def retry_unrecorded(now=None):
    """Queue again every recent shipment Shopify does not show yet; run it every few minutes.

    Returns the job ids queued. Shops that removed the app are left out: nothing can reach them.
    """
    now = now or utcnow()
    job_ids = db.session.scalars(
        sa.select(ProductionJob.id)
        .join(OrderLine, OrderLine.job_id == ProductionJob.id)
        .join(Order, Order.id == OrderLine.order_id)
        .join(Store, Store.id == Order.store_id)
        .where(
            ProductionJob.status == "shipped",
            ProductionJob.shipped_at >= now - RETRY_WINDOW,
            OrderLine.fulfilled_at.is_(None),
            Store.platform == "shopify",
            Store.uninstalled_at.is_(None),
        )
        .order_by(ProductionJob.shipped_at)
    ).all()
    for job_id in job_ids:
        _enqueue(job_id)
    db.session.commit()
    return job_ids


def record_shipment(job_id):
    """Create the Shopify fulfillment of a shipped job's order line once; safe to run again.

    A failure raises for rq to retry; meanwhile the line stays unfulfilled in Shopify's admin
    and the job's reason tells the merchant what Shopify said.
    """
    job = db.session.get(ProductionJob, job_id)
    # Locked until the outcome is stored, so two runs never fulfil the same line twice.
    line = _line_of(job_id, lock=True)
    if job is None or job.status != "shipped" or line is None or line.fulfilled_at is not None:
        db.session.rollback()
        return None
    store = db.session.get(Store, line.order.store_id)
    if store.platform != "shopify":
        db.session.rollback()
        return None
    try:
        fulfillment_ids = _fulfil(store, line, job)
    except (ShipmentNotRecorded, CannotRecord) as error:
        db.session.rollback()
        _tell_merchant(job_id, str(error))
        log.warning("job %s: shipment not recorded on %s: %s", job_id, store.domain, error)
        if isinstance(error, ShipmentNotRecorded):
            raise
        return None
    line.fulfilled_at = utcnow()
    line.platform_fulfillment_id = " ".join(fulfillment_ids)[:200] or None
    if job.reason and job.reason.startswith(NOT_RECORDED):
        job.reason = None
    db.session.commit()
    log.info("job %s: shipment recorded on %s (%s)", job_id, store.domain, fulfillment_ids)
    return line


def _line_of(job_id, lock=False):
    query = sa.select(OrderLine).where(OrderLine.job_id == job_id)
    return db.session.scalar(query.with_for_update() if lock else query)


def _fulfil(store, line, job):
    """The ids of the fulfillments created; none when Shopify already shows the line shipped."""
    token = unseal(store.access_token_encrypted) if store.access_token_encrypted else None
    if store.uninstalled_at is not None or token is None:
        raise CannotRecord("the Monogram app is not installed on the shop; fulfil it by hand.")
    admin_base = current_app.config["MONOGRAM"].SHOPIFY_ADMIN_URL.format(shop=store.domain)
    order_id = shopify.gid("Order", line.order.platform_order_id)
    line_item_id = shopify.gid("LineItem", line.platform_line_id)
    try:
        orders = shopify.fulfillment_orders(admin_base, token, order_id)
        if orders is None:
            raise CannotRecord(f"Shopify has no order {line.order.name or order_id} any more.")
        found = shopify.line_to_fulfill(orders, line_item_id)
        if found is None:
            raise CannotRecord(f"Shopify's order has no line {line.platform_line_id} any more.")
        due, held = found
        if held:
            # One parcel, one fulfillment: the merchant releases the hold, the retry does the rest.
            raise ShipmentNotRecorded(f"the line is held in Shopify ({', '.join(held)}).")
        tracking = {"company": job.carrier, "number": job.tracking_number, "url": job.tracking_url}
        # fulfillmentCreate takes fulfillment orders of one location: one call for each.
        return [shopify.create_fulfillment(admin_base, token, [group], tracking) for group in due]
    except shopify.AdminApiError as error:
        raise ShipmentNotRecorded(str(error)) from error


def _tell_merchant(job_id, message):
    job = db.session.get(ProductionJob, job_id)
    job.reason = NOT_RECORDED + message
    db.session.commit()
