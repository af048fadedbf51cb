"""The media library: clipart collections a merchant curates, and what a shopper may pick from."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from monogram.errors import Conflict, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import Asset, MediaCollection, MediaItem, Product
from monogram.models.base import utcnow
from monogram.services import visibility
from monogram.services.lookup import owned

# Only pictures can be placed on a design: a font asset is not clipart.
CLIPART_KINDS = ("raster", "vector")
MAX_TAGS = 30
DEFAULT_LIMIT = 200


def normalised_tags(tags):
    """Tags as searched: trimmed, lower case, each once, in the order given."""
    return list(dict.fromkeys(tag.strip().lower() for tag in tags or [] if tag.strip()))


def normalised_categories(categories):
    return list(
        dict.fromkeys(category.strip() for category in categories or [] if category.strip())
    )


# Collections --------------------------------------------------------------------------------


def list_collections(merchant_id, archived=False):
    query = sa.select(MediaCollection).where(MediaCollection.merchant_id == merchant_id)
    if not archived:
        query = query.where(MediaCollection.archived_at.is_(None))
    query = query.order_by(MediaCollection.position, MediaCollection.name)
    return with_stores(db.session.scalars(query).all())


def get_collection(merchant_id, collection_id):
    return with_stores([owned(MediaCollection, collection_id, merchant_id)])[0]


def create_collection(merchant_id, fields):
    """A new collection; its stores are checked before anything is stored."""
    stores = visibility.check_stores(merchant_id, fields.get("stores"))
    _check_name_free(merchant_id, fields["name"])
    collection = MediaCollection(
        merchant_id=merchant_id,
        name=fields["name"],
        category=fields.get("category", ""),
        licence=fields["licence"],
        product_categories=normalised_categories(fields.get("product_categories")),
        position=fields.get("position", 0),
    )
    db.session.add(collection)
    db.session.flush()
    visibility.limit_to(collection.id, stores)
    return with_stores([collection])[0]


def update_collection(merchant_id, collection_id, fields):
    collection = owned(MediaCollection, collection_id, merchant_id)
    stores = visibility.check_stores(merchant_id, fields["stores"]) if "stores" in fields else None
    if "name" in fields and fields["name"] != collection.name:
        _check_name_free(merchant_id, fields["name"])
    for name in ("name", "category", "licence", "position"):
        if name in fields:
            setattr(collection, name, fields[name])
    if "product_categories" in fields:
        collection.product_categories = normalised_categories(fields["product_categories"])
    if "archived" in fields:
        collection.archived_at = (
            (collection.archived_at or utcnow()) if fields["archived"] else None
        )
    db.session.flush()
    if stores is not None:
        visibility.limit_to(collection.id, stores)
    return with_stores([collection])[0]


def archive_collection(merchant_id, collection_id):
    """Hides a collection from shoppers; designs that used its clipart keep their assets."""
    collection = owned(MediaCollection, collection_id, merchant_id)
    if collection.archived_at is None:
        collection.archived_at = utcnow()
    db.session.flush()


def with_stores(collections):
    """The collections with the stores they are limited to and their item counts, for the API."""
    ids = [collection.id for collection in collections]
    stores = visibility.stores_of(ids)
    counts = (
        dict(
            db.session.execute(
                sa.select(MediaItem.collection_id, sa.func.count())
                .where(MediaItem.collection_id.in_(ids))
                .group_by(MediaItem.collection_id)
            ).all()
        )
        if ids
        else {}
    )
    for collection in collections:
        # Read by the schema; not columns: the limits live in store_limits.
        collection.stores = stores.get(collection.id, [])
        collection.item_count = counts.get(collection.id, 0)
    return collections


def _check_name_free(merchant_id, name):
    taken = db.session.scalar(
        sa.select(MediaCollection.id).where(
            MediaCollection.merchant_id == merchant_id, MediaCollection.name == name
        )
    )
    if taken:
        raise Conflict(f"The collection {taken} already has the name {name!r}.")


# Items --------------------------------------------------------------------------------------


def list_items(merchant_id, collection_id):
    return owned(MediaCollection, collection_id, merchant_id).items


def add_item(merchant_id, collection_id, fields):
    """Adds an uploaded picture to a collection, at the end."""
    collection = owned(MediaCollection, collection_id, merchant_id)
    asset = db.session.get(Asset, fields["asset"])
    if asset is None or asset.merchant_id != merchant_id:
        raise Invalid(
            "This clipart was not added.",
            errors=[
                {"path": "/asset", "message": f"No asset {fields['asset']!r} in this account."}
            ],
        )
    if asset.kind not in CLIPART_KINDS:
        raise Invalid(
            "This clipart was not added.",
            errors=[{"path": "/asset", "message": "Only SVG artwork and images can be clipart."}],
        )
    existing = next((item for item in collection.items if item.asset_id == asset.id), None)
    if existing is not None:
        raise Conflict(f"This asset is already in the collection as {existing.id}.")
    tags = normalised_tags(fields.get("tags"))
    _check_tag_count(tags)
    position = fields.get("position")
    if position is None:
        position = max((item.position for item in collection.items), default=-1) + 1
    item = MediaItem(
        collection_id=collection.id, asset=asset, name=fields["name"], tags=tags, position=position
    )
    collection.items.append(item)
    db.session.flush()
    return item


def update_item(merchant_id, collection_id, item_id, fields):
    item = _owned_item(merchant_id, collection_id, item_id)
    if "tags" in fields:
        tags = normalised_tags(fields["tags"])
        _check_tag_count(tags)
        item.tags = tags
    for name in ("name", "position"):
        if name in fields:
            setattr(item, name, fields[name])
    db.session.flush()
    return item


def remove_item(merchant_id, collection_id, item_id):
    """Takes clipart out of a collection; the asset stays, as designs may show it."""
    item = _owned_item(merchant_id, collection_id, item_id)
    db.session.delete(item)
    db.session.flush()


def _owned_item(merchant_id, collection_id, item_id):
    collection = owned(MediaCollection, collection_id, merchant_id)
    item = db.session.get(MediaItem, item_id) if isinstance(item_id, str) else None
    if item is None or item.collection_id != collection.id:
        raise NotFound(f"No clipart with id {item_id!r} in the collection {collection.id}.")
    return item


def _check_tag_count(tags):
    if len(tags) > MAX_TAGS:
        raise Invalid(
            "This clipart was not saved.",
            errors=[{"path": "/tags", "message": f"At most {MAX_TAGS} tags."}],
        )


# What a shopper picks from -------------------------------------------------------------------


def search(merchant_id, store_id, q=None, tag=None, category=None, product_id=None, limit=None):
    """Clipart of the collections visible from a store (None: all) and offered on a product,
    whose name or tags contain `q`, with tag `tag`, in collections of `category`."""
    query = (
        sa.select(MediaItem)
        .join(MediaCollection, MediaCollection.id == MediaItem.collection_id)
        .where(
            MediaCollection.merchant_id == merchant_id,
            MediaCollection.archived_at.is_(None),
            visibility.visible(MediaCollection.id, store_id),
        )
        .options(selectinload(MediaItem.asset), selectinload(MediaItem.collection))
        .order_by(MediaCollection.position, MediaCollection.name, MediaItem.position, MediaItem.id)
    )
    if category:
        query = query.where(MediaCollection.category == category)
    items = db.session.scalars(query).all()
    if product_id is not None:
        product_category = _product_category(merchant_id, product_id)
        items = [item for item in items if _offered_on(item.collection, product_category)]
    # Tags are a JSON list: matched here rather than in SQL, the same on SQLite and PostgreSQL
    # and with accents as typed; a collection holds hundreds of pieces, not millions.
    if tag:
        wanted = tag.strip().lower()
        items = [item for item in items if wanted in item.tags]
    if q:
        words = q.lower().split()
        items = [item for item in items if all(_mentions(item, word) for word in words)]
    return items[: limit or DEFAULT_LIMIT]


def _product_category(merchant_id, product_id):
    product = db.session.get(Product, product_id)
    if product is None or product.merchant_id != merchant_id:
        raise NotFound(f"No product with id {product_id!r} in this account.")
    return product.category


def _offered_on(collection, product_category):
    """A collection with no product categories is offered on every product."""
    return not collection.product_categories or product_category in collection.product_categories


def _mentions(item, word):
    return word in item.name.lower() or any(word in tag for tag in item.tags)
