"""Fetching a merchant's own records: another merchant's id is simply not found."""

from monogram.errors import NotFound
from monogram.extensions.db import db

NOUNS = {
    "products": "product",
    "assets": "asset",
    "fonts": "font",
    "designs": "design",
    "production_jobs": "job",
    "workshops": "workshop",
    "dispatch_rules": "dispatch rule",
    "companies": "company",
    "stores": "store",
    "templates": "template",
    "media_collections": "media collection",
    "batches": "batch",
}


def owned(model, record_id, merchant_id):
    record = db.session.get(model, record_id) if isinstance(record_id, str) else None
    if record is None or record.merchant_id != merchant_id:
        noun = NOUNS.get(model.__tablename__, model.__tablename__)
        raise NotFound(f"No {noun} with id {record_id!r} in this account.")
    return record
