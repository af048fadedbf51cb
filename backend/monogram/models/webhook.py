"""Outbound webhooks: merchants' endpoints, the events sent to them and every delivery attempt."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

EVENT_TYPES = (
    "design.saved",
    "order.received",
    "proof.sent",
    "proof.approved",
    "proof.changes_requested",
    "job.ready",
    "job.failed",
    "job.shipped",
    "job.status_changed",
    "quote.created",
    "quote.accepted",
    "quote.ordered",
)
# pending (an attempt is due at next_attempt_at) → succeeded, or failed after the last attempt.
DELIVERY_STATUSES = ("pending", "succeeded", "failed")


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("we"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list] = mapped_column(Json)
    # Encrypted at rest: Monogram needs it readable to sign, the merchant sees it once.
    secret_encrypted: Mapped[str] = mapped_column(sa.Text)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Deleted endpoints are kept so their delivery log stays readable in the database.
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebhookEvent(Base):
    __tablename__ = "webhook_events"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("evt"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    type: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OutboundDelivery(Base):
    """One event to one endpoint; its attempts follow the backoff schedule until one succeeds."""

    __tablename__ = "outbound_deliveries"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "endpoint_id"),
        sa.CheckConstraint(f"status IN {DELIVERY_STATUSES}", name="status"),
        sa.Index("ix_outbound_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("dlv"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    event_id: Mapped[str] = mapped_column(sa.ForeignKey("webhook_events.id"))
    endpoint_id: Mapped[str] = mapped_column(sa.ForeignKey("webhook_endpoints.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    # The truth about when to try again, so a lost Redis loses no retry; null once finished.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    event: Mapped[WebhookEvent] = relationship()
    endpoint: Mapped[WebhookEndpoint] = relationship()
    attempt_log: Mapped[list["DeliveryAttempt"]] = relationship(
        order_by="DeliveryAttempt.number", back_populates="delivery"
    )


class DeliveryAttempt(Base):
    """One HTTP request of a delivery, as it happened; never updated."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (sa.UniqueConstraint("delivery_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[str] = mapped_column(sa.ForeignKey("outbound_deliveries.id"))
    number: Mapped[int] = mapped_column()
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    duration_ms: Mapped[int] = mapped_column()
    # The endpoint's HTTP status, or null when no response came (refused, timeout, TLS).
    status_code: Mapped[int | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(sa.Text)
    # The first kilobyte of the response, enough to see why an endpoint refused.
    response_body: Mapped[str | None] = mapped_column(sa.Text)

    delivery: Mapped[OutboundDelivery] = relationship(back_populates="attempt_log")
