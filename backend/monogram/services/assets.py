"""Uploaded files: inspected, sanitised, stored once per content, and served back."""

import dataclasses
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


def store_upload(merchant_id, data, filename, expect, check=None):
    """Inspect an upload and keep it; returns (the merchant's asset for it, the inspection).

    check, when given, is called with the inspection before anything is stored, to refuse
    what only the caller knows is unusable.
    """
    inspected = without_trailer(inspect_upload(data, upload_limits(), expect))
    if check is not None:
        check(inspected)
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


def without_trailer(inspected):
    """The inspection with any bytes after the image's end cut off, noted.

    Images are kept as uploaded, and bytes after a PNG's IEND or a JPEG's EOI draw nothing, but
    they make the file a polyglot: a ZIP, HTML or script that some other reader would open.
    """
    end = _IMAGE_END.get(inspected.media_type, lambda data: None)(inspected.data)
    extra = len(inspected.data) - end if end else 0
    if extra <= 0:
        return inspected
    note = f"removed {extra:,} bytes of other data after the end of the image"
    return dataclasses.replace(inspected, data=inspected.data[:end], notes=(*inspected.notes, note))


def _png_end(data):
    position = 8
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return None


def _jpeg_end(data):
    """Just past the EOI of the first image, walking its segments and entropy-coded scans."""
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
        elif marker == 0xD9:
            return position + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
            if marker == 0xDA:
                position = _scan_end(data, position)
    return None


def _scan_end(data, position):
    """Where the entropy-coded data after a start of scan ends: at its first real marker."""
    while (position := data.find(b"\xff", position)) != -1 and position + 1 < len(data):
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # a stuffed 0xFF or a restart
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position
    return len(data)


def _webp_end(data):
    size = int.from_bytes(data[4:8], "little")
    return 8 + size + size % 2


_IMAGE_END = {"image/png": _png_end, "image/jpeg": _jpeg_end, "image/webp": _webp_end}


def _find(merchant_id, sha256):
    return db.session.scalar(
        sa.select(Asset).where(Asset.merchant_id == merchant_id, Asset.sha256 == sha256)
    )


def asset_bytes(asset):
    return storage().get(asset.storage_key)
