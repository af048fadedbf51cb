"""The production job lifecycle: which status may follow which, and the audit log of every move."""

from monogram.errors import Conflict
from monogram.extensions.db import db
from monogram.models import JobEvent

# status → the statuses it may move to. A job starts at received when it needs a proof, else queued.
# Proof jobs render first (the proof is made from print.pdf), then wait for the approver.
TRANSITIONS = {
    None: {"received", "queued"},  # how a job starts
    "received": {"rendering", "queued", "cancelled", "failed"},
    "queued": {"rendering", "cancelled", "failed"},
    # queued again when a retry is due or a lost worker is recovered.
    "rendering": {"ready", "awaiting_proof", "refused", "queued", "failed", "cancelled"},
    "awaiting_proof": {"proof_sent", "approved", "cancelled"},
    "proof_sent": {"approved", "changes_requested", "received", "cancelled"},
    # A new revision of the design is rendered and sent again: same job, no new order.
    "changes_requested": {"received", "approved", "cancelled"},
    # The approved version is already rendered; queued re-renders it if its files are gone.
    "approved": {"ready", "queued", "cancelled"},
    # queued again when the merchant asks for the files to be rendered once more.
    "ready": {"in_production", "queued", "cancelled"},
    "in_production": {"shipped", "cancelled"},
    "shipped": set(),
    "refused": {"cancelled"},
    "failed": {"queued", "rendering", "cancelled"},
    "cancelled": set(),
}
SYSTEM = "system"


def can_move(current, to):
    return to in TRANSITIONS.get(current, set())


def transition(job, to, actor=SYSTEM, source="worker", note=None):
    """Move a job to `to` and log it; an invalid move is a Conflict and changes nothing."""
    current = job.status
    if not can_move(current, to):
        raise Conflict(f"Job {job.id} is {current}; it cannot become {to}.")
    job.status = to
    event = JobEvent(
        job_id=job.id, from_status=current, to_status=to, actor=actor, source=source, note=note
    )
    db.session.add(event)
    _announce(job, current)
    return event


def _announce(job, previous_status):
    """Every status change is a job.status_changed webhook, sent at commit with the change."""
    from monogram.services import outbound
    from monogram.services.production import job_event

    outbound.emit(job.merchant_id, "job.status_changed", job_event(job, previous_status))


def record(job, note, actor=SYSTEM, source="worker"):
    """Log a step that does not change the status (a dispatch, a buyer's approval before the
    manager's) in the same audit trail, so the job's story reads in one place."""
    event = JobEvent(
        job_id=job.id,
        from_status=job.status,
        to_status=job.status,
        actor=actor,
        source=source,
        note=note,
    )
    db.session.add(event)
    return event


def start(job, actor=SYSTEM, source="api", note=None):
    """Log the first status of a new job, already flushed so it has an id."""
    if not can_move(None, job.status):
        raise Conflict(f"A job cannot start as {job.status}.")
    event = JobEvent(
        job_id=job.id, from_status=None, to_status=job.status, actor=actor, source=source, note=note
    )
    db.session.add(event)
    return event


def merchant_actor(api_key):
    return f"merchant:{api_key.display_prefix}"


def customer_actor(email):
    return f"customer:{email or 'unknown'}"
