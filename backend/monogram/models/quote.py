"""Quotes ("devis"): a priced design sent to a buyer, accepted through a link, then ordered."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

# sent → accepted → ordered; sent → expired (valid_until passed) → sent again once extended;
# withdrawn by the merchant at any point before the order.
QUOTE_STATUSES = ("sent", "accepted", "ordered", "expired", "withdrawn")


class Quote(Base):
    """Amounts are integers of minor units of `currency`, as the live quote gives them.

    lines: [{"kind", "label", "count", "amount"}] per piece, adding up to unit_price.
    adjustments: [{"label", "amount"}] one-off lines on the whole quote (setup fee, discount).
    contact: {"name", "email", "phone"?, "company"?}.
    platform_checkout: {"kind": "draft_order" | "cart_link", "url", "id"?} once accepted.
    """

    __tablename__ = "quotes"
    __table_args__ = (
        sa.UniqueConstraint("merchant_id", "number"),
        sa.CheckConstraint(f"status IN {QUOTE_STATUSES}", name="status"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("quo"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    store_id: Mapped[str] = mapped_column(sa.ForeignKey("stores.id"))
    design_id: Mapped[str] = mapped_column(sa.ForeignKey("designs.id"))
    # The design as quoted: later edits of the design never change what was priced.
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("design_versions.id"))
    # D-2026-0001: per merchant and year; sequence is its counter, kept apart for ordering.
    number: Mapped[str] = mapped_column(sa.String(32))
    sequence: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(16), default="sent")
    revision: Mapped[int] = mapped_column(default=1)
    quantity: Mapped[int]
    variant: Mapped[str | None] = mapped_column(sa.String(255))
    currency: Mapped[str] = mapped_column(sa.String(3))
    lines: Mapped[list] = mapped_column(Json, default=list)
    adjustments: Mapped[list] = mapped_column(Json, default=list)
    unit_price: Mapped[int] = mapped_column(sa.BigInteger)
    total: Mapped[int] = mapped_column(sa.BigInteger)
    tax: Mapped[int] = mapped_column(sa.BigInteger)
    tax_included: Mapped[bool]
    # The store's rate when quoted: a later change of the store's terms does not alter the quote.
    tax_rate: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2, asdecimal=True), default=0)
    contact: Mapped[dict] = mapped_column(Json)
    company_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="SET NULL")
    )
    message: Mapped[str] = mapped_column(sa.Text, default="")
    locale: Mapped[str] = mapped_column(sa.String(2), default="en")
    # The last day the buyer may accept (inclusive).
    valid_until: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    order_id: Mapped[str | None] = mapped_column(sa.ForeignKey("orders.id", ondelete="SET NULL"))
    platform_checkout: Mapped[dict | None] = mapped_column(Json)
    # Changed by the merchant since it was last sent: the buyer waits for the new revision.
    unsent_changes: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Storage key of the current revision's PDF, as e-mailed.
    document_key: Mapped[str | None] = mapped_column(sa.String(255))
