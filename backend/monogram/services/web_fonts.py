"""WOFF2 copies of the fonts print uses, made once per file and kept next to the uploads."""

import io

from fontTools.ttLib import TTFont

from monogram.errors import NotFound
from monogram.extensions.storage import storage
from monogram.services.fonts import font_file, font_sha256


def woff2(font):
    """The font's WOFF2 bytes, compressed from the very TTF/OTF the renderer embeds."""
    key = f"web-fonts/{font_sha256(font)}.woff2"
    try:
        return storage().get(key)
    except NotFound:
        pass
    data = compress(font_file(font))
    # Keyed by the source's hash: two workers racing write the same bytes.
    storage().put(key, data, "font/woff2")
    return data


def compress(data):
    # The source's timestamps stay, so the same file always gives the same WOFF2 (and ETag).
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()
