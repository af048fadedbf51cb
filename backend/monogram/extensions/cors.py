"""CORS on /v1: the widget calls the API from its store's shop domains, with keys, never cookies."""

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, g, request

from monogram.errors import Forbidden
from monogram.extensions.db import db
from monogram.models import Store, StoreOrigin

API_PREFIX = "/v1/"
ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE"
ALLOW_HEADERS = "Authorization, Content-Type, If-Match, Monogram-Design-Token, Monogram-Customer"
# The widget reads these: ETag for If-Match, Location after a create, Retry-After while waiting.
EXPOSE_HEADERS = "ETag, Location, Retry-After"
# Chromium caps the preflight cache at two hours.
PREFLIGHT_MAX_AGE = "7200"
LOOPBACK = ("localhost", "127.0.0.1", "::1")


def _is_api(path):
    return path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/")


def _origin():
    return request.headers.get("Origin", "").strip()


def _own_origins():
    """The app's own pages (the demo shop, proof pages) call the API from its own origin: its
    public URL's, or, on this machine, whichever loopback name the page was opened with."""
    public = urlsplit(current_app.config["MONOGRAM"].PUBLIC_URL)
    own = {f"{public.scheme}://{public.netloc}".lower()}
    # Only loopback names: another Host could be a name an attacker points at the server.
    if urlsplit(f"//{request.host}").hostname in LOOPBACK:
        own.add(f"{request.scheme}://{request.host}".lower())
    return own


def shop_origin(domain):
    """The one origin a shop domain's pages have: https and the exact host, no port."""
    return f"https://{domain.lower()}"


def _host_of(origin):
    """The host of an https origin with no port or path, or None (http, a port, "null"...)."""
    parts = urlsplit(origin.lower())
    if parts.scheme != "https" or not parts.hostname or parts.port or parts.path or parts.query:
        return None
    return parts.hostname


def _any_store_has(origin):
    host = _host_of(origin)
    listed = sa.select(StoreOrigin.store_id).where(StoreOrigin.origin == origin.lower())
    if host is not None:
        listed = listed.union_all(sa.select(Store.id).where(Store.domain == host))
    try:
        found = db.session.scalar(listed.limit(1))
    except sa.exc.SQLAlchemyError:
        # The database is down: the answer is already an error envelope; keep it, without CORS.
        db.session.rollback()
        return False
    return found is not None


def _allowed_anywhere(origin):
    return origin.lower() in _own_origins() or _any_store_has(origin)


def check_origin(caller):
    """A publishable key answers only pages of its own store's shop: else a 403 that says why.

    Called once the key is known. Without an Origin header the caller is not a browser page,
    so there is nothing to check.
    """
    origin = _origin()
    if not origin:
        return
    # The refusal itself is readable by the page, so the widget can show what to fix.
    g.cors_origin = origin
    if origin.lower() in _own_origins():
        return
    if caller.store_id is not None:
        stores = [db.session.get(Store, caller.store_id)]
    else:
        stores = db.session.scalars(sa.select(Store).where(Store.merchant_id == caller.merchant_id))
    allowed = set()
    for store in stores:
        if store is not None:
            allowed.add(shop_origin(store.domain))
            allowed.update(row.origin for row in store.origins)
    if origin.lower() in allowed:
        return
    where = f"/v1/stores/{caller.store_id}" if caller.store_id else "/v1/stores/{store_id}"
    raise Forbidden(
        f"The origin {origin} is not one of this key's shop domains. Add it to the store's "
        f"allowed_origins (PATCH {where}), connect that shop as a store in the console "
        "(Stores page), or use the publishable key of the store it belongs to.",
        errors=[{"path": "/headers/Origin", "message": f"{origin} is not allowed for this key."}],
    )


def init_app(app):
    @app.before_request
    def answer_preflight():
        if (
            request.method != "OPTIONS"
            or "Access-Control-Request-Method" not in request.headers
            or not _is_api(request.path)
        ):
            return None
        # Answered before routing or auth: a preflight carries no key and only asks "may I".
        # Which key follows is unknown, so any store's shop may ask; the request itself is
        # checked against its key's store.
        response = app.response_class(status=204)
        del response.headers["Content-Type"]  # no body
        response.headers["Vary"] = "Origin"
        origin = _origin()
        if not origin or not _allowed_anywhere(origin):
            return response  # no Access-Control-Allow-Origin: the browser refuses the call
        g.cors_origin = origin
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response

    @app.after_request
    def allow_origin(response):
        if not _is_api(request.path) or "Access-Control-Allow-Origin" in response.headers:
            # A route answering every origin (a signed link is its own permission) said so.
            return response
        response.vary.add("Origin")
        origin = g.get("cors_origin")
        if origin is None:
            # No publishable key was checked (no key, a bad one, a secret key, a public file):
            # a shop of any store may read the answer, an error envelope included.
            found = _origin()
            origin = found if found and _allowed_anywhere(found) else None
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        return response
