"""Production jobs: one per order line, from a pinned design version to a bundle of print files."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow
from monogram.models.design import Design, DesignVersion

# queued → rendering → ready; a failed preflight ends in refused, an error after retries in failed.
JOB_STATUSES = ("queued", "rendering", "ready", "refused", "failed")


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
    status: Mapped[str] = mapped_column(sa.String(16), default="queued", index=True)
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

    design: Mapped[Design] = relationship()
    version: Mapped[DesignVersion] = relationship()
