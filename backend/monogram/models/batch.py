"""Variable-data batches: a template merged with a spreadsheet, rendered chunk by chunk."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

# validating → validated → rendering → ready; failed and cancelled end it too. The transitions
# live in monogram.services.batches, and only there.
BATCH_STATUSES = ("validating", "validated", "rendering", "ready", "failed", "cancelled")


class Batch(Base):
    __tablename__ = "batches"
    __table_args__ = (sa.CheckConstraint(f"status IN {BATCH_STATUSES}", name="status"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("bat"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    template_id: Mapped[str] = mapped_column(sa.ForeignKey("templates.id"), index=True)
    # The template as it was when the batch was made: a later edit never mixes two layouts.
    document: Mapped[dict] = mapped_column(Json)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="validating", index=True)
    # The data file as sent, kept in storage; what was detected when reading it.
    data_key: Mapped[str] = mapped_column(sa.String(300))
    data_filename: Mapped[str] = mapped_column(sa.String(255), default="")
    data_format: Mapped[dict] = mapped_column(Json, default=dict)
    columns: Mapped[list] = mapped_column(Json, default=list)
    mapping: Mapped[dict] = mapped_column(Json, default=dict)  # field → column
    requested_mapping: Mapped[dict] = mapped_column(Json, default=dict)
    quantity: Mapped[int] = mapped_column(default=1)
    quantity_column: Mapped[str | None] = mapped_column(sa.String(200))
    # {"zip": bool, "zip_name_column": str, "imposition": {...}, "skip_invalid": bool}
    options: Mapped[dict] = mapped_column(Json, default=dict)
    # Validation: counts and the issues per row.
    summary: Mapped[dict] = mapped_column(Json, default=dict)
    report: Mapped[list] = mapped_column(Json, default=list)
    # Rendering: records to render (valid ones, or all), how many are done, chunk size.
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    chunk_size: Mapped[int] = mapped_column(default=500)
    pages: Mapped[int] = mapped_column(default=0)
    files: Mapped[dict] = mapped_column(Json, default=dict)  # name → {key, bytes, sha256}
    reason: Mapped[str | None] = mapped_column(sa.Text)
    # Which worker renders it, until when: a worker killed mid-batch lets its lease run out and
    # the next worker resumes from the last finished chunk.
    lease_owner: Mapped[str | None] = mapped_column(sa.String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    render_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rendered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class BatchChunk(Base):
    """A finished run of records: its pages are in storage; a resumed batch skips it."""

    __tablename__ = "batch_chunks"
    __table_args__ = (sa.UniqueConstraint("batch_id", "position", name="uq_batch_chunks_position"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(sa.ForeignKey("batches.id"), index=True)
    position: Mapped[int] = mapped_column()  # 0-based chunk index in data order
    first_record: Mapped[int] = mapped_column()  # 1-based
    records: Mapped[int] = mapped_column()
    storage_key: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
