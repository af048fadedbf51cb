"""Merchants and their stores, created from the command line or the console."""

from monogram.extensions.db import db
from monogram.models import Merchant, Store
from monogram.services.keys import issue_key


def create_merchant(name, store_name=None, platform="custom", domain=None, currency="EUR"):
    """A merchant with one store and its two keys; returns (merchant, store, keys)."""
    merchant = Merchant(name=name)
    db.session.add(merchant)
    db.session.flush()
    store = Store(
        merchant_id=merchant.id,
        name=store_name or name,
        platform=platform,
        domain=domain or f"{merchant.id}.invalid",
        currency=currency,
    )
    db.session.add(store)
    db.session.flush()
    _, secret = issue_key(
        merchant.id, "secret", store_id=store.id, label="created with the merchant"
    )
    _, publishable = issue_key(merchant.id, "publishable", store_id=store.id, label="editor widget")
    return merchant, store, {"secret": secret, "publishable": publishable}
