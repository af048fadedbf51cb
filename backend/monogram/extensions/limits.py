"""Rate limits on the public endpoints, per publishable key and per address, shared on Redis."""

import hashlib
import logging
import time

from flask import current_app, jsonify, render_template, request
from flask_limiter import Limiter
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from monogram.extensions.api import envelope

log = logging.getLogger(__name__)
KEY_PREFIX = "monogram-limits"
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


def _counter(rules, group):
    """Which limits count this request, and under what name: its key's when it carries one
    (one counter, one Redis call), else its address's. (None, None) when nothing limits it."""
    token = _bearer()
    if token and (group, "KEY") in rules:
        # A digest: the counters in Redis never hold a key itself.
        return rules[(group, "KEY")], hashlib.sha256(token.encode()).hexdigest()[:32]
    if (group, "ADDRESS") in rules:
        return rules[(group, "ADDRESS")], request.remote_addr or "unknown"
    return None, None


class Limits:
    """The check before each limited request, on flask-limiter's storage and strategy.

    flask-limiter resolves its limits anew on every request of every route, which cost a sixth of
    a price quote; here the limits are parsed once, and a request outside GROUPS costs one lookup.
    """

    def __init__(self, limiter, rules):
        self.limiter, self.rules = limiter, rules
        # Redis down is no reason to refuse shoppers: count in memory until it is back.
        self.fallback = FixedWindowRateLimiter(MemoryStorage())

    def check(self):
        group = _group()
        if group is None:
            return None
        items, name = _counter(self.rules, group)
        if items is None:
            return None
        identifiers = (KEY_PREFIX, group, name)
        for item in items:
            try:
                counted = self.limiter.limiter.hit(item, *identifiers)
                strategy = self.limiter.limiter
            except Exception as error:  # the storage went away: Redis stopped or unreachable
                log.warning("rate limit counters unavailable, counting in memory: %s", error)
                counted, strategy = self.fallback.hit(item, *identifiers), self.fallback
            if not counted:
                try:
                    reset_at = strategy.get_window_stats(item, *identifiers).reset_time
                except Exception:  # the counters' store went away since the count
                    reset_at = time.time() + 1
                return _too_many(group, max(1, int(reset_at - time.time())))
        return None


def _too_many(group, wait):
    if group in PAGE_GROUPS:
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
        message = f"{MESSAGES[group]}; try again after Retry-After seconds."
        response = jsonify(envelope(429, message))
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def init_app(app):
    config = app.config["MONOGRAM"]
    # No limits of its own (Limits.check counts): flask-limiter keeps the storage and strategy.
    limiter = Limiter(
        lambda: request.remote_addr or "unknown",
        # One request, one counter increment per limit: the cheapest strategy on Redis.
        strategy="fixed-window",
        storage_uri=config.REDIS_URL or "memory://",
        key_prefix=KEY_PREFIX,
        # Counting only: X-RateLimit headers would cost a Redis read on every answer.
        headers_enabled=False,
        swallow_errors=True,
    )
    limiter.init_app(app)
    rules = {}
    for group in MESSAGES:
        for per in ("KEY", "ADDRESS"):
            setting = getattr(config, f"RATE_LIMIT_{group}_PER_{per}", "")
            if setting:
                rules[(group, per)] = parse_many(setting)
    limits = Limits(limiter, rules)
    app.extensions["monogram_limiter"] = limiter
    app.before_request(limits.check)
