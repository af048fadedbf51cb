"""Workshops that make the products, their portal users, and the rules that dispatch jobs."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, UtcDateTime, new_id, utcnow
from monogram.models.product import TECHNIQUES

WORKSHOP_KINDS = ("in_house", "subcontractor")


class Workshop(Base):
    __tablename__ = "workshops"
    __table_args__ = (sa.CheckConstraint(f"kind IN {WORKSHOP_KINDS}", name="kind"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("wsh"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16), default="in_house")
    # Where new jobs are announced; the portal is where they are worked.
    email: Mapped[str | None] = mapped_column(sa.String(320))
    # Where the merchant's other rules match nothing, jobs go here; one per merchant.
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    users: Mapped[list["WorkshopUser"]] = relationship(
        order_by="WorkshopUser.created_at", back_populates="workshop"
    )


class WorkshopUser(Base):
    """A person who signs in to the workshop portal; sees only their workshop's jobs."""

    __tablename__ = "workshop_users"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("wsu"))
    workshop_id: Mapped[str] = mapped_column(sa.ForeignKey("workshops.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    # argon2id; NULL until the user has set a password.
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="users")


class DispatchRule(Base):
    """Send matching jobs to a workshop; a merchant's rules are tried by position, first wins.

    An empty criterion matches anything, so a rule without criteria catches every job.
    """

    __tablename__ = "dispatch_rules"
    __table_args__ = (
        sa.CheckConstraint(f"technique IS NULL OR technique IN {TECHNIQUES}", name="technique"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("dsr"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    workshop_id: Mapped[str] = mapped_column(sa.ForeignKey("workshops.id"))
    product_id: Mapped[str | None] = mapped_column(sa.ForeignKey("products.id"))
    technique: Mapped[str | None] = mapped_column(sa.String(32))
    store_id: Mapped[str | None] = mapped_column(sa.ForeignKey("stores.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship()
