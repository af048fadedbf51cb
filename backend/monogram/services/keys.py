"""API keys and design tokens: minted once, shown once, stored as SHA-256."""

import hashlib
import hmac
import secrets

import sqlalchemy as sa

from monogram.errors import NotFound
from monogram.extensions.db import db
from monogram.models import ApiKey
from monogram.models.base import utcnow

PREFIXES = {"secret": "sk_", "publishable": "pk_"}


def digest(token):
    # Tokens carry 256 random bits, so a fast hash is as safe as a slow one (argon2 is for
    # passwords, which people choose) and costs nothing per request.
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(token, stored_digest):
    return hmac.compare_digest(digest(token), stored_digest)


def issue_key(merchant_id, kind, store_id=None, label=""):
    """Create a key and return (row, plaintext); the plaintext is never stored."""
    token = PREFIXES[kind] + secrets.token_urlsafe(32)
    key = ApiKey(
        merchant_id=merchant_id,
        store_id=store_id,
        kind=kind,
        display_prefix=token[:10],
        secret_hash=digest(token),
        label=label,
    )
    db.session.add(key)
    db.session.flush()
    return key, token


# Asked on every API request: built once, and only the columns a caller needs.
_ACTIVE_KEY = sa.select(ApiKey.id, ApiKey.merchant_id, ApiKey.store_id, ApiKey.kind).where(
    ApiKey.secret_hash == sa.bindparam("digest"), ApiKey.revoked_at.is_(None)
)


def find_active_key(token):
    """The key's id, merchant_id, store_id and kind; None when unknown or revoked."""
    if not token.startswith(tuple(PREFIXES.values())) or len(token) > 200:
        return None
    return db.session.execute(_ACTIVE_KEY, {"digest": digest(token)}).first()


def revoke_key(merchant_id, display_prefix):
    key = db.session.scalar(
        sa.select(ApiKey).where(
            ApiKey.merchant_id == merchant_id,
            ApiKey.display_prefix == display_prefix,
            ApiKey.revoked_at.is_(None),
        )
    )
    if key is None:
        raise NotFound(f"No active key starting {display_prefix!r} for this merchant.")
    key.revoked_at = utcnow()
    return key


def new_design_token():
    return "dt_" + secrets.token_urlsafe(32)
