"""QR codes, Code 128 and EAN-13 as vector bars in the area's inks, quiet zones kept in the box.

The box holds the whole symbol with its quiet zones, which stay unprinted: a QR code is square
and centred in the box; a barcode fills the box, bars as tall as the box. No human-readable
line is drawn under barcodes: a text object carries it, in the design's own font.
"""

import functools

import zxingcpp
from reportlab.graphics.barcode.eanbc import Ean13BarcodeWidget
from reportlab.graphics.barcode.widgets import BarcodeCode128
from reportlab.graphics.shapes import Group, Rect
from reportlab.pdfgen.canvas import FILL_NON_ZERO

# Quiet zones in modules, from the symbology standards (ISO/IEC 18004, 15417, GS1).
QR_QUIET = 4
CODE128_QUIET = 10
EAN13_QUIET = (11, 7)  # left, right
# Encoder pixel → binary digit of an image mask sample: dark (0) → "0", light (255) → "1".
_BINARY_DIGITS = bytes.maketrans(b"\x00\xff", b"01")


@functools.lru_cache(maxsize=256)
def symbol(symbology, data):
    """(columns, rows, dark rectangles (x, y, w, h)) in modules, y up, quiet zones included."""
    if symbology == "qr":
        return _qr(data)
    if symbology == "code128":
        widget = BarcodeCode128(value=data, barWidth=1, barHeight=1, humanReadable=0, quiet=0)
        return _bars(widget, CODE128_QUIET, CODE128_QUIET)
    # The widget computes the check digit from the first twelve; a thirteenth was validated.
    widget = Ean13BarcodeWidget(data[:12], barWidth=1, barHeight=1, humanReadable=0, quiet=0)
    return _bars(widget, *EAN13_QUIET)


def draw_code(canvas, obj, box, ctx):
    columns, rows, dark = symbol(obj["symbology"], obj["data"])
    if obj["symbology"] == "qr":
        # Modules stay square: the symbol is as big as the box's shorter side allows.
        scale_x = scale_y = min(box.width / columns, box.height / rows)
    else:
        scale_x, scale_y = box.width / columns, box.height / rows
    left = (box.width - columns * scale_x) / 2
    bottom = (box.height - rows * scale_y) / 2
    canvas.saveState()
    canvas.setFillColor(ctx.inks.color(obj["color"], alpha=obj.get("opacity", 1)))
    # One path for all modules: adjacent modules fill as one area, with no hairline seams.
    path = canvas.beginPath()
    for x, y, width, height in dark:
        path.rect(left + x * scale_x, bottom + y * scale_y, width * scale_x, height * scale_y)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canvas.restoreState()


def qr_matrix(data):
    """(modules per side, the modules as 1-bit samples: rows packed MSB first and padded to whole
    bytes, 0 = dark), without the quiet zone: the samples of a PDF image mask, which paints its
    0 samples by default."""
    count, pixels = _encoded_qr(data)
    # The encoder's pixels are 0 (dark) or 255: as the digits of one binary number, row by row,
    # each row padded to a whole byte, they pack in a single conversion.
    digits = pixels.translate(_BINARY_DIGITS)
    padding = b"0" * (-count % 8)
    rows = b"".join(
        digits[start : start + count] + padding for start in range(0, count * count, count)
    )
    return count, int(rows, 2).to_bytes(len(rows) // 8, "big")


def _qr(data):
    count, pixels = _encoded_qr(data)
    size = count + 2 * QR_QUIET
    dark = []
    for row_index in range(count):
        row = pixels[row_index * count : (row_index + 1) * count]
        y = size - QR_QUIET - row_index - 1  # rows run down, PDF runs up
        start = None
        for column, value in enumerate([*row, 255]):
            if not value and start is None:
                start = column
            elif value and start is not None:
                dark.append((QR_QUIET + start, y, column - start, 1))
                start = None
    return size, size, tuple(dark)


def _encoded_qr(data):
    """(modules per side, one byte per module row by row, 0 = dark) from zxing-cpp's encoder."""
    # Level M (15 % of the symbol can be lost) suits print; L only when M cannot hold the data.
    for level in ("M", "L"):
        try:
            code = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
        except ValueError:  # "Input too long for ECC level …"
            continue
        image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
        return image.shape[1], image.tobytes()
    raise ValueError(f"{len(data)} characters are too many for a QR code")


def _bars(widget, left_quiet, right_quiet):
    # The widgets' own quiet zones are off: their sizes differ from the standards'.
    rects = []
    _collect(widget.draw(), rects)
    dark = tuple(
        (left_quiet + rect.x, 0, rect.width, 1)
        for rect in rects
        if rect.fillColor is not None and rect.width
    )
    return left_quiet + widget.width + right_quiet, 1, dark


def _collect(node, rects):
    if isinstance(node, Group):
        for child in node.contents:
            _collect(child, rects)
    elif isinstance(node, Rect):
        rects.append(node)
