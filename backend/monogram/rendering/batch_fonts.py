"""Text of batch pages as PDF operators, and its fonts: embedded once per file, subset at the end.

Glyphs are shown by their glyph id in the font (Type0 font, Identity-H encoding, CID = glyph
id), positioned with HarfBuzz's kerning as TJ adjustments, so the same layout as the single
design's print file (rendering.text) prints. Each file collects the glyphs its pages use; when
the last page is out, every font is subset to those glyphs (fontTools, glyph ids kept) and
written with its widths and a ToUnicode map, so pdftotext reads back what was set.
"""

import hashlib
import io
import logging
import math
import zlib

from fontTools import subset
from fontTools.ttLib import TTFont as OpenTypeFont
from reportlab.pdfbase import pdfmetrics

from monogram.rendering.fonts import _em_positions, truetype_outlines
from monogram.rendering.pdf_stream import number

# Some shipped fonts carry a creation date fontTools finds implausibly early and says so on every
# subset; the date is kept as the font has it, so the warning tells nobody anything.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

# Font descriptor flags (PDF 32000 table 123): nonsymbolic, plus italic when the font slants.
_NONSYMBOLIC = 1 << 5
_ITALIC = 1 << 6


class GlyphUse(dict):
    """{font name: {glyph id: text it stands for}}: what a run of pages shows of each font."""

    def add(self, font, glyphs):
        self.setdefault(font, {}).update(glyphs)

    def merge(self, other):
        for font, glyphs in other.items():
            self.add(font, glyphs)


def text_operators(layout, use):
    """BT … ET showing a rendering.text layout in box coordinates; glyphs noted in use."""
    face = pdfmetrics.getFont(layout.font).face
    glyphs = {}
    parts = [b"BT /%s %s Tf" % (layout.font.encode(), number(layout.size).encode())]
    if layout.letter_spacing:
        parts.append(b"%s Tc" % number(layout.letter_spacing).encode())
    if layout.glyphs:
        for glyph in layout.glyphs:
            turn = math.radians(glyph.angle)
            cos, sin = math.cos(turn), math.sin(turn)
            matrix = " ".join(number(v) for v in (cos, sin, -sin, cos, glyph.x, glyph.y))
            gid = face.charToGlyph.get(ord(glyph.char), 0)
            glyphs[gid] = glyph.char
            parts.append(b"%s Tm <%04x> Tj" % (matrix.encode(), gid))
    else:
        for row in layout.rows:
            if not row.text:
                continue
            parts.append(
                b"1 0 0 1 %s %s Tm " % (number(row.x).encode(), number(row.y).encode())
                + _shown(layout, face, row, glyphs)
            )
    parts.append(b"ET")
    use.add(layout.font, glyphs)
    return b"\n".join(parts)


def _shown(layout, face, row, glyphs):
    """A TJ array: glyph ids in hex, kerning and justify spacing as adjustments between them."""
    text = row.text
    cmap = face.charToGlyph
    gids = [cmap.get(ord(char), 0) for char in text]
    glyphs.update(zip(gids, text, strict=True))
    # Word spacing (Tw) applies to one-byte code 32 only, never to a two-byte CID font: justify
    # stretches spaces through adjustments instead.
    stretch = -row.word_space * 1000 / layout.size if row.word_space else 0.0
    # Where the pen must move other than by the glyph's own width: kerning, offsets, spaces.
    moves = {}
    for index, (advance, x_offset, _, width) in enumerate(_em_positions(layout.font, text)):
        after = width - advance + x_offset
        if stretch and text[index] == " ":
            after += stretch
        if x_offset:
            moves[index - 1] = moves.get(index - 1, 0.0) - x_offset
        if after > 0.001 or after < -0.001:
            moves[index] = moves.get(index, 0.0) + after
    hexed = ("%04x" * len(gids)) % tuple(gids)
    if not moves:
        return b"[<" + hexed.encode() + b">] TJ"
    items, start = [], 0
    if -1 in moves:  # an offset on the first glyph moves the pen before it
        items.append(number(moves.pop(-1)))
    for index in sorted(moves):
        items.append(f"<{hexed[start * 4 : (index + 1) * 4]}>")
        items.append(number(moves[index]))
        start = index + 1
    if start < len(gids):
        items.append(f"<{hexed[start * 4 :]}>")
    return ("[" + " ".join(items) + "] TJ").encode()


def write_fonts(writer, numbers, sources, use):
    """Writes each used font as a subset Type0 font under its reserved number.

    numbers: {font name: reserved object number}; sources: {font name: font file bytes as
    registered (rendering.fonts.truetype_outlines)}.
    """
    for name, reserved in numbers.items():
        glyphs = use.get(name, {})
        _write_font(writer, reserved, name, sources[name], glyphs)


def font_bytes(font_file):
    """The bytes the font was registered from, so glyph ids match the ones shown."""
    return truetype_outlines(font_file.data)


def _write_font(writer, reserved, name, data, glyphs):
    gids = sorted(set(glyphs) | {0})  # .notdef stays: every font program must have it
    font = OpenTypeFont(io.BytesIO(data), recalcTimestamp=False)
    order = font.getGlyphOrder()
    options = subset.Options()
    options.retain_gids = True  # CID = glyph id of the whole font, as the pages show them
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.hinting = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=[order[gid] for gid in gids if gid < len(order)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    program = out.getvalue()

    face = pdfmetrics.getFont(name).face
    scale = 1000 / font["head"].unitsPerEm
    hmtx = font["hmtx"]
    # Unrounded: a page of text drifts by the sum of its glyphs' rounding otherwise.
    widths = {gid: number(hmtx[order[gid]][0] * scale) for gid in gids if gid < len(order)}
    # Subset fonts carry a six-letter tag drawn from what they hold (PDF 32000 9.6.4).
    digest = hashlib.sha256(repr((name, gids)).encode()).digest()
    tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
    base = f"{tag}+{_postscript_name(font, name)}"

    program_number = writer.add_stream(
        b"/Length1 %d /Filter /FlateDecode" % len(program), zlib.compress(program, 6)
    )
    flags = _NONSYMBOLIC | (_ITALIC if face.italicAngle else 0)
    bbox = " ".join(str(round(v)) for v in face.bbox)
    descriptor = writer.add(
        (
            f"<</Type /FontDescriptor /FontName /{base} /Flags {flags} /FontBBox [{bbox}]"
            f" /ItalicAngle {number(face.italicAngle)} /Ascent {round(face.ascent)}"
            f" /Descent {round(face.descent)} /CapHeight {round(face.capHeight)}"
            f" /StemV {round(face.stemV)} /FontFile2 {program_number} 0 R>>"
        ).encode()
    )
    cid_font = writer.add(
        (
            f"<</Type /Font /Subtype /CIDFontType2 /BaseFont /{base}"
            f" /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>"
            f" /FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity"
            f" /DW 1000 /W [{' '.join(f'{gid} [{width}]' for gid, width in widths.items())}]>>"
        ).encode()
    )
    to_unicode = writer.add_stream(b"/Filter /FlateDecode", zlib.compress(_cmap(glyphs), 6))
    writer.write(
        reserved,
        (
            f"<</Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /Identity-H"
            f" /DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R>>"
        ).encode(),
    )


def _postscript_name(font, fallback):
    name = font["name"].getDebugName(6) if "name" in font else None
    return "".join(char for char in (name or fallback) if char.isalnum() or char in "-_")


def _cmap(glyphs):
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    pairs = sorted(glyphs.items())
    for start in range(0, len(pairs), 100):  # at most 100 entries per block
        block = pairs[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        for gid, text in block:
            lines.append(f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>")
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode()
