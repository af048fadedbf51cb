"""Proofs ("bon à tirer"): send a rendered revision for approval, record the decision once."""

import hashlib
import hmac
import logging
import re
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from monogram.errors import Conflict, NotFound
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.models import Merchant, Order, OrderLine, Product, ProductionJob, Proof
from monogram.models.base import utcnow
from monogram.services import companies, lifecycle, mailer, outbound

log = logging.getLogger(__name__)

PROOF_TTL = timedelta(days=14)
# A later e-mail about a proof whose first link dies sooner than this carries a link of its own,
# valid PROOF_TTL from then: the approver never gets a reminder that stops working overnight.
FRESH_LINK_WITHIN = timedelta(days=2)
# The approver's view of the bundle: only these files are served through the proof link.
PROOF_FILE_PREFIXES = ("proof-", "mockup-")
# While the job waits on its proof, the buyer's link may reopen the design in the editor.
EDITABLE_STATUSES = ("proof_sent", "changes_requested")
EDITED_NOTE = "the buyer changed the design in the editor"
NO_MANAGER_NOTE = (
    "no manager e-mail is known for the buyer's company: the buyer's approval is final"
)
BUYER_IS_MANAGER_NOTE = "the buyer is their company's manager: their approval is final"
# Links minted after the first e-mail (reminders, notices) are signed rather than stored:
# prf_<proof id>-<expiry, Unix seconds>-<HMAC-SHA256>. The first link's random token is unchanged.
_SIGNED_LINK = re.compile(r"^prf_([0-9a-z]{25})-([0-9]{1,12})-([0-9a-f]{64})$")


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


# Links -----------------------------------------------------------------------------------------


def proof_url(token):
    return f"{current_app.config['MONOGRAM'].PUBLIC_URL.rstrip('/')}/proof/{token}"


def _link_signature(proof_id, expires):
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    message = f"proof-link\n{proof_id}\n{expires}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signed_link(proof, expires_at):
    """Another token for this proof, valid until expires_at; earlier links keep their own expiry."""
    expires = int(expires_at.timestamp())
    return f"prf_{proof.id.removeprefix('prf_')}-{expires}-{_link_signature(proof.id, expires)}"


def fresh_link(proof, now=None):
    """(token, expires_at) for a later e-mail: as long-lived as the first link, never dying soon."""
    now = now or utcnow()
    expires_at = proof.expires_at
    if expires_at - now < FRESH_LINK_WITHIN:
        expires_at = now + PROOF_TTL
    expires_at = expires_at.replace(microsecond=0)  # the link carries whole seconds
    return signed_link(proof, expires_at), expires_at


def by_token(token):
    """The proof a link opens; an unknown or expired link is NotFound."""
    token = token or ""
    signed = _SIGNED_LINK.match(token)
    if signed:
        proof_id, expires, signature = "prf_" + signed[1], int(signed[2]), signed[3]
        valid = hmac.compare_digest(_link_signature(proof_id, expires), signature)
        proof = db.session.get(Proof, proof_id) if valid else None
        expires_at = datetime.fromtimestamp(expires, UTC)
    else:
        proof = db.session.scalar(sa.select(Proof).where(Proof.token_hash == _hash(token)))
        if proof is not None and not hmac.compare_digest(proof.token_hash, _hash(token)):
            proof = None
        expires_at = proof.expires_at if proof is not None else None
    if proof is None:
        raise NotFound("This proof link is not valid.")
    if expires_at < utcnow():
        raise NotFound("This proof link has expired.")
    return proof


# Sending ---------------------------------------------------------------------------------------


def _open(job, revision, stage, email, design_version_id):
    """A new proof row and the random token of its first link (only the token's hash is kept)."""
    token = "prf_" + secrets.token_urlsafe(32)
    proof = Proof(
        job_id=job.id,
        revision=revision,
        stage=stage,
        design_version_id=design_version_id,
        token_hash=_hash(token),
        email=email,
        expires_at=utcnow() + PROOF_TTL,
    )
    db.session.add(proof)
    db.session.flush()
    return proof, token


def _mail(proof, token, template, expires_at=None, **context):
    job = proof.job
    merchant = db.session.get(Merchant, job.merchant_id)
    mailer.send_template(
        proof.email,
        template,
        locale_of(proof),
        order_name=job.order_ref or job.id,
        product_name=product_name(job),
        quantity=job.quantity,
        proof_url=proof_url(token),
        expires_at=expires_at or proof.expires_at,
        merchant_name=merchant.name,
        **context,
    )


def send_proof(job, actor=lifecycle.SYSTEM, source="worker"):
    """Open the next revision for the rendered version and e-mail its link; returns the token.

    Without an approver e-mail the job stays awaiting_proof for the merchant to act on.
    """
    if job.status != "awaiting_proof":
        raise Conflict(f"Job {job.id} is {job.status}; a proof is sent once it is rendered.")
    if not job.proof_email:
        return None
    last = db.session.scalar(sa.select(sa.func.max(Proof.revision)).where(Proof.job_id == job.id))
    proof, token = _open(job, (last or 0) + 1, "customer", job.proof_email, job.design_version_id)
    _mail(proof, token, "proof_ready")
    lifecycle.transition(
        job, "proof_sent", actor, source, note=f"revision {proof.revision} to {proof.email}"
    )
    outbound.emit(job.merchant_id, "proof.sent", proof_event(proof, job))
    return token


def locale_of(proof):
    """The approver's language: the manager's company's for a manager, else the order's."""
    if proof.stage == "manager":
        company = companies.by_manager(proof.job.merchant_id, proof.email)
        if company is not None and company.locale:
            return company.locale
    return proof.job.locale


def _order(job):
    line = db.session.scalar(sa.select(OrderLine).where(OrderLine.job_id == job.id).limit(1))
    return db.session.get(Order, line.order_id) if line is not None else None


def buyer_proof(proof):
    """The buyer's proof of the same revision (itself for a buyer's proof)."""
    if proof.stage == "customer":
        return proof
    return db.session.scalar(
        sa.select(Proof).where(
            Proof.job_id == proof.job_id,
            Proof.revision == proof.revision,
            Proof.stage == "customer",
        )
    )


def manager_context(proof):
    """What the manager's e-mail and page say: who ordered, for which company, when approved."""
    job = proof.job
    order = _order(job)
    company = companies.by_manager(job.merchant_id, proof.email)
    buyer = buyer_proof(proof)
    ordered_by = (order.customer_name if order is not None else None) or job.proof_email or ""
    company_name = company.name if company is not None else None
    if company_name is None and order is not None:
        company_name = order.customer_company
    return {
        "manager_name": company.manager_name if company is not None else None,
        "ordered_by": ordered_by,
        "buyer_email": buyer.email if buyer is not None else job.proof_email,
        "company_name": company_name or "",
        "approved_at": buyer.decided_at if buyer is not None else None,
    }


def _ask_manager(job, approved, actor, source):
    """The buyer approved: the same revision goes to their company's manager, who decides."""
    proof, token = _open(
        job, approved.revision, "manager", job.manager_email, approved.design_version_id
    )
    _mail(proof, token, "proof_manager", reminder=False, **manager_context(proof))
    # Not a status change (the job still waits on a proof), but a step of the job's story.
    lifecycle.record(
        job,
        f"revision {approved.revision} approved by the buyer; sent to the manager {proof.email}",
        actor,
        source,
    )
    outbound.emit(job.merchant_id, "proof.approved", proof_event(approved, job))
    outbound.emit(job.merchant_id, "proof.sent", proof_event(proof, job))
    return proof


def _tell_buyer(job, manager_proof):
    """The manager asked for changes: the buyer hears it, with a link to edit their design."""
    buyer = buyer_proof(manager_proof)
    if buyer is None or not buyer.email:
        return
    token, expires_at = fresh_link(buyer)
    context = manager_context(manager_proof)
    _mail(
        buyer,
        token,
        "proof_changes_requested",
        expires_at=expires_at,
        comment=manager_proof.comment or "",
        manager=context["manager_name"] or manager_proof.email,
    )


def proof_event(proof, job):
    return {
        "job": job.id,
        "proof": proof.id,
        "revision": proof.revision,
        "stage": proof.stage,
        "status": proof.status,
        "order": job.order_ref,
        "line": job.line_ref,
        "comment": proof.comment,
    }


# Deciding --------------------------------------------------------------------------------------


def latest(job):
    """The last proof sent for a job: the highest revision, its manager's after its buyer's."""
    return db.session.scalar(
        sa.select(Proof)
        .where(Proof.job_id == job.id)
        .order_by(Proof.revision.desc(), Proof.stage.desc())
        .limit(1)
    )


def is_current(proof):
    """Whether this proof still waits for a decision: the last one, on a job waiting for it."""
    return (
        proof.status == "sent"
        and proof.job.status == "proof_sent"
        and latest(proof.job).id == proof.id
    )


def manager_approves(job):
    return db.session.get(Product, job.design.product_id).proof == "customer_then_manager"


def decide(proof, approved, comment, identity, ip, user_agent, source=None):
    """Record the approver's decision, once; the job moves with it.

    A buyer's approval of a customer_then_manager product sends the same revision to their
    manager, whose approval alone moves the job on; without a manager e-mail it is final.
    """
    if not is_current(proof):
        raise Conflict("This proof has already been decided, or a newer revision replaced it.")
    job = proof.job
    source = source or ip or "unknown"
    proof.status = "approved" if approved else "changes_requested"
    proof.decided_at, proof.comment, proof.decided_by = utcnow(), comment or None, identity
    proof.ip, proof.user_agent = ip, (user_agent or "")[:1000]
    note = comment
    if approved and proof.stage == "customer" and manager_approves(job):
        manager = (job.manager_email or "").strip()
        if manager and manager.casefold() != (proof.email or "").strip().casefold():
            _ask_manager(job, proof, identity, source)
            return proof
        final = NO_MANAGER_NOTE if not manager else BUYER_IS_MANAGER_NOTE
        note = f"{comment} ({final})" if comment else final
    _move(job, proof, identity, source, note)
    if not approved and proof.stage == "manager":
        _tell_buyer(job, proof)
    return proof


def approve_on_behalf(job, actor, source):
    """The merchant approves for the customer; recorded with the merchant as the decider.

    The merchant's word is final: a proof waiting on a buyer or a manager both end here.
    """
    note = "approved on the customer's behalf"
    current = latest(job)
    if current is not None and is_current(current):
        current.status, current.decided_at, current.decided_by = "approved", utcnow(), actor
        current.comment, current.ip = note, source
        _move(job, current, actor, source, note)
        return job
    if job.status != "awaiting_proof":
        raise Conflict(f"Job {job.id} is {job.status}; there is no proof waiting for approval.")
    from monogram.services.production import mark_ready

    # No approver e-mail was known: nothing was sent, the merchant decides alone.
    lifecycle.transition(job, "approved", actor, source, note)
    mark_ready(job, actor, source)
    return job


def _move(job, proof, actor, source, note):
    from monogram.services.production import mark_ready

    if proof.status == "approved":
        lifecycle.transition(job, "approved", actor, source, note)
        outbound.emit(job.merchant_id, "proof.approved", proof_event(proof, job))
        # The approved version is the rendered one: its files are ready for production.
        mark_ready(job, lifecycle.SYSTEM, source)
    else:
        lifecycle.transition(job, "changes_requested", actor, source, note)
        outbound.emit(job.merchant_id, "proof.changes_requested", proof_event(proof, job))


# Revising --------------------------------------------------------------------------------------


def new_revision(job, actor, source):
    """Render the design's latest version for the same job and send it as the next revision."""
    from monogram.services import production

    if job.status not in EDITABLE_STATUSES:
        raise Conflict(f"Job {job.id} is {job.status}; a new revision follows a proof.")
    job.version = production._version(job.design, None)
    job.bundle_key, job.files, job.finished_at = None, None, None
    lifecycle.transition(job, "received", actor, source, f"version {job.version.number}")
    production.enqueue(job)
    return job


def editable(proof):
    """Whether this link may reopen the design: the buyer's latest revision, undecided or sent
    back for changes (by the buyer or their manager), while the job waits on it."""
    job = proof.job
    if proof.stage != "customer" or job.status not in EDITABLE_STATUSES:
        return False
    if latest(job).revision != proof.revision:
        return False
    return proof.status == "sent" or job.status == "changes_requested"


def design_changed(proof):
    """Whether the design was saved since the version this job last rendered."""
    job = proof.job
    return job.design.version_count > job.version.number


def revise(proof, identity, ip, user_agent):
    """The buyer edited the design from their proof link: the next revision is made and sent."""
    if not editable(proof):
        raise Conflict("This proof can no longer be revised from this link.")
    if not design_changed(proof):
        raise Conflict("The design has not changed since this proof; save your changes first.")
    if is_current(proof):
        # Editing an undecided proof is asking for changes: the revision is recorded as such.
        decide(proof, False, EDITED_NOTE, identity, ip, user_agent)
    return new_revision(proof.job, identity, ip or "unknown")


class ProofCaller(auth.Caller):
    """A buyer's proof link in the editor: a publishable key's rights, for the proof's shop."""

    def __init__(self, proof):
        job = proof.job
        self.key_id = None
        self.merchant_id = job.merchant_id
        self.store_id = job.design.store_id
        self.kind = auth.PUBLISHABLE
        self.proof_id = proof.id


def editing_proof(token):
    """The proof whose link may edit its design now, or None."""
    if not (token or "").startswith("prf_"):
        return None
    try:
        proof = by_token(token)
    except NotFound:
        return None
    return proof if editable(proof) else None


def editing_caller(token):
    """The caller a proof link stands for in the API while its design may be edited, or None."""
    proof = editing_proof(token)
    return ProofCaller(proof) if proof is not None else None


def opens_design(token, design):
    """Whether a proof link stands for this design's token: its own design, while editable."""
    proof = editing_proof(token)
    return proof is not None and proof.job.design_id == design.id


# Reminding -------------------------------------------------------------------------------------


def send_reminders(now=None):
    """E-mail again every proof still waiting past its merchant's delay; returns their ids.

    Run it often (every few minutes): a proof is claimed in the database before its mail is
    queued, so it is reminded at most once per delay however many runs overlap. The proof row
    records the reminder (reminded_at); the job's audit log does not change.
    """
    now = now or utcnow()
    waiting = db.session.execute(
        sa.select(Proof.id, Merchant.proof_reminder_hours)
        .join(ProductionJob, Proof.job_id == ProductionJob.id)
        .join(Merchant, ProductionJob.merchant_id == Merchant.id)
        .where(
            Proof.status == "sent",
            ProductionJob.status == "proof_sent",
            Merchant.proof_reminder_hours > 0,
        )
        .order_by(Proof.created_at)
    ).all()
    reminded = []
    for proof_id, hours in waiting:
        if _remind(proof_id, now - timedelta(hours=hours), now):
            reminded.append(proof_id)
    return reminded


def _remind(proof_id, cutoff, now):
    proof = db.session.get(Proof, proof_id)
    if proof is None or not is_current(proof):
        db.session.rollback()
        return False
    claimed = db.session.execute(
        sa.update(Proof)
        .where(
            Proof.id == proof_id,
            Proof.status == "sent",
            Proof.decided_at.is_(None),
            sa.or_(
                sa.and_(Proof.reminded_at.is_(None), Proof.created_at <= cutoff),
                Proof.reminded_at <= cutoff,
            ),
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        db.session.rollback()
        return False
    token, expires_at = fresh_link(proof, now)
    if proof.stage == "manager":
        _mail(proof, token, "proof_manager", expires_at, reminder=True, **manager_context(proof))
    else:
        _mail(proof, token, "proof_reminder", expires_at)
    db.session.commit()
    # No address in the log: logs are kept longer than an erased customer's data.
    log.info("proof %s of job %s: reminder sent", proof.id, proof.job_id)
    return True


# The approver's page ---------------------------------------------------------------------------


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


def last_request(job):
    """The latest "changes requested" decision on a job sent back for changes, or None."""
    if job.status != "changes_requested":
        return None
    return db.session.scalar(
        sa.select(Proof)
        .where(Proof.job_id == job.id, Proof.status == "changes_requested")
        .order_by(Proof.decided_at.desc())
        .limit(1)
    )


def product_name(job):
    return db.session.get(Product, job.design.product_id).name
