"""Sample inputs built in code: images, fonts, SVGs and design documents the tests upload."""

import io
import struct
import zlib
from pathlib import Path

import reportlab
from PIL import Image

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
VERA_BOLD = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"


def png(width=120, height=80, color=(200, 30, 60)):
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg(width=120, height=80, mode="RGB", color=(20, 120, 200)):
    out = io.BytesIO()
    Image.new(mode, (width, height), color if mode == "RGB" else (0, 50, 100, 0)).save(
        out, "JPEG", quality=90
    )
    return out.getvalue()


def png_bomb(side=14143):
    """A greyscale PNG of side² pixels (200 MP by default) that compresses to well under 1 MB."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte + one byte per pixel
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def svg(body='<rect x="1" y="1" width="8" height="8" fill="#003366"/>', attrs=""):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm" '
        f'viewBox="0 0 10 10" {attrs}>{body}</svg>'
    ).encode()


SVG_WITH_ENTITIES = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&lol2;</text></svg>'
)
SVG_WITH_SCRIPT = svg('<script>alert(document.cookie)</script><rect width="5" height="5"/>')
SVG_WITH_ONLOAD = svg('<rect width="5" height="5"/>', attrs='onload="alert(1)"')


def malformed_ttf():
    """A real font whose glyph outlines are overwritten with noise; its sfnt header looks fine."""
    from fontTools.ttLib import TTFont

    data = bytearray(VERA.read_bytes())
    font = TTFont(io.BytesIO(bytes(data)))
    offset, length = font.reader.tables["glyf"].offset, font.reader.tables["glyf"].length
    data[offset : offset + length] = bytes((i * 151 + 7) % 256 for i in range(length))
    return bytes(data)


def design(product_id, font_id=None, text="Jeanne Dupont", **text_fields):
    """A business-card design in monogram.design/1 with one line of text on the front."""
    obj = {
        "id": "name",
        "type": "text",
        "x": 10,
        "y": 12,
        "width": 60,
        "height": 10,
        "text": text,
        "font": font_id,
        "size": 14,
        "color": {"cmyk": [0, 0, 0, 100]},
        **text_fields,
    }
    if font_id is None:
        del obj["font"]
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "surfaces": [{"area": "front", "objects": [obj]}],
    }


def card_product(font_ids=(), mockup=None, proof="none"):
    """The product body of a 85 × 55 mm business card with a front and a back.

    Without a proof by default: jobs go straight to ready; proof tests ask for "customer".
    """

    def area(code, name):
        spec = {"id": code, "name": name, "width": 85, "height": 55, "bleed": 3, "safe": 3}
        if mockup:
            spec["mockup"] = {"asset": mockup, "quad": [[10, 10], [100, 10], [100, 60], [10, 60]]}
        return spec

    return {
        "name": "Business card",
        "proof": proof,
        "areas": [area("front", "Recto"), area("back", "Verso")],
        "fonts": list(font_ids),
        "palette": [{"name": "Navy", "color": {"cmyk": [100, 66, 0, 2]}}],
    }


def png_io(**kwargs):
    return io.BytesIO(png(**kwargs))


def font_io(path=VERA):
    return io.BytesIO(Path(path).read_bytes())
