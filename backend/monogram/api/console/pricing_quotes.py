"""/console/quotes: the merchant's quotes, each one's lines and history, and what it can do next."""

import re
from datetime import date
from decimal import Decimal

from flask import Response, redirect, request, url_for

from monogram.api.console.pricing_texts import QUOTE_TEXTS
from monogram.api.console.routes import blp, locale, message, page, requires
from monogram.documents.texts import day
from monogram.errors import Conflict, Invalid
from monogram.extensions.db import db
from monogram.models import Company, Order
from monogram.models.quote import QUOTE_STATUSES
from monogram.services import pricing, quotes
from monogram.services.price_labels import money

ROLES = ("owner", "operator")
MAX_QUANTITY = 10**6
_AMOUNT = re.compile(r"\d+(\.\d+)?")


def quote_texts():
    return QUOTE_TEXTS[locale()]


def quote_page(template, status=200, **context):
    lang = locale()
    return page(
        template,
        status=status,
        qt=QUOTE_TEXTS[lang],
        day=lambda value: day(value, lang),
        amount=lambda quote, minor: _money(quote, minor),
        percent=percent,
        **context,
    )


def percent(rate):
    """A tax rate as people write it: 20, 5.5 (5,5 in French)."""
    text = format(rate.normalize(), "f") if rate else "0"
    return text.replace(".", ",") if locale() == "fr" else text


def _money(quote, minor):
    exponent = pricing.StoreTerms(currency=quote.currency).exponent
    return money(minor, quote.currency, exponent, locale())


def _quote(merchant_id, quote_id):
    """The merchant's quote, expired on reading once past its last day, as the API reads it."""
    return quotes.refresh_status(quotes.get_quote(merchant_id, quote_id))


@blp.get("/quotes", endpoint="quotes")
@requires(*ROLES)
def quotes_list(user):
    status = request.args.get("status")
    status = status if status in QUOTE_STATUSES else None
    quotes.expire_due(merchant_id=user.merchant_id)
    found = quotes.list_quotes(user.merchant_id, status)
    db.session.commit()
    companies = {
        company.id: company.name
        for company in db.session.query(Company).filter(Company.merchant_id == user.merchant_id)
    }
    return quote_page(
        "console/quotes.html",
        rows=found,
        status=status,
        companies=companies,
        statuses=QUOTE_STATUSES,
    )


def _history(quote):
    """[(when, words)] of what the quote's own timestamps record, oldest first."""
    qt = quote_texts()
    events = [(quote.created_at, qt["events"]["created"])]
    if quote.revision > 1 and quote.sent_at:
        events.append((quote.sent_at, qt["events"]["sent"].format(revision=quote.revision)))
    if quote.accepted_at:
        events.append((quote.accepted_at, qt["events"]["accepted"]))
    if quote.withdrawn_at:
        events.append((quote.withdrawn_at, qt["events"]["withdrawn"]))
    if quote.order_id:
        order = db.session.get(Order, quote.order_id)
        if order is not None:
            events.append((order.created_at, qt["events"]["ordered"]))
    if quote.unsent_changes and quote.status in quotes.OPEN_STATUSES:
        events.append((quote.updated_at, qt["events"]["changed"]))
    return sorted(events, key=lambda event: event[0])


def _quote_page(user, quote, status=200, error=None, form=None):
    done = request.args.get("done")
    qt = quote_texts()
    company = db.session.get(Company, quote.company_id) if quote.company_id else None
    open_ = quote.status in quotes.OPEN_STATUSES
    return quote_page(
        "console/quote.html",
        status=status,
        quote=quote,
        product=quotes.product_of(quote),
        company=company,
        history=_history(quote),
        can_change=open_,
        can_send=open_ and not quotes.is_past(quote),
        can_accept=quote.status == "sent"
        and not quote.unsent_changes
        and not quotes.is_past(quote),
        can_withdraw=quote.status not in ("withdrawn", "ordered"),
        done=qt["done"][done].format(revision=quote.revision) if done in qt["done"] else None,
        error=error,
        form=form
        or {
            "valid_until": quote.valid_until.isoformat(),
            "quantity": str(quote.quantity),
            "unit_price": "",
        },
        unit_exponent=pricing.StoreTerms(currency=quote.currency).exponent,
    )


@blp.get("/quotes/<quote_id>")
@requires(*ROLES)
def quote(user, quote_id):
    found = _quote(user.merchant_id, quote_id)
    db.session.commit()
    return _quote_page(user, found)


@blp.get("/quotes/<quote_id>/document.pdf")
@requires(*ROLES)
def quote_document(user, quote_id):
    found = quotes.get_quote(user.merchant_id, quote_id)
    response = Response(quotes.document(found), mimetype="application/pdf")
    response.headers.set("Content-Disposition", "inline", filename=quotes.document_name(found))
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _done(quote_id, done):
    return redirect(url_for("console.quote", quote_id=quote_id, done=done), 303)


def _conflict(error):
    db.session.rollback()
    qt = quote_texts()
    return message(409, qt["conflict_title"], qt["conflict"].format(details=error.message))


def _move(user, quote_id, move, done):
    """Move the quote on with `move` and show it saying `done`; a refusal is a 409 page."""
    found = _quote(user.merchant_id, quote_id)
    try:
        move(found)
    except Conflict as error:
        return _conflict(error)
    db.session.commit()
    return _done(found.id, done)


def _form():
    """The fields the form posted; those it has not keep the quote's own values on a 422."""
    names = ("valid_until", "quantity", "unit_price")
    return {name: request.form[name].strip() for name in names if name in request.form}


@blp.post("/quotes/<quote_id>/extend")
@requires(*ROLES)
def extend_quote(user, quote_id):
    found = _quote(user.merchant_id, quote_id)
    form = _form()
    qt = quote_texts()
    try:
        valid_until = date.fromisoformat(form.get("valid_until", ""))
    except ValueError:
        db.session.rollback()
        return _quote_page(user, found, 422, qt["bad_date"], {**_form_of(found), **form})
    return _update(user, found, {"valid_until": valid_until}, form, "extended", qt["bad_date"])


def _form_of(quote):
    return {
        "valid_until": quote.valid_until.isoformat(),
        "quantity": str(quote.quantity),
        "unit_price": "",
    }


def _update(user, found, fields, form, done, bad_words=None):
    qt = quote_texts()
    try:
        quotes.update_quote(found, fields)
    except Conflict as error:
        return _conflict(error)
    except Invalid as error:
        db.session.rollback()
        found = _quote(user.merchant_id, found.id)
        words = bad_words or qt["invalid"].format(details=error.message)
        return _quote_page(user, found, 422, words, {**_form_of(found), **form})
    db.session.commit()
    return _done(found.id, done)


@blp.post("/quotes/<quote_id>/change")
@requires(*ROLES)
def change_quote(user, quote_id):
    found = _quote(user.merchant_id, quote_id)
    form = _form()
    qt = quote_texts()
    fields = {}
    error = None
    quantity = form.get("quantity", "")
    if quantity and quantity != str(found.quantity):
        readable = quantity.isascii() and quantity.isdigit()
        if not readable or not 1 <= int(quantity) <= MAX_QUANTITY:
            error = qt["bad_quantity"]
        else:
            fields["quantity"] = int(quantity)
    price = re.sub(r"[\s\u00a0\u202f€$£]", "", form.get("unit_price", "")).replace(",", ".")
    if price and error is None:
        exponent = pricing.StoreTerms(currency=found.currency).exponent
        minor = _minor(price, exponent)
        if minor is None:
            error = qt["bad_price"].format(value=form.get("unit_price"))
        else:
            fields["unit_price"] = minor
    if error is None and not fields:
        error = qt["nothing_changed"]
    if error is not None:
        db.session.rollback()
        return _quote_page(user, found, 422, error, {**_form_of(found), **form})
    return _update(user, found, fields, form, "changed")


def _minor(text, exponent):
    """Whole minor units of an amount like "12.50", or None."""
    if not _AMOUNT.fullmatch(text):
        return None
    minor = Decimal(text).scaleb(exponent)
    if minor != minor.to_integral_value() or minor > 10**9:
        return None
    return int(minor)


@blp.post("/quotes/<quote_id>/send")
@requires(*ROLES)
def send_quote(user, quote_id):
    return _move(user, quote_id, quotes.resend, "sent")


@blp.post("/quotes/<quote_id>/accept")
@requires(*ROLES)
def accept_quote(user, quote_id):
    return _move(user, quote_id, quotes.accept, "accepted")


@blp.post("/quotes/<quote_id>/withdraw")
@requires(*ROLES)
def withdraw_quote(user, quote_id):
    return _move(user, quote_id, quotes.withdraw, "withdrawn")
