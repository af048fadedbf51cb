"""Who is signed in to the console: its own signed cookie, CSRF token, roles and page headers."""

import hashlib
import hmac
import secrets
import time

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from monogram.extensions.db import db
from monogram.models import ConsoleUser
from monogram.services import signing

PREFIX = "/console"
COOKIE = "monogram_console"
# A working day; after it the admin signs in again.
SESSION_SECONDS = 12 * 3600
# Pages: scripts and styles from the console only (no inline script), never inside a frame.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def configure(state):
    """Flask's session belongs to the workshop portal: the console keeps a cookie of its own."""
    app = state.app
    # On the app, not the blueprint: a 404 or 405 under /console gets the headers too.
    app.after_request(_console_headers)


def page_policy(policy):
    """This response only gets `policy` instead of PAGE_POLICY (a page hosting the editor)."""
    g.page_policy = policy


def _under_console():
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def _console_headers(response):
    if not _under_console():
        return response
    response.headers["Content-Security-Policy"] = g.get("page_policy", PAGE_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    # Reset tokens are in URLs; nothing of the console is anybody else's business.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "private, no-store")
    if g.get("console_dirty"):
        _write(response)
    return response


def _serializer():
    secret = current_app.config["MONOGRAM"].secret_key()
    return URLSafeTimedSerializer(secret, salt="monogram-console-session")


def state():
    """This visit's cookie as a dict: user, fingerprint, since, csrf, lang, flash."""
    if "console_state" not in g:
        found = {}
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                found = _serializer().loads(raw, max_age=SESSION_SECONDS)
            except BadSignature:  # a forged, altered or expired cookie: start afresh
                found = {}
        g.console_state = found if isinstance(found, dict) else {}
    return g.console_state


def _change(**values):
    current = state()
    for name, value in values.items():
        if value is None:
            current.pop(name, None)
        else:
            current[name] = value
    g.console_dirty = True


def _write(response):
    config = current_app.config["MONOGRAM"]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(state()),
        max_age=SESSION_SECONDS,
        path=PREFIX,
        httponly=True,
        samesite="Lax",
        secure=config.PUBLIC_URL.lower().startswith("https://"),
    )


def _fingerprint(user):
    # A new password ends every session opened with the old one.
    return hashlib.sha256(f"{user.id}\n{user.password_hash}".encode()).hexdigest()[:32]


def current_user():
    """The signed-in console user, or None when nobody is, or their session has ended."""
    if "console_user" in g:
        return g.console_user
    current, user = state(), None
    user_id, since = current.get("user"), current.get("since", 0)
    fresh = isinstance(since, int) and time.time() - since <= SESSION_SECONDS
    if isinstance(user_id, str) and fresh:
        found = db.session.get(ConsoleUser, user_id)
        if (
            found is not None
            and found.disabled_at is None
            and found.password_hash is not None
            and hmac.compare_digest(str(current.get("key", "")), _fingerprint(found))
        ):
            user = found
    g.console_user = user
    return user


def sign_in(user):
    # A fresh token: one learnt before sign-in is worth nothing after it.
    _change(
        user=user.id, since=int(time.time()), key=_fingerprint(user), csrf=secrets.token_urlsafe(32)
    )
    g.console_user = user


def sign_out():
    _change(user=None, since=None, key=None, csrf=secrets.token_urlsafe(32))
    g.console_user = None


def csrf_token():
    """The token every form carries; a form posted from elsewhere cannot know it."""
    token = state().get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        _change(csrf=token)
    return token


def csrf_valid():
    expected = state().get("csrf")
    given = request.form.get("csrf", "")
    return isinstance(expected, str) and signing.same(expected, given)


def language():
    return state().get("lang")


def keep_language(lang):
    if state().get("lang") != lang:
        _change(lang=lang)


def flash(key):
    """A message for the next page, kept in the console's cookie (Flask's is the portal's)."""
    _change(flash=key)


def take_flash():
    key = state().get("flash")
    if key is not None:
        _change(flash=None)
    return key


def safe_next(target):
    """Where to go after sign-in: a console path only, never another site."""
    if (
        isinstance(target, str)
        and target.startswith(PREFIX + "/")
        and not target.startswith("//")
        and "\\" not in target
    ):
        return target
    return None
