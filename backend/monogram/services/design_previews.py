"""Quick looks at a design for the editor: an area on its product photo, and the preflight."""

from monogram.errors import NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Product
from monogram.rendering import Slug
from monogram.rendering.pdf import render_pdf
from monogram.rendering.proof import area_artwork, area_mockup, png_bytes, rasterise_pages
from monogram.services.production import render_cache
from monogram.services.resolving import StorageResolver, render_product

# Screen resolution: enough for a product page, a tenth of the print work.
PREVIEW_DPI = 96


def area_preview(design, version, area_id):
    """PNG of one area: on the product photo when the area has a mockup, else the trimmed art."""
    product = render_product(db.session.get(Product, design.product_id))
    # Checked before the area id goes into a storage key, which it could otherwise escape.
    if not any(area.id == area_id for area in product.areas):
        raise NotFound(f"The product has no area {area_id!r}.")
    key = f"merchants/{design.merchant_id}/design-previews/{version.etag}/{area_id}.png"
    if storage().exists(key):
        return storage().get(key)
    surfaces = [s for s in version.document["surfaces"] if s["area"] == area_id]
    area = product.area(area_id)
    document = {**version.document, "surfaces": surfaces or [{"area": area_id, "objects": []}]}
    resolver = StorageResolver(design.merchant_id)
    pdf = render_pdf(document, product, resolver, render_cache, Slug())
    page = rasterise_pages(pdf, PREVIEW_DPI)[0]
    mockup = product.mockups.get(area_id)
    if mockup is None:
        data = png_bytes(area_artwork(page, area, PREVIEW_DPI))
    else:
        data = area_mockup(page, area, mockup, resolver, PREVIEW_DPI)
    # Keyed by the version's ETag: a version never changes, so neither does its preview.
    storage().put(key, data, "image/png")
    return data
