"""Console users: accounts, passwords (argon2), lockout, and password reset links."""

import hashlib
import math
import secrets
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy.exc import IntegrityError

from monogram.errors import Conflict, Forbidden, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import ConsoleUser, Merchant, PasswordReset
from monogram.models.base import utcnow
from monogram.models.console import CONSOLE_ROLES
from monogram.services import mailer

# Five wrong passwords lock the account for a quarter of an hour: slow for a guesser, short for
# an owner who mistyped.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
RESET_TTL = timedelta(hours=1)
# Countries whose merchants get their console e-mails in French when they chose no language.
FRENCH_SPEAKING = ("FR", "BE", "LU", "MC", "CH", "CA", "MA", "TN", "SN", "CI")
_hasher = PasswordHasher()
# Checked when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


class Locked(Forbidden):
    """Refused because of the lockout; `until` says when the account opens again."""

    def __init__(self, until, now):
        self.until = until
        self.minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        super().__init__(
            f"Too many wrong passwords: sign-in is locked for {self.minutes} minutes. "
            "Wait, or reset your password by e-mail."
        )


def check_password(password):
    if len(password or "") < MIN_PASSWORD:
        raise Invalid(
            f"Choose a password of at least {MIN_PASSWORD} characters.",
            errors=[{"path": "/password", "message": f"At least {MIN_PASSWORD} characters."}],
        )
    return password


def create_user(merchant_id, email, role, name="", password=None):
    """A new console user; without a password they choose one through a sign-in link."""
    if not isinstance(merchant_id, str) or db.session.get(Merchant, merchant_id) is None:
        raise NotFound(f"No merchant with id {merchant_id!r}.")
    if role not in CONSOLE_ROLES:
        raise Invalid(f"The role must be one of {', '.join(CONSOLE_ROLES)}, not {role!r}.")
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 320:
        raise Invalid(f"{email!r} is not an e-mail address.")
    user = ConsoleUser(merchant_id=merchant_id, email=email, name=name, role=role)
    if password is not None:
        user.password_hash = _hasher.hash(check_password(password))
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(f"A console user with the e-mail {email} already exists.") from None
    return user


def set_password(user, password):
    user.password_hash = _hasher.hash(check_password(password))
    user.failed_logins, user.locked_until = 0, None


def find_by_email(email):
    return db.session.scalar(
        sa.select(ConsoleUser).where(ConsoleUser.email == (email or "").strip().lower())
    )


def authenticate(email, password, now=None):
    """The user with these credentials, or Forbidden (Locked during a lockout).

    A locked account is refused in the same words whether or not the e-mail exists, so the
    lockout tells a guesser nothing about which addresses have accounts.
    """
    now = now or utcnow()
    user = find_by_email(email)
    if user is None or user.password_hash is None or user.disabled_at is not None:
        _verify(_DUMMY_HASH, password)
        raise Forbidden("Wrong e-mail or password.")
    if user.locked_until is not None and user.locked_until > now:
        raise Locked(user.locked_until, now)
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
            db.session.commit()
            raise Locked(user.locked_until, now)
        db.session.commit()
        raise Forbidden("Wrong e-mail or password.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    return user


def _verify(password_hash, password):
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def _digest(token):
    # 256 random bits: a fast hash is enough, and a stolen table gives no working link.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset(user, now=None):
    """A new reset token for the user (plaintext, returned once); it works once, for an hour."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user_id=user.id, token_hash=_digest(token), expires_at=(now or utcnow()) + RESET_TTL
        )
    )
    db.session.flush()
    return token


def reset_for(token, now=None):
    """The unused, unexpired reset of this token; NotFound otherwise."""
    now = now or utcnow()
    reset = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == _digest(token or ""))
    )
    if reset is None or reset.used_at is not None or reset.user.disabled_at is not None:
        raise NotFound("This link is not valid, or was already used.")
    if reset.expires_at <= now:
        raise NotFound("This link has expired.")
    return reset


def use_reset(reset, password, now=None):
    """Set the new password and spend the link; a new password also ends the lockout."""
    set_password(reset.user, password)
    reset.used_at = now or utcnow()
    return reset.user


def reset_url(token):
    base = current_app.config["MONOGRAM"].PUBLIC_URL.rstrip("/")
    return f"{base}/console/reset/{token}"


def merchant_locale(merchant_id):
    merchant = db.session.get(Merchant, merchant_id)
    return "fr" if merchant.country in FRENCH_SPEAKING else "en"


def send_reset(email, locale=None):
    """Mail a reset link when the e-mail has an account; say nothing either way."""
    user = find_by_email(email)
    if user is None or user.disabled_at is not None:
        return None
    merchant = db.session.get(Merchant, user.merchant_id)
    return mailer.send_template(
        user.email,
        "console_reset",
        locale or merchant_locale(user.merchant_id),
        merchant_name=merchant.name,
        reset_url=reset_url(issue_reset(user)),
        expires_minutes=int(RESET_TTL.total_seconds() // 60),
    )


# Console users managed by an owner

# An invitation leaves the new user a few days to choose their password.
INVITE_TTL = timedelta(days=7)


class LastOwner(Invalid):
    """Refused: the change would leave the account without an owner to manage it."""


def list_users(merchant_id):
    return db.session.scalars(
        sa.select(ConsoleUser)
        .where(ConsoleUser.merchant_id == merchant_id)
        .order_by(ConsoleUser.created_at, ConsoleUser.id)
    ).all()


def user_of(merchant_id, user_id):
    user = db.session.get(ConsoleUser, user_id) if isinstance(user_id, str) else None
    if user is None or user.merchant_id != merchant_id:
        raise NotFound(f"No console user with id {user_id!r} in this account.")
    return user


def invite(merchant_id, email, role, locale=None, now=None):
    """A new user without a password, mailed a link to choose one; the link lasts INVITE_TTL."""
    user = create_user(merchant_id, email, role)
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordReset(
            user_id=user.id, token_hash=_digest(token), expires_at=(now or utcnow()) + INVITE_TTL
        )
    )
    db.session.flush()
    merchant = db.session.get(Merchant, merchant_id)
    mailer.send_template(
        user.email,
        "console_invite",
        locale or merchant_locale(merchant_id),
        merchant_name=merchant.name,
        role=role,
        reset_url=reset_url(token),
        expires_days=INVITE_TTL.days,
    )
    return user


def _other_owners(user):
    """Owners besides `user` who can sign in: an invitation nobody took up manages nothing."""
    return db.session.scalar(
        sa.select(sa.func.count(ConsoleUser.id)).where(
            ConsoleUser.merchant_id == user.merchant_id,
            ConsoleUser.role == "owner",
            ConsoleUser.disabled_at.is_(None),
            ConsoleUser.password_hash.is_not(None),
            ConsoleUser.id != user.id,
        )
    )


def change_role(merchant_id, user_id, role):
    user = user_of(merchant_id, user_id)
    if role not in CONSOLE_ROLES:
        raise Invalid(f"The role must be one of {', '.join(CONSOLE_ROLES)}, not {role!r}.")
    if user.role == "owner" and role != "owner" and not _other_owners(user):
        raise LastOwner("The account needs an owner: make someone else owner first.")
    user.role = role
    db.session.flush()
    return user


def remove_user(merchant_id, user_id):
    """Delete the user and their links; their sessions end with the row."""
    user = user_of(merchant_id, user_id)
    if user.role == "owner" and not _other_owners(user):
        raise LastOwner("The account needs an owner: make someone else owner first.")
    db.session.execute(sa.delete(PasswordReset).where(PasswordReset.user_id == user.id))
    db.session.delete(user)
    db.session.flush()
