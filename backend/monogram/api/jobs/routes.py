"""/v1/jobs: production jobs, their preflight and their print files."""

import csv
import io

from flask import Response, request, url_for
from flask.views import MethodView

from monogram.api.common import Blueprint, file_doc
from monogram.api.jobs.schemas import (
    JobCreateSchema,
    JobQuerySchema,
    JobSchema,
    ShipmentSchema,
    SignedLinkSchema,
    WorkshopChoiceSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.models import ApiKey, ProductionJob, Workshop
from monogram.models.base import utcnow
from monogram.services import dispatch, lifecycle, production, proofs, schedule, shipping, signing
from monogram.services.lookup import owned

blp = Blueprint(
    "jobs", __name__, url_prefix="/v1/jobs", description="Production jobs and their print files."
)


def view(job):
    files = []
    for name, facts in sorted((job.files or {}).items()):
        path = url_for("jobs.JobFile", job_id=job.id, name=name)
        expires, signature = signing.sign(path)
        files.append(
            {"name": name, **facts, "url": f"{path}?expires={expires}&signature={signature}"}
        )
    return {
        "id": job.id,
        "design_id": job.design_id,
        "version": job.version,
        "order_ref": job.order_ref,
        "line_ref": job.line_ref,
        "quantity": job.quantity,
        "status": job.status,
        "attempts": job.attempts,
        "reason": job.reason,
        "preflight": job.preflight,
        "files": files,
        "proof_email": job.proof_email,
        "manager_email": job.manager_email,
        "locale": job.locale,
        "due_at": job.due_at,
        "flag": schedule.flag(job, utcnow()),
        "workshop_id": job.workshop_id,
        "dispatched_at": job.dispatched_at,
        "shipped_at": job.shipped_at,
        "tracking": (
            {"carrier": job.carrier, "number": job.tracking_number, "url": job.tracking_url}
            if job.shipped_at
            else None
        ),
        "proofs": [
            {
                "revision": proof.revision,
                "stage": proof.stage,
                "version": proof.version.number,
                "email": proof.email,
                "status": proof.status,
                "sent_at": proof.created_at,
                "expires_at": proof.expires_at,
                "decided_at": proof.decided_at,
                "decided_by": proof.decided_by,
                "comment": proof.comment,
            }
            for proof in job.proofs
        ],
        "events": [
            {
                "from_": event.from_status,
                "to": event.to_status,
                "actor": event.actor,
                "source": event.source,
                "note": event.note,
                "at": event.created_at,
            }
            for event in job.events
        ],
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "finished_at": job.finished_at,
    }


def merchant_actor():
    return lifecycle.merchant_actor(db.session.get(ApiKey, auth.caller().key_id))


CSV_COLUMNS = (
    "id",
    "design",
    "version",
    "order",
    "line",
    "quantity",
    "status",
    "reason",
    "workshop",
    "due_at",
    "flag",
    "carrier",
    "tracking_number",
    "shipped_at",
    "created_at",
    "updated_at",
    "finished_at",
)


@blp.route("")
class Jobs(MethodView):
    @auth.secret_key
    @blp.arguments(JobQuerySchema, location="query")
    @blp.response(200, JobSchema(many=True))
    def get(self, query):
        """List jobs by last change, oldest first (poll with since=)"""
        return [view(job) for job in production.changed_jobs(auth.caller().merchant_id, **query)]

    @auth.secret_key
    @blp.arguments(JobCreateSchema)
    @blp.response(201, JobSchema)
    @blp.alt_response(409, description="A job already produces this order line and version")
    def post(self, fields):
        """Produce a design version for an order line"""
        job = production.create_job(
            auth.caller().merchant_id,
            fields["design"],
            fields["version"],
            fields["order"],
            fields["line"],
            fields["quantity"],
            proof_email=fields["proof_email"],
            actor=merchant_actor(),
            source=request.remote_addr or "api",
        )
        db.session.commit()
        return view(job), {"Location": url_for("jobs.JobById", job_id=job.id)}


@blp.route("/<job_id>")
class JobById(MethodView):
    @auth.secret_key
    @blp.response(200, JobSchema)
    def get(self, job_id):
        """Get a job: status, reason, preflight and file links"""
        return view(owned(ProductionJob, job_id, auth.caller().merchant_id))


@blp.route("/<job_id>/proofs")
class JobProofs(MethodView):
    @auth.secret_key
    @blp.response(202, JobSchema)
    @blp.alt_response(409, description="The job is not waiting on a proof decision")
    def post(self, job_id):
        """Send a new proof revision: render the design's latest version for this job"""
        job = owned(ProductionJob, job_id, auth.caller().merchant_id)
        proofs.new_revision(job, merchant_actor(), request.remote_addr or "api")
        db.session.commit()
        return view(job)


@blp.route("/<job_id>/approve")
class JobApproval(MethodView):
    @auth.secret_key
    @blp.response(200, JobSchema)
    @blp.alt_response(409, description="The job has no proof waiting for approval")
    def post(self, job_id):
        """Approve the proof on the customer's behalf (recorded as the merchant's approval)"""
        job = owned(ProductionJob, job_id, auth.caller().merchant_id)
        proofs.approve_on_behalf(job, merchant_actor(), request.remote_addr or "api")
        db.session.commit()
        return view(job)


@blp.route("/<job_id>/retry")
class JobRetry(MethodView):
    @auth.secret_key
    @blp.response(202, JobSchema)
    @blp.alt_response(409, description="The job has not failed")
    def post(self, job_id):
        """Render a failed job again, from the design version it pins"""
        job = owned(ProductionJob, job_id, auth.caller().merchant_id)
        production.retry(job, merchant_actor(), request.remote_addr or "api")
        db.session.commit()
        return view(job)


@blp.route("/<job_id>/render")
class JobRender(MethodView):
    @auth.secret_key
    @blp.response(202, JobSchema)
    @blp.alt_response(409, description="The job is neither ready nor failed")
    def post(self, job_id):
        """Render a ready or failed job again, from the design version it pins

        Asking again while the job waits for its render changes nothing.
        """
        job = owned(ProductionJob, job_id, auth.caller().merchant_id)
        production.render_again(job, merchant_actor(), request.remote_addr or "api")
        db.session.commit()
        return view(job)


@blp.route("/<job_id>/workshop")
class JobWorkshop(MethodView):
    @auth.secret_key
    @blp.arguments(WorkshopChoiceSchema)
    @blp.response(200, JobSchema)
    def put(self, fields, job_id):
        """Send a job that has not started to another workshop"""
        merchant_id = auth.caller().merchant_id
        job = owned(ProductionJob, job_id, merchant_id)
        workshop = owned(Workshop, fields["workshop"], merchant_id)
        dispatch.redispatch(job, workshop, merchant_actor(), request.remote_addr or "api")
        db.session.commit()
        return view(job)


@blp.route("/<job_id>/production")
class JobProduction(MethodView):
    @auth.secret_key
    @blp.response(200, JobSchema)
    @blp.alt_response(409, description="The job is not ready")
    def post(self, job_id):
        """Mark a ready job as in production (for workshops that report through the API)"""
        job = owned(ProductionJob, job_id, auth.caller().merchant_id)
        shipping.start_production(job, merchant_actor(), request.remote_addr or "api")
        db.session.commit()
        return view(job)


@blp.route("/<job_id>/shipment")
class JobShipment(MethodView):
    @auth.secret_key
    @blp.arguments(ShipmentSchema)
    @blp.response(200, JobSchema)
    @blp.alt_response(409, description="The job is not in production")
    def post(self, fields, job_id):
        """Mark a job as shipped with its tracking; the shop is told"""
        job = owned(ProductionJob, job_id, auth.caller().merchant_id)
        shipping.ship(
            job,
            fields["carrier"],
            fields["tracking_number"],
            fields["tracking_url"],
            merchant_actor(),
            request.remote_addr or "api",
        )
        db.session.commit()
        return view(job)


@blp.route("/<job_id>/files/<name>")
class JobFile(MethodView):
    @blp.arguments(SignedLinkSchema, location="query")
    @blp.doc(
        security=[{"secretKey": []}, {}],
        **file_doc("The file", "application/pdf", "image/png", "image/svg+xml", "application/json"),
    )
    def get(self, link, job_id, name):
        """Download a bundle file, with a secret key or a signed link from the job"""
        if link["signature"] is not None or link["expires"] is not None:
            path = url_for("jobs.JobFile", job_id=job_id, name=name)
            signing.check(path, link["expires"] or 0, link["signature"])
            # The signature names the job, so no key is needed to find it.
            job = production.get_job(job_id)
        else:
            job = owned(ProductionJob, job_id, auth.authenticate_secret().merchant_id)
        data, media_type = production.job_file(job, name)
        response = Response(data, mimetype=media_type)
        response.headers.set("Content-Disposition", "attachment", filename=f"{job_id}-{name}")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        return response


@blp.route("/export.csv")
class JobsExport(MethodView):
    @auth.secret_key
    @blp.arguments(JobQuerySchema, location="query")
    @blp.doc(**file_doc("The jobs as CSV (UTF-8, comma-separated, header row)", "text/csv"))
    def get(self, query):
        """Export jobs as CSV for spreadsheets and ERPs"""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        now = utcnow()
        for job in production.changed_jobs(auth.caller().merchant_id, **query):
            row = [
                job.id,
                job.design_id,
                job.version.number,
                job.order_ref,
                job.line_ref,
                job.quantity,
                job.status,
                job.reason or "",
                job.workshop_id or "",
                job.due_at.isoformat() if job.due_at else "",
                schedule.flag(job, now) or "",
                job.carrier or "",
                job.tracking_number or "",
                job.shipped_at.isoformat() if job.shipped_at else "",
                job.created_at.isoformat(),
                job.updated_at.isoformat(),
                job.finished_at.isoformat() if job.finished_at else "",
            ]
            # A cell starting with = + - @ would run as a formula in a spreadsheet.
            writer.writerow(
                f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell
                for cell in row
            )
        response = Response(out.getvalue(), mimetype="text/csv")
        response.headers.set("Content-Disposition", "attachment", filename="monogram-jobs.csv")
        return response
