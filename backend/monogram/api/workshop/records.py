"""What the portal reads: one workshop's jobs and orders, and the facts its paper prints."""

from dataclasses import dataclass

import sqlalchemy as sa

from monogram.errors import NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import (
    Design,
    Order,
    OrderLine,
    PrintArea,
    Product,
    ProductionJob,
    Store,
)
from monogram.services import production, schedule

# What a workshop works on; earlier statuses are not theirs yet.
QUEUE_STATUSES = ("ready", "in_production", "shipped")
OPEN_STATUSES = ("ready", "in_production")
# Statuses whose files a workshop may download: cancelled work is not made.
FILES_STATUSES = QUEUE_STATUSES
PAGE_SIZE = 50
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "json": "application/json",
    "svg": "image/svg+xml",
}


@dataclass
class QueueRow:
    job: ProductionJob
    product: str
    order: str
    order_id: str | None
    flag: str | None


def queue(workshop_id, now, status="", flag="", product="", search="", page=1):
    """One page of the workshop's jobs, soonest due first; and whether another page follows."""
    query = (
        sa.select(ProductionJob, Product.name, Order.name, Order.id)
        .join(Design, Design.id == ProductionJob.design_id)
        .join(Product, Product.id == Design.product_id)
        .outerjoin(OrderLine, OrderLine.job_id == ProductionJob.id)
        .outerjoin(Order, Order.id == OrderLine.order_id)
        .where(ProductionJob.workshop_id == workshop_id)
    )
    statuses = {"": OPEN_STATUSES, "all": QUEUE_STATUSES}.get(status, (status,))
    query = query.where(ProductionJob.status.in_(statuses))
    if flag in ("late", "at_risk"):
        query = query.where(production.flagged_clause(flag, now))
    if product:
        query = query.where(Product.id == product)
    if search:
        term = search.strip().lower()
        query = query.where(
            sa.or_(
                sa.func.lower(Order.name).contains(term, autoescape=True),
                sa.func.lower(ProductionJob.order_ref).contains(term, autoescape=True),
                ProductionJob.id == search.strip(),
            )
        )
    query = query.order_by(
        ProductionJob.due_at.is_(None), ProductionJob.due_at, ProductionJob.created_at
    )
    found = db.session.execute(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    rows = [
        QueueRow(job, product_name, order_name or job.order_ref, order_id, schedule.flag(job, now))
        for job, product_name, order_name, order_id in found[:PAGE_SIZE]
    ]
    return rows, len(found) > PAGE_SIZE


def products(workshop_id):
    """[(id, name)] of the products this workshop has jobs for, for the filter."""
    query = (
        sa.select(Product.id, Product.name)
        .join(Design, Design.product_id == Product.id)
        .join(ProductionJob, ProductionJob.design_id == Design.id)
        .where(
            ProductionJob.workshop_id == workshop_id,
            ProductionJob.status.in_(QUEUE_STATUSES),
        )
        .distinct()
        .order_by(Product.name)
    )
    return db.session.execute(query).all()


def job(workshop_id, job_id):
    """The workshop's job; any other — another workshop's, another merchant's — is not found."""
    found = db.session.get(ProductionJob, job_id) if isinstance(job_id, str) else None
    if found is None or found.workshop_id != workshop_id:
        raise NotFound(f"No job {job_id} in this workshop.")
    return found


def order_line(job):
    """(order, line) the job makes, or (None, None) for a job made without an order."""
    line = db.session.scalar(sa.select(OrderLine).where(OrderLine.job_id == job.id))
    return (line.order, line) if line is not None else (None, None)


def product_of(job):
    return db.session.get(Product, job.design.product_id)


def areas(job, product):
    """[(print area, proof image name or None)] in the product's order."""
    names = set(file_names(job))
    rows = db.session.scalars(
        sa.select(PrintArea).where(PrintArea.product_id == product.id).order_by(PrintArea.position)
    )
    found = []
    for area in rows:
        name = f"proof-{area.code}.png"
        found.append((area, name if name in names else None))
    return found


def file_names(job):
    """The bundle's files a workshop may download now; none before ready or once cancelled."""
    if job.status not in FILES_STATUSES or not job.bundle_key:
        return []
    return sorted(job.files or {})


def read_file(job, name):
    if name not in file_names(job):
        raise NotFound(f"Job {job.id} has no file {name!r}.")
    return storage().get(f"{job.bundle_key}{name}")


def media_type(name):
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")


def ticket(job, url, locale, workshop_name):
    """The job ticket's dict for documents.ticket.job_ticket."""
    order, line = order_line(job)
    product = product_of(job)
    return {
        "id": job.id,
        "url": url,
        "locale": locale,
        "order": order.name if order is not None and order.name else job.order_ref,
        "line": line.title if line is not None else None,
        "product": product.name,
        "quantity": job.quantity,
        "due": job.due_at,
        "workshop": workshop_name,
        "areas": [
            {
                "name": area.name,
                "technique": area.technique,
                "proof": read_file(job, proof) if proof else None,
            }
            for area, proof in areas(job, product)
        ],
    }


def order(workshop_id, order_id):
    """The order and [(line, job)] this workshop makes; an order with none is not found."""
    found = db.session.get(Order, order_id) if isinstance(order_id, str) else None
    lines = []
    if found is not None:
        jobs = {
            job.id: job
            for job in db.session.scalars(
                sa.select(ProductionJob)
                .join(OrderLine, OrderLine.job_id == ProductionJob.id)
                .where(OrderLine.order_id == found.id, ProductionJob.workshop_id == workshop_id)
            )
        }
        lines = [(line, jobs[line.job_id]) for line in found.lines if line.job_id in jobs]
    if not lines:
        raise NotFound(f"No order {order_id} in this workshop.")
    return found, lines


def slip(order, lines):
    """The packing slip's dict for documents.slip.packing_slip, in the customer's language."""
    store = db.session.get(Store, order.store_id)
    return {
        "order_id": order.id,
        "order": order.name or order.platform_order_id,
        "date": order.created_at,
        "shop": store.name,
        "locale": order.locale,
        "address": order.shipping_address,
        "lines": [
            {
                "title": line.title or product_of(job).name,
                "quantity": line.quantity,
                "job": job.id,
            }
            for line, job in lines
        ],
    }
