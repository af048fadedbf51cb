"""Production jobs: preflight a pinned design version, render its bundle, keep the files."""

import hashlib
import json
import logging
import os
import socket
from datetime import UTC, timedelta

import sqlalchemy as sa
from rq import get_current_job

from monogram.errors import Conflict, Invalid, NotFound
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.extensions.storage import storage
from monogram.models import Design, Merchant, Product, ProductionJob
from monogram.models.base import utcnow
from monogram.rendering import RenderCache, Slug, render_bundle
from monogram.rendering.preflight import preflight
from monogram.services import designs, dispatch, lifecycle, outbound, schedule
from monogram.services.lookup import owned
from monogram.services.resolving import StorageResolver, render_product

log = logging.getLogger(__name__)

# Part of every bundle key: a renderer change gives new keys instead of overwriting old files.
RENDERER = "monogram-render/1"
RENDER_TIMEOUT = 600
# Statuses a render run may start from; in any other the job is done or waits for someone.
RENDERABLE = ("received", "queued", "rendering", "failed")
RENDER_RETRIES = 3
# A merchant may render a job again once it is done with its files, or has failed …
RERENDERABLE = ("ready", "failed")
# … and asking while it is on its way to a render changes nothing.
ON_ITS_WAY = ("received", "queued", "rendering")
# A worker on another host that has not sent a heartbeat for this long is taken for dead.
WORKER_SILENCE = 600  # s
# The periodic recovery leaves alone jobs changed this recently: a request that has just
# committed a job sends it to Redis a moment later, and sending it twice would render it twice.
SETTLE_SECONDS = 60
# Parsed fonts and drawings live as long as the worker process: most jobs reuse a few logos.
render_cache = RenderCache()


def rq_job_id(job_id):
    return f"render-{job_id}"


def create_job(
    merchant_id,
    design_id,
    number,
    order_ref,
    line_ref,
    quantity,
    actor=lifecycle.SYSTEM,
    source="api",
    **people,
):
    """A job for one order line; the same line and version again is a conflict naming the job.

    `people`: proof_email, manager_email and locale of who approves the proof.
    """
    design = owned(Design, design_id, merchant_id)
    version = _version(design, number)
    existing = _line_job(merchant_id, version, order_ref, line_ref)
    if existing is not None:
        raise Conflict(
            f"Job {existing.id} already produces this order line from this design version.",
            headers={"Location": f"/v1/jobs/{existing.id}"},
        )
    return _new_job(
        merchant_id, design, version, order_ref, line_ref, quantity, actor, source, **people
    )


def job_for_line(
    merchant_id,
    design,
    order_ref,
    line_ref,
    quantity,
    actor=lifecycle.SYSTEM,
    source="api",
    version_number=None,
    **people,
):
    """The job for an order line at the design's current version (or the one named): the
    existing one, or a new one."""
    version = _version(design, version_number)
    existing = _line_job(merchant_id, version, order_ref, line_ref)
    if existing is not None:
        return existing
    return _new_job(
        merchant_id, design, version, order_ref, line_ref, quantity, actor, source, **people
    )


def _line_job(merchant_id, version, order_ref, line_ref):
    return db.session.scalar(
        sa.select(ProductionJob).where(
            ProductionJob.merchant_id == merchant_id,
            ProductionJob.design_version_id == version.id,
            ProductionJob.order_ref == order_ref,
            ProductionJob.line_ref == line_ref,
        )
    )


def _new_job(merchant_id, design, version, order_ref, line_ref, quantity, actor, source, **people):
    product = db.session.get(Product, design.product_id)
    job = ProductionJob(
        merchant_id=merchant_id,
        design=design,
        version=version,
        order_ref=order_ref,
        line_ref=line_ref,
        quantity=quantity,
        **people,
        # A job whose product asks for a proof is received, rendered, then waits for approval.
        status="queued" if product.proof == "none" else "received",
    )
    db.session.add(job)
    db.session.flush()
    _set_due(job, utcnow())
    lifecycle.start(job, actor, source)
    enqueue(job)
    return job


def retry(job, actor, source):
    """Render a failed job again from the version it pins; any other state is a Conflict."""
    if job.status != "failed":
        raise Conflict(f"Only a failed job can be retried; this one is {job.status}.")
    lifecycle.transition(job, "queued", actor, source, note="retry")
    enqueue(job)
    return job


def render_again(job, actor, source):
    """Render a ready or failed job again from the version it pins; asked twice, it renders once."""
    if job.status in ON_ITS_WAY:
        return job
    if job.status not in RERENDERABLE:
        raise Conflict(f"Job {job.id} is {job.status}; only a ready or failed job renders again.")
    lifecycle.transition(job, "queued", actor, source, note="render again")
    enqueue(job)
    return job


def enqueue(job):
    queue.enqueue(
        "render",
        "monogram.jobs.production.render_job",
        job.id,
        timeout=RENDER_TIMEOUT,
        retries=RENDER_RETRIES,
        job_id=rq_job_id(job.id),
    )


def _version(design, number):
    number = design.version_count if number is None else number
    version = designs.version_number(design, number)
    if version is None:
        raise Invalid(
            f"Design {design.id} has no version {number}.",
            errors=[{"path": "/version", "message": f"Must be 1 to {design.version_count}."}],
        )
    return version


def design_preflight(merchant_id, design_id, number=None):
    design = owned(Design, design_id, merchant_id)
    version = _version(design, number)
    product = db.session.get(Product, design.product_id)
    return version, preflight(
        version.document, render_product(product), StorageResolver(merchant_id), render_cache
    )


def run_job(job_id):
    """Render one job; safe to run twice, and after a crash at any point."""
    job = db.session.get(ProductionJob, job_id)
    if job is None:
        log.warning("production job %s is gone; nothing to do", job_id)
        return
    if job.status not in RENDERABLE:
        return  # rendered already, or stopped: a late or repeated run changes nothing
    if job.status != "rendering":  # still rendering: a run that crashed before it could finish
        lifecycle.transition(job, "rendering")
    job.started_at, job.attempts = utcnow(), job.attempts + 1
    db.session.commit()
    try:
        _render(job)
    except Exception as error:
        db.session.rollback()
        job = db.session.get(ProductionJob, job_id)
        current = get_current_job()
        retrying = current is not None and (current.retries_left or 0) > 0
        if job.status == "rendering":
            lifecycle.transition(job, "queued" if retrying else "failed", note=type(error).__name__)
        job.reason = f"Rendering failed ({type(error).__name__}); " + (
            "it will be retried." if retrying else "contact support with the job id."
        )
        if job.status == "failed":
            outbound.emit(job.merchant_id, "job.failed", job_event(job))
        db.session.commit()
        raise


def _render(job):
    product_row = db.session.get(Product, job.design.product_id)
    product = render_product(product_row)
    resolver = StorageResolver(job.merchant_id)
    document = job.version.document
    report = preflight(document, product, resolver, render_cache)
    job.preflight = report.to_dict()
    if report.blocking:
        job.reason = " ".join(check.message for check in report.blocking)
        lifecycle.transition(job, "refused", note=job.reason)
        job.finished_at = utcnow()
        db.session.commit()
        return
    slug = Slug(order=job.order_ref, line=job.line_ref, quantity=job.quantity)
    version = {"design": job.design_id, "number": job.version.number, "document": document}
    bundle = render_bundle(version, product, resolver, slug=slug, cache=render_cache)
    prefix = bundle_prefix(job, product_row)
    # Content-addressed: a retried or duplicated job writes the same keys with the same bytes.
    for name, data in sorted(bundle.files.items()):
        storage().put(f"{prefix}{name}", data, _media_type(name))
    job.bundle_key = prefix
    # The manifest lists the files it travels with; the job lists them all, manifest included.
    job.files = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        for name, data in sorted(bundle.files.items())
    }
    job.reason = None
    if _cancelled_meanwhile(job):
        return
    if product_row.proof != "none" and not _approved(job):
        from monogram.services import proofs

        lifecycle.transition(job, "awaiting_proof")
        proofs.send_proof(job)
        db.session.commit()
        return
    mark_ready(job)
    db.session.commit()


def _set_due(job, start):
    """The ship-by time: the product's lead time in working days of the merchant's country."""
    product = db.session.get(Product, job.design.product_id)
    merchant = db.session.get(Merchant, job.merchant_id)
    job.due_at = schedule.due_at(start, product.lead_time_days, merchant.country)


def mark_ready(job, actor=lifecycle.SYSTEM, source="worker"):
    """The files are made and approved: the job is ready and goes to its workshop."""
    lifecycle.transition(job, "ready", actor, source)
    job.finished_at = utcnow()
    if job.proofs:
        # The lead time runs from the approval: days spent waiting for the customer are theirs.
        _set_due(job, job.finished_at)
    dispatch.dispatch(job)
    outbound.emit(job.merchant_id, "job.ready", job_event(job))


def _cancelled_meanwhile(job):
    """Whether the order was cancelled while this job rendered; the files stay, the job stops."""
    stored = db.session.scalar(
        sa.select(ProductionJob.status).where(ProductionJob.id == job.id).with_for_update()
    )
    if stored != "cancelled":
        return False
    job.status = "cancelled"
    db.session.commit()
    return True


def _approved(job):
    """Whether the version being rendered is the one an approver accepted."""
    return any(
        p.status == "approved" and p.design_version_id == job.design_version_id for p in job.proofs
    )


def job_event(job, previous_status=None):
    """What webhooks say about a job: ids, state, its order line and tracking, never the files."""
    from monogram.models import Order, OrderLine

    line = db.session.scalar(sa.select(OrderLine).where(OrderLine.job_id == job.id))
    order = db.session.get(Order, line.order_id) if line is not None else None
    tracking = None
    if job.tracking_number or job.carrier:
        tracking = {
            "carrier": job.carrier,
            "number": job.tracking_number,
            "url": job.tracking_url,
        }
    data = {
        "job": {
            "id": job.id,
            "status": job.status,
            "design": job.design_id,
            "version": job.version.number,
            "order_ref": job.order_ref,
            "line_ref": job.line_ref,
            "quantity": job.quantity,
            "reason": job.reason,
            "workshop": job.workshop_id,
            "due_at": job.due_at.isoformat() if job.due_at else None,
            "tracking": tracking,
        },
        "order": None,
        "line": None,
    }
    if previous_status is not None:
        data["job"]["previous_status"] = previous_status
    if order is not None:
        data["order"] = {
            "id": order.id,
            "store": order.store_id,
            "platform_order_id": order.platform_order_id,
            "name": order.name,
        }
        data["line"] = {"id": line.id, "platform_line_id": line.platform_line_id}
    return data


def bundle_prefix(job, product_row):
    from monogram.services.products import product_document

    product = product_document(product_row)
    # Only what shapes the files: a new lead time or proof mode must not re-key old bundles.
    for name in ("lead_time_days", "proof", "created_at", "updated_at"):
        product.pop(name, None)
    inputs = {
        "renderer": RENDERER,
        "version": job.version.etag,
        "product": product,
        "slug": [job.order_ref, job.line_ref, job.quantity],
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()
    return f"merchants/{job.merchant_id}/bundles/{digest[:2]}/{digest}/"


def _media_type(name):
    extension = name.rsplit(".", 1)[-1]
    return {
        "pdf": "application/pdf",
        "png": "image/png",
        "json": "application/json",
        "svg": "image/svg+xml",
    }[extension]


def get_job(job_id):
    job = db.session.get(ProductionJob, job_id)
    if job is None:
        raise NotFound(f"No job {job_id}.")
    return job


def job_file(job, name):
    if job.status != "ready":
        raise Conflict(f"Job {job.id} is {job.status}; its files exist once it is ready.")
    if name not in (job.files or {}):
        raise NotFound(f"Job {job.id} has no file {name!r}; see its files list.")
    return storage().get(f"{job.bundle_key}{name}"), _media_type(name)


def bundle_names(job):
    """The files of a job's bundle zip: all of them, once the job is ready."""
    if job.status != "ready" or not job.files:
        raise Conflict(f"Job {job.id} is {job.status}; its bundle exists once it is ready.")
    return sorted(job.files)


def read_bundle_file(job, name):
    return storage().get(f"{job.bundle_key}{name}")


def stalled_jobs(changed_before=None):
    """Jobs the database says are waiting or rendering but no queue or live worker holds;
    only those last changed before `changed_before` when it is given."""
    if queue.in_process:
        return []
    from rq.job import Job, JobStatus
    from rq.worker import Worker

    busy = {
        worker.get_current_job_id()
        for worker in Worker.all(connection=queue.connection)
        if worker.get_current_job_id() and _alive(worker)
    }
    waiting = sa.select(ProductionJob).where(
        ProductionJob.status.in_(("received", "queued", "rendering"))
    )
    if changed_before is not None:
        waiting = waiting.where(ProductionJob.updated_at < changed_before)
    stalled = []
    for job in db.session.scalars(waiting.order_by(ProductionJob.created_at, ProductionJob.id)):
        rq_id = rq_job_id(job.id)
        try:
            status = Job.fetch(rq_id, connection=queue.connection).get_status()
        except Exception:  # rq raises NoSuchJobError, or worse when Redis lost the hash
            status = None
        alive = status in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED) or (
            status == JobStatus.STARTED and rq_id in busy
        )
        if not alive:
            stalled.append(job)
    return stalled


def _alive(worker):
    """Whether a registered worker still runs: by its pid on this host, by heartbeat elsewhere."""
    if worker.hostname == socket.gethostname():
        try:
            os.kill(worker.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # someone else's process with that pid: alive as far as we know
            return True
        return True
    last = worker.last_heartbeat
    if last is None:
        return False
    if last.tzinfo is None:  # rq's timestamps are UTC, naive in some versions
        last = last.replace(tzinfo=UTC)
    return (utcnow() - last).total_seconds() < WORKER_SILENCE


def recover_stalled(changed_before=None):
    """Queue again what a killed worker or a lost Redis dropped; returns the job ids."""
    from rq.job import Job

    recovered = []
    for job in stalled_jobs(changed_before):
        try:
            Job.fetch(rq_job_id(job.id), connection=queue.connection).delete()
        except Exception:  # already gone
            log.debug("no rq job to delete for %s", job.id)
        if job.status == "rendering":
            lifecycle.transition(job, "queued", source="recovery", note="worker lost")
        enqueue(job)
        recovered.append(job.id)
    db.session.commit()
    return recovered


def recover_settled(now=None):
    """The periodic duty: recover_stalled for jobs that have not changed for SETTLE_SECONDS, so
    a job on its way to Redis is not sent twice. It also sends the jobs a request committed
    while Redis was down."""
    now = now or utcnow()
    return recover_stalled(changed_before=now - timedelta(seconds=SETTLE_SECONDS))


def flagged_clause(flag, now):
    """SQL for schedule.flag: late (past due) or at risk (due within a day), not yet done."""
    not_done = ProductionJob.status.not_in(schedule.DONE)
    if flag == "late":
        return sa.and_(not_done, ProductionJob.due_at < now)
    return sa.and_(
        not_done,
        ProductionJob.due_at >= now,
        ProductionJob.due_at <= now + schedule.AT_RISK_WITHIN,
    )


def changed_jobs(merchant_id, since=None, status=None, workshop=None, flag=None, limit=100):
    """Jobs in the order they last changed, for ERPs that poll with the last instant they saw."""
    query = sa.select(ProductionJob).where(ProductionJob.merchant_id == merchant_id)
    if since is not None:
        query = query.where(ProductionJob.updated_at > since)
    if status is not None:
        query = query.where(ProductionJob.status == status)
    if workshop is not None:
        query = query.where(ProductionJob.workshop_id == workshop)
    if flag is not None:
        query = query.where(flagged_clause(flag, utcnow()))
    order = (ProductionJob.updated_at, ProductionJob.id)
    return db.session.scalars(query.order_by(*order).limit(limit)).all()
