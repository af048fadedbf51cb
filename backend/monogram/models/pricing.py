"""Price rules of products, customer price lists, and each store's currency, tax and rounding."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

# Steps a unit price is rounded to, in major units; "0.99" is the psychological price ending.
ROUNDINGS = ("0.01", "0.05", "0.10", "0.50", "1", "0.99")


class PriceRule(Base):
    """How one product is priced. Amounts are integers of minor units (cents) of the store's
    currency; the tables are JSON because they are read and written whole, never queried.

    base_prices: [{"variant": "" (every variant) or a platform variant id,
                   "tiers": [{"min_quantity": 1, "unit_price": 1200}, …]}]
    surcharges:  {"area" | "text" | "character" | "image" | "ink_colour":
                      {"unit_price": int, "free": int},
                  "square_cm": {"unit_price": "0.5"}  (a decimal string: fractions of a cent),
                  "technique": {technique: int}, "template": {"tpl_…": int}}
    """

    __tablename__ = "price_rules"

    product_id: Mapped[str] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    base_prices: Mapped[list] = mapped_column(Json, default=list)
    surcharges: Mapped[dict] = mapped_column(Json, default=dict)
    # Part of the quote cache's key: a saved rule is seen by the next quote.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class PriceList(Base):
    """A B2B price list: a discount on every price, or its own tiers for some products.

    Given to a company (matched on orders like proofs are) or to a customer group by name.
    prices: {"prd_…": [{"min_quantity": 1, "unit_price": 990}, …]}
    """

    __tablename__ = "price_lists"
    __table_args__ = (
        sa.UniqueConstraint("merchant_id", "name"),
        sa.UniqueConstraint("company_id"),
        sa.UniqueConstraint("merchant_id", "customer_group"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("prl"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Percent off the whole unit price (base and surcharges), e.g. 12.5.
    discount_percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2, asdecimal=True))
    prices: Mapped[dict] = mapped_column(Json, default=dict)
    company_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="SET NULL")
    )
    customer_group: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class StorePricing(Base):
    """How a store shows prices; the currency is the store's own (Store.currency)."""

    __tablename__ = "store_pricing"
    __table_args__ = (sa.CheckConstraint(f"rounding IN {ROUNDINGS}", name="rounding"),)

    store_id: Mapped[str] = mapped_column(
        sa.ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True
    )
    # True where shoppers see prices with tax (most B2C shops in Europe): rules are entered so.
    prices_include_tax: Mapped[bool] = mapped_column(default=True)
    tax_rate: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2, asdecimal=True), default=0)
    rounding: Mapped[str] = mapped_column(sa.String(8), default="0.01")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
