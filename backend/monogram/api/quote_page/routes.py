"""/quote/<token>: the buyer reads the quote, downloads its PDF, and accepts it once."""

import hashlib
import hmac
import secrets
import time
from decimal import Decimal
from pathlib import Path

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from monogram.api.quote_page.texts import TEXTS
from monogram.documents.quote import totals
from monogram.documents.texts import day
from monogram.errors import Conflict, NotFound
from monogram.extensions.db import db
from monogram.models import Merchant
from monogram.services import pricing, quotes, signing
from monogram.services.price_labels import money

TEMPLATES = Path(__file__).resolve().parents[2] / "console" / "templates"

blp = Blueprint("quote_page", __name__, url_prefix="/quote", template_folder=str(TEMPLATES))

LOCALES = ("en", "fr")
FORM_TTL = 24 * 3600  # s: a page left open for a day is reloaded before it can accept
# No script at all; the page's one style block carries a fresh nonce. No form-action: the
# accept form is answered with a redirect to the shop's checkout, which the browser would block.
POLICY = (
    "default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)


def _form_signature(token, issued):
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    return hmac.new(secret, f"quote-form\n{token}\n{issued}".encode(), hashlib.sha256).hexdigest()


def csrf_token(token):
    """A hidden form value only this page could have issued: a forged form cannot accept."""
    issued = int(time.time())
    return f"{issued}.{_form_signature(token, issued)}"


def csrf_valid(token, value):
    issued, _, signature = (value or "").partition(".")
    if not (issued.isascii() and issued.isdigit()):
        return False
    fresh = time.time() - int(issued) < FORM_TTL
    return fresh and signing.same(_form_signature(token, int(issued)), signature)


def locale(quote=None):
    """?lang= first, then the language the quote was written in, then the browser's."""
    lang = request.args.get("lang", "")
    if lang in LOCALES:
        return lang
    if quote is not None:
        return quote.locale
    return request.accept_languages.best_match(LOCALES, default="en")


def _query():
    return {"lang": request.args["lang"]} if request.args.get("lang") in LOCALES else {}


def page(template, status=200, quote=None, **context):
    lang = locale(quote)
    style_nonce = secrets.token_urlsafe(16)
    html = render_template(template, lang=lang, t=TEXTS[lang], style_nonce=style_nonce, **context)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY.format(nonce=style_nonce)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def gone():
    return page("quote/gone.html", status=404)


def _quote_or_none(token):
    try:
        return quotes.by_token(token)
    except NotFound:
        return None


def _rate(rate, lang):
    text = format(Decimal(rate).normalize(), "f")
    return text.replace(".", ",") if lang == "fr" else text


def quote_page(token, quote, status=200, message=None, error=None):
    lang = locale(quote)
    t = TEXTS[lang]
    merchant = db.session.get(Merchant, quote.merchant_id)
    exponent = pricing.StoreTerms(currency=quote.currency).exponent
    excluding, tax, including = totals(
        {"total": quote.total, "tax": quote.tax, "tax_included": quote.tax_included}
    )
    open_ = quote.status == "sent" and not quotes.is_past(quote) and not quote.unsent_changes
    state = None
    if message is None and not open_:
        state = _state(quote, t, merchant, lang)
    query = _query()
    return page(
        "quote/quote.html",
        status=status,
        quote=quote,
        q=quote,
        merchant=merchant,
        logo_url=url_for("quote_page.logo", token=token) if merchant.logo_asset_id else None,
        product_name=quotes.product_of(quote).name,
        money=lambda minor: money(minor, quote.currency, exponent, lang),
        day=lambda moment: day(moment, lang),
        totals={"excluding": excluding, "tax": tax, "including": including},
        tax_label=t["tax"].format(rate=_rate(quote.tax_rate, lang)),
        pdf_url=url_for("quote_page.document", token=token),
        accept_url=url_for("quote_page.accept", token=token, **query),
        switch={code: url_for("quote_page.show", token=token, lang=code) for code in LOCALES},
        open=open_,
        state=state,
        checkout_url=(quote.platform_checkout or {}).get("url"),
        csrf=csrf_token(token),
        message=message,
        error=error,
    )


def _state(quote, t, merchant, lang):
    """What a quote that cannot be accepted any more says, plainly, with what to do."""
    if quote.status == "accepted":
        return t["accepted"].format(date=day(quote.accepted_at, lang))
    if quote.status == "ordered":
        return t["ordered"]
    if quote.status == "withdrawn":
        return t["withdrawn"].format(merchant=merchant.name)
    if quote.status == "sent" and not quotes.is_past(quote):
        return t["revising"].format(merchant=merchant.name)
    return t["expired"].format(date=day(quote.valid_until, lang), merchant=merchant.name)


@blp.get("/<token>")
def show(token):
    quote = _quote_or_none(token)
    if quote is None:
        return gone()
    return quote_page(token, quote)


@blp.get("/<token>/document.pdf")
def document(token):
    quote = _quote_or_none(token)
    if quote is None:
        return gone()
    try:
        data = quotes.document(quote)
    except NotFound:
        return gone()
    response = Response(data, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "inline", filename=quotes.document_name(quote))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blp.get("/<token>/logo")
def logo(token):
    quote = _quote_or_none(token)
    merchant = db.session.get(Merchant, quote.merchant_id) if quote is not None else None
    image = quotes.logo_image(merchant) if merchant is not None else None
    if image is None:
        return Response(status=404)
    data, media_type = image
    response = Response(data, mimetype=media_type)
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blp.post("/<token>/accept")
def accept(token):
    quote = _quote_or_none(token)
    if quote is None:
        return gone()
    t = TEXTS[locale(quote)]
    if not csrf_valid(token, request.form.get("csrf")):
        return quote_page(token, quote, status=400, error=t["stale"])
    try:
        quotes.accept(quote)
    except Conflict:
        db.session.commit()  # an expiry noticed on the way is kept
        return quote_page(token, quote, status=409)
    db.session.commit()
    checkout = quote.platform_checkout or {}
    if checkout.get("url"):
        return redirect(checkout["url"], code=303)
    merchant = db.session.get(Merchant, quote.merchant_id)
    accepted = t["accepted"].format(date=day(quote.accepted_at, locale(quote)))
    return quote_page(
        token, quote, message=f"{accepted} {t['accepted_follow_up'].format(merchant=merchant.name)}"
    )
