"""Personalisable products, their print areas, offered fonts and links to platform products."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

PROOF_MODES = ("none", "customer", "customer_then_manager")
TECHNIQUES = (
    "digital_print",
    "screen_print",
    "engraving",
    "laser_cut",
    "embroidery",
    "sublimation",
)
COLOR_MODES = ("cmyk", "rgb", "spot", "monochrome")


class Product(Base):
    __tablename__ = "products"
    __table_args__ = (sa.CheckConstraint(f"proof IN {PROOF_MODES}", name="proof"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("prd"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    proof: Mapped[str] = mapped_column(sa.String(32), default="none")
    palette: Mapped[list] = mapped_column(Json, default=list)
    # The merchant's own grouping (business cards, mugs, workwear): what media collections target.
    category: Mapped[str | None] = mapped_column(sa.String(64))
    # The merchant's promise: working days from order (or proof approval) to shipping.
    lead_time_days: Mapped[int] = mapped_column(default=5, server_default="5")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # Archived products stay readable by designs and orders that reference them.
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A 3D model (GLB asset) whose materials are named after the print areas; the names of all
    # its materials, read at upload, say which areas the viewer can texture.
    model_asset_id: Mapped[str | None] = mapped_column(sa.ForeignKey("assets.id"))
    model_materials: Mapped[list | None] = mapped_column(Json)

    areas: Mapped[list["PrintArea"]] = relationship(
        order_by="PrintArea.position", cascade="all, delete-orphan"
    )
    offered_fonts: Mapped[list["ProductFont"]] = relationship(
        order_by="ProductFont.position", cascade="all, delete-orphan"
    )
    platform_refs: Mapped[list["PlatformRef"]] = relationship(
        order_by="PlatformRef.id", cascade="all, delete-orphan"
    )


class PrintArea(Base):
    """A physical surface to print on; sizes in millimetres, coordinates in its trim box."""

    __tablename__ = "print_areas"
    __table_args__ = (
        sa.UniqueConstraint("product_id", "code"),
        sa.CheckConstraint(f"technique IN {TECHNIQUES}", name="technique"),
        sa.CheckConstraint(f"color_mode IN {COLOR_MODES}", name="color_mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(64))  # "front", "back": the id in design documents
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    width: Mapped[float]
    height: Mapped[float]
    bleed: Mapped[float] = mapped_column(default=0)
    safe: Mapped[float] = mapped_column(default=0)
    technique: Mapped[str] = mapped_column(sa.String(32), default="digital_print")
    color_mode: Mapped[str] = mapped_column(sa.String(16), default="cmyk")
    max_colors: Mapped[int | None]
    min_dpi: Mapped[int] = mapped_column(default=150)
    cut_contour: Mapped[str] = mapped_column(sa.String(32), default="trim")
    mockup_asset_id: Mapped[str | None] = mapped_column(sa.ForeignKey("assets.id"))
    # Corners of the area on the mockup photo, in its pixels: TL, TR, BR, BL.
    mockup_quad: Mapped[list | None] = mapped_column(Json)


class ProductFont(Base):
    __tablename__ = "product_fonts"

    product_id: Mapped[str] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    font_id: Mapped[str] = mapped_column(sa.ForeignKey("fonts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class PlatformRef(Base):
    """Which platform product (and variant) of which store is this Monogram product."""

    __tablename__ = "platform_refs"
    __table_args__ = (sa.UniqueConstraint("store_id", "platform_product", "platform_variant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    store_id: Mapped[str] = mapped_column(sa.ForeignKey("stores.id"))
    platform_product: Mapped[str] = mapped_column(sa.String(255))
    # Empty string, not NULL, for "every variant", so the unique constraint holds on every database.
    platform_variant: Mapped[str] = mapped_column(sa.String(255), default="")
