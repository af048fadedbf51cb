"""Which stores see a shared resource: all of the merchant's stores, or only those it is limited to.

Templates, fonts, media collections and price lists are shared with every store unless limited to
some (a brand store's private templates). A brand store that enforces its charter sees only what is
limited to it, plus the fonts of the charter itself.
"""

import sqlalchemy as sa

from monogram.errors import Invalid
from monogram.extensions.db import db
from monogram.models import Store, StoreLimit


def viewpoint(caller):
    """The store whose view a caller has: a publishable key's store; None for a secret key (all)."""
    return None if caller.is_secret else caller.store_id


def charter_of(store_id):
    """The charter a store enforces, or None."""
    if store_id is None:
        return None
    store = db.session.get(Store, store_id)
    return store.charter if store is not None and store.role == "brand" else None


def exclusive_fonts(store_id):
    """Whether the store's charter allows only the fonts limited to it."""
    charter = charter_of(store_id)
    return bool(charter and charter.get("fonts"))


def visible(id_column, store_id, exclusive=False):
    """A SQL condition: the resource in `id_column` is visible from `store_id`.

    `exclusive`: only resources limited to that store (a brand store enforcing its charter).
    """
    if store_id is None:
        return sa.true()
    mine = sa.exists().where(StoreLimit.resource_id == id_column, StoreLimit.store_id == store_id)
    if exclusive:
        return mine
    limited = sa.exists().where(StoreLimit.resource_id == id_column)
    return sa.or_(~limited, mine)


def is_visible(resource_id, store_id, exclusive=False):
    if store_id is None:
        return True
    limits = stores_of([resource_id]).get(resource_id, [])
    if exclusive:
        return store_id in limits
    return not limits or store_id in limits


def stores_of(resource_ids):
    """{resource id: [store ids it is limited to]}; a resource shared with all has no entry."""
    if not resource_ids:
        return {}
    rows = db.session.execute(
        sa.select(StoreLimit.resource_id, StoreLimit.store_id)
        .where(StoreLimit.resource_id.in_(list(resource_ids)))
        .order_by(StoreLimit.store_id)
    )
    found = {}
    for resource_id, store_id in rows:
        found.setdefault(resource_id, []).append(store_id)
    return found


def check_stores(merchant_id, store_ids, path="/stores"):
    """The store ids, each checked to be one of the merchant's stores; raises Invalid otherwise."""
    store_ids = list(dict.fromkeys(store_ids or []))
    if not store_ids:
        return []
    known = set(
        db.session.scalars(
            sa.select(Store.id).where(Store.merchant_id == merchant_id, Store.id.in_(store_ids))
        )
    )
    errors = [
        {"path": f"{path}/{index}", "message": f"No store {store_id!r} in this account."}
        for index, store_id in enumerate(store_ids)
        if store_id not in known
    ]
    if errors:
        raise Invalid("Some of these stores are not yours.", errors=errors)
    return store_ids


def limit_to(resource_id, store_ids):
    """Limits a resource to these (already checked) stores; an empty list shares it with all."""
    db.session.execute(sa.delete(StoreLimit).where(StoreLimit.resource_id == resource_id))
    for store_id in store_ids:
        db.session.add(StoreLimit(resource_id=resource_id, store_id=store_id))
    db.session.flush()
