"""Screen-sized previews of uploaded photos, so the editor never downloads a 50 MB original."""

import io
import logging

from PIL import Image, ImageOps

from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Asset

log = logging.getLogger(__name__)

PREVIEW_EDGE = 1600


def preview_key(asset):
    return f"merchants/{asset.merchant_id}/previews/{asset.sha256}-{PREVIEW_EDGE}.webp"


def make_preview(asset_id):
    """Write the WebP preview of a raster asset; running it twice does the work once."""
    asset = db.session.get(Asset, asset_id)
    if asset is None or asset.kind != "raster" or asset.preview_status == "ready":
        return
    key = preview_key(asset)
    try:
        if not storage().exists(key):
            storage().put(key, _render(storage().get(asset.storage_key)), "image/webp")
    except Exception as error:
        asset.preview_status = "failed"
        asset.preview_error = f"{type(error).__name__}: {error}"[:500]
        db.session.commit()
        raise  # let the queue's retry policy try again
    asset.preview_status = "ready"
    asset.preview_key = key
    asset.preview_error = None
    db.session.commit()
    log.info("preview of %s ready at %s", asset.id, key)


def _render(original):
    with Image.open(io.BytesIO(original)) as image:
        # JPEG can decode at a fraction of full size, which makes previews of huge photos cheap.
        image.draft("RGB", (PREVIEW_EDGE, PREVIEW_EDGE))
        image = ImageOps.exif_transpose(image)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        # Screens show RGB; the print file keeps the original (CMYK stays CMYK there).
        image = image.convert("RGBA" if has_alpha else "RGB")
        image.thumbnail((PREVIEW_EDGE, PREVIEW_EDGE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "WEBP", quality=82, method=4)
        return out.getvalue()
