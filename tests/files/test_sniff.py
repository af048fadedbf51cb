"""sniff and inspect_upload: an upload's format comes from its bytes; the wrong kind is refused."""

import io

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from PIL import Image

from monogram.errors import Invalid, TooLarge, UnsupportedMediaType
from monogram.files import UploadLimits, inspect_upload
from monogram.files.sniff import sniff

SVG_ROOT = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def image(fmt, mode="RGB", size=(8, 6)):
    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt)
    return out.getvalue()


def font(flavor=None):
    """A one-glyph TrueType font, as plain sfnt or as a WOFF/WOFF2 web font."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0)})
    builder.setupHorizontalHeader()
    builder.setupNameTable({"familyName": "Sniff", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.font.flavor = flavor
    out = io.BytesIO()
    builder.font.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (image("PNG"), "png"),
        (image("JPEG"), "jpeg"),
        (image("WEBP"), "webp"),
        (image("TIFF"), "tiff"),
        (SVG_ROOT, "svg"),
        (font(), "ttf"),
        (b"OTTO" + bytes(12), "otf"),
        (b"true" + bytes(12), "ttf"),
        (font("woff"), "woff"),
        (font("woff2"), "woff2"),
        (image("GIF", mode="P"), "gif"),
        (b"%PDF-1.7\n", "pdf"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(12), "heic"),
        (b"hello", None),
        (b"<html><body>svg</body></html>", None),
    ],
)
def test_format_comes_from_the_first_bytes(data, expected):
    assert sniff(data) == expected


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + SVG_ROOT,
        b"\xef\xbb\xbf" + SVG_ROOT,
        b"\n\t  <!-- Generator: Adobe Illustrator 27 -->\n<?xml-stylesheet href='a.css'?>"
        + SVG_ROOT,
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">' + SVG_ROOT,
        b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>',
        ('<?xml version="1.0" encoding="UTF-16"?>' + SVG_ROOT.decode()).encode("utf-16"),
    ],
)
def test_svg_is_recognised_by_its_root_element_after_the_prolog(document):
    assert sniff(document) == "svg"


def test_an_empty_file_is_invalid():
    with pytest.raises(Invalid, match="The file is empty"):
        inspect_upload(b"", UploadLimits())


def test_text_is_not_a_supported_type():
    with pytest.raises(UnsupportedMediaType, match="This file is not a PNG, JPEG, WebP or TIFF"):
        inspect_upload(b"hello", UploadLimits())


def test_unrecognised_content_is_described_by_what_was_expected():
    with pytest.raises(UnsupportedMediaType) as refused:
        inspect_upload(b"hello", UploadLimits(), frozenset({"font"}))
    assert refused.value.message == (
        "This file is not a TTF, OTF, WOFF or WOFF2 font; save it as one and upload it again."
    )


def test_a_known_but_unaccepted_format_is_named():
    with pytest.raises(
        UnsupportedMediaType, match="This file is a GIF image, which cannot be used"
    ):
        inspect_upload(image("GIF", mode="P"), UploadLimits())


@pytest.mark.parametrize(
    "collection", [b"ttcf\x00\x02\x00\x00" + bytes(8), b"wOF2ttcf" + bytes(40)]
)
def test_font_collections_are_refused(collection):
    with pytest.raises(UnsupportedMediaType, match="upload each face as its own file"):
        inspect_upload(collection, UploadLimits())


def test_content_of_another_kind_than_expected_is_refused_naming_both():
    with pytest.raises(UnsupportedMediaType) as refused:
        inspect_upload(image("PNG"), UploadLimits(), frozenset({"font"}))
    assert refused.value.status == 415
    assert refused.value.message == (
        "This file is a PNG image, but a TTF, OTF, WOFF or WOFF2 font is expected here."
    )


def test_content_of_an_expected_kind_is_inspected():
    inspected = inspect_upload(SVG_ROOT, UploadLimits(), frozenset({"raster", "vector"}))
    assert (inspected.kind, inspected.media_type) == ("vector", "image/svg+xml")


def test_the_byte_cap_is_the_one_of_the_kind_found():
    png = image("PNG", size=(64, 64))
    limits = UploadLimits(raster_bytes=len(png) - 1, vector_bytes=10**6)
    with pytest.raises(TooLarge) as refused:
        inspect_upload(png, limits)
    assert refused.value.status == 413
    assert "the limit for images is" in refused.value.message


def test_expect_names_only_known_kinds():
    with pytest.raises(ValueError, match="expect must be among"):
        inspect_upload(image("PNG"), UploadLimits(), frozenset({"image"}))
