"""What the console reads: one merchant's dashboard figures, API keys and batches."""

from dataclasses import dataclass

import sqlalchemy as sa

from monogram.errors import Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import ApiKey, Order, OrderLine, ProductionJob, Store
from monogram.models.base import utcnow
from monogram.models.production import JOB_STATUSES
from monogram.services import batches, keys
from monogram.services.lookup import owned

# A job waits for its proof from the moment one is due until the customer approves it.
WAITING_PROOF = ("awaiting_proof", "proof_sent", "changes_requested")
SHOWN = 20  # rows of each dashboard list; the lists pages come with their own capability
BATCH_FILES = {"print.pdf": "application/pdf", "records.zip": "application/zip"}
# Batches whose progress still moves; the page's script refreshes only these.
RUNNING = ("validating", "rendering")


@dataclass
class Dashboard:
    waiting_total: int
    waiting: list  # rows: id, name, created_at, jobs
    by_state: list  # [(status, count)] in the lifecycle's order, counts above zero
    failed_total: int
    failed: list  # ProductionJob rows
    orders_today: int
    jobs_today: int


def dashboard(merchant_id, now):
    """The dashboard's figures in four queries, whatever the size of the account."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    waiting_orders = (
        sa.select(Order.id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(ProductionJob, ProductionJob.id == OrderLine.job_id)
        .where(
            Order.merchant_id == merchant_id,
            Order.status == "open",
            ProductionJob.status.in_(WAITING_PROOF),
        )
    )
    jobs = sa.select(sa.func.count(ProductionJob.id)).where(
        ProductionJob.merchant_id == merchant_id
    )
    # Counts in one round trip: orders waiting, failed jobs, today's orders and jobs.
    totals = db.session.execute(
        sa.select(
            sa.select(sa.func.count(sa.distinct(waiting_orders.subquery().c.id))).scalar_subquery(),
            jobs.where(ProductionJob.status == "failed").scalar_subquery(),
            sa.select(sa.func.count(Order.id))
            .where(Order.merchant_id == merchant_id, Order.created_at >= midnight)
            .scalar_subquery(),
            jobs.where(ProductionJob.created_at >= midnight).scalar_subquery(),
        )
    ).one()
    waiting = db.session.execute(
        sa.select(
            Order.id,
            Order.name,
            Order.platform_order_id,
            Order.created_at,
            sa.func.count(ProductionJob.id).label("jobs"),
        )
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(ProductionJob, ProductionJob.id == OrderLine.job_id)
        .where(
            Order.merchant_id == merchant_id,
            Order.status == "open",
            ProductionJob.status.in_(WAITING_PROOF),
        )
        .group_by(Order.id, Order.name, Order.platform_order_id, Order.created_at)
        .order_by(Order.created_at, Order.id)
        .limit(SHOWN)
    ).all()
    counts = dict(
        db.session.execute(
            sa.select(ProductionJob.status, sa.func.count(ProductionJob.id))
            .where(ProductionJob.merchant_id == merchant_id)
            .group_by(ProductionJob.status)
        ).all()
    )
    failed = db.session.scalars(
        sa.select(ProductionJob)
        .where(ProductionJob.merchant_id == merchant_id, ProductionJob.status == "failed")
        .order_by(ProductionJob.updated_at.desc(), ProductionJob.id)
        .limit(SHOWN)
    ).all()
    return Dashboard(
        waiting_total=totals[0],
        waiting=waiting,
        by_state=[(status, counts[status]) for status in JOB_STATUSES if counts.get(status)],
        failed_total=totals[1],
        failed=failed,
        orders_today=totals[2],
        jobs_today=totals[3],
    )


# API keys


def key_groups(merchant_id):
    """[(store or None, [keys])]: account-wide keys first, then each store's; newest first."""
    stores = db.session.scalars(
        sa.select(Store).where(Store.merchant_id == merchant_id).order_by(Store.created_at)
    ).all()
    found = db.session.scalars(
        sa.select(ApiKey)
        .where(ApiKey.merchant_id == merchant_id)
        .order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id)
    ).all()
    groups = [(None, [key for key in found if key.store_id is None])]
    groups += [(store, [key for key in found if key.store_id == store.id]) for store in stores]
    return groups, stores


def create_key(merchant_id, kind, store_id, label):
    """(key, plaintext): a publishable key belongs to a store, a secret key may."""
    if kind not in keys.PREFIXES:
        raise Invalid("Choose the kind of key: secret or publishable.")
    store = owned(Store, store_id, merchant_id) if store_id else None
    if kind == "publishable" and store is None:
        raise Invalid("A publishable key belongs to a store: choose the store it is for.")
    return keys.issue_key(merchant_id, kind, store_id=store.id if store else None, label=label)


def revoke_key(merchant_id, key_id):
    key = db.session.get(ApiKey, key_id) if isinstance(key_id, str) else None
    if key is None or key.merchant_id != merchant_id:
        raise NotFound(f"No API key {key_id!r} in this account.")
    # By id, not by display prefix: two keys may share their first characters.
    key.revoked_at = key.revoked_at or utcnow()
    return key


# Batches


def batch(merchant_id, batch_id):
    return batches.batch_of(merchant_id, batch_id)


def open_batch_file(merchant_id, batch_id, name):
    if name not in BATCH_FILES:
        raise NotFound(f"A batch has no file {name!r}.")
    return batches.open_file(merchant_id, batch_id, name)
