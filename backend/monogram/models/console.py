"""People who sign in to the merchant console, and their password reset tokens."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monogram.models.base import Base, UtcDateTime, new_id, utcnow

# owner: everything, users and keys; designer: products, templates, fonts, media;
# operator: orders, proofs, jobs.
CONSOLE_ROLES = ("owner", "designer", "operator")


class ConsoleUser(Base):
    """A merchant's admin; sees only their merchant's records, as far as their role allows."""

    __tablename__ = "console_users"
    __table_args__ = (sa.CheckConstraint(f"role IN {CONSOLE_ROLES}", name="role"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=lambda: new_id("cus"))
    merchant_id: Mapped[str] = mapped_column(sa.ForeignKey("merchants.id"), index=True)
    # Kept lower-case: people type their address with whatever capitals they like.
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[str] = mapped_column(sa.String(16))
    # argon2id; NULL until the user has set a password (through a sign-in link).
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PasswordReset(Base):
    """A one-hour, single-use link to choose a new password; only the token's SHA-256 is kept."""

    __tablename__ = "console_password_resets"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("console_users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[ConsoleUser] = relationship()
