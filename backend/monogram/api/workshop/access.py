"""Who is signed in to the workshop portal: its session cookie, CSRF token and page headers."""

import hashlib
import hmac
import secrets
import time

from flask import request, session

from monogram.extensions.db import db
from monogram.models import WorkshopUser
from monogram.services import signing

PREFIX = "/workshop"
# A working shift; after it the worker signs in again.
SESSION_SECONDS = 12 * 3600
# Pages: no script at all, styles and images from the portal only, never inside a frame.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
# PDFs open in the browser's viewer, whose own page a default-src would break: no framing,
# no script, nothing else to restrict in a document that loads nothing.
DOCUMENT_POLICY = "script-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def configure(state):
    """The portal is the only user of Flask's session: its cookie is set for the portal alone."""
    app = state.app
    config = app.config["MONOGRAM"]
    app.config.update(
        SESSION_COOKIE_NAME="monogram_workshop",
        SESSION_COOKIE_PATH=PREFIX,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.PUBLIC_URL.lower().startswith("https://"),
    )
    # On the app, not the blueprint: a 404 or 405 under /workshop gets the headers too.
    app.after_request(_portal_headers)


def _portal_headers(response):
    if request.path != PREFIX and not request.path.startswith(PREFIX + "/"):
        return response
    pdf = response.mimetype == "application/pdf"
    response.headers["Content-Security-Policy"] = DOCUMENT_POLICY if pdf else PAGE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    # Invitation tokens are in URLs; job ids are nobody else's business either.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def _fingerprint(user):
    # A new password ends every session opened with the old one.
    return hashlib.sha256(f"{user.id}\n{user.password_hash}".encode()).hexdigest()[:32]


def current_user():
    """The signed-in portal user, or None when nobody is, or their session has ended."""
    user_id, since = session.get("user"), session.get("since", 0)
    if not isinstance(user_id, str) or time.time() - since > SESSION_SECONDS:
        return None
    user = db.session.get(WorkshopUser, user_id)
    if user is None or user.disabled_at is not None or user.workshop.archived_at is not None:
        return None
    if not hmac.compare_digest(session.get("key", ""), _fingerprint(user)):
        return None
    return user


def sign_in(user):
    lang = session.get("lang")
    session.clear()
    session.update(user=user.id, since=int(time.time()), key=_fingerprint(user))
    # A fresh token: one learnt before sign-in is worth nothing after it.
    session["csrf"] = secrets.token_urlsafe(32)
    if lang:
        session["lang"] = lang


def sign_out():
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def csrf_token():
    """The token every form carries; a form posted from elsewhere cannot know it."""
    if not isinstance(session.get("csrf"), str):
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_valid():
    expected = session.get("csrf")
    given = request.form.get("csrf", "")
    return isinstance(expected, str) and signing.same(expected, given)


def safe_next(target):
    """Where to go after sign-in: a portal path only, never another site."""
    if (
        isinstance(target, str)
        and target.startswith(PREFIX + "/")
        and not target.startswith("//")
        and "\\" not in target
    ):
        return target
    return None
