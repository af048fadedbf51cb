"""/console/jobs: the merchant's production jobs, their files and log; retry, render again."""

import sqlalchemy as sa
from flask import Response, redirect, request, stream_with_context, url_for

from monogram.api.console import access
from monogram.api.console.production_texts import TEXTS, flag_label
from monogram.api.console.routes import blp, locale, message, page, requires, texts
from monogram.documents.bundle import bundle_zip
from monogram.errors import Conflict
from monogram.extensions.db import db
from monogram.models import Design, Product, ProductionJob, Workshop
from monogram.models.base import utcnow
from monogram.models.production import JOB_STATUSES
from monogram.services import production, schedule
from monogram.services.lookup import owned

ROLES = ("owner", "operator")
PAGE_ROWS = 50
FLAGS = ("late", "at_risk")
SOURCE = "console"


def _page(template, status=200, **context):
    """A production page, with its own words (pt) and the flash it may have left."""
    lang = locale()
    notice = access.take_flash()
    pt = TEXTS[lang]
    return page(
        template,
        status=status,
        pt=pt,
        job_notice=pt.get(notice) or texts().get(notice),
        flag_label=lambda flag: flag_label(flag, lang),
        **context,
    )


def _number(value, default):
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return default


def _actor(user):
    return f"console:{user.email}"


@blp.get("/jobs")
@requires(*ROLES)
def jobs(user):
    status = request.args.get("status", "")
    flag = request.args.get("flag", "")
    status = status if status in JOB_STATUSES else ""
    flag = flag if flag in FLAGS else ""
    number = _number(request.args.get("page"), 1)
    now = utcnow()
    query = (
        sa.select(ProductionJob, Product.name, Workshop.name)
        .join(Design, Design.id == ProductionJob.design_id)
        .join(Product, Product.id == Design.product_id)
        .outerjoin(Workshop, Workshop.id == ProductionJob.workshop_id)
        .where(ProductionJob.merchant_id == user.merchant_id)
    )
    if status:
        query = query.where(ProductionJob.status == status)
    if flag:
        query = query.where(production.flagged_clause(flag, now))
    # One row more than a page tells whether a next page exists, without a count.
    rows = db.session.execute(
        query.order_by(ProductionJob.updated_at.desc(), ProductionJob.id.desc())
        .limit(PAGE_ROWS + 1)
        .offset((number - 1) * PAGE_ROWS)
    ).all()
    more = len(rows) > PAGE_ROWS
    rows = rows[:PAGE_ROWS]

    def page_link(to):
        args = {"status": status or None, "flag": flag or None, "page": to}
        return url_for("console.jobs", **{name: value for name, value in args.items() if value})

    return _page(
        "console/jobs.html",
        rows=[
            {"job": job, "product": product, "workshop": workshop, "flag": schedule.flag(job, now)}
            for job, product, workshop in rows
        ],
        statuses=JOB_STATUSES,
        flags=FLAGS,
        chosen_status=status,
        chosen_flag=flag,
        number=number,
        previous_page=page_link(number - 1) if number > 1 else None,
        next_page=page_link(number + 1) if more else None,
    )


def _job_page(user, job, status=200, error=None):
    design = db.session.get(Design, job.design_id)
    product = db.session.get(Product, design.product_id)
    workshop = db.session.get(Workshop, job.workshop_id) if job.workshop_id else None
    checks = (job.preflight or {}).get("checks", [])
    return _page(
        "console/job.html",
        status=status,
        error=error,
        job=job,
        product=product,
        workshop=workshop,
        flag=schedule.flag(job, utcnow()),
        checks=checks,
        files=sorted((job.files or {}).items()) if job.status == "ready" else [],
        events=job.events,
        can_retry=job.status == "failed",
        # A failed job has its Retry, which does the same.
        can_render_again=job.status == "ready",
    )


@blp.get("/jobs/<job_id>")
@requires(*ROLES)
def job(user, job_id):
    return _job_page(user, owned(ProductionJob, job_id, user.merchant_id))


@blp.get("/jobs/<job_id>/files/<name>")
@requires(*ROLES)
def job_file(user, job_id, name):
    found = owned(ProductionJob, job_id, user.merchant_id)
    try:
        data, media_type = production.job_file(found, name)
    except Conflict:
        pt = TEXTS[locale()]
        return message(409, pt["files_not_ready_title"], pt["files_not_ready"])
    response = Response(data, mimetype=media_type)
    response.headers.set("Content-Disposition", "attachment", filename=f"{found.id}-{name}")
    return response


@blp.get("/jobs/<job_id>/bundle.zip")
@requires(*ROLES)
def job_bundle(user, job_id):
    """Every file of the bundle in one zip, as the workshop portal serves it, streamed."""
    found = owned(ProductionJob, job_id, user.merchant_id)
    try:
        names = production.bundle_names(found)
    except Conflict:
        pt = TEXTS[locale()]
        return message(409, pt["files_not_ready_title"], pt["files_not_ready"])
    pieces = bundle_zip(
        names, lambda name: production.read_bundle_file(found, name), f"{found.id}/"
    )
    response = Response(stream_with_context(pieces), mimetype="application/zip")
    response.headers.set("Content-Disposition", "attachment", filename=f"{found.id}.zip")
    return response


@blp.post("/jobs/<job_id>/render")
@requires(*ROLES)
def render_job_again(user, job_id):
    found = owned(ProductionJob, job_id, user.merchant_id)
    try:
        production.render_again(found, _actor(user), SOURCE)
    except Conflict:
        db.session.rollback()
        pt = TEXTS[locale()]
        return _job_page(user, found, status=409, error=pt["render_not_done"])
    db.session.commit()
    access.flash("job_rendering_again")
    return redirect(url_for("console.job", job_id=found.id), 303)


@blp.post("/jobs/<job_id>/retry")
@requires(*ROLES)
def retry_job(user, job_id):
    found = owned(ProductionJob, job_id, user.merchant_id)
    if found.status != "failed":
        pt = TEXTS[locale()]
        return _job_page(user, found, status=409, error=pt["retry_not_failed"])
    production.retry(found, _actor(user), SOURCE)
    db.session.commit()
    access.flash("job_retried")
    return redirect(url_for("console.job", job_id=found.id), 303)


# The batch forms hang off the production area; imported last, as they register on blp.
from monogram.api.console import batch_forms  # noqa: E402,F401
