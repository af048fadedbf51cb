"""Workshops and the people who sign in to their portal: passwords, lockout and invitations."""

import hashlib
import hmac
import math
import time
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy.exc import IntegrityError

from monogram.errors import Conflict, Forbidden, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import DispatchRule, Merchant, Workshop, WorkshopUser
from monogram.models.base import utcnow
from monogram.services import mailer, signing
from monogram.services.lookup import owned

# Five wrong passwords lock the account for a quarter of an hour: slow enough for a guesser,
# short enough that a worker who mistyped is back before the next job.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 12
INVITE_TTL = 7 * 24 * 3600  # s
# Countries whose workshops get their e-mails in French.
FRENCH_SPEAKING = ("FR", "BE", "LU", "MC", "CH", "CA", "MA", "TN", "SN", "CI")
_hasher = PasswordHasher()
# Checked when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def list_workshops(merchant_id):
    query = sa.select(Workshop).where(
        Workshop.merchant_id == merchant_id, Workshop.archived_at.is_(None)
    )
    return db.session.scalars(query.order_by(Workshop.created_at)).all()


def get_workshop(merchant_id, workshop_id):
    return owned(Workshop, workshop_id, merchant_id)


def create_workshop(merchant_id, fields):
    workshop = Workshop(merchant_id=merchant_id)
    db.session.add(workshop)
    return update_workshop(workshop, fields)


def update_workshop(workshop, fields):
    for name in ("name", "kind", "email"):
        if name in fields:
            setattr(workshop, name, fields[name])
    if fields.get("is_default"):
        # One default per merchant: the new one takes the place of the old.
        for other in list_workshops(workshop.merchant_id):
            if other is not workshop:
                other.is_default = False
        workshop.is_default = True
    elif "is_default" in fields:
        workshop.is_default = False
    db.session.flush()
    return workshop


def archive_workshop(workshop):
    """Archived workshops get no new jobs; the jobs they hold stay theirs."""
    workshop.archived_at, workshop.is_default = utcnow(), False
    rules = db.session.scalars(
        sa.select(DispatchRule).where(DispatchRule.workshop_id == workshop.id)
    )
    for rule in rules:
        db.session.delete(rule)


def check_password(password):
    if len(password or "") < MIN_PASSWORD:
        raise Invalid(
            f"Choose a password of at least {MIN_PASSWORD} characters.",
            errors=[{"path": "/password", "message": f"At least {MIN_PASSWORD} characters."}],
        )
    return password


def add_user(workshop, email, name="", password=None):
    """A portal user; without a password they are e-mailed an invitation to choose one."""
    user = WorkshopUser(workshop_id=workshop.id, email=email.strip().lower(), name=name or "")
    if password is not None:
        user.password_hash = _hasher.hash(check_password(password))
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        raise Conflict(f"{email} already has a workshop portal account.") from None
    if password is None:
        send_invite(user)
    return user


def get_user(workshop, user_id):
    user = db.session.get(WorkshopUser, user_id) if isinstance(user_id, str) else None
    if user is None or user.workshop_id != workshop.id:
        raise NotFound(f"No user {user_id!r} in workshop {workshop.id}.")
    return user


def disable_user(user):
    user.disabled_at = utcnow()


def set_password(user, password):
    user.password_hash = _hasher.hash(check_password(password))
    user.failed_logins, user.locked_until = 0, None


def authenticate(email, password, now=None):
    """The portal user with these credentials; Forbidden with a reason a person can act on."""
    now = now or utcnow()
    user = db.session.scalar(
        sa.select(WorkshopUser).where(WorkshopUser.email == (email or "").strip().lower())
    )
    if user is None or user.password_hash is None or user.disabled_at is not None:
        _verify(_DUMMY_HASH, password)
        raise Forbidden("Wrong e-mail or password.")
    if user.locked_until is not None and user.locked_until > now:
        raise Forbidden(_locked_message(user, now))
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
            db.session.commit()
            raise Forbidden(_locked_message(user, now))
        db.session.commit()
        raise Forbidden("Wrong e-mail or password.")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
    workshop = user.workshop
    if workshop.archived_at is not None:
        raise Forbidden("This workshop is closed; ask the merchant who invited you.")
    return user


def _locked_message(user, now):
    minutes = max(1, math.ceil((user.locked_until - now).total_seconds() / 60))
    return (
        f"Too many wrong passwords: this account is locked for {minutes} minutes. "
        "Wait, or ask the merchant to send you a new invitation."
    )


def _verify(password_hash, password):
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def _invite_signature(user_id, expires, password_hash):
    # The current password hash is signed in: once the password is set, the link stops working.
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    message = f"workshop-invite\n{user_id}\n{expires}\n{password_hash or ''}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def invite_token(user, now=None):
    expires = int(now if now is not None else time.time()) + INVITE_TTL
    return f"{user.id}.{expires}.{_invite_signature(user.id, expires, user.password_hash)}"


def user_for_invite(token, now=None):
    """The user an invitation (or password reset) link is for; NotFound when it is not valid."""
    user_id, _, rest = (token or "").partition(".")
    expires, _, signature = rest.partition(".")
    user = db.session.get(WorkshopUser, user_id) if user_id else None
    # isdigit() alone lets through digits such as "²" that int() refuses.
    readable = expires.isascii() and expires.isdigit()
    if user is None or not readable or user.disabled_at is not None:
        raise NotFound("This invitation link is not valid.")
    expected = _invite_signature(user.id, int(expires), user.password_hash)
    if not signing.same(expected, signature):
        raise NotFound("This invitation link is not valid, or was already used.")
    if int(expires) < (now if now is not None else time.time()):
        raise NotFound("This invitation link has expired; ask the merchant for a new one.")
    return user


def workshop_locale(merchant_id):
    """Workshops have no language of their own: the merchant's country decides."""
    merchant = db.session.get(Merchant, merchant_id)
    return "fr" if merchant.country in FRENCH_SPEAKING else "en"


def send_invite(user, locale=None):
    base = current_app.config["MONOGRAM"].PUBLIC_URL.rstrip("/")
    mailer.send_template(
        user.email,
        "workshop_invite",
        locale or workshop_locale(user.workshop.merchant_id),
        workshop_name=user.workshop.name,
        invite_url=f"{base}/workshop/welcome/{invite_token(user)}",
        expires_days=INVITE_TTL // 86400,
    )
