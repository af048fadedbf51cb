"""Prices signed for a Shopify cart line, so the shop's cart transform charges what we quoted."""

import hashlib
import hmac

from flask import current_app

VERSION = "mp1"
MAX_QUANTITY = 10**6  # what a quote accepts; the signed range never goes beyond it


def price_key(store_id):
    """The store's own key, written into its app-owned metafield at install: derived, so it
    never needs storing, and one shop's key opens no other shop's prices."""
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    return hmac.new(secret, f"monogram price key\n{store_id}".encode(), hashlib.sha256).hexdigest()


def sign(store_id, design_id, quantities, unit_price, currency):
    """`mp1.<design>.<min>.<max>.<unit price>.<currency>.<hex hmac>` for the cart line's
    `_monogram_price` property: this design, at this unit price, for any quantity in range."""
    low, high = quantities
    signed = f"{VERSION}.{design_id}.{low}.{high}.{unit_price}.{currency}"
    key = price_key(store_id).encode()
    return f"{signed}.{hmac.new(key, signed.encode(), hashlib.sha256).hexdigest()}"
