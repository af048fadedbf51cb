"""What format an upload is, judged from its first bytes, never from its name or Content-Type."""

import re

from monogram.errors import Invalid, UnsupportedMediaType

KINDS = ("raster", "vector", "font")

KIND_OF_FORMAT = {
    "png": "raster",
    "jpeg": "raster",
    "webp": "raster",
    "tiff": "raster",
    "svg": "vector",
    "ttf": "font",
    "otf": "font",
    "woff": "font",
    "woff2": "font",
}

FORMAT_NAMES = {
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "webp": "a WebP image",
    "tiff": "a TIFF image",
    "svg": "an SVG drawing",
    "ttf": "a TrueType font",
    "otf": "an OpenType font",
    "woff": "a WOFF web font",
    "woff2": "a WOFF2 web font",
    # Formats people often upload by mistake, named so the message can say what to do instead.
    "gif": "a GIF image",
    "bmp": "a BMP image",
    "heic": "a HEIC photo",
    "avif": "an AVIF image",
    "pdf": "a PDF (or Illustrator) document",
    "postscript": "a PostScript or EPS file",
    "psd": "a Photoshop document",
    "gzip": "a compressed file (such as SVGZ)",
    "zip": "a ZIP archive",
}

KIND_WORDS = {
    "raster": "a PNG, JPEG, WebP or TIFF image",
    "vector": "an SVG drawing",
    "font": "a TTF, OTF, WOFF or WOFF2 font",
}

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),  # BigTIFF
    (b"MM\x00+", "tiff"),
    (b"\x00\x01\x00\x00", "ttf"),
    (b"true", "ttf"),  # Apple's tag for TrueType outlines
    (b"OTTO", "otf"),
    (b"wOFF", "woff"),
    (b"wOF2", "woff2"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"%!PS", "postscript"),
    (b"\xc5\xd0\xd3\xc6", "postscript"),  # DOS EPS with a preview
    (b"8BPS", "psd"),
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
)
_ISO_BRANDS = {b"heic": "heic", b"heix": "heic", b"mif1": "heic", b"avif": "avif", b"avis": "avif"}

# The root element of an XML file is named within its first bytes, after an optional
# declaration, comments, processing instructions or a DOCTYPE (which names the root too).
_XML_HEAD = 64 * 1024
_XML_SKIPPABLE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_XML_ROOT = re.compile(r"\s*<(?:!DOCTYPE\s+)?([A-Za-z_][\w.:-]*)")


def sniff(data: bytes) -> str | None:
    """The format name ("png", "svg", "woff2", "gif", …) of an upload; None when unrecognised."""
    if not data:
        raise Invalid("The file is empty; choose the file again and re-upload it.")
    if data[:4] == b"ttcf" or (data[:4] in (b"wOFF", b"wOF2") and data[4:8] == b"ttcf"):
        raise UnsupportedMediaType(
            "This is a font collection holding several faces; upload each face as its own file "
            "(TTF or OTF)."
        )
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in _ISO_BRANDS:
        return _ISO_BRANDS[data[8:12]]
    if data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    root = _xml_root_name(data[:_XML_HEAD])
    if root is not None and root.rpartition(":")[2] == "svg":
        return "svg"
    return None


def kinds_in_words(kinds) -> str:
    """The kinds in a message's words, e.g. "a PNG, JPEG, WebP or TIFF image or an SVG drawing"."""
    words = [KIND_WORDS[kind] for kind in KINDS if kind in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _xml_root_name(head):
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "ignore")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    position = 0
    while skipped := _XML_SKIPPABLE.match(text, position):
        position = skipped.end()
    root = _XML_ROOT.match(text, position)
    return root[1] if root else None
