"""Designs and their immutable versions: what a shopper made, as ordered."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow


class Design(Base):
    __tablename__ = "designs"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("dsn"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    store_id: Mapped[str | None] = mapped_column(sa.ForeignKey("stores.id"))
    product_id: Mapped[str] = mapped_column(sa.ForeignKey("products.id"), index=True)
    # SHA-256 of the design token handed to whoever created the design; only it may change it.
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    version_count: Mapped[int] = mapped_column(default=0)
    # The shop's customer who saved it (from a signed customer reference): their design library.
    customer_ref: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    title: Mapped[str | None] = mapped_column(sa.String(200))
    # A reorder copy remembers the version it was copied from (a plain id: a foreign key here
    # would tie designs and design_versions in a cycle).
    source_version_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    versions: Mapped[list["DesignVersion"]] = relationship(
        order_by="DesignVersion.number", back_populates="design"
    )


class DesignVersion(Base):
    """One saved state of a design; never changed once written, so orders can pin it."""

    __tablename__ = "design_versions"
    __table_args__ = (sa.UniqueConstraint("design_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    design_id: Mapped[str] = mapped_column(sa.ForeignKey("designs.id"))
    number: Mapped[int]
    document: Mapped[dict] = mapped_column(Json)
    etag: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    design: Mapped[Design] = relationship(back_populates="versions")


@sa.event.listens_for(DesignVersion, "before_update")
def _versions_are_immutable(_mapper, _connection, version):
    raise RuntimeError(f"design version {version.design_id}#{version.number} is immutable")
