"""Orders reported by shops, their lines, and the webhook deliveries already handled."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow
from monogram.models.design import DesignVersion

ORDER_STATUSES = ("open", "cancelled")
# accepted: produced; flagged: the design could not be trusted, shown to the merchant, never made;
# plain: a line without personalisation.
LINE_STATUSES = ("accepted", "flagged", "plain")


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        sa.UniqueConstraint("store_id", "platform_order_id"),
        sa.CheckConstraint(f"status IN {ORDER_STATUSES}", name="status"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("ord"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    store_id: Mapped[str] = mapped_column(sa.ForeignKey("stores.id"))
    platform_order_id: Mapped[str] = mapped_column(sa.String(100))
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
    customer_platform_id: Mapped[str | None] = mapped_column(sa.String(100))
    customer_email: Mapped[str | None] = mapped_column(sa.String(320))
    customer_company: Mapped[str | None] = mapped_column(sa.String(200))
    customer_company_id: Mapped[str | None] = mapped_column(sa.String(100))
    customer_name: Mapped[str | None] = mapped_column(sa.String(200))
    # The customer's language as the shop knows it ("fr", "en-GB"): e-mails and pages follow it.
    locale: Mapped[str | None] = mapped_column(sa.String(16))
    # Name, company, lines, city, zip, country code, phone: for the packing slip; personal data.
    shipping_address: Mapped[dict | None] = mapped_column(Json)
    status: Mapped[str] = mapped_column(sa.String(16), default="open")
    source: Mapped[str] = mapped_column(sa.String(16), default="api")
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    lines: Mapped[list["OrderLine"]] = relationship(
        order_by="OrderLine.position", cascade="all, delete-orphan", back_populates="order"
    )


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (sa.CheckConstraint(f"status IN {LINE_STATUSES}", name="status"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("oln"))
    order_id: Mapped[str] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    platform_line_id: Mapped[str] = mapped_column(sa.String(100), default="")
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    quantity: Mapped[int] = mapped_column(default=1)
    platform_product: Mapped[str] = mapped_column(sa.String(100), default="")
    platform_variant: Mapped[str] = mapped_column(sa.String(100), default="")
    design_id: Mapped[str | None] = mapped_column(sa.ForeignKey("designs.id"))
    # The version the shopper ordered, frozen: later edits of the design never change the order.
    design_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("design_versions.id"))
    status: Mapped[str] = mapped_column(sa.String(16), default="plain")
    flag_reason: Mapped[str | None] = mapped_column(sa.Text)
    job_id: Mapped[str | None] = mapped_column(sa.ForeignKey("production_jobs.id"))
    # Set once the shop has recorded the shipment of this line (its fulfillment id there).
    fulfilled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    platform_fulfillment_id: Mapped[str | None] = mapped_column(sa.String(200))
    # What the platform charged against what Monogram quotes: {"quoted", "charged", "currency",
    # "status": ok | mismatch | unquoted}; null when the shop sent no price.
    price_check: Mapped[dict | None] = mapped_column(Json)

    order: Mapped[Order] = relationship(back_populates="lines")
    design_version: Mapped[DesignVersion | None] = relationship()


class WebhookDelivery(Base):
    """A platform webhook already received, so a redelivery is recognised and dropped."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.UniqueConstraint("source", "delivery_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(16))
    delivery_id: Mapped[str] = mapped_column(sa.String(200))
    topic: Mapped[str] = mapped_column(sa.String(100))
    shop_domain: Mapped[str] = mapped_column(sa.String(255))
    payload: Mapped[dict] = mapped_column(Json)
    # pending → done, or failed with the error; jobs take the delivery id and are idempotent.
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    error: Mapped[str | None] = mapped_column(sa.Text)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
