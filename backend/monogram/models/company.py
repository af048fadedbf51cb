"""B2B customer companies: who approves their proofs after the buyer."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from monogram.models.base import Base, UtcDateTime, new_id, utcnow


class Company(Base):
    """A buyer's company, matched to orders by its platform id or, failing that, its name."""

    __tablename__ = "companies"
    __table_args__ = (sa.UniqueConstraint("merchant_id", "name"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("cmp"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    platform_company_id: Mapped[str | None] = mapped_column(sa.String(100))
    # The manager who approves proofs after the buyer, for products in customer_then_manager.
    manager_email: Mapped[str | None] = mapped_column(sa.String(320))
    manager_name: Mapped[str | None] = mapped_column(sa.String(200))
    locale: Mapped[str | None] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
