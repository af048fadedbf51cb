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


def find_active_key(token):
    if not token.startswith(tuple(PREFIXES.values())) or len(token) > 200:
        return None
    key = db.session.scalar(sa.select(ApiKey).where(ApiKey.secret_hash == digest(token)))
    if key is None or key.revoked_at is not None:
        return None
    return key


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
