"""Merchants' typefaces: read in full by fontTools, licence flags checked, kept as plain TTF/OTF."""

import struct
import zlib
from io import BytesIO

import brotli
from fontTools.misc import sstruct
from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.ttLib import TTFont, TTLibError
from fontTools.ttLib.woff2 import WOFF2DirectoryEntry, woff2DirectoryFormat, woff2DirectorySize

from monogram.errors import Invalid, TooLarge
from monogram.files.facts import FontFacts, InspectedFile

DAMAGED = (
    "This font file is damaged or is not a font we can read; export it again from the "
    "foundry's files."
)
REQUIRED_TABLES = ("cmap", "head", "hhea", "hmtx", "maxp", "name")

# OS/2 fsType bits (OpenType specification): what a document may do with an embedded font.
RESTRICTED = 0x0002
PREVIEW_PRINT = 0x0004
EDITABLE = 0x0008
BITMAP_ONLY = 0x0200

_WOFF_HEADER = ">4s4sLHHLHHLLLLL"
_WOFF_TABLE = ">4sLLLL"


def inspect_font(data: bytes, limits) -> InspectedFile:
    """A TTF, OTF, WOFF or WOFF2 read in full and stored as plain TTF/OTF, with its facts."""
    web_format = {b"wOFF": "WOFF", b"wOF2": "WOFF2"}.get(data[:4])
    if web_format:
        _check_unpacked_size(data, limits)
    font = _read_in_full(data)
    facts = _facts(font)
    font.flavor = None
    out = BytesIO()
    try:
        font.save(out)
        stored = out.getvalue()
        # What we keep must open on its own, without the upload it came from.
        TTFont(BytesIO(stored), lazy=False).getBestCmap()
    except Exception:  # fontTools raises whatever the table compilers meet
        raise Invalid(DAMAGED) from None
    extension = "ttf" if facts.outlines == "truetype" else "otf"
    notes = (f"converted the {web_format} web font to {extension.upper()}",) if web_format else ()
    return InspectedFile(
        kind="font",
        media_type=f"font/{extension}",
        extension=extension,
        data=stored,
        font=facts,
        notes=notes,
    )


def _read_in_full(data):
    """A TTFont with every table decompiled and every glyph drawn, so nothing broken waits."""
    try:
        font = TTFont(BytesIO(data), lazy=False, recalcBBoxes=False, recalcTimestamp=False)
        tables = set(font.keys())
    except Exception:
        raise Invalid(DAMAGED) from None
    missing = [tag for tag in REQUIRED_TABLES if tag not in tables]
    if not ({"glyf", "loca"} <= tables or "CFF " in tables or "CFF2" in tables):
        missing.append("glyf and loca, or CFF")
    if missing:
        raise Invalid(
            f"This font file lacks tables every font needs ({', '.join(missing)}); export it "
            "again from the foundry's files."
        )
    try:
        font.ensureDecompiled(recurse=True)
        cmap = font.getBestCmap()
        glyphs = font.getGlyphSet()
        # Drawing runs CFF charstrings and resolves TrueType components, which decompiling skips.
        pen = ControlBoundsPen(glyphs)
        for name in font.getGlyphOrder():
            glyphs[name].draw(pen)
    except Exception:  # fontTools raises whatever the table parsers meet
        raise Invalid(DAMAGED) from None
    if not cmap:
        raise Invalid(
            "This font has no Unicode character map, so no text can be set with it; export it "
            "again from the foundry's files."
        )
    return font


def _facts(font):
    names = font["name"]
    family = (names.getDebugName(16) or names.getDebugName(1) or "").strip()
    if not family:
        raise Invalid(
            "This font file has no family name; export it again from the foundry's files."
        )
    style = (names.getDebugName(17) or names.getDebugName(2) or "Regular").strip()
    os2 = font.get("OS/2")
    weight = os2.usWeightClass if os2 else 400
    return FontFacts(
        family=family,
        style=style,
        # Outside 1 to 1000 the value breaks the specification; readers assume regular then.
        weight=weight if 1 <= weight <= 1000 else 400,
        italic=bool(os2 and os2.fsSelection & 0x0001) or bool(font["head"].macStyle & 0x0002),
        outlines="truetype" if "glyf" in font else "cff",
        glyph_count=len(font.getGlyphOrder()),
        embedding=_embedding(os2.fsType if os2 else 0),
    )


def _embedding(fs_type):
    """The least restrictive embedding the fsType flags grant; Invalid when a PDF may not embed."""
    if fs_type & BITMAP_ONLY:
        raise Invalid(
            "This font's licence flags allow embedding only bitmaps of it, not its outlines, so it "
            "cannot be used in a print PDF; ask the foundry for a licence that allows embedding."
        )
    if not fs_type & (RESTRICTED | PREVIEW_PRINT | EDITABLE):
        return "installable"
    if fs_type & EDITABLE:
        return "editable"
    if fs_type & PREVIEW_PRINT:
        return "preview_print"
    raise Invalid(
        "This font's licence flags forbid embedding it in a PDF (restricted licence); ask the "
        "foundry for a licence that allows embedding."
    )


def _check_unpacked_size(data, limits):
    """Refuse a WOFF or WOFF2 that would unpack past the font limit: a compression bomb.

    fontTools inflates every stream in full before comparing it with the size the file
    declares, so the declared sizes are checked first and each stream is inflated here with
    a ceiling of its declared size.
    """
    try:
        unpacked_size = _woff_unpacked_size if data[:4] == b"wOFF" else _woff2_unpacked_size
        declared = unpacked_size(data)
    except (struct.error, zlib.error, brotli.error, ValueError, TTLibError):
        raise Invalid(DAMAGED) from None
    if declared > limits.font_bytes:
        raise TooLarge(
            f"Unpacked, this font is {declared / 2**20:.1f} MB; the limit for fonts is "
            f"{limits.font_bytes / 2**20:g} MB. Upload a smaller font or a subset of it."
        )


def _woff_unpacked_size(data):
    header = struct.unpack_from(_WOFF_HEADER, data)
    tables, meta_offset, meta_length, meta_size = header[3], header[8], header[9], header[10]
    declared = meta_size
    for index in range(tables):
        _, offset, length, size, _ = struct.unpack_from(_WOFF_TABLE, data, 44 + 20 * index)
        declared += size
        if length != size:  # equal lengths mean stored uncompressed, as fontTools reads them
            _inflate_at_most(data[offset : offset + length], size)
    if meta_length:
        _inflate_at_most(data[meta_offset : meta_offset + meta_length], meta_size)
    return declared


def _woff2_unpacked_size(data):
    if len(data) < woff2DirectorySize:
        raise ValueError("no WOFF2 header")
    header = sstruct.unpack(woff2DirectoryFormat, data[:woff2DirectorySize])
    directory = BytesIO(data)
    directory.seek(woff2DirectorySize)
    stream_size = 0
    declared = header["metaOrigLength"]
    for _ in range(header["numTables"]):
        table = WOFF2DirectoryEntry()
        table.fromFile(directory)
        stream_size += table.length
        declared += table.origLength
    start = directory.tell()
    _unbrotli_at_most(data[start : start + header["totalCompressedSize"]], stream_size)
    if header["metaLength"]:
        start = header["metaOffset"]
        _unbrotli_at_most(data[start : start + header["metaLength"]], header["metaOrigLength"])
    return max(declared, stream_size)


def _inflate_at_most(stream, size):
    if len(zlib.decompressobj().decompress(stream, size + 1)) > size:
        raise ValueError("a table unpacks past its declared size")


def _unbrotli_at_most(stream, size):
    if len(brotli.Decompressor().process(stream, output_buffer_limit=size + 1)) > size:
        raise ValueError("the font data unpacks past its declared size")
