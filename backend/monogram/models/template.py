"""Templates: design documents with rules, imported or authored, shown in the editor's gallery."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

TEMPLATE_STATUSES = ("draft", "published")
THUMBNAIL_STATES = ("pending", "ready", "failed")


class Template(Base):
    __tablename__ = "templates"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {TEMPLATE_STATUSES}", name="status"),
        sa.CheckConstraint(f"thumbnail_status IN {THUMBNAIL_STATES}", name="thumbnail_status"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("tpl"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    product_id: Mapped[str] = mapped_column(sa.ForeignKey("products.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Only published templates reach the editor's gallery.
    status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    # {"sector": ["hotel"], "use": ["business-card"], "season": ["christmas"]}
    categories: Mapped[dict] = mapped_column(Json, default=dict)
    tags: Mapped[list] = mapped_column(Json, default=list)
    # Gallery order: lower first, then name.
    position: Mapped[int] = mapped_column(default=0)
    # The design document (monogram.design/1) whose objects carry the rules (lock, field, …).
    document: Mapped[dict] = mapped_column(Json)
    # Template-wide rules: the fonts and palette a shopper may choose from; empty: the product's.
    fonts: Mapped[list] = mapped_column(Json, default=list)
    palette: Mapped[list] = mapped_column(Json, default=list)
    # What an import could not convert, in words a designer can act on.
    import_report: Mapped[list] = mapped_column(Json, default=list)
    thumbnail_status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    thumbnail_key: Mapped[str | None] = mapped_column(sa.String(255))
    # Bumped by every change of the document, so caches and thumbnails know they are stale.
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
