"""Gallery thumbnails of templates: the first surface rendered like a proof, screen-sized."""

import logging

from PIL import Image

from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Product, Template
from monogram.rendering import Slug
from monogram.rendering.pdf import render_pdf
from monogram.rendering.proof import area_artwork, png_bytes, rasterise_pages
from monogram.services.production import render_cache
from monogram.services.resolving import StorageResolver, render_product

log = logging.getLogger(__name__)

THUMBNAIL_EDGE = 480  # px: a gallery tile on a high-density screen
THUMBNAIL_DPI = 150  # rendered at this, then scaled down: small type stays legible


def thumbnail_key(template, revision):
    return f"merchants/{template.merchant_id}/template-thumbnails/{template.id}-{revision}.png"


def make_thumbnail(template_id, revision):
    """Render a template revision's thumbnail; a stale revision or a second run does nothing."""
    template = db.session.get(Template, template_id)
    if template is None or template.revision != revision:
        return
    key = thumbnail_key(template, revision)
    if template.thumbnail_status == "ready" and template.thumbnail_key == key:
        return
    try:
        if not storage().exists(key):
            storage().put(key, render_thumbnail(template), "image/png")
    except Exception as error:
        template.thumbnail_status = "failed"
        db.session.commit()
        log.warning("thumbnail of %s failed: %s", template_id, error)
        raise  # the queue's retry policy tries again
    template.thumbnail_status = "ready"
    template.thumbnail_key = key
    db.session.commit()


def render_thumbnail(template):
    """PNG of the template's first surface, trimmed, at most THUMBNAIL_EDGE on its long edge."""
    product = render_product(db.session.get(Product, template.product_id))
    surfaces = template.document["surfaces"][:1]
    area_id = surfaces[0]["area"] if surfaces else product.areas[0].id
    document = {**template.document, "surfaces": surfaces or [{"area": area_id, "objects": []}]}
    pdf = render_pdf(document, product, StorageResolver(template.merchant_id), render_cache, Slug())
    page = rasterise_pages(pdf, THUMBNAIL_DPI)[0]
    image = area_artwork(page, product.area(area_id), THUMBNAIL_DPI)
    image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    return png_bytes(image)
