"""/console/orders: the merchant's orders, each line's proof revisions and job history."""

import math

import sqlalchemy as sa
from flask import Response, redirect, request, url_for

from monogram.api.console.orders_texts import ORDER_TEXTS
from monogram.api.console.records import WAITING_PROOF
from monogram.api.console.routes import blp, locale, message, page, requires
from monogram.errors import Conflict, NotFound
from monogram.extensions.db import db
from monogram.models import Order, OrderLine, Product, ProductionJob, Store
from monogram.services import proofs
from monogram.services.lookup import owned

PER_PAGE = 25
# A proof can be approved while it waits (sent, or due with no approver e-mail known) …
APPROVABLE = ("awaiting_proof", "proof_sent")
# … and sent again as a new revision, as POST /v1/jobs/<id>/proofs does, once one went out.
RESENDABLE = proofs.EDITABLE_STATUSES
IMAGE_KINDS = {"proof": "proof-", "mockup": "mockup-"}


def order_page(template, status=200, **context):
    return page(template, status=status, ot=ORDER_TEXTS[locale()], **context)


def _page_number():
    try:
        return max(int(request.args.get("page", "1")), 1)
    except ValueError:
        return 1


def _summaries(order_ids):
    """{order id: (lines, [(job status or line state, count)])}, in one query."""
    rows = db.session.execute(
        sa.select(
            OrderLine.order_id,
            sa.func.coalesce(ProductionJob.status, OrderLine.status),
            sa.func.count(OrderLine.id),
        )
        .outerjoin(ProductionJob, ProductionJob.id == OrderLine.job_id)
        .where(OrderLine.order_id.in_(order_ids))
        .group_by(OrderLine.order_id, sa.func.coalesce(ProductionJob.status, OrderLine.status))
    ).all()
    found = {order_id: (0, []) for order_id in order_ids}
    for order_id, state, count in sorted(rows, key=lambda row: (row[0], row[1])):
        lines, states = found[order_id]
        found[order_id] = (lines + count, [*states, (state, count)])
    return found


def _orders(merchant_id, waiting, number):
    """(rows, total): one page of the merchant's orders, newest first."""
    query = sa.select(Order, Store).join(Store, Store.id == Order.store_id)
    query = query.where(Order.merchant_id == merchant_id)
    if waiting:
        waits = (
            sa.select(OrderLine.order_id)
            .join(ProductionJob, ProductionJob.id == OrderLine.job_id)
            .where(ProductionJob.status.in_(WAITING_PROOF))
        )
        query = query.where(Order.id.in_(waits))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(
        query.order_by(Order.created_at.desc(), Order.id.desc())
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
    ).all()
    return rows, total


@blp.get("/orders")
@requires("owner", "operator")
def orders(user):
    waiting = request.args.get("waiting") == "1"
    number = _page_number()
    rows, total = _orders(user.merchant_id, waiting, number)
    pages = max(math.ceil(total / PER_PAGE), 1)
    filters = {"waiting": "1"} if waiting else {}
    return order_page(
        "console/orders.html",
        rows=rows,
        total=total,
        summaries=_summaries([found.id for found, _ in rows]),
        waiting=waiting,
        number=number,
        pages=pages,
        previous_url=url_for("console.orders", page=number - 1, **filters) if number > 1 else None,
        next_url=url_for("console.orders", page=number + 1, **filters) if number < pages else None,
    )


def _images(job):
    """[(kind, area, file name)]: the rendered proof and mockup pictures of a job."""
    names = sorted(job.files or {})
    return [
        (kind, name[len(prefix) : -len(".png")], name)
        for kind, prefix in IMAGE_KINDS.items()
        for name in names
        if name.startswith(prefix) and name.endswith(".png")
    ]


def _line_view(line):
    job = db.session.get(ProductionJob, line.job_id) if line.job_id else None
    product = db.session.get(Product, job.design.product_id) if job is not None else None
    return {
        "line": line,
        "job": job,
        "product": product.name if product is not None else line.title,
        "images": _images(job) if job is not None else [],
        "can_approve": job is not None and job.status in APPROVABLE,
        "can_resend": job is not None and job.status in RESENDABLE,
    }


@blp.get("/orders/<order_id>")
@requires("owner", "operator")
def order(user, order_id):
    found = owned(Order, order_id, user.merchant_id)
    done = request.args.get("done")
    return order_page(
        "console/order.html",
        order=found,
        store=db.session.get(Store, found.store_id),
        lines=[_line_view(line) for line in found.lines],
        done=done if done in ORDER_TEXTS["en"]["done"] else None,
    )


def _line_job(merchant_id, order_id, line_id):
    found = owned(Order, order_id, merchant_id)
    line = db.session.get(OrderLine, line_id)
    if line is None or line.order_id != found.id or line.job_id is None:
        raise NotFound(f"No personalised line {line_id!r} in order {order_id!r}.")
    return db.session.get(ProductionJob, line.job_id)


@blp.get("/orders/<order_id>/lines/<line_id>/files/<name>")
@requires("owner", "operator")
def order_file(user, order_id, line_id, name):
    """A proof or mockup picture, through the console session (storage keys stay private)."""
    from monogram.extensions.storage import storage
    from monogram.services.production import _media_type

    job = _line_job(user.merchant_id, order_id, line_id)
    if name not in {image for _, _, image in _images(job)}:
        raise NotFound(f"No picture {name!r} for this line.")
    return Response(storage().get(f"{job.bundle_key}{name}"), mimetype=_media_type(name))


def _act(user, order_id, line_id, action, done):
    job = _line_job(user.merchant_id, order_id, line_id)
    try:
        action(job, user.email, "console")
    except Conflict:
        db.session.rollback()
        ot = ORDER_TEXTS[locale()]
        return message(409, ot["conflict_title"], ot["conflict"])
    db.session.commit()
    return redirect(url_for("console.order", order_id=order_id, done=done), 303)


@blp.post("/orders/<order_id>/lines/<line_id>/approve")
@requires("owner", "operator")
def approve_line(user, order_id, line_id):
    return _act(user, order_id, line_id, proofs.approve_on_behalf, "approved")


@blp.post("/orders/<order_id>/lines/<line_id>/resend")
@requires("owner", "operator")
def resend_line(user, order_id, line_id):
    # What POST /v1/jobs/<id>/proofs does: render the latest version, send it as a new revision.
    return _act(user, order_id, line_id, proofs.new_revision, "resent")
