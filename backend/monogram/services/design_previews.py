"""Quick looks at a design for the editor: an area on its product photo, and the preflight."""

from monogram.errors import NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Product
from monogram.rendering import Slug
from monogram.rendering.mockup import compose_mockup, mockup_png
from monogram.rendering.model import pt
from monogram.rendering.pdf import page_geometry, render_pdf
from monogram.rendering.proof import png_bytes, rasterise_pages, trim_of
from monogram.services.production import render_cache
from monogram.services.resolving import StorageResolver, render_product

# Screen resolution: enough for a product page, a tenth of the print work.
PREVIEW_DPI = 96


def area_preview(design, version, area_id):
    """PNG of one area: on the product photo when the area has a mockup, else the trimmed art."""
    key = f"merchants/{design.merchant_id}/design-previews/{version.etag}/{area_id}.png"
    if storage().exists(key):
        return storage().get(key)
    product = render_product(db.session.get(Product, design.product_id))
    surfaces = [s for s in version.document["surfaces"] if s["area"] == area_id]
    if not any(area.id == area_id for area in product.areas):
        raise NotFound(f"The product has no area {area_id!r}.")
    area = product.area(area_id)
    document = {**version.document, "surfaces": surfaces or [{"area": area_id, "objects": []}]}
    resolver = StorageResolver(design.merchant_id)
    pdf = render_pdf(document, product, resolver, render_cache, Slug())
    page = rasterise_pages(pdf, PREVIEW_DPI)[0]
    size, (ox, oy) = page_geometry(area)
    trim = (ox, oy, ox + pt(area.width), oy + pt(area.height))
    artwork = trim_of(page, size, trim, PREVIEW_DPI)
    mockup = product.mockups.get(area_id)
    if mockup is None:
        data = png_bytes(artwork)
    else:
        photo = resolver.asset(mockup.photo).data
        data = mockup_png(compose_mockup(photo, mockup.quad, artwork, area.technique))
    # Keyed by the version's ETag: a version never changes, so neither does its preview.
    storage().put(key, data, "image/png")
    return data
