"""Vector artwork: an SVG drawn as PDF vectors, fitted to its box, in the area's inks.

Every paint of the artwork goes through the area's inks (RGB to CMYK, or one spot ink), and
recolor paints all of it in one colour. Text left in an SVG is set in Bitstream Vera, shipped
with reportlab and embedded, since the artwork's own fonts are not on the server.
"""

import copy
import hashlib
import json
import os
from io import BytesIO
from pathlib import Path

import reportlab
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import DirectDraw, Group, Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from svglib.svglib import LinearGradientShape, RadialGradientShape, svg2rlg

from monogram.rendering.images import paint_raster, raster_of
from monogram.rendering.inks import color_of

ARTWORK_FONT = "MonogramArtwork"
_ARTWORK_FONT_FILE = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
# Drawings in the area's inks kept in RenderCache.drawings, besides the parsed ones.
_INKED_KEPT = 64
_BLACK = {"cmyk": [0, 0, 0, 100]}


def load_drawing(svg_bytes):
    """The SVG as a reportlab Drawing; ValueError when svglib cannot read it."""
    _register_artwork_font()
    # No file is inside os.devnull: any reference to another file is refused.
    drawing = svg2rlg(
        BytesIO(svg_bytes), font_map=_ArtworkFonts(), external_reference_root=os.devnull
    )
    if drawing is None:
        raise ValueError("the SVG could not be read as a drawing")
    return drawing


def draw_vector(canvas, obj, box, ctx):
    """Draws a vector object: the artwork scaled to fit its box, centred, clipped to its page."""
    drawing = inked_drawing(ctx.resolver.asset(obj["asset"]), ctx, obj)
    width, height = drawing.width, drawing.height
    if width <= 0 or height <= 0:
        return
    scale = min(box.width / width, box.height / height)
    canvas.saveState()
    canvas.translate((box.width - width * scale) / 2, (box.height - height * scale) / 2)
    canvas.scale(scale, scale)
    # An SVG shows only what lies inside its own page (viewBox), as browsers show it.
    path = canvas.beginPath()
    path.rect(0, 0, width, height)
    canvas.clipPath(path, stroke=0, fill=0)
    renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
    canvas.restoreState()


def parsed_drawing(asset, cache):
    """The asset's drawing as svglib reads it, parsed once per content hash."""
    if asset.sha256 not in cache.drawings:
        cache.drawings[asset.sha256] = load_drawing(asset.data)
    return cache.drawings[asset.sha256]


def inked_drawing(asset, ctx, obj):
    """A copy of the asset's drawing painted in the area's inks, kept per inks and recolor."""
    recolor, opacity = obj.get("recolor"), obj.get("opacity", 1)
    key = ("inked", asset.sha256, ctx.inks.key, json.dumps(recolor, sort_keys=True), opacity)
    drawings = ctx.cache.drawings
    if key not in drawings:
        drawing = copy.deepcopy(parsed_drawing(asset, ctx.cache))
        _Painter(ctx.inks, recolor, opacity).paint(drawing)
        drawings[key] = drawing
        inked = [other for other in drawings if isinstance(other, tuple) and other[0] == "inked"]
        for other in inked[:-_INKED_KEPT]:
            del drawings[other]
    return drawings[key]


class _Painter:
    """Replaces every paint of a drawing with the area's ink for it, opacity folded in."""

    def __init__(self, inks, recolor, opacity):
        self.inks, self.recolor, self.opacity = inks, recolor, opacity

    def paint(self, drawing):
        self._group(drawing)
        # The renderer starts by setting these, and reportlab's defaults are RGB black and
        # Helvetica (not embedded). Drawing's attribute checks know only the font ones, while
        # the renderer reads any initial* attribute, hence __dict__.
        black = self.inks.color(_BLACK, alpha=self.opacity)
        drawing.__dict__.update(initialFillColor=black, initialStrokeColor=black)
        drawing.initialFontName = ARTWORK_FONT

    def ink(self, color, alpha):
        spec = self.recolor or color_of(color)
        return self.inks.color(spec, alpha=alpha * self.opacity)

    def _group(self, group):
        for index, node in enumerate(group.contents):
            if isinstance(node, Group):
                self._group(node)
            elif isinstance(node, LinearGradientShape | RadialGradientShape):
                group.contents[index] = self._gradient(node)
            elif isinstance(node, Image):
                group.contents[index] = self._raster(node)
            else:
                self._shape(node)

    def _shape(self, node):
        for paint, opacity in (("fillColor", "fillOpacity"), ("strokeColor", "strokeOpacity")):
            color = getattr(node, paint, None)
            if color is None:
                continue
            own = getattr(node, opacity, None)
            alpha = own if own is not None else (1 if color.alpha is None else color.alpha)
            if alpha <= 0:
                setattr(node, paint, None)  # transparent: nothing to print
                continue
            setattr(node, paint, self.ink(color, alpha))
            if hasattr(node, opacity):
                # reportlab applies a colour's alpha, then this: both carry the same value.
                setattr(node, opacity, alpha * self.opacity)

    def _gradient(self, node):
        # svglib keeps a gradient's clip shape and stops only as these attributes.
        stops = node._rl_colors
        if self.recolor or self.inks.single_ink:
            # One colour, or one tool: the gradient's area is painted solid.
            solid = copy.copy(node._clip_shape)
            solid.fillColor = self.ink(stops[0], 1)
            solid.strokeColor = None
            return solid
        node._rl_colors = [self.ink(stop, 1) for stop in stops]
        return node

    def _raster(self, node):
        picture = node.path
        if not hasattr(picture, "mode"):
            return Group()  # only embedded (data:) images are drawn
        digest = hashlib.sha256(picture.tobytes() + repr((picture.size, picture.mode)).encode())
        identity = f"{digest.hexdigest()}-{self.inks.raster_mode}"
        raster = raster_of(picture, self.inks, identity)
        return _PlacedRaster(raster, (node.x, node.y, node.width, node.height), self)


class _PlacedRaster(DirectDraw):
    """An image inside artwork, drawn as print images are: own pixels, soft mask, inks."""

    def __init__(self, raster, rect, painter):
        self._raster, self._rect, self._painter = raster, rect, painter

    def drawDirectly(self, renderer):
        raster, painter = self._raster, self._painter
        window = (0, 0, raster.width, raster.height)
        paint_raster(renderer._canvas, raster, window, self._rect, painter.inks, painter.opacity)

    def getBounds(self):
        x, y, width, height = self._rect
        return (x, y, x + width, y + height)


class _ArtworkFonts:
    """svglib font map: every family is the embedded artwork font, on every machine alike."""

    def find_font(self, font_name, weight="normal", style="normal"):
        return ARTWORK_FONT, False


def _register_artwork_font():
    if ARTWORK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(ARTWORK_FONT, str(_ARTWORK_FONT_FILE)))
