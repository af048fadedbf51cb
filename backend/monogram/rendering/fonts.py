"""The merchant's fonts in the print file: registered with reportlab, embedded and subset."""

import functools
import io
from typing import NamedTuple

import uharfbuzz
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont as OpenTypeFont
from fontTools.ttLib import newTable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont

# Largest distance, in font units, between a cubic CFF curve and its quadratic replacement:
# a thousandth of a 1000-unit em, far below what a press can show.
CURVE_TOLERANCE = 1.0
TRUETYPE_VERSION = "\x00\x01\x00\x00"
# HarfBuzz kerns, but substitutes no glyphs: a ligature has no character of its own, so the
# print file's text could no longer be searched or copied.
SHAPING_FEATURES = {"kern": True, "liga": False, "clig": False, "dlig": False, "calt": False}
SHAPED_LINES_KEPT = 4096

# HarfBuzz fonts by registered name, kept for the process like reportlab's own font registry.
_shapers = {}


class Position(NamedTuple):
    """Where one glyph of a set line goes, in points: its kerned advance, its offsets from the
    pen, and its own width (what the PDF font says the glyph advances)."""

    advance: float
    x_offset: float
    y_offset: float
    width: float


def load_font(font_file, cache):
    """Register the font with reportlab under a name drawn from its content; return that name."""
    name = cache.fonts.get(font_file.sha256)
    if name is None:
        name = font_name(font_file.sha256)
        # Another render in this process may have registered the same file already.
        if name not in _shapers:
            data = truetype_outlines(font_file.data)
            # asciiReadable keeps the space on code 32, which word spacing (justify) relies on.
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data), asciiReadable=True))
            _shapers[name] = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(data)))
        cache.fonts[font_file.sha256] = name
    return name


def font_name(sha256):
    """The registered name of a font file: stable across processes, distinct per content."""
    return "F" + sha256[:16]


def truetype_outlines(data):
    """The font as bytes reportlab can embed: CFF (PostScript) outlines become TrueType ones,
    a WOFF or WOFF2 web font a plain one."""
    # The file's own timestamp stays: a conversion stamped "now" would change the print file.
    font = OpenTypeFont(io.BytesIO(data), recalcTimestamp=False)
    cff = next((tag for tag in ("CFF ", "CFF2") if tag in font), None)
    if cff is None and font.flavor is None:
        return data
    if cff is not None:
        _replace_cff_with_glyf(font, cff)
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _replace_cff_with_glyf(font, cff):
    # reportlab only embeds TrueType (glyf) outlines, so the cubic curves of CFF are redrawn
    # as quadratic ones; CFF fonts carry no hinting, so nothing else is lost.
    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for glyph_name in order:
        pen = TTGlyphPen(None)
        # CFF contours run anticlockwise, TrueType ones clockwise.
        outlines[glyph_name].draw(Cu2QuPen(pen, CURVE_TOLERANCE, reverse_direction=True))
        glyf.glyphs[glyph_name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font[cff]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = _truetype_maxp(font["maxp"].numGlyphs)
    font["head"].glyphDataFormat = 0
    font.sfntVersion = TRUETYPE_VERSION


def _truetype_maxp(num_glyphs):
    # A CFF font's maxp (version 0.5) only counts glyphs; TrueType's (1.0) also sizes the
    # hinting machine, which unhinted outlines do not use. Point and contour counts are
    # recalculated from glyf when the font is saved.
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = num_glyphs
    for field in (
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    return maxp


def string_width(name, text, size, letter_spacing=0.0):
    """Width in points of one line set in the font: kerned advances plus letter spacing.

    Spacing after the last character is left out: it prints nothing, and counting it would push
    right-aligned and centred lines off their mark.
    """
    advances = sum(position[0] for position in _em_positions(name, text)) * size / 1000
    return advances + letter_spacing * max(len(text) - 1, 0)


def positions(name, text, size):
    """Each character's Position in a line set at the size, for laying glyphs one by one."""
    scale = size / 1000
    return [Position(*(value * scale for value in em)) for em in _em_positions(name, text)]


def shaped_line(name, text):
    """The line as reportlab should draw it: carrying its kerning when the font kerns it."""
    em = _em_positions(name, text)
    if all(advance == width and not x and not y for advance, x, y, width in em):
        return text
    return ShapedStr(
        text,
        [
            ShapeData(index, advance, 0, x, y, width)
            for index, (advance, x, y, width) in enumerate(em)
        ],
    )


def ascent(name, size):
    """Height of the font's ascender above the baseline, in points."""
    return pdfmetrics.getFont(name).face.ascent * size / 1000


def descent(name, size):
    """Depth of the font's descender below the baseline, in points (a positive number)."""
    return -pdfmetrics.getFont(name).face.descent * size / 1000


@functools.lru_cache(maxsize=SHAPED_LINES_KEPT)
def _em_positions(name, text):
    # In thousandths of an em, the unit of PDF glyph widths; wrap and shrink measure the same
    # lines again and again, at sizes that only scale these numbers.
    if not text:
        return ()
    face = pdfmetrics.getFont(name).face
    widths = [face.charWidths.get(ord(char), face.defaultWidth) for char in text]
    kerned = _kerned(name, text, face)
    if kerned is None:
        return tuple((width, 0.0, 0.0, width) for width in widths)
    return tuple((*position, width) for position, width in zip(kerned, widths, strict=True))


def _kerned(name, text, face):
    """HarfBuzz's (advance, x offset, y offset) per character, or None if it changed glyphs."""
    font = _shapers[name]
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    # Lines are set in the order they are typed; there is no bidirectional reordering.
    buffer.direction = "ltr"
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, SHAPING_FEATURES)
    glyph_ids = [info.codepoint for info in buffer.glyph_infos]
    if glyph_ids != [face.charToGlyph.get(ord(char), 0) for char in text]:
        return None  # one glyph per character or none of it: the text must stay readable
    scale = 1000 / font.face.upem
    return [
        (place.x_advance * scale, place.x_offset * scale, place.y_offset * scale)
        for place in buffer.glyph_positions
    ]
