"""Production jobs: one per order line, from a pinned design version to a bundle of print files."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow
from monogram.models.design import Design, DesignVersion

# The transitions between these live in monogram.services.lifecycle, and only there.
JOB_STATUSES = (
    "received",
    "awaiting_proof",
    "proof_sent",
    "changes_requested",
    "approved",
    "queued",
    "rendering",
    "ready",
    "in_production",
    "shipped",
    "refused",
    "cancelled",
    "failed",
)
PROOF_STATUSES = ("sent", "approved", "changes_requested")
# Who a proof revision asks: the buyer, then (customer_then_manager) their company's manager.
PROOF_STAGES = ("customer", "manager")


class ProductionJob(Base):
    __tablename__ = "production_jobs"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {JOB_STATUSES}", name="status"),
        # One job per order line and design version: a replayed request finds the same job.
        sa.UniqueConstraint(
            "merchant_id",
            "design_version_id",
            "order_ref",
            "line_ref",
            name="uq_production_jobs_order_line",
        ),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("job"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    design_id: Mapped[str] = mapped_column(sa.ForeignKey("designs.id"), index=True)
    design_version_id: Mapped[int] = mapped_column(sa.ForeignKey("design_versions.id"))
    order_ref: Mapped[str] = mapped_column(sa.String(200), default="")
    line_ref: Mapped[str] = mapped_column(sa.String(200), default="")
    quantity: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # Why the job stopped, in words for the merchant: a failed preflight or the last error.
    reason: Mapped[str | None] = mapped_column(sa.Text)
    preflight: Mapped[dict | None] = mapped_column(Json)
    # Storage prefix of the bundle, derived from everything that goes into it.
    bundle_key: Mapped[str | None] = mapped_column(sa.String(300))
    files: Mapped[dict | None] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Who approves the proof when the product asks for one: the order's customer by default.
    proof_email: Mapped[str | None] = mapped_column(sa.String(320))
    # The second approver of customer_then_manager products: the buyer's company manager.
    manager_email: Mapped[str | None] = mapped_column(sa.String(320))
    # The customer's language for proof e-mails and pages ("fr", "en-GB"…).
    locale: Mapped[str | None] = mapped_column(sa.String(16))
    # Ship-by date from the product's lead time in working days.
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    workshop_id: Mapped[str | None] = mapped_column(sa.ForeignKey("workshops.id"), index=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    carrier: Mapped[str | None] = mapped_column(sa.String(100))
    tracking_number: Mapped[str | None] = mapped_column(sa.String(100))
    tracking_url: Mapped[str | None] = mapped_column(sa.String(1000))

    design: Mapped[Design] = relationship()
    version: Mapped[DesignVersion] = relationship()
    events: Mapped[list["JobEvent"]] = relationship(order_by="JobEvent.id", viewonly=True)
    proofs: Mapped[list["Proof"]] = relationship(
        order_by="[Proof.revision, Proof.stage]", viewonly=True
    )


class JobEvent(Base):
    """One status change of a job: the append-only audit log, never changed once written."""

    __tablename__ = "job_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(sa.ForeignKey("production_jobs.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str] = mapped_column(sa.String(20))
    # "system", "customer:<e-mail>" or "merchant:<key prefix>".
    actor: Mapped[str] = mapped_column(sa.String(400))
    # Where the change came from: an IP address, "worker", "webhook"…
    source: Mapped[str] = mapped_column(sa.String(100))
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


@sa.event.listens_for(JobEvent, "before_update")
def _events_are_immutable(_mapper, _connection, event):
    raise RuntimeError(f"job event {event.id} of {event.job_id} is immutable")


class Proof(Base):
    """One proof revision sent for approval; its decision is written once and never changed."""

    __tablename__ = "proofs"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {PROOF_STATUSES}", name="status"),
        sa.CheckConstraint(f"stage IN {PROOF_STAGES}", name="stage"),
        sa.UniqueConstraint("job_id", "revision", "stage"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("prf"))
    job_id: Mapped[str] = mapped_column(sa.ForeignKey("production_jobs.id"), index=True)
    revision: Mapped[int]
    design_version_id: Mapped[int] = mapped_column(sa.ForeignKey("design_versions.id"))
    # SHA-256 of the token in the e-mailed link; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(320))
    status: Mapped[str] = mapped_column(sa.String(20), default="sent")
    stage: Mapped[str] = mapped_column(sa.String(16), default="customer", server_default="customer")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # When the last reminder went out; reminders are counted from here, not from created_at.
    reminded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    comment: Mapped[str | None] = mapped_column(sa.Text)
    decided_by: Mapped[str | None] = mapped_column(sa.String(400))
    ip: Mapped[str | None] = mapped_column(sa.String(64))
    user_agent: Mapped[str | None] = mapped_column(sa.Text)

    job: Mapped[ProductionJob] = relationship()
    version: Mapped[DesignVersion] = relationship()


@sa.event.listens_for(Proof, "before_update")
def _decisions_are_final(_mapper, connection, proof):
    # Read the stored row, not the session's history, which is empty for expired attributes.
    decided = connection.scalar(
        sa.select(Proof.__table__.c.decided_at).where(Proof.__table__.c.id == proof.id)
    )
    if decided is not None:
        raise RuntimeError(f"proof {proof.id} is decided; its decision cannot change")
