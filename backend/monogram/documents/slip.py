"""The packing slip: what is in the parcel, for whom, in the customer's language.

`packing_slip(slip)` takes a plain dict:

    {"order_id": "ord_…", "order": "#1042", "date": datetime, "shop": "Demo shop",
     "locale": "fr", "address": {"name", "company", "address1", "address2", "zip", "city",
     "province", "country_code", "phone"} | None,
     "lines": [{"title": "Business card", "quantity": 250, "job": "job_…" | None}]}
"""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from monogram.documents import typeface
from monogram.documents.qr import draw_qr
from monogram.documents.texts import TEXTS, day, language

WIDTH, HEIGHT = A4
MARGIN = 15 * mm
QR_SIZE = 30 * mm
QUANTITY_WIDTH = 24 * mm
JOB_WIDTH = 62 * mm
LEADING = 14
ROW_PAD = 6
TITLE_LINES = 3  # a longer title is cut: the job id names the item anyway
MUTED = 0.35


def packing_slip(slip):
    """The slip as PDF bytes; the same dict gives the same bytes."""
    regular, bold = typeface.register()
    t = TEXTS[language(slip.get("locale"))]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1, initialFontName=regular)
    canvas.setTitle(f"{t['slip']} {slip['order']}")
    canvas.setAuthor(slip.get("shop") or "")
    canvas.setCreator("Monogram")

    item_width = WIDTH - 2 * MARGIN - QUANTITY_WIDTH - JOB_WIDTH
    rows = [_row(line, regular, item_width) for line in slip["lines"]]
    table_top = _header(canvas, slip, t, regular, bold)
    pages = _paginate(rows, table_top)
    for number, page_rows in enumerate(pages, start=1):
        if number > 1:
            canvas.showPage()
            top = _continued(canvas, slip, t, bold)
        else:
            top = table_top
        _table(canvas, page_rows, top, t, regular, bold, item_width)
        canvas.setFillGray(MUTED)
        canvas.setFont(regular, 7.5)
        page = t["page"].format(number=number, total=len(pages))
        canvas.drawRightString(WIDTH - MARGIN, MARGIN / 2, f"{slip['order']} · {page}")
        canvas.setFillGray(0)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _header(canvas, slip, t, regular, bold):
    left, top = MARGIN, HEIGHT - MARGIN
    column = WIDTH - 2 * MARGIN - QR_SIZE - 6 * mm
    draw_qr(canvas, slip["order_id"], WIDTH - MARGIN - QR_SIZE, top - QR_SIZE, QR_SIZE)
    canvas.setFillGray(MUTED)
    canvas.setFont(regular, 7)
    canvas.drawCentredString(WIDTH - MARGIN - QR_SIZE / 2, top - QR_SIZE - 8, slip["order_id"])

    canvas.setFillGray(0)
    shop = slip.get("shop") or ""
    size = typeface.fitted_size(shop, bold, 18, 10, column)
    canvas.setFont(bold, size)
    canvas.drawString(left, top - size, shop)
    canvas.setFont(regular, 12)
    canvas.drawString(left, top - size - 18, t["slip"])

    y = top - size - 46
    for label, value in (
        (t["order"], slip["order"]),
        (t["order_date"], day(slip.get("date"), language(slip.get("locale")))),
    ):
        canvas.setFillGray(MUTED)
        canvas.setFont(regular, 10)
        canvas.drawString(left, y, label)
        canvas.setFillGray(0)
        canvas.setFont(bold, 12)
        canvas.drawString(left + 38 * mm, y, typeface.clipped(value, bold, 12, column - 38 * mm))
        y -= 18

    y -= 10
    canvas.setFont(bold, 11)
    canvas.drawString(left, y, t["ship_to"])
    for line in _address_lines(slip.get("address")) or [t["none"]]:
        y -= 15
        canvas.setFont(regular, 11)
        canvas.drawString(left, y, typeface.clipped(line, regular, 11, column))
    return min(y - 24, top - QR_SIZE - 24)


def _address_lines(address):
    if not address:
        return []
    town = " ".join(part for part in (address.get("zip"), address.get("city")) if part)
    lines = [
        address.get("name"),
        address.get("company"),
        address.get("address1"),
        address.get("address2"),
        town,
        address.get("province"),
        address.get("country_code"),
        address.get("phone"),
    ]
    return [line.strip() for line in lines if line and line.strip()]


def _row(line, regular, item_width):
    room = item_width - 4 * mm
    title = simpleSplit(line.get("title") or "", regular, 10.5, room) or [""]
    if len(title) > TITLE_LINES:
        last = typeface.clipped(title[TITLE_LINES - 1] + " …", regular, 10.5, room)
        title = [*title[: TITLE_LINES - 1], last]
    return {
        "title": title,
        "quantity": str(line["quantity"]),
        "job": line.get("job") or "",
        "height": len(title) * LEADING + ROW_PAD,
    }


def _paginate(rows, first_top):
    """Rows per page; the table header is repeated on every page."""
    pages, current, room = [], [], first_top - LEADING - ROW_PAD - (MARGIN + 12)
    for row in rows:
        if current and row["height"] > room:
            pages.append(current)
            current = []
            room = HEIGHT - 2 * MARGIN - 30 - LEADING - ROW_PAD - 12
        current.append(row)
        room -= row["height"]
    pages.append(current)
    return pages


def _table(canvas, rows, top, t, regular, bold, item_width):
    left, right = MARGIN, WIDTH - MARGIN
    quantity_right = left + item_width + QUANTITY_WIDTH - 4 * mm
    job_left = left + item_width + QUANTITY_WIDTH
    canvas.setFont(bold, 10)
    y = top - 10
    canvas.drawString(left, y, t["line"])
    canvas.drawRightString(quantity_right, y, t["quantity"])
    canvas.drawString(job_left, y, t["job"])
    y -= ROW_PAD
    canvas.setLineWidth(0.75)
    canvas.line(left, y, right, y)
    canvas.setLineWidth(0.3)
    for row in rows:
        first = y - LEADING + 2
        canvas.setFont(regular, 10.5)
        for index, part in enumerate(row["title"]):
            canvas.drawString(left, first - index * LEADING, part)
        canvas.setFont(bold, 10.5)
        canvas.drawRightString(quantity_right, first, row["quantity"])
        canvas.setFont(regular, 9)
        canvas.drawString(job_left, first, row["job"])
        y -= row["height"]
        canvas.line(left, y, right, y)


def _continued(canvas, slip, t, bold):
    canvas.setFillGray(0)
    canvas.setFont(bold, 12)
    top = HEIGHT - MARGIN
    canvas.drawString(MARGIN, top - 12, f"{t['slip']} {slip['order']} ({t['continued']})")
    return top - 30
