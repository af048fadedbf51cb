"""Merchants and their stores, created from the command line or the console."""

from monogram.errors import Invalid
from monogram.extensions.db import db
from monogram.models import Asset, Merchant, Store
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


# A logo is drawn on quote PDFs and pages, which take these two kinds of image.
LOGO_TYPES = ("image/png", "image/jpeg")


def get_account(merchant_id):
    return db.session.get(Merchant, merchant_id)


def update_account(merchant_id, fields):
    """Checks everything before changing anything: a refused change leaves the account as it was."""
    from monogram.services.schedule import KNOWN_COUNTRIES

    merchant = get_account(merchant_id)
    errors = []
    if "country" in fields and fields["country"] not in KNOWN_COUNTRIES:
        errors.append({"path": "/country", "message": "No public holidays are known for it."})
    if fields.get("logo"):
        asset = db.session.get(Asset, fields["logo"])
        if asset is None or asset.merchant_id != merchant_id:
            errors.append({"path": "/logo", "message": "No such asset in this account."})
        elif asset.media_type not in LOGO_TYPES:
            errors.append({"path": "/logo", "message": "Upload the logo as a PNG or a JPEG."})
    if errors:
        raise Invalid("These settings were not saved.", errors=errors)
    for name, value in fields.items():
        setattr(merchant, "logo_asset_id" if name == "logo" else name, value)
    db.session.flush()
    return merchant
