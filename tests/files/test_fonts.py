"""Font uploads: read in full, licence flags honoured, web fonts stored as plain TTF/OTF."""

import io
import random
import struct
import zlib
from pathlib import Path

import brotli
import pytest
from fontTools import subset
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from monogram.errors import Invalid, TooLarge
from monogram.files import UploadLimits, inspect_upload

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TRUETYPE = b"\x00\x01\x00\x00"
DAMAGED = "This font file is damaged or is not a font we can read"


def saved(font, flavor=None):
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def small_font(cff=False, fs_type=0, names=None, fs_selection=0x0040):
    """A two-glyph font built in code, with TrueType or CFF outlines."""
    order = [".notdef", "A"]
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({ord("A"): "A"})
    if cff:
        pen = T2CharStringPen(600, None)
        _triangle(pen)
        charstrings = {
            ".notdef": T2CharStringPen(500, None).getCharString(),
            "A": pen.getCharString(),
        }
        builder.setupCFF("SmallFont-Regular", {}, charstrings, {})
    else:
        pen = TTGlyphPen(None)
        _triangle(pen)
        builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "A": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "A": (600, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable(names or {"familyName": "Small Font", "styleName": "Regular"})
    builder.setupOS2(fsType=fs_type, usWeightClass=400, fsSelection=fs_selection)
    builder.setupPost()
    return builder.font


def _triangle(pen):
    pen.moveTo((0, 0))
    pen.lineTo((600, 0))
    pen.lineTo((300, 700))
    pen.closePath()


def table_span(sfnt, tag):
    """(offset, length) of a table, read from the sfnt table directory."""
    (count,) = struct.unpack_from(">H", sfnt, 4)
    for index in range(count):
        name, _, offset, length = struct.unpack_from(">4sLLL", sfnt, 12 + 16 * index)
        if name == tag:
            return offset, length
    raise KeyError(tag)


def test_dejavu_sans_round_trips_with_its_facts():
    original = DEJAVU.read_bytes()
    inspected = inspect_upload(original, UploadLimits(), frozenset({"font"}))
    assert (inspected.kind, inspected.media_type, inspected.extension) == (
        "font",
        "font/ttf",
        "ttf",
    )
    facts = inspected.font
    assert (facts.family, facts.style, facts.weight, facts.italic) == (
        "DejaVu Sans",
        "Book",
        400,
        False,
    )
    assert (facts.outlines, facts.embedding) == ("truetype", "installable")
    reference, stored = TTFont(DEJAVU), TTFont(io.BytesIO(inspected.data))
    assert facts.glyph_count == len(reference.getGlyphOrder())
    assert stored.getGlyphOrder() == reference.getGlyphOrder()
    assert stored.getBestCmap() == reference.getBestCmap()
    assert stored["glyf"]["g"].coordinates == reference["glyf"]["g"].coordinates
    assert inspected.notes == ()


def test_a_woff2_is_stored_as_plain_truetype():
    font = TTFont(DEJAVU)
    subsetter = subset.Subsetter()
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    woff2 = saved(font, "woff2")
    assert woff2[:4] == b"wOF2"
    inspected = inspect_upload(woff2, UploadLimits())
    assert inspected.data.startswith(b"\x00\x01\x00\x00")
    assert (inspected.media_type, inspected.extension) == ("font/ttf", "ttf")
    assert inspected.notes == ("converted the WOFF2 web font to TTF",)
    stored = TTFont(io.BytesIO(inspected.data))
    assert stored.flavor is None
    assert stored.getBestCmap() == TTFont(io.BytesIO(woff2)).getBestCmap()
    assert inspected.font.family == "DejaVu Sans"


def test_a_woff_is_stored_as_plain_truetype():
    inspected = inspect_upload(saved(small_font(), "woff"), UploadLimits())
    assert inspected.data[:4] == b"\x00\x01\x00\x00"
    assert inspected.notes == ("converted the WOFF web font to TTF",)


def test_a_cff_font_is_stored_as_otf():
    inspected = inspect_upload(saved(small_font(cff=True)), UploadLimits())
    assert (inspected.media_type, inspected.extension) == ("font/otf", "otf")
    assert inspected.font.outlines == "cff"
    assert inspected.data[:4] == b"OTTO"
    assert "CFF " in TTFont(io.BytesIO(inspected.data))


def test_the_typographic_family_and_style_names_come_first():
    names = {
        "familyName": "Brand Sans Light",
        "styleName": "Italic",
        "typographicFamily": "Brand Sans",
        "typographicSubfamily": "Light Italic",
    }
    facts = inspect_upload(saved(small_font(names=names, fs_selection=0x0001)), UploadLimits()).font
    assert (facts.family, facts.style, facts.italic) == ("Brand Sans", "Light Italic", True)


def test_a_font_whose_glyph_outlines_are_overwritten_is_refused():
    font = bytearray(DEJAVU.read_bytes())
    offset, length = table_span(font, b"glyf")
    font[offset : offset + length] = random.Random(3).randbytes(length)
    with pytest.raises(Invalid) as refused:
        inspect_upload(bytes(font), UploadLimits())
    assert refused.value.status == 422
    assert refused.value.message.startswith(DAMAGED)


def test_a_font_with_one_damaged_glyph_is_refused():
    # Copying the glyph table would not notice; only reading every glyph does.
    font = bytearray(DEJAVU.read_bytes())
    reference = TTFont(DEJAVU)
    glyf_offset, _ = table_span(font, b"glyf")
    glyph_offset = reference["loca"][reference.getGlyphID("g")]
    struct.pack_into(">h", font, glyf_offset + glyph_offset, 200)  # contours far past its data
    with pytest.raises(Invalid, match=DAMAGED):
        inspect_upload(bytes(font), UploadLimits())


def test_a_cff_font_with_a_broken_charstring_is_refused():
    font = bytearray(saved(small_font(cff=True)))
    offset, length = table_span(font, b"CFF ")
    # The last charstring is A's; its final endchar becomes a callsubr with nothing to call.
    assert font[offset + length - 1] == 0x0E
    font[offset + length - 1] = 0x0A
    with pytest.raises(Invalid, match=DAMAGED):
        inspect_upload(bytes(font), UploadLimits())


def test_a_font_with_a_garbage_table_is_refused():
    font = bytearray(saved(small_font()))
    offset, length = table_span(font, b"cmap")
    font[offset : offset + length] = b"\xff" * length  # 65,535 subtables that are not there
    with pytest.raises(Invalid, match=DAMAGED):
        inspect_upload(bytes(font), UploadLimits())


def test_a_truncated_font_is_refused():
    font = DEJAVU.read_bytes()
    with pytest.raises(Invalid, match=DAMAGED):
        inspect_upload(font[: len(font) // 2], UploadLimits())


def test_a_font_without_a_character_map_is_refused():
    font = small_font()
    del font["cmap"]
    with pytest.raises(Invalid) as refused:
        inspect_upload(saved(font), UploadLimits())
    assert refused.value.message == (
        "This font file lacks tables every font needs (cmap); export it again from the "
        "foundry's files."
    )


def test_a_restricted_licence_font_is_refused():
    with pytest.raises(Invalid) as refused:
        inspect_upload(saved(small_font(fs_type=0x0002)), UploadLimits())
    assert refused.value.message == (
        "This font's licence flags forbid embedding it in a PDF (restricted licence); ask the "
        "foundry for a licence that allows embedding."
    )


def test_a_bitmap_only_embedding_font_is_refused():
    with pytest.raises(Invalid, match="allow embedding only bitmaps of it"):
        inspect_upload(saved(small_font(fs_type=0x0200)), UploadLimits())


@pytest.mark.parametrize(
    ("fs_type", "embedding"),
    [
        (0x0000, "installable"),
        (0x0004, "preview_print"),
        (0x0008, "editable"),
        (0x000A, "editable"),
    ],
)
def test_embedding_is_the_least_restrictive_the_flags_grant(fs_type, embedding):
    assert (
        inspect_upload(saved(small_font(fs_type=fs_type)), UploadLimits()).font.embedding
        == embedding
    )


def test_a_web_font_that_unpacks_past_the_font_limit_is_too_large():
    woff2 = saved(small_font(), "woff2")
    with pytest.raises(TooLarge) as refused:
        inspect_upload(woff2, UploadLimits(font_bytes=len(woff2) + 1))
    assert refused.value.status == 413
    assert refused.value.message.startswith("Unpacked, this font is")


def test_a_woff_table_that_inflates_past_its_declared_size_is_refused_unread(monkeypatch):
    # One 'head' entry declaring 54 bytes whose stream inflates to 5 MB.
    stream = zlib.compress(bytes(5_000_000))
    size = 44 + 20 + len(stream)
    header = struct.pack(">4s4sLHHLHH", b"wOFF", TRUETYPE, size, 1, 0, 66, 1, 0)
    header += bytes(20)  # no metadata, no private data
    entry = struct.pack(">4sLLLL", b"head", 44 + 20, len(stream), 54, 0)
    inflated = _record_calls(monkeypatch, zlib, "decompress")
    with pytest.raises(Invalid, match=DAMAGED):
        inspect_upload(header + entry + stream, UploadLimits())
    assert inflated == [], "the stream was inflated in full before its size was checked"


def test_a_woff2_stream_that_unpacks_past_its_directory_is_refused_unread(monkeypatch):
    stream = brotli.compress(bytes(5_000_000))
    directory = bytes([1, 54])  # the 'head' table, untransformed, 54 bytes
    size = 48 + len(directory) + len(stream)
    header = struct.pack(">4s4sLHHLLHH", b"wOF2", TRUETYPE, size, 1, 0, 66, len(stream), 1, 0)
    header += bytes(20)  # no metadata, no private data
    unpacked = _record_calls(monkeypatch, brotli, "decompress")
    with pytest.raises(Invalid, match=DAMAGED):
        inspect_upload(header + directory + stream, UploadLimits())
    assert unpacked == [], "the stream was unpacked in full before its size was checked"


def _record_calls(monkeypatch, module, name):
    """Calls of module.name, which still does its work: fontTools must not get that far."""
    calls, original = [], getattr(module, name)

    def recorded(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    return calls
