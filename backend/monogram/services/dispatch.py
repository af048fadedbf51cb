"""Dispatch rules: which workshop makes a job, by product, technique and store; first match wins."""

import sqlalchemy as sa
from flask import current_app

from monogram.errors import Invalid
from monogram.extensions.db import db
from monogram.models import (
    DispatchRule,
    Merchant,
    Order,
    OrderLine,
    PrintArea,
    Product,
    Store,
    Workshop,
)
from monogram.models.base import utcnow
from monogram.services import lifecycle, mailer, workshops
from monogram.services.lookup import owned


def list_rules(merchant_id):
    query = sa.select(DispatchRule).where(DispatchRule.merchant_id == merchant_id)
    return db.session.scalars(query.order_by(DispatchRule.position, DispatchRule.created_at)).all()


def create_rule(merchant_id, fields):
    rules = list_rules(merchant_id)
    position = fields.get("position")
    rule = DispatchRule(merchant_id=merchant_id)
    _apply(rule, fields)
    db.session.add(rule)
    # Inserted where asked (the end by default); the others shift so positions stay 0..n-1.
    rules.insert(len(rules) if position is None else min(position, len(rules)), rule)
    _renumber(rules)
    db.session.flush()
    return rule


def update_rule(rule, fields):
    _apply(rule, fields)
    if fields.get("position") is not None:
        rules = [r for r in list_rules(rule.merchant_id) if r is not rule]
        rules.insert(min(fields["position"], len(rules)), rule)
        _renumber(rules)
    db.session.flush()
    return rule


def delete_rule(rule):
    rules = [r for r in list_rules(rule.merchant_id) if r is not rule]
    db.session.delete(rule)
    _renumber(rules)


def _renumber(rules):
    for position, rule in enumerate(rules):
        rule.position = position


def _apply(rule, fields):
    merchant_id = rule.merchant_id
    if "workshop" in fields:
        workshop = owned(Workshop, fields["workshop"], merchant_id)
        if workshop.archived_at is not None:
            raise Invalid(
                f"Workshop {workshop.id} is archived; dispatch to an open one.",
                errors=[{"path": "/workshop", "message": "Archived workshop."}],
            )
        rule.workshop_id = workshop.id
    if "product" in fields:
        rule.product_id = (
            owned(Product, fields["product"], merchant_id).id if fields["product"] else None
        )
    if "store" in fields:
        rule.store_id = owned(Store, fields["store"], merchant_id).id if fields["store"] else None
    if "technique" in fields:
        rule.technique = fields["technique"]


def job_store_id(job):
    """The store a job was ordered from: its order's, else the store its design was made in."""
    order_store = db.session.scalar(
        sa.select(Order.store_id)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(OrderLine.job_id == job.id)
    )
    return order_store or job.design.store_id


def choose(job):
    """(workshop, rule) for a job: the first matching rule's workshop, else the default."""
    product_id = job.design.product_id
    techniques = set(
        db.session.scalars(sa.select(PrintArea.technique).where(PrintArea.product_id == product_id))
    )
    store_id = job_store_id(job)
    for rule in list_rules(job.merchant_id):
        if rule.product_id not in (None, product_id):
            continue
        if rule.technique is not None and rule.technique not in techniques:
            continue
        if rule.store_id not in (None, store_id):
            continue
        if rule.workshop.archived_at is None:
            return rule.workshop, rule
    default = db.session.scalar(
        sa.select(Workshop).where(
            Workshop.merchant_id == job.merchant_id,
            Workshop.is_default.is_(True),
            Workshop.archived_at.is_(None),
        )
    )
    return default, None


def dispatch(job):
    """Give a ready job to its workshop and log which rule chose it; a job keeps its workshop."""
    if job.workshop_id is not None:
        # Rendered again: the workshop it went to keeps it, and is not told a second time.
        return db.session.get(Workshop, job.workshop_id)
    workshop, rule = choose(job)
    if workshop is None and not _has_workshops(job.merchant_id):
        return None  # the merchant makes everything without the portal: nothing to say
    if workshop is None:
        note = "not dispatched: no dispatch rule matches and there is no default workshop"
    else:
        job.workshop_id, job.dispatched_at = workshop.id, utcnow()
        why = f"rule {rule.position + 1}" if rule is not None else "default workshop"
        note = f"dispatched to {workshop.name} ({why})"
        announce(job, workshop)
    lifecycle.record(job, note, source="dispatch")
    return workshop


def _has_workshops(merchant_id):
    query = sa.select(Workshop.id).where(
        Workshop.merchant_id == merchant_id, Workshop.archived_at.is_(None)
    )
    return db.session.scalar(query.limit(1)) is not None


def announce(job, workshop):
    """E-mail the workshop's address, when it has one, that a job is waiting in its portal."""
    if not workshop.email:
        return
    merchant = db.session.get(Merchant, job.merchant_id)
    base = current_app.config["MONOGRAM"].PUBLIC_URL.rstrip("/")
    mailer.send_template(
        workshop.email,
        "workshop_new_job",
        workshops.workshop_locale(job.merchant_id),
        merchant_name=merchant.name,
        workshop_name=workshop.name,
        order_name=job.order_ref or job.id,
        product_name=db.session.get(Product, job.design.product_id).name,
        quantity=job.quantity,
        due_at=job.due_at,
        job_url=f"{base}/workshop/jobs/{job.id}",
    )


def redispatch(job, workshop, actor, source):
    """The merchant moves a job that has not started to another workshop."""
    if job.status in ("in_production", "shipped", "cancelled"):
        raise Invalid(
            f"Job {job.id} is {job.status}; only a job not yet in production can change workshop.",
            errors=[{"path": "/workshop", "message": "The job has started."}],
        )
    job.workshop_id, job.dispatched_at = workshop.id, utcnow()
    lifecycle.record(job, f"dispatched to {workshop.name} by hand", actor, source)
    announce(job, workshop)
