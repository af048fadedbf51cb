"""Installing the Shopify app: the OAuth handshake, and the store it creates or wakes up."""

import logging
import secrets

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from monogram.connectors import shopify, shopify_cart
from monogram.errors import Forbidden, Invalid, Unauthorized, Unavailable
from monogram.extensions.db import db
from monogram.models import Store
from monogram.models.base import utcnow
from monogram.services import signed_prices
from monogram.services.merchants import create_merchant
from monogram.services.secrets_box import seal

log = logging.getLogger(__name__)
STATE_COOKIE = "monogram_shopify_state"
STATE_TTL = 600  # s: the merchant has ten minutes to approve


def _config():
    return current_app.config["MONOGRAM"]


def _serializer():
    return URLSafeTimedSerializer(_config().secret_key(), salt="shopify-oauth-state")


def _verified_shop(args):
    config = _config()
    if not shopify.query_is_authentic(
        args, config.SHOPIFY_API_SECRET, config.SHOPIFY_PREVIOUS_API_SECRET
    ):
        raise Unauthorized("This link is not signed by Shopify; open the app from your admin.")
    shop = (args.get("shop") or "").lower()
    if not shopify.SHOP_DOMAIN.match(shop):
        raise Invalid("The shop must be a name.myshopify.com domain.")
    return shop


def begin(args, redirect_uri):
    """(authorize URL, state cookie value) for a signed install request."""
    shop = _verified_shop(args)
    nonce = secrets.token_urlsafe(24)
    config = _config()
    url = shopify.authorize_url(
        shop, config.SHOPIFY_API_KEY, config.SHOPIFY_SCOPES, redirect_uri, nonce
    )
    return url, _serializer().dumps({"shop": shop, "nonce": nonce})


def finish(args, state_cookie):
    """Check the callback, fetch the token, and keep it sealed on the shop's store."""
    shop = _verified_shop(args)
    try:
        state = _serializer().loads(state_cookie or "", max_age=STATE_TTL)
    except BadSignature:
        raise Forbidden("The install took too long or began elsewhere; start it again.") from None
    if state.get("shop") != shop or not secrets.compare_digest(
        state.get("nonce", ""), args.get("state", "")
    ):
        raise Forbidden("This install answer does not match the install we began; start again.")
    config = _config()
    try:
        token = shopify.exchange_code(
            config.SHOPIFY_ADMIN_URL.format(shop=shop),
            config.SHOPIFY_API_KEY,
            config.SHOPIFY_API_SECRET,
            args.get("code", ""),
        )
    except OSError as error:
        raise Unavailable("Shopify did not answer; try installing again in a minute.") from error
    store = db.session.scalar(
        sa.select(Store).where(Store.platform == "shopify", Store.domain == shop)
    )
    keys = None
    if store is None:
        _, store, keys = create_merchant(shop.split(".")[0], platform="shopify", domain=shop)
    store.access_token_encrypted = seal(token)
    store.installed_at, store.uninstalled_at = utcnow(), None
    db.session.flush()
    _set_up_cart_prices(config.SHOPIFY_ADMIN_URL.format(shop=shop), token, store)
    return store, keys


def _set_up_cart_prices(admin_base, token, store):
    """The cart transform and its key, so carts charge Monogram's price. The install goes on
    without them: carts then charge the catalogue price and intake flags the difference."""
    try:
        shopify_cart.install(admin_base, token, signed_prices.price_key(store.id))
    except (shopify.AdminApiError, KeyError, TypeError) as error:
        log.warning(
            "shop %s: Monogram's prices are not in its cart yet (%s); install the app again",
            store.domain,
            error,
        )
