"""Credentials Monogram must keep readable (platform access tokens), encrypted at rest."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app


def _fernet():
    # A key of its own, derived from the app secret, so tokens and signed links never share one.
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    key = hashlib.sha256(b"monogram platform tokens\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value):
    return _fernet().encrypt(value.encode()).decode()


def unseal(sealed):
    """The value, or None when it was sealed with another secret (rotated or foreign)."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None
