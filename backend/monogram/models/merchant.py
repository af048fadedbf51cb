"""Merchants, their stores on each platform, and their API keys."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, Json, UtcDateTime, new_id, utcnow

PLATFORMS = ("shopify", "prestashop", "magento", "custom")
KEY_KINDS = ("secret", "publishable")
STORE_ROLES = ("main", "brand")


class Merchant(Base):
    __tablename__ = "merchants"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("mer"))
    name: Mapped[str] = mapped_column(sa.String(200))
    # Whose public holidays are not working days when due dates are counted (ISO 3166 alpha-2).
    country: Mapped[str] = mapped_column(sa.String(2), default="FR", server_default="FR")
    # A proof still undecided this long after it was sent is sent again as a reminder; 0: never.
    proof_reminder_hours: Mapped[int] = mapped_column(default=48, server_default="48")
    # Days a quote stays open to acceptance, counted from the day it is made.
    quote_validity_days: Mapped[int] = mapped_column(default=30, server_default="30")
    # Where the merchant hears of new quote requests; none: the console only.
    notification_email: Mapped[str | None] = mapped_column(sa.String(320))
    # An uploaded image (ast_…) printed on quotes. No foreign key: assets already point here.
    logo_asset_id: Mapped[str | None] = mapped_column(sa.String(32))
    # Retention of shoppers' data, enforced daily; none: kept until erased by hand.
    # A design never ordered nor quoted, untouched this many days, is erased.
    abandoned_design_days: Mapped[int | None]
    # An upload no order, quote or merchant resource uses, this many days old, is erased.
    unused_upload_days: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    stores: Mapped[list["Store"]] = relationship(
        back_populates="merchant", order_by="Store.created_at"
    )


class Store(Base):
    """One shop front of a merchant on one platform (a main store, or a brand store)."""

    __tablename__ = "stores"
    __table_args__ = (
        sa.UniqueConstraint("platform", "domain"),
        sa.CheckConstraint(f"platform IN {PLATFORMS}", name="platform"),
        sa.CheckConstraint(f"role IN {STORE_ROLES}", name="role"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("sto"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # A brand store (a franchise network, a key account) sees what is shared with it.
    role: Mapped[str] = mapped_column(sa.String(16), default="main", server_default="main")
    # A brand store's charter, enforced on its designs when set:
    # {"fonts": bool (only fonts limited to the store), "palette": [{"name", "color"}],
    #  "logo": {"asset": "ast_…", "area": "front", "x", "y", "width", "height"}}.
    charter: Mapped[dict | None] = mapped_column(Json)
    platform: Mapped[str] = mapped_column(sa.String(16))
    domain: Mapped[str] = mapped_column(sa.String(255))
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
    # Platform webhook secrets; the previous one stays valid during a rotation window.
    webhook_secret: Mapped[str | None] = mapped_column(sa.String(255))
    previous_webhook_secret: Mapped[str | None] = mapped_column(sa.String(255))
    webhook_secret_rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Shopify Admin API token from the OAuth install, encrypted with the app's key (Fernet).
    access_token_encrypted: Mapped[str | None] = mapped_column(sa.Text)
    installed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    uninstalled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    merchant: Mapped[Merchant] = relationship(back_populates="stores")


class ApiKey(Base):
    """A secret (sk_…) or publishable (pk_…) key; only its SHA-256 is kept."""

    __tablename__ = "api_keys"
    __table_args__ = (sa.CheckConstraint(f"kind IN {KEY_KINDS}", name="kind"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("key"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    store_id: Mapped[str | None] = mapped_column(sa.ForeignKey("stores.id"))
    kind: Mapped[str] = mapped_column(sa.String(16))
    # The first characters, shown in lists so an admin can tell keys apart.
    display_prefix: Mapped[str] = mapped_column(sa.String(16))
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class StoreLimit(Base):
    """Limits a shareable resource (template, font, media collection, price list) to a store.

    A resource with no row is shared with all of its merchant's stores.
    """

    __tablename__ = "store_limits"

    resource_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    store_id: Mapped[str] = mapped_column(
        sa.ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Erasure(Base):
    """A customer's data erased (GDPR art. 17) or expired: who, when and how much, never whom."""

    __tablename__ = "privacy_erasures"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    # "console:<user id>" for a request carried out by hand, "retention" for the daily duty.
    actor: Mapped[str] = mapped_column(sa.String(100))
    # {"designs": n, "uploads": n, "files": n, …}: counts only, so the log holds no personal data.
    counts: Mapped[dict] = mapped_column(Json, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
