"""Proofs ("bon à tirer"): send a rendered revision for approval, record the decision once."""

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from monogram.errors import Conflict, NotFound
from monogram.extensions.db import db
from monogram.models import Merchant, Product, Proof
from monogram.models.base import utcnow
from monogram.services import lifecycle, mailer, outbound

PROOF_TTL = timedelta(days=14)
# The approver's view of the bundle: only these files are served through the proof link.
PROOF_FILE_PREFIXES = ("proof-", "mockup-")


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def send_proof(job, actor=lifecycle.SYSTEM, source="worker", locale=None):
    """Open the next revision for the rendered version and e-mail its link; returns the token.

    Without an approver e-mail the job stays awaiting_proof for the merchant to act on.
    """
    if job.status != "awaiting_proof":
        raise Conflict(f"Job {job.id} is {job.status}; a proof is sent once it is rendered.")
    if not job.proof_email:
        return None
    token = "prf_" + secrets.token_urlsafe(32)
    proof = Proof(
        job_id=job.id,
        revision=1
        + (
            db.session.scalar(sa.select(sa.func.max(Proof.revision)).where(Proof.job_id == job.id))
            or 0
        ),
        design_version_id=job.design_version_id,
        token_hash=_hash(token),
        email=job.proof_email,
        expires_at=utcnow() + PROOF_TTL,
    )
    db.session.add(proof)
    db.session.flush()
    merchant = db.session.get(Merchant, job.merchant_id)
    product = db.session.get(Product, job.design.product_id)
    mailer.send_template(
        job.proof_email,
        "proof_ready",
        locale,
        order_name=job.order_ref or job.id,
        product_name=product.name,
        quantity=job.quantity,
        proof_url=proof_url(token),
        expires_at=proof.expires_at,
        merchant_name=merchant.name,
    )
    lifecycle.transition(
        job, "proof_sent", actor, source, note=f"revision {proof.revision} to {proof.email}"
    )
    outbound.emit(job.merchant_id, "proof.sent", proof_event(proof, job))
    return token


def proof_url(token):
    return f"{current_app.config['MONOGRAM'].PUBLIC_URL.rstrip('/')}/proof/{token}"


def proof_event(proof, job):
    return {
        "job": job.id,
        "proof": proof.id,
        "revision": proof.revision,
        "status": proof.status,
        "order": job.order_ref,
        "line": job.line_ref,
        "comment": proof.comment,
    }


def by_token(token):
    """The proof a link opens; an unknown or expired link is NotFound."""
    proof = db.session.scalar(sa.select(Proof).where(Proof.token_hash == _hash(token or "")))
    if proof is None or not hmac.compare_digest(proof.token_hash, _hash(token or "")):
        raise NotFound("This proof link is not valid.")
    if proof.expires_at < utcnow():
        raise NotFound("This proof link has expired.")
    return proof


def is_current(proof):
    """Whether this revision still waits for a decision: the latest one, on a job waiting for it."""
    job = proof.job
    return (
        proof.status == "sent"
        and job.status == "proof_sent"
        and proof.revision == max(p.revision for p in job.proofs)
    )


def decide(proof, approved, comment, identity, ip, user_agent, source=None):
    """Record the approver's decision, once; the job moves with it."""
    if not is_current(proof):
        raise Conflict("This proof has already been decided, or a newer revision replaced it.")
    job = proof.job
    proof.status = "approved" if approved else "changes_requested"
    proof.decided_at, proof.comment, proof.decided_by = utcnow(), comment or None, identity
    proof.ip, proof.user_agent = ip, (user_agent or "")[:1000]
    _move(job, proof, identity, source or ip or "unknown", comment)
    return proof


def approve_on_behalf(job, actor, source):
    """The merchant approves for the customer; recorded with the merchant as the decider."""
    note = "approved on the customer's behalf"
    latest = job.proofs[-1] if job.proofs else None
    if latest is not None and is_current(latest):
        latest.status, latest.decided_at, latest.decided_by = "approved", utcnow(), actor
        latest.comment, latest.ip = note, source
        _move(job, latest, actor, source, note)
        return job
    if job.status != "awaiting_proof":
        raise Conflict(f"Job {job.id} is {job.status}; there is no proof waiting for approval.")
    # No approver e-mail was known: nothing was sent, the merchant decides alone.
    lifecycle.transition(job, "approved", actor, source, note)
    lifecycle.transition(job, "ready", actor, source)
    job.finished_at = utcnow()
    return job


def _move(job, proof, actor, source, comment):
    from monogram.services.production import job_event

    if proof.status == "approved":
        lifecycle.transition(job, "approved", actor, source, comment)
        # The approved version is the rendered one: its files are ready for production.
        lifecycle.transition(job, "ready", lifecycle.SYSTEM, source)
        job.finished_at = utcnow()
        outbound.emit(job.merchant_id, "proof.approved", proof_event(proof, job))
        outbound.emit(job.merchant_id, "job.ready", job_event(job))
    else:
        lifecycle.transition(job, "changes_requested", actor, source, comment)
        outbound.emit(job.merchant_id, "proof.changes_requested", proof_event(proof, job))


def new_revision(job, actor, source):
    """Render the design's latest version for the same job and send it as the next revision."""
    from monogram.services import production

    if job.status not in ("changes_requested", "proof_sent"):
        raise Conflict(f"Job {job.id} is {job.status}; a new revision follows a proof.")
    job.version = production._version(job.design, None)
    job.bundle_key, job.files, job.finished_at = None, None, None
    lifecycle.transition(job, "received", actor, source, f"version {job.version.number}")
    production.enqueue(job)
    return job


def proof_file(proof, name):
    """A proof image of the proof's own revision, for the approver's page."""
    from monogram.extensions.storage import storage
    from monogram.services.production import _media_type

    job = proof.job
    if not name.startswith(PROOF_FILE_PREFIXES) or not name.endswith(".png"):
        raise NotFound(f"No file {name!r} in this proof.")
    if job.design_version_id != proof.design_version_id or name not in (job.files or {}):
        raise NotFound(f"No file {name!r} in this proof.")
    return storage().get(f"{job.bundle_key}{name}"), _media_type(name)


def proof_images(proof):
    job = proof.job
    if job.design_version_id != proof.design_version_id:
        return [], []
    names = sorted(job.files or {})
    return (
        [n for n in names if n.startswith("proof-") and n.endswith(".png")],
        [n for n in names if n.startswith("mockup-") and n.endswith(".png")],
    )


def product_name(job):
    return db.session.get(Product, job.design.product_id).name
