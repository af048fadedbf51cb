"""Proof and mockup images, rasterised from print.pdf so what is approved is what is printed."""

import io

import pypdfium2 as pdfium
from PIL import Image

from monogram.rendering.model import pt

# Print resolution shows small type as the press will; large formats are capped so a poster's
# proof stays a file a shopper can open.
PROOF_DPI = 300
PROOF_MAX_EDGE = 4000  # px


def proof_dpi(page_size_pt):
    """The resolution of a page's proof: PROOF_DPI, lower when the long edge would pass the cap."""
    long_edge_in = max(page_size_pt) / 72
    return min(PROOF_DPI, PROOF_MAX_EDGE / long_edge_in)


def rasterise_pages(pdf_bytes, dpi=None):
    """Every page of a PDF as an RGB image, white paper under the ink; at proof_dpi by default."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return [_rasterise(page, (dpi or proof_dpi(page.get_size())) / 72) for page in document]
    finally:
        document.close()


def _rasterise(page, scale):
    image = page.render(scale=scale).to_pil().convert("RGB")
    # pdfium rounds a partial pixel up; keep the size a page of that many points rounds to.
    width, height = page.get_size()
    return image.crop((0, 0, round(width * scale), round(height * scale)))


def trim_of(page_image, page_size_pt, trim_pt, dpi):
    """The trim box cut out of a page rasterised at dpi: what the customer holds after cutting."""
    height_pt = page_size_pt[1]
    sx = sy = dpi / 72
    x0, y0, x1, y1 = trim_pt
    # Round the corner and the size, not both corners, so the trim is always as many pixels.
    left, top = round(x0 * sx), round((height_pt - y1) * sy)
    return page_image.crop((left, top, left + round((x1 - x0) * sx), top + round((y1 - y0) * sy)))


def png_bytes(image):
    """PNG bytes with no time or text chunks, so equal images give equal files."""
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def open_image(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def area_artwork(page_image, area, dpi):
    """The trimmed artwork of an area from its rasterised print page."""
    from monogram.rendering.pdf import page_geometry

    size, (ox, oy) = page_geometry(area)
    return trim_of(page_image, size, (ox, oy, ox + pt(area.width), oy + pt(area.height)), dpi)


def area_mockup(page_image, area, mockup, resolver, dpi):
    """PNG of an area's artwork on its product photo."""
    from monogram.rendering.mockup import compose_mockup, mockup_png

    artwork = area_artwork(page_image, area, dpi)
    photo = resolver.asset(mockup.photo).data
    return mockup_png(compose_mockup(photo, mockup.quad, artwork, area.technique))
