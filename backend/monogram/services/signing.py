"""Short-lived signed URLs for production files, so a workshop tool can fetch them without a key."""

import hashlib
import hmac
import time

from flask import current_app

from monogram.errors import Forbidden

DOWNLOAD_TTL = 15 * 60  # s: long enough to start a download, short enough that leaks expire


def _signature(path, expires):
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    message = f"{path}\n{expires}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def sign(path, now=None, ttl=DOWNLOAD_TTL):
    """(expires, signature) query values that open path until expires (Unix seconds)."""
    expires = int(now if now is not None else time.time()) + ttl
    return expires, _signature(path, expires)


def same(expected, given):
    """Constant-time equality of a secret we computed and a string anyone can send.

    Compared as bytes: compare_digest refuses str holding non-ASCII letters, which a query
    string or a header may carry, and that would be a 500 instead of a refusal.
    """
    return hmac.compare_digest(
        expected.encode(), (given or "").encode("utf-8", "surrogatepass")
    )


def check(path, expires, signature, now=None):
    if expires is None or not same(_signature(path, expires), signature):
        raise Forbidden("This download link is not valid; ask for a new one from the job.")
    if expires < (now if now is not None else time.time()):
        raise Forbidden("This download link has expired; ask for a new one from the job.")
