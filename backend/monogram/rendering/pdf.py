"""print.pdf: one page per print area, with page boxes, crop marks, slug line and cut contour."""

import io
from pathlib import Path

import pypdfium2 as pdfium
import reportlab
from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from monogram.rendering.cache import RenderCache
from monogram.rendering.codes import draw_code
from monogram.rendering.context import DrawContext
from monogram.rendering.contour import SHAPE_DPI, draw_cut_contour
from monogram.rendering.images import draw_image
from monogram.rendering.inks import Inks
from monogram.rendering.model import Box, Slug, pt
from monogram.rendering.shapes import draw_shape
from monogram.rendering.text import draw_text
from monogram.rendering.vectors import draw_vector

# Room past the bleed for crop marks and the slug line.
MARKS_MARGIN = 12.0  # mm
MARK_GAP = 1.0  # mm between the bleed edge and where a crop mark starts, so it never shows
MARK_LENGTH = 6.0  # mm
MARK_WEIGHT = 0.25  # pt, the usual hairline for marks
# Registration: 100 % of every process ink, so the marks show on every plate for alignment.
REGISTRATION = CMYKColor(1, 1, 1, 1)
SLUG_FONT = "MonogramSlug"
SLUG_SIZE = 6  # pt
SLUG_MIN_SIZE = 4  # pt

DRAWERS = {
    "text": draw_text,
    "image": draw_image,
    "vector": draw_vector,
    "shape": draw_shape,
    "code": draw_code,
}


def render_pdf(document, product, resolver, cache=None, slug=None):
    """The print file for a design document: bytes of a PDF, identical for identical input."""
    cache = cache or RenderCache()
    slug = slug or Slug()
    _register_slug_font()
    out = io.BytesIO()
    # invariant: fixed document id and dates, so the same design gives the same bytes.
    # Naming our own font first keeps reportlab from declaring Helvetica, which is not embedded.
    canvas = Canvas(out, invariant=True, pageCompression=1, initialFontName=SLUG_FONT)
    canvas.setTitle(f"{product.name} — print")
    canvas.setCreator("Monogram")
    for surface in printed_surfaces(document, product):
        area = product.area(surface["area"])
        _page(canvas, surface, area, product, DrawContext(resolver, area, Inks(area), cache), slug)
    canvas.save()
    return out.getvalue()


def printed_surfaces(document, product):
    """The document's surfaces in the product's area order: the workshop's page order."""
    order = {area.id: index for index, area in enumerate(product.areas)}
    return sorted(document["surfaces"], key=lambda surface: order[surface["area"]])


def page_geometry(area):
    """(page size, trim origin) in points: the trim sits inside the bleed inside the marks."""
    outer = area.bleed + MARKS_MARGIN
    size = (pt(area.width + 2 * outer), pt(area.height + 2 * outer))
    return size, (pt(outer), pt(outer))


def _page(canvas, surface, area, product, ctx, slug):
    (width, height), (ox, oy) = page_geometry(area)
    trim = (ox, oy, ox + pt(area.width), oy + pt(area.height))
    bleed = _grow(trim, pt(area.bleed))
    canvas.setPageSize((width, height))
    canvas.setTrimBox(trim)
    canvas.setBleedBox(bleed)

    canvas.saveState()
    # Nothing prints past the bleed: the marks margin stays clean for the cutter's camera.
    path = canvas.beginPath()
    path.rect(bleed[0], bleed[1], bleed[2] - bleed[0], bleed[3] - bleed[1])
    canvas.clipPath(path, stroke=0, fill=0)
    for obj in surface["objects"]:
        _object(canvas, obj, area, trim, ctx)
    canvas.restoreState()

    draw_cut_contour(canvas, area, trim, ctx, lambda: artwork_mask(surface, area, ctx))
    _crop_marks(canvas, trim, area)
    _slug_line(canvas, area, product, slug, trim, bleed)
    canvas.showPage()


def _object(canvas, obj, area, trim, ctx):
    width, height = pt(obj["width"]), pt(obj["height"])
    # Design coordinates run from the trim's top-left with y down; PDF's run up from bottom-left.
    left = trim[0] + pt(obj["x"])
    bottom = trim[3] - pt(obj["y"]) - height
    canvas.saveState()
    canvas.translate(left + width / 2, bottom + height / 2)
    # Documents turn clockwise; PDF's positive angle turns anticlockwise.
    canvas.rotate(-obj.get("rotation", 0))
    canvas.translate(-width / 2, -height / 2)
    opacity = obj.get("opacity", 1)
    if opacity < 1:
        canvas.setFillAlpha(opacity)
        canvas.setStrokeAlpha(opacity)
    DRAWERS[obj["type"]](canvas, obj, Box(width, height), ctx)
    canvas.restoreState()


def artwork_mask(surface, area, ctx):
    """Where the area's artwork puts ink, as an "L" image of the trim box (y down)."""
    out = io.BytesIO()
    canvas = Canvas(
        out, pagesize=(pt(area.width), pt(area.height)), invariant=True, initialFontName=SLUG_FONT
    )
    for obj in surface["objects"]:
        _object(canvas, obj, area, (0, 0, pt(area.width), pt(area.height)), ctx)
    canvas.showPage()
    canvas.save()
    document = pdfium.PdfDocument(out.getvalue())
    try:
        bitmap = document[0].render(scale=SHAPE_DPI / 72, fill_color=(0, 0, 0, 0))
        return bitmap.to_pil().getchannel("A")
    finally:
        document.close()


def _crop_marks(canvas, trim, area):
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WEIGHT)
    start, end = pt(area.bleed + MARK_GAP), pt(area.bleed + MARK_GAP + MARK_LENGTH)
    for x, sx in ((trim[0], -1), (trim[2], 1)):
        for y, sy in ((trim[1], -1), (trim[3], 1)):
            canvas.line(x + sx * start, y, x + sx * end, y)  # horizontal, on the trim's y
            canvas.line(x, y + sy * start, x, y + sy * end)  # vertical, on the trim's x
    canvas.restoreState()


def _slug_line(canvas, area, product, slug, trim, bleed):
    order = " · ".join(
        part
        for part in (
            f"Order {slug.order}" if slug.order else "",
            f"line {slug.line}" if slug.line else "",
            f"qty {slug.quantity}",
            product.name,
        )
        if part
    )
    sheet = f"area {area.name} ({area.id}) · {area.width:g}×{area.height:g} mm"
    sheet += f" + {area.bleed:g} mm bleed" if area.bleed else ""
    # Between the crop marks under the card, so a loose sheet still says what it is.
    left = trim[0] + pt(MARK_GAP + 2)
    room = trim[2] - pt(MARK_GAP + 2) - left
    canvas.saveState()
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    y = bleed[1] - pt(MARK_GAP) - SLUG_SIZE
    for text in (order, sheet):
        size = SLUG_SIZE
        while size > SLUG_MIN_SIZE and pdfmetrics.stringWidth(text, SLUG_FONT, size) > room:
            size -= 0.25
        while len(text) > 1 and pdfmetrics.stringWidth(text, SLUG_FONT, size) > room:
            text = text[:-2] + "…"
        canvas.setFont(SLUG_FONT, size)
        canvas.drawString(left, y, text)
        y -= SLUG_SIZE * 1.2
    canvas.restoreState()


def _grow(box, by):
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _register_slug_font():
    # A font of our own for the slug: the 14 standard PDF fonts are not embedded, and every font
    # in a print file must be.
    if SLUG_FONT not in pdfmetrics.getRegisteredFontNames():
        path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        pdfmetrics.registerFont(TTFont(SLUG_FONT, str(path)))
