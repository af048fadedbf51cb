"""Uploaded files: inspected, sanitised, stored once per content, and served back."""

import hashlib
import logging
import re
import unicodedata

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.extensions.storage import storage
from monogram.files import UploadLimits, inspect_upload
from monogram.models import Asset

log = logging.getLogger(__name__)


def upload_limits():
    config = current_app.config["MONOGRAM"]
    return UploadLimits(
        max_pixels=config.MAX_IMAGE_PIXELS,
        raster_bytes=config.MAX_RASTER_BYTES,
        vector_bytes=config.MAX_VECTOR_BYTES,
        font_bytes=config.MAX_FONT_BYTES,
    )


def clean_filename(name):
    """Keep a file name for display only: no folders, no control characters, bounded length."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:200]


def asset_key(merchant_id, sha256, extension):
    return f"merchants/{merchant_id}/assets/{sha256[:2]}/{sha256}.{extension}"


def store_upload(merchant_id, data, filename, expect):
    """Inspect an upload and keep it; returns (the merchant's asset for it, the inspection)."""
    inspected = inspect_upload(data, upload_limits(), expect)
    sha256 = hashlib.sha256(inspected.data).hexdigest()
    existing = _find(merchant_id, sha256)
    if existing is not None:
        return existing, inspected
    key = asset_key(merchant_id, sha256, inspected.extension)
    # The file goes first: a row never points at a missing file. A crash between the two leaves an
    # unreferenced file under a content key, which a later identical upload simply reuses.
    if not storage().exists(key):
        storage().put(key, inspected.data, inspected.media_type)
    asset = Asset(
        merchant_id=merchant_id,
        kind=inspected.kind,
        media_type=inspected.media_type,
        sha256=sha256,
        byte_size=len(inspected.data),
        storage_key=key,
        filename=clean_filename(filename),
        width_px=inspected.width_px,
        height_px=inspected.height_px,
        width_mm=inspected.width_mm,
        height_mm=inspected.height_mm,
        color_mode=inspected.color_mode,
        has_alpha=inspected.has_alpha,
        dpi=inspected.dpi,
        icc_profile=inspected.icc_profile,
        notes=list(inspected.notes),
        preview_status="pending" if inspected.kind == "raster" else "none",
    )
    try:
        with db.session.begin_nested():
            db.session.add(asset)
    except IntegrityError:
        # The same content arrived in a concurrent request; both callers get the same asset.
        return _find(merchant_id, sha256), inspected
    if asset.kind == "raster":
        queue.enqueue("render", "monogram.jobs.assets.make_preview", asset.id, timeout=300)
    return asset, inspected


def _find(merchant_id, sha256):
    return db.session.scalar(
        sa.select(Asset).where(Asset.merchant_id == merchant_id, Asset.sha256 == sha256)
    )


def asset_bytes(asset):
    return storage().get(asset.storage_key)
