"""The extra web origins a store's shop pages are served from, beside its own domain."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from monogram.models.base import Base
from monogram.models.merchant import Store


class StoreOrigin(Base):
    """One origin (https://www.boutique.example, a Shopify shop's own domain) the store's
    publishable key answers besides https://<store domain>."""

    __tablename__ = "store_origins"

    store_id: Mapped[str] = mapped_column(
        sa.ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True
    )
    # scheme://host[:port], lower case, as a browser sends it in the Origin header.
    origin: Mapped[str] = mapped_column(sa.String(300), primary_key=True, index=True)

    store: Mapped[Store] = relationship(
        backref=backref("origins", cascade="all, delete-orphan", order_by="StoreOrigin.origin")
    )
