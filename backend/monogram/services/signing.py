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


def check(path, expires, signature, now=None):
    if not hmac.compare_digest(_signature(path, expires), signature or ""):
        raise Forbidden("This download link is not valid; ask for a new one from the job.")
    if expires < (now if now is not None else time.time()):
        raise Forbidden("This download link has expired; ask for a new one from the job.")
