"""The job ticket: an A4 sheet that travels with the work, read at a glance, scanned to open.

`job_ticket(ticket)` takes a plain dict, so it is drawn without a database or a request:

    {"id": "job_…", "url": "https://…/workshop/jobs/job_…", "locale": "fr",
     "order": "#1042", "line": "Cartes de visite" | None, "product": "Business card",
     "quantity": 250, "due": date | datetime | None, "workshop": "Atelier Lyon",
     "areas": [{"name": "Recto", "technique": "digital_print", "proof": PNG bytes | None}]}
"""

import io
import math

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from monogram.documents import typeface
from monogram.documents.qr import draw_qr
from monogram.documents.texts import TEXTS, day, language, technique

WIDTH, HEIGHT = A4
MARGIN = 15 * mm
QR_SIZE = 38 * mm  # scanned from arm's length off a workbench
GAP = 4 * mm
LABEL_WIDTH = 34 * mm
CARRIER_HEIGHT = 38 * mm
CAPTION = 14  # pt above each proof image
# A proof image smaller than this is too small to check the work against; it goes overleaf.
MIN_CELL = 60 * mm
MUTED = 0.35


def job_ticket(ticket):
    """The ticket as PDF bytes; the same dict gives the same bytes."""
    regular, bold = typeface.register()
    lang = language(ticket.get("locale"))
    t = TEXTS[lang]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1, initialFontName=regular)
    canvas.setTitle(f"{t['ticket']} {ticket['id']}")
    canvas.setAuthor(ticket.get("workshop") or "")
    canvas.setCreator("Monogram")

    y = _header(canvas, ticket, t, regular, bold)
    y = _areas(canvas, ticket, t, lang, regular, bold, y)
    images = [area for area in ticket.get("areas", ()) if area.get("proof")]
    first_room = (y - GAP, MARGIN + CARRIER_HEIGHT + GAP)
    columns = 1 if len(images) == 1 else 2
    pages = _plan(images, columns, first_room)
    total = len(pages)
    for number, (room, rows) in enumerate(pages, start=1):
        if number > 1:
            canvas.showPage()
            _continued(canvas, ticket, t, bold)
        else:
            _carrier_box(canvas, t, regular, bold)
        _cells(canvas, rows, columns, room, lang, regular, bold)
        _footer(canvas, ticket, t, regular, number, total)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _header(canvas, ticket, t, regular, bold):
    """Job id, the facts a worker checks, and the QR code; returns the y below them."""
    left, top = MARGIN, HEIGHT - MARGIN
    column = WIDTH - 2 * MARGIN - QR_SIZE - GAP
    draw_qr(canvas, ticket["url"], WIDTH - MARGIN - QR_SIZE, top - QR_SIZE, QR_SIZE)
    canvas.setFillGray(MUTED)
    canvas.setFont(regular, 7.5)
    canvas.drawCentredString(WIDTH - MARGIN - QR_SIZE / 2, top - QR_SIZE - 9, t["scan"])

    canvas.setFont(bold, 10)
    canvas.drawString(left, top - 10, t["ticket"].upper())
    size = typeface.fitted_size(ticket["id"], bold, 26, 12, column)
    baseline = top - 16 - size
    canvas.setFillGray(0)
    canvas.setFont(bold, size)
    canvas.drawString(left, baseline, ticket["id"])

    facts = [
        (t["order"], ticket.get("order") or t["none"], regular),
        (t["line"], ticket.get("line"), regular),
        (t["product"], ticket.get("product") or t["none"], regular),
        (t["quantity"], str(ticket["quantity"]), bold),
        (t["due"], day(ticket.get("due"), language(ticket.get("locale"))), bold),
        (t["workshop"], ticket.get("workshop") or t["none"], regular),
    ]
    y = baseline - 26
    for label, value, font in facts:
        if not value:
            continue
        canvas.setFillGray(MUTED)
        canvas.setFont(regular, 10)
        canvas.drawString(left, y, label)
        canvas.setFillGray(0)
        canvas.setFont(font, 12)
        canvas.drawString(
            left + LABEL_WIDTH, y, typeface.clipped(value, font, 12, column - LABEL_WIDTH)
        )
        y -= 18
    y = min(y + 4, top - QR_SIZE - 18)
    canvas.setLineWidth(0.75)
    canvas.line(left, y, WIDTH - MARGIN, y)
    return y


def _areas(canvas, ticket, t, lang, regular, bold, y):
    y -= 20
    canvas.setFont(bold, 12)
    canvas.drawString(MARGIN, y, t["areas"])
    for area in ticket.get("areas", ()):
        y -= 16
        line = f"{area['name']} — {technique(area.get('technique'), lang)}"
        if not area.get("proof"):
            line += f" ({t['no_proof']})"
        canvas.setFont(regular, 11)
        canvas.drawString(MARGIN + 4 * mm, y, typeface.clipped(line, regular, 11, WIDTH / 1.5))
    return y - 6


def _plan(images, columns, first_room):
    """[((top, bottom), rows of areas)] per page: as many rows as fit at a useful size."""
    rows = [images[i : i + columns] for i in range(0, len(images), columns)]
    pages = []
    room = first_room
    while True:
        height = room[0] - room[1]
        fit = max(0, math.floor((height + GAP) / (MIN_CELL + GAP)))
        taken, rows = rows[:fit], rows[fit:]
        pages.append((room, taken))
        if not rows:
            return pages
        room = (HEIGHT - MARGIN - 30, MARGIN + 12)


def _cells(canvas, rows, columns, room, lang, regular, bold):
    if not rows:
        return
    top, bottom = room
    width = (WIDTH - 2 * MARGIN - (columns - 1) * GAP) / columns
    height = (top - bottom - (len(rows) - 1) * GAP) / len(rows)
    for r, row in enumerate(rows):
        cell_top = top - r * (height + GAP)
        for c, area in enumerate(row):
            left = MARGIN + c * (width + GAP)
            caption = f"{area['name']} — {technique(area.get('technique'), lang)}"
            canvas.setFillGray(0)
            canvas.setFont(bold, 9)
            canvas.drawString(left, cell_top - 9, typeface.clipped(caption, bold, 9, width))
            _image(canvas, area["proof"], left, cell_top - height, width, height - CAPTION)


def _image(canvas, data, left, bottom, width, height):
    """The proof image as large as the box allows, centred, hung from the box's top."""
    reader = ImageReader(io.BytesIO(data))
    pixels_wide, pixels_high = reader.getSize()
    scale = min(width / pixels_wide, height / pixels_high)
    drawn_w, drawn_h = pixels_wide * scale, pixels_high * scale
    x, y = left + (width - drawn_w) / 2, bottom + height - drawn_h
    canvas.drawImage(reader, x, y, drawn_w, drawn_h)
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, drawn_w, drawn_h, stroke=1, fill=0)
    canvas.setStrokeGray(0)


def _carrier_box(canvas, t, regular, bold):
    """Blank lines for the carrier and tracking number, written by the person who packs."""
    left, bottom, width = MARGIN, MARGIN, WIDTH - 2 * MARGIN
    pad = 4 * mm
    canvas.setLineWidth(1)
    canvas.rect(left, bottom, width, CARRIER_HEIGHT, stroke=1, fill=0)
    canvas.setFillGray(0)
    canvas.setFont(bold, 10)
    canvas.drawString(left + pad, bottom + CARRIER_HEIGHT - pad - 7, t["shipment"])
    canvas.setLineWidth(0.5)
    rows = [[t["carrier"]], [t["tracking"]], [t["shipped_on"], t["initials"]]]
    for index, fields in enumerate(rows):
        y = bottom + CARRIER_HEIGHT - pad - 7 - (index + 1) * 9 * mm
        span = (width - 2 * pad) / len(fields)
        for f, label in enumerate(fields):
            x = left + pad + f * span
            canvas.setFont(regular, 10)
            canvas.drawString(x, y, label)
            start = x + typeface.width(label, regular, 10) + 2 * mm
            canvas.line(start, y - 1, x + span - 3 * mm, y - 1)


def _continued(canvas, ticket, t, bold):
    canvas.setFillGray(0)
    canvas.setFont(bold, 14)
    canvas.drawString(MARGIN, HEIGHT - MARGIN - 14, f"{ticket['id']} ({t['continued']})")


def _footer(canvas, ticket, t, regular, number, total):
    canvas.setFillGray(MUTED)
    canvas.setFont(regular, 7.5)
    page = t["page"].format(number=number, total=total)
    canvas.drawRightString(WIDTH - MARGIN, MARGIN / 2, f"{ticket['id']} · {page}")
    canvas.setFillGray(0)
