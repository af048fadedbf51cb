"""QR codes on workshop paper: the print renderer's vector symbol, black on white paper."""

from reportlab.pdfgen.canvas import FILL_NON_ZERO

from monogram.rendering.codes import symbol


def draw_qr(canvas, data, x, y, size):
    """A square QR code of `size` points, its quiet zone included, lower-left corner at x, y."""
    columns, _rows, dark = symbol("qr", data)
    module = size / columns
    canvas.saveState()
    canvas.setFillGray(0)
    # One path for all modules: adjacent modules fill as one area, with no hairline seams.
    path = canvas.beginPath()
    for left, bottom, width, height in dark:
        path.rect(x + left * module, y + bottom * module, width * module, height * module)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canvas.restoreState()
