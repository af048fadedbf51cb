"""The quote ("devis") as a PDF: who quotes whom, what, for how much, until when, and where to sign.

`quote_document(quote)` takes a plain dict:

    {"number": "D-2026-0001", "revision": 1, "date": date, "valid_until": date, "locale": "fr",
     "merchant": "Imprimerie Dupont", "logo": PNG/JPEG bytes | None,
     "buyer": {"name", "email", "company"?, "phone"?}, "message": "…",
     "product": "Business card", "quantity": 120, "currency": "EUR",
     "lines": [{"label": "Base price: €1.20"}, …],   # the per-piece breakdown, as worded
     "unit_price": 150, "adjustments": [{"label": "Setup", "amount": 2500}],
     "total": 20500, "tax": 3417, "tax_included": True, "tax_rate": Decimal("20")}

Amounts are integers of minor units.
"""

import io
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from monogram.documents import typeface
from monogram.documents.texts import day, language
from monogram.services.price_labels import money
from monogram.services.pricing import StoreTerms

WIDTH, HEIGHT = A4
MARGIN = 18 * mm
LOGO_BOX = (45 * mm, 22 * mm)
QUANTITY_WIDTH = 20 * mm
PRICE_WIDTH = 30 * mm
AMOUNT_WIDTH = 32 * mm
LEADING = 13
ROW_PAD = 6
MUTED = 0.35
SIGNATURE_HEIGHT = 38 * mm
FOOTER = MARGIN + 10

TEXTS = {
    "en": {
        "quote": "Quote",
        "number": "Number",
        "date": "Date",
        "valid_until": "Valid until",
        "revision": "Revision",
        "for": "Prepared for",
        "buyer_message": "Your request",
        "item": "Description",
        "quantity": "Qty",
        "unit_price": "Unit price",
        "amount": "Amount",
        "per_piece": "Per piece:",
        "subtotal_ex": "Total excl. tax",
        "tax": "VAT ({rate} %)",
        "total_inc": "Total incl. tax",
        "prices_inc": "Prices include VAT.",
        "prices_ex": "Prices exclude VAT.",
        "accept_title": "Approved for order",
        "accept_hint": "Date, name, signature and company stamp, preceded by the words "
        "“Approved for order”. You can also accept this quote online with the link in "
        "our e-mail.",
        "continued": "continued",
        "page": "Page {number} of {total}",
    },
    "fr": {
        "quote": "Devis",
        "number": "Numéro",
        "date": "Date",
        "valid_until": "Valable jusqu’au",
        "revision": "Version",
        "for": "Établi pour",
        "buyer_message": "Votre demande",
        "item": "Désignation",
        "quantity": "Qté",
        "unit_price": "Prix unitaire",
        "amount": "Montant",
        "per_piece": "Par pièce :",
        "subtotal_ex": "Total HT",
        "tax": "TVA ({rate} %)",
        "total_inc": "Total TTC",
        "prices_inc": "Prix indiqués TTC.",
        "prices_ex": "Prix indiqués HT.",
        "accept_title": "Bon pour accord",
        "accept_hint": "Date, nom, signature et cachet de l’entreprise, précédés de la mention "
        "manuscrite « Bon pour accord ». Vous pouvez aussi accepter ce devis en ligne avec le "
        "lien de notre e-mail.",
        "continued": "suite",
        "page": "Page {number} sur {total}",
    },
}


def quote_document(quote):
    """The quote as PDF bytes; the same dict gives the same bytes."""
    # Page numbers say "of N": a first pass counts the pages, the second draws them.
    pages = _draw(quote, None)
    return _draw(quote, pages)


def totals(quote):
    """(excluding tax, tax, including tax) of a quote's total, whichever way it was priced."""
    total, tax = quote["total"], quote["tax"]
    return (total - tax, tax, total) if quote["tax_included"] else (total, tax, total + tax)


class _Page:
    """A cursor down the page; `room(h)` starts a new page when h points no longer fit."""

    def __init__(self, canvas, quote, t, fonts, total_pages):
        self.canvas, self.quote, self.t = canvas, quote, t
        self.lang = language(quote.get("locale"))
        self.regular, self.bold = fonts
        self.total_pages = total_pages
        self.number = 1
        self.y = HEIGHT - MARGIN

    def room(self, height, on_new_page=None):
        if self.y - height >= FOOTER + 6:
            return False
        self.footer()
        self.canvas.showPage()
        self.number += 1
        self.y = HEIGHT - MARGIN
        self.canvas.setFont(self.bold, 12)
        title = f"{self.t['quote']} {self.quote['number']} ({self.t['continued']})"
        self.canvas.drawString(MARGIN, self.y - 12, title)
        self.y -= 30
        if on_new_page:
            on_new_page()
        return True

    def footer(self):
        canvas = self.canvas
        canvas.setFillGray(MUTED)
        canvas.setFont(self.regular, 7.5)
        total = self.total_pages or 0
        page = self.t["page"].format(number=self.number, total=total)
        canvas.drawRightString(WIDTH - MARGIN, MARGIN / 2, f"{self.quote['number']} · {page}")
        canvas.setFillGray(0)


def _draw(quote, total_pages):
    fonts = typeface.register()
    lang = language(quote.get("locale"))
    t = TEXTS[lang]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1, pageCompression=1, initialFontName=fonts[0])
    canvas.setTitle(f"{t['quote']} {quote['number']}")
    canvas.setAuthor(quote.get("merchant") or "")
    canvas.setCreator("Monogram")
    page = _Page(canvas, quote, t, fonts, total_pages)
    say = _Money(quote["currency"], lang)
    _header(page, lang)
    _buyer(page)
    _table(page, say)
    _totals(page, say)
    _signature(page)
    page.footer()
    canvas.showPage()
    canvas.save()
    return out.getvalue() if total_pages else page.number


class _Money:
    def __init__(self, currency, lang):
        self.currency, self.lang = currency, lang
        self.exponent = StoreTerms(currency=currency).exponent

    def __call__(self, minor):
        return money(minor, self.currency, self.exponent, self.lang)


def _header(page, lang):
    canvas, quote, t = page.canvas, page.quote, page.t
    left, top = MARGIN, page.y
    logo_height = 0
    if quote.get("logo"):
        image = ImageReader(io.BytesIO(quote["logo"]))
        width, height = image.getSize()
        scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
        logo_height = height * scale
        canvas.drawImage(image, left, top - logo_height, width * scale, logo_height, mask="auto")
    name_top = top - logo_height - (6 if logo_height else 0)
    merchant = quote.get("merchant") or ""
    size = typeface.fitted_size(merchant, page.bold, 16, 9, WIDTH / 2 - MARGIN)
    canvas.setFont(page.bold, size)
    canvas.drawString(left, name_top - size, merchant)

    right = WIDTH - MARGIN
    canvas.setFont(page.bold, 22)
    canvas.drawRightString(right, top - 22, t["quote"])
    y = top - 44
    facts = [
        (t["number"], quote["number"]),
        (t["date"], day(quote["date"], lang)),
        (t["valid_until"], day(quote["valid_until"], lang)),
    ]
    if quote.get("revision", 1) > 1:
        facts.append((t["revision"], str(quote["revision"])))
    for label, value in facts:
        canvas.setFillGray(MUTED)
        canvas.setFont(page.regular, 9.5)
        canvas.drawRightString(right - 42 * mm, y, label)
        canvas.setFillGray(0)
        canvas.setFont(page.bold, 10.5)
        canvas.drawRightString(right, y, value)
        y -= 15
    page.y = min(name_top - size - 16, y - 8)


def _buyer(page):
    canvas, quote, t = page.canvas, page.quote, page.t
    buyer = quote.get("buyer") or {}
    lines = [buyer.get("company"), buyer.get("name"), buyer.get("email"), buyer.get("phone")]
    lines = [line for line in lines if line]
    canvas.setFont(page.bold, 10.5)
    canvas.drawString(MARGIN, page.y, t["for"])
    canvas.setFont(page.regular, 10.5)
    for line in lines:
        page.y -= 14
        canvas.drawString(MARGIN, page.y, typeface.clipped(line, page.regular, 10.5, WIDTH / 2))
    page.y -= 20
    message = (quote.get("message") or "").strip()
    if message:
        room = WIDTH - 2 * MARGIN
        wrapped = [
            part
            for paragraph in message.splitlines()
            for part in (simpleSplit(paragraph, page.regular, 9.5, room) or [""])
        ]
        page.room(LEADING * 2)
        canvas.setFont(page.bold, 10)
        canvas.drawString(MARGIN, page.y, t["buyer_message"])
        for part in wrapped:
            page.y -= LEADING
            page.room(LEADING)
            canvas.setFont(page.regular, 9.5)
            canvas.drawString(MARGIN, page.y, part)
        page.y -= 20


def _columns():
    right = WIDTH - MARGIN
    amount_right = right
    price_right = amount_right - AMOUNT_WIDTH
    quantity_right = price_right - PRICE_WIDTH
    item_width = quantity_right - QUANTITY_WIDTH - MARGIN
    return item_width, quantity_right, price_right, amount_right


def _table(page, say):
    canvas, quote, t = page.canvas, page.quote, page.t
    item_width, quantity_right, price_right, amount_right = _columns()

    def head():
        canvas.setFont(page.bold, 9.5)
        canvas.drawString(MARGIN, page.y, t["item"])
        canvas.drawRightString(quantity_right, page.y, t["quantity"])
        canvas.drawRightString(price_right, page.y, t["unit_price"])
        canvas.drawRightString(amount_right, page.y, t["amount"])
        page.y -= ROW_PAD
        canvas.setLineWidth(0.75)
        canvas.line(MARGIN, page.y, amount_right, page.y)
        canvas.setLineWidth(0.3)

    page.room(LEADING * 4)
    head()
    product_rows = simpleSplit(quote["product"], page.bold, 10.5, item_width - 4 * mm) or [""]
    details = [
        part
        for line in quote.get("lines") or []
        for part in simpleSplit(line["label"], page.regular, 9, item_width - 8 * mm)
    ]
    rows = [
        {
            "title": product_rows,
            "details": ([t["per_piece"], *details] if details else []),
            "quantity": str(quote["quantity"]),
            "price": say(quote["unit_price"]),
            "amount": say(quote["unit_price"] * quote["quantity"]),
        }
    ]
    for adjustment in quote.get("adjustments") or []:
        rows.append(
            {
                "title": simpleSplit(adjustment["label"], page.regular, 10.5, item_width - 4 * mm)
                or [""],
                "details": [],
                "quantity": "1",
                "price": say(adjustment["amount"]),
                "amount": say(adjustment["amount"]),
                "plain": True,
            }
        )
    for row in rows:
        _row(page, row, head, item_width)


def _row(page, row, head, item_width):
    canvas = page.canvas
    _, quantity_right, price_right, amount_right = _columns()
    page.room(LEADING * (len(row["title"]) + 1), head)
    first = page.y - LEADING + 2
    canvas.setFont(page.regular if row.get("plain") else page.bold, 10.5)
    for index, part in enumerate(row["title"]):
        canvas.drawString(MARGIN, first - index * LEADING, part)
    canvas.setFont(page.regular, 10.5)
    canvas.drawRightString(quantity_right, first, row["quantity"])
    canvas.drawRightString(price_right, first, row["price"])
    canvas.drawRightString(amount_right, first, row["amount"])
    page.y -= len(row["title"]) * LEADING
    canvas.setFillGray(MUTED)
    for part in row["details"]:
        if page.room(LEADING, head):
            canvas.setFillGray(MUTED)
        page.y -= LEADING - 1
        canvas.setFont(page.regular, 9)
        canvas.drawString(MARGIN + 4 * mm, page.y + 2, part)
    canvas.setFillGray(0)
    page.y -= ROW_PAD
    canvas.line(MARGIN, page.y, amount_right, page.y)


def _totals(page, say):
    canvas, quote, t = page.canvas, page.quote, page.t
    excluding, tax, including = totals(quote)
    rate = Decimal(quote.get("tax_rate") or 0).normalize()
    rate_text = format(rate, "f")
    if page.lang == "fr":
        rate_text = rate_text.replace(".", ",")
    rows = [
        (t["subtotal_ex"], say(excluding), page.regular),
        (t["tax"].format(rate=rate_text), say(tax), page.regular),
        (t["total_inc"], say(including), page.bold),
    ]
    # The totals and the box to sign stay on one page: a signature is given to a total.
    page.room(LEADING * 6 + 24 + SIGNATURE_HEIGHT + 10)
    page.y -= 8
    right = WIDTH - MARGIN
    for label, value, font in rows:
        page.y -= 15
        canvas.setFont(font, 11)
        canvas.drawRightString(right - AMOUNT_WIDTH - 4 * mm, page.y, label)
        canvas.drawRightString(right, page.y, value)
    page.y -= 16
    canvas.setFillGray(MUTED)
    canvas.setFont(page.regular, 8.5)
    canvas.drawRightString(
        right, page.y, t["prices_inc"] if quote["tax_included"] else t["prices_ex"]
    )
    canvas.setFillGray(0)
    page.y -= 24


def _signature(page):
    canvas, t = page.canvas, page.t
    page.room(SIGNATURE_HEIGHT + 10)
    width = 95 * mm
    left = WIDTH - MARGIN - width
    bottom = page.y - SIGNATURE_HEIGHT
    canvas.setLineWidth(0.75)
    canvas.rect(left, bottom, width, SIGNATURE_HEIGHT)
    canvas.setFont(page.bold, 11)
    canvas.drawString(left + 3 * mm, page.y - 5 * mm, t["accept_title"])
    canvas.setFillGray(MUTED)
    canvas.setFont(page.regular, 7.5)
    hint = simpleSplit(t["accept_hint"], page.regular, 7.5, width - 6 * mm)
    for index, part in enumerate(hint):
        canvas.drawString(left + 3 * mm, page.y - 10 * mm - index * 9, part)
    canvas.setFillGray(0)
    page.y = bottom - 10
