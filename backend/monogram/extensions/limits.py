"""Rate limits on the public endpoints, per publishable key and per address, shared on Redis."""

import hashlib
import time

from flask import current_app, jsonify, render_template, request
from flask_limiter import Limit, Limiter
from flask_limiter.errors import RateLimitExceeded

from monogram.extensions.api import envelope

# Which limits an endpoint falls under: endpoint → (methods, group). The group names the
# RATE_LIMIT_<GROUP>_PER_KEY and RATE_LIMIT_<GROUP>_PER_ADDRESS settings.
GROUPS = {
    "prices.PriceQuote": ({"POST"}, "QUOTE"),
    "designs.Designs": ({"POST"}, "DESIGN"),
    "designs.DesignById": ({"PUT"}, "DESIGN"),
    "assets.Assets": ({"POST"}, "UPLOAD"),
    # Proof and quote links: the buyer's actions, and the pages, so tokens cannot be guessed fast.
    "proof.show": ({"GET"}, "LINK_PAGE"),
    "proof.edit": ({"GET"}, "LINK_PAGE"),
    "proof.approve": ({"POST"}, "LINK_PAGE"),
    "proof.changes": ({"POST"}, "LINK_PAGE"),
    "proof.revise": ({"POST"}, "LINK_PAGE"),
    "quote_page.show": ({"GET"}, "LINK_PAGE"),
    "quote_page.accept": ({"POST"}, "LINK_PAGE"),
    "console.signin_post": ({"POST"}, "SIGNIN"),
    "workshop.signin_post": ({"POST"}, "SIGNIN"),
    "workshop.welcome": ({"POST"}, "SIGNIN"),
    "console.reset_request_post": ({"POST"}, "RESET"),
    "console.reset_post": ({"POST"}, "RESET"),
    # Shops' order reports: Shopify's webhooks, PrestaShop's and Magento's calls to /v1/orders.
    "webhooks.shopify": ({"POST"}, "SHOP_ORDER"),
    "orders.Orders": ({"POST"}, "SHOP_ORDER"),
}
MESSAGES = {
    "QUOTE": "Too many price quotes",
    "DESIGN": "Too many design saves",
    "UPLOAD": "Too many uploads",
    "LINK_PAGE": "Too many requests for proof and quote links",
    "SIGNIN": "Too many sign-in attempts",
    "RESET": "Too many password reset requests",
    "SHOP_ORDER": "Too many order reports",
}

# People, not programs, send these: they get a page in their language rather than JSON.
PAGE_GROUPS = {"LINK_PAGE", "SIGNIN", "RESET"}
PAGE_TEXTS = {
    "en": {
        "title": "Too many attempts",
        "text": "Too many attempts came from your connection. Wait {wait} seconds, then "
        "go back and try again.",
    },
    "fr": {
        "title": "Trop de tentatives",
        "text": "Trop de tentatives sont venues de votre connexion. Attendez {wait} secondes, "
        "puis revenez en arrière et réessayez.",
    },
}


def _group():
    found = GROUPS.get(request.endpoint or "")
    if found is None or request.method not in found[0]:
        return None
    return found[1]


def _bearer():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _key():
    # A digest: the counters in Redis never hold a key itself.
    return hashlib.sha256(_bearer().encode()).hexdigest()[:32]


def _address():
    return request.remote_addr or "unknown"


def _setting(group, per):
    return getattr(current_app.config["MONOGRAM"], f"RATE_LIMIT_{group}_PER_{per}", "")


def _per_key():
    group = _group()
    return _setting(group, "KEY") if group and _bearer() else ""


def _per_address():
    # A request with a key counts against its key only: one counter, one Redis call, per request
    # (the second one cost a sixth of a quote's time under load). The address limits the rest.
    group = _group()
    if not group or _per_key():
        return ""
    return _setting(group, "ADDRESS")


def _message():
    return f"{MESSAGES.get(_group(), 'Too many requests')}; try again after Retry-After seconds."


def _too_many(error):
    breached = current_app.extensions["monogram_limiter"].current_limit
    try:
        reset_at = breached.reset_at
    except Exception:  # the counters' store went away since the count: a second will do
        reset_at = time.time() + 1
    wait = max(1, int(reset_at - time.time()))
    if _group() in PAGE_GROUPS:
        lang = request.args.get("lang") or request.accept_languages.best_match(["en", "fr"])
        words = PAGE_TEXTS.get(lang, PAGE_TEXTS["en"])
        page = render_template(
            "public/too_many.html",
            lang=lang if lang in PAGE_TEXTS else "en",
            title=words["title"],
            text=words["text"].format(wait=wait),
        )
        response = current_app.response_class(page, mimetype="text/html")
    else:
        response = jsonify(envelope(429, error.description))
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def init_app(app):
    config = app.config["MONOGRAM"]
    limiter = Limiter(
        _address,
        default_limits=[
            Limit(_per_key, key_function=_key, scope="key", error_message=_message),
            Limit(_per_address, key_function=_address, scope="address", error_message=_message),
        ],
        # One request, one counter increment per limit: the cheapest strategy on Redis.
        strategy="fixed-window",
        storage_uri=config.REDIS_URL or "memory://",
        key_prefix="monogram-limits",
        # Counting only: X-RateLimit headers would cost a Redis read on every answer.
        headers_enabled=False,
        # Redis down is no reason to refuse shoppers: count in memory until it is back.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
    )
    limiter.init_app(app)
    app.extensions["monogram_limiter"] = limiter
    # More specific than flask-smorest's HTTPException handler: the envelope with Retry-After.
    app.register_error_handler(RateLimitExceeded, _too_many)
