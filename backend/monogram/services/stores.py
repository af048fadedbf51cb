"""A merchant's stores: the main store, and brand stores with their own keys and charter."""

import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from monogram.errors import Conflict, Invalid
from monogram.extensions.db import db
from monogram.models import Asset, Store, StoreOrigin
from monogram.models.base import utcnow
from monogram.services.keys import issue_key
from monogram.services.lookup import owned
from monogram.services.secrets_box import seal, unseal

# A charter's logo is placed as a vector or an image object.
LOGO_KINDS = ("vector", "raster")


def list_stores(merchant_id):
    return db.session.scalars(
        sa.select(Store).where(Store.merchant_id == merchant_id).order_by(Store.created_at)
    ).all()


def get_store(merchant_id, store_id):
    return owned(Store, store_id, merchant_id)


def create_store(merchant_id, fields):
    """A store with its publishable key; returns (store, key plaintext, shown once)."""
    charter = fields.get("charter")
    if charter:
        _check_charter(merchant_id, charter, fields.get("role", "brand"))
    store = Store(
        merchant_id=merchant_id,
        name=fields["name"],
        platform=fields.get("platform", "custom"),
        domain=fields["domain"].lower(),
        currency=fields.get("currency", "EUR"),
        role=fields.get("role", "brand"),
        charter=charter or None,
    )
    store.origins = _origins(store, fields.get("allowed_origins", []))
    db.session.add(store)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(
            f"A {store.platform} store with the domain {store.domain!r} is already connected.",
            errors=[{"path": "/domain", "message": "Already used."}],
        ) from None
    _, publishable = issue_key(merchant_id, "publishable", store_id=store.id, label="editor widget")
    return store, publishable


def update_store(merchant_id, store_id, fields):
    store = get_store(merchant_id, store_id)
    if fields.get("charter"):
        _check_charter(merchant_id, fields["charter"], fields.get("role", store.role))
    for name in ("name", "role"):
        if name in fields:
            setattr(store, name, fields[name])
    if "charter" in fields:
        store.charter = fields["charter"] or None
    if "allowed_origins" in fields:
        store.origins = _origins(store, fields["allowed_origins"])
    if store.role == "main":
        store.charter = None
    db.session.flush()
    return store


def _origins(store, origins):
    """The store's extra origins as rows: the ones kept stay, so no row is deleted and re-added."""
    current = {row.origin: row for row in store.origins}
    wanted = sorted({origin.lower().rstrip("/") for origin in origins})
    return [current.get(origin) or StoreOrigin(origin=origin) for origin in wanted]


def _check_charter(merchant_id, charter, role):
    if role != "brand":
        raise Invalid(
            "Only a brand store enforces a charter; make it a brand store first.",
            errors=[{"path": "/charter", "message": "Needs role 'brand'."}],
        )
    logo = charter.get("logo")
    if not logo:
        return
    asset = db.session.get(Asset, logo["asset"])
    if asset is None or asset.merchant_id != merchant_id or asset.kind not in LOGO_KINDS:
        raise Invalid(
            "The charter's logo must be one of your uploaded images or SVG logos.",
            errors=[{"path": "/charter/logo/asset", "message": "No such picture in this account."}],
        )


def rotate_webhook_secret(merchant_id, store_id, now=None):
    """A new inbound webhook secret for the store: (store, plaintext, shown once).

    The old secret stops working at once: a rotation asked from the console answers a leak.
    """
    store = get_store(merchant_id, store_id)
    secret = "whsec_" + secrets.token_urlsafe(32)
    store.webhook_secret = seal(secret)
    store.previous_webhook_secret = None
    store.webhook_secret_rotated_at = now or utcnow()
    db.session.flush()
    return store, secret


def webhook_secrets(store):
    """The store's inbound webhook secrets still valid, readable, newest first."""
    sealed = (store.webhook_secret, store.previous_webhook_secret)
    return [secret for secret in (unseal(value) for value in sealed if value) if secret]
