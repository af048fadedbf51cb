"""The media library: collections of clipart a shopper may place on a design."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.asset import Asset
from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow


class MediaCollection(Base):
    __tablename__ = "media_collections"
    __table_args__ = (sa.UniqueConstraint("merchant_id", "name"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("col"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # safety-signs, labels, pictograms, seasonal…
    category: Mapped[str] = mapped_column(sa.String(64), default="")
    # Who drew it and under which terms it may be printed.
    licence: Mapped[str] = mapped_column(sa.Text)
    # Product categories (Product.category) it is offered on; empty: every product.
    product_categories: Mapped[list] = mapped_column(Json, default=list)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    items: Mapped[list["MediaItem"]] = relationship(
        order_by="MediaItem.position", cascade="all, delete-orphan", back_populates="collection"
    )


class MediaItem(Base):
    __tablename__ = "media_items"
    __table_args__ = (sa.UniqueConstraint("collection_id", "asset_id"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("med"))
    collection_id: Mapped[str] = mapped_column(
        sa.ForeignKey("media_collections.id", ondelete="CASCADE"), index=True
    )
    asset_id: Mapped[str] = mapped_column(sa.ForeignKey("assets.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    tags: Mapped[list] = mapped_column(Json, default=list)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    collection: Mapped[MediaCollection] = relationship(back_populates="items")
    asset: Mapped[Asset] = relationship()
