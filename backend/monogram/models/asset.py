"""Uploaded files (content-addressed per merchant) and the fonts made from them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

ASSET_KINDS = ("raster", "vector", "font", "model")
PREVIEW_STATES = ("none", "pending", "ready", "failed")


class Asset(Base):
    __tablename__ = "assets"
    __table_args__ = (
        sa.UniqueConstraint("merchant_id", "sha256"),
        sa.CheckConstraint(f"kind IN {ASSET_KINDS}", name="kind"),
        sa.CheckConstraint(f"preview_status IN {PREVIEW_STATES}", name="preview_status"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("ast"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    media_type: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    byte_size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(sa.String(255))
    filename: Mapped[str] = mapped_column(sa.String(255), default="")
    width_px: Mapped[int | None]
    height_px: Mapped[int | None]
    width_mm: Mapped[float | None]
    height_mm: Mapped[float | None]
    color_mode: Mapped[str | None] = mapped_column(sa.String(16))
    has_alpha: Mapped[bool] = mapped_column(default=False)
    dpi: Mapped[float | None]
    icc_profile: Mapped[bool] = mapped_column(default=False)
    # What sanitising changed, in words a merchant can read.
    notes: Mapped[list] = mapped_column(Json, default=list)
    preview_status: Mapped[str] = mapped_column(sa.String(16), default="none")
    preview_key: Mapped[str | None] = mapped_column(sa.String(255))
    preview_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Font(Base):
    """A typeface style: a merchant's upload, or (no merchant) a file of the shipped library."""

    __tablename__ = "fonts"
    __table_args__ = (sa.UniqueConstraint("merchant_id", "asset_id"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("fnt"))
    # None: a library font every merchant may use, its file shipped in monogram/fonts/library.
    merchant_id: Mapped[str | None] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    asset_id: Mapped[str | None] = mapped_column(sa.ForeignKey("assets.id"))
    # Library fonts: the file's path under monogram/fonts/library, and its SHA-256.
    library_file: Mapped[str | None] = mapped_column(sa.String(255))
    library_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # serif, sans, script, display or monospace, for the editor's font menu.
    category: Mapped[str | None] = mapped_column(sa.String(16))
    family: Mapped[str] = mapped_column(sa.String(200))
    style: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[int] = mapped_column(default=400)
    italic: Mapped[bool] = mapped_column(default=False)
    outlines: Mapped[str] = mapped_column(sa.String(16))
    glyph_count: Mapped[int] = mapped_column(default=0)
    # Who may use the font and how (server use, web embedding), as the merchant recorded it.
    licence_note: Mapped[str] = mapped_column(sa.Text)
    # Vertical metrics in thousandths of an em as print sets lines: the editor cannot read WOFF2.
    ascent: Mapped[int | None]
    descent: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    asset: Mapped[Asset | None] = relationship()
