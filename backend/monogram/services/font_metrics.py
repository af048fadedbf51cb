"""What the editor needs to know of a font file that a WOFF2 does not tell a browser script."""

import io
import struct
from typing import NamedTuple

from fontTools.ttLib import TTFont

# head: unitsPerEm at byte 18, then yMin at 38 and yMax at 42 (OpenType specification).
_HEAD = struct.Struct(">18xH18xh2xh")


class FontMetrics(NamedTuple):
    # Thousandths of an em, both positive, as the print renderer (reportlab) sets lines.
    ascent: int
    descent: int
    outlines: str  # "truetype" or "cff"
    glyph_count: int


def read_metrics(data: bytes) -> FontMetrics:
    """Reads only head, OS/2 and maxp: the file was inspected in full when it was stored."""
    font = TTFont(io.BytesIO(data), lazy=True)
    # head read raw: fontTools' parser warns about the odd creation dates old fonts carry.
    units_per_em, y_min, y_max = _HEAD.unpack_from(font.reader["head"])
    scale = 1000 / units_per_em
    # reportlab's TTFontFace takes the OS/2 typographic metrics, or head's box without OS/2.
    if "OS/2" in font:
        ascent, descent = font["OS/2"].sTypoAscender, font["OS/2"].sTypoDescender
    else:
        ascent, descent = y_max, y_min
    return FontMetrics(
        ascent=round(ascent * scale),
        descent=round(-descent * scale),
        outlines="truetype" if "glyf" in font else "cff",
        glyph_count=font["maxp"].numGlyphs,
    )
