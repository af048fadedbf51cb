"""Quotes ("devis"): priced and numbered, sent as a PDF, adjusted, accepted by link, ordered."""

import hashlib
import hmac
import logging
import re
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from monogram.documents.quote import quote_document
from monogram.documents.texts import day
from monogram.errors import Conflict, Invalid, NotFound, TooManyRequests
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import (
    Asset,
    Company,
    DesignVersion,
    Merchant,
    Order,
    PlatformRef,
    Product,
    Quote,
    Store,
)
from monogram.models.base import utcnow
from monogram.services import (
    companies,
    customers,
    designs,
    mailer,
    outbound,
    price_rules,
    prices,
    pricing,
    signing,
)
from monogram.services.merchants import LOGO_TYPES
from monogram.services.price_labels import money

log = logging.getLogger(__name__)

# Quotes the merchant may still change and re-send; the others are decided or over.
OPEN_STATUSES = ("sent", "expired")
NUMBER_PREFIX = "D"
# Two requests numbering at the same instant: the loser takes the next number.
NUMBERING_ATTEMPTS = 5
QUOTES_PER_ADDRESS_PER_DAY = 5
PDF = "application/pdf"
# quo_<id>-<HMAC-SHA256>: the link names the quote and proves it came from us. It has no expiry
# of its own: it opens the quote as long as the quote exists, and the quote says if it expired.
_TOKEN = re.compile(r"^(quo_[0-9a-z]{25})-([0-9a-f]{64})$")
LABELS = {
    "en": {"unit_price_change": "Agreed unit price adjustment: {price}"},
    "fr": {"unit_price_change": "Ajustement du prix unitaire convenu : {price}"},
}
TAX_NOTES = {
    "en": {True: "incl. VAT", False: "excl. VAT"},
    "fr": {True: "TTC", False: "HT"},
}


def today():
    return utcnow().date()


def _public_url(path):
    return f"{current_app.config['MONOGRAM'].PUBLIC_URL.rstrip('/')}{path}"


def _mac(purpose, quote_id):
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    return hmac.new(secret, f"{purpose}\n{quote_id}".encode(), hashlib.sha256).hexdigest()


# Links and tokens ------------------------------------------------------------------------------


def acceptance_token(quote):
    return f"{quote.id}-{_mac('quote-accept', quote.id)}"


def accept_url(quote):
    return _public_url(f"/quote/{acceptance_token(quote)}")


def by_token(token):
    """The quote a link opens, whatever its status; an unknown or forged link is NotFound."""
    found = _TOKEN.match(token or "")
    if found and hmac.compare_digest(_mac("quote-accept", found[1]), found[2]):
        quote = db.session.get(Quote, found[1])
        if quote is not None:
            return quote
    raise NotFound("This quote link is not valid.")


def line_token(quote):
    """What the cart line carries as the design token: it opens the quoted design, on an order
    that names this quote, and nothing else (the design's own token is never stored)."""
    return "dq_" + _mac("quote-design-token", quote.id)


def opens_design(quote, design, token):
    return (
        quote is not None
        and quote.design_id == design.id
        and signing.same(line_token(quote), token)
    )


# Reading ---------------------------------------------------------------------------------------


def get_quote(merchant_id, quote_id):
    quote = db.session.get(Quote, quote_id) if isinstance(quote_id, str) else None
    if quote is None or quote.merchant_id != merchant_id:
        raise NotFound(f"No quote with id {quote_id!r} in this account.")
    return quote


def list_quotes(merchant_id, status=None):
    query = sa.select(Quote).where(Quote.merchant_id == merchant_id)
    if status:
        query = query.where(Quote.status == status)
    return db.session.scalars(query.order_by(Quote.created_at.desc(), Quote.sequence.desc())).all()


def is_past(quote):
    """Past its last day: the buyer can no longer accept it as it stands."""
    return quote.valid_until < today()


def view(quote):
    """The quote as the API and webhook events show it."""
    checkout = quote.platform_checkout or {}
    fields = (
        "id",
        "number",
        "status",
        "revision",
        "quantity",
        "variant",
        "currency",
        "lines",
        "adjustments",
        "unit_price",
        "total",
        "tax",
        "tax_included",
        "contact",
        "message",
        "locale",
        "created_at",
        "sent_at",
        "accepted_at",
        "unsent_changes",
    )
    return {
        **{name: getattr(quote, name) for name in fields},
        "design": quote.design_id,
        "company": quote.company_id,
        "valid_until": quote.valid_until.isoformat(),
        "order": quote.order_id,
        "checkout_url": checkout.get("url"),
        "document_url": _public_url(f"/v1/quotes/{quote.id}/document.pdf"),
    }


def _event_data(quote):
    data = view(quote)
    for name in ("created_at", "sent_at", "accepted_at"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def product_of(quote):
    version = db.session.get(DesignVersion, quote.version_id)
    return db.session.get(Product, version.document["product"])


def platform_ref(quote):
    """The platform product (and variant) the quoted product is sold as in the quote's store."""
    product = product_of(quote)
    refs = db.session.scalars(
        sa.select(PlatformRef)
        .where(PlatformRef.product_id == product.id, PlatformRef.store_id == quote.store_id)
        .order_by(PlatformRef.id)
    ).all()
    if quote.variant:
        exact = [ref for ref in refs if ref.platform_variant == quote.variant]
        if exact:
            return exact[0]
        every = [ref for ref in refs if not ref.platform_variant]
        return every[0] if every else None
    return refs[0] if refs else None


# Making a quote --------------------------------------------------------------------------------


def _language(locale):
    return "fr" if mailer.language_of(locale) == "fr" else "en"


def _quote_store(caller, design):
    """The store whose currency and tax apply: the key's, else the design's, else the only one."""
    store_id = caller.store_id or design.store_id
    if store_id:
        return store_id
    stores = db.session.scalars(sa.select(Store.id).where(Store.merchant_id == caller.merchant_id))
    stores = stores.all()
    if len(stores) == 1:
        return stores[0]
    raise Invalid(
        "This design belongs to no store and the account has several; quote it from a store's "
        "publishable key.",
        errors=[{"path": "/design", "message": "No store to quote in."}],
    )


def _buyer_company(caller, customer_reference):
    """The company a signed-in shop customer buys for: the one of their last order, matched the
    way live prices find it, so the quote has the price list the editor showed."""
    if not customer_reference:
        return None
    customer = customers.verify(caller, customer_reference)
    order = db.session.scalar(
        sa.select(Order)
        .where(Order.store_id == customer.store_id)
        .where(Order.customer_platform_id == customer.customer_id)
        .order_by(Order.created_at.desc(), Order.id)
        .limit(1)
    )
    return companies.for_order(order) if order is not None else None


def _priced(merchant_id, store_id, document, quantity, variant, company, locale):
    """The live quote's maths on a frozen design: the same code as /v1/prices/quote."""
    product = prices.priced_product(merchant_id, document["product"])
    if not product.priced:
        raise Invalid(
            "This product has no prices yet, so it cannot be quoted.",
            errors=[{"path": "/design", "message": "The design's product has no price rule."}],
        )
    terms = prices.store_terms(store_id)
    priced = pricing.quote(
        product,
        document,
        quantity,
        variant=variant,
        price_list=(
            price_rules.price_list_for(merchant_id, company, store_id=store_id) if company else None
        ),
        store=terms,
        locale=locale,
    )
    return priced, terms


def _lines(priced):
    return [
        {"kind": line.kind, "label": line.label, "count": line.count, "amount": line.amount}
        for line in priced.lines
    ]


def _number(merchant_id, year):
    """The next number of the merchant's year, D-2026-0001 on; counted from what is stored."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = db.session.scalar(
        sa.select(sa.func.max(Quote.sequence)).where(
            Quote.merchant_id == merchant_id, Quote.number.like(prefix + "%")
        )
    )
    sequence = (last or 0) + 1
    return f"{prefix}{sequence:04d}", sequence


def _limit_requests(merchant_id, email):
    """A publishable key is public, so anyone could have us e-mail quotes to a stranger: an
    address gets only so many a day from one merchant."""
    since = utcnow() - timedelta(days=1)
    sent = db.session.scalars(
        sa.select(Quote.contact).where(Quote.merchant_id == merchant_id, Quote.created_at >= since)
    )
    if sum(1 for contact in sent if contact.get("email", "").lower() == email.lower()) >= (
        QUOTES_PER_ADDRESS_PER_DAY
    ):
        raise TooManyRequests(
            f"{email} has been sent {QUOTES_PER_ADDRESS_PER_DAY} quotes today; the shop will "
            "answer those first. Ask again tomorrow, or contact the shop.",
            headers={"Retry-After": "86400"},
        )


def create_quote(caller, fields, design_token=None, customer_reference=None):
    """Price, number, draw and send a quote for a saved design; returns it (flushed)."""
    design = designs.authorised_design(caller, fields["design"], design_token)
    if not caller.is_secret:
        _limit_requests(caller.merchant_id, fields["contact"]["email"].strip())
    version = designs.latest_version(design)
    company = _buyer_company(caller, customer_reference)
    store_id = _quote_store(caller, design)
    locale = _language(fields.get("locale"))
    priced, terms = _priced(
        caller.merchant_id,
        store_id,
        version.document,
        fields["quantity"],
        fields.get("variant"),
        company,
        locale,
    )
    merchant = db.session.get(Merchant, caller.merchant_id)
    contact = {key: value.strip() for key, value in fields["contact"].items() if value}
    quote = Quote(
        merchant_id=caller.merchant_id,
        store_id=store_id,
        design_id=design.id,
        version_id=version.id,
        status="sent",
        revision=1,
        quantity=fields["quantity"],
        variant=fields.get("variant") or None,
        currency=priced.currency,
        lines=_lines(priced),
        adjustments=[],
        unit_price=priced.unit_price,
        total=priced.total,
        tax=priced.tax,
        tax_included=priced.tax_included,
        tax_rate=terms.tax_rate,
        contact=contact,
        company_id=company.id if company is not None else None,
        message=(fields.get("message") or "").strip(),
        locale=locale,
        valid_until=today() + timedelta(days=merchant.quote_validity_days),
    )
    _insert_numbered(quote)
    _send(quote, merchant)
    outbound.emit(quote.merchant_id, "quote.created", _event_data(quote))
    _notify_merchant(quote, merchant, "created")
    return quote


def _insert_numbered(quote):
    year = today().year
    for attempt in range(NUMBERING_ATTEMPTS):
        quote.number, quote.sequence = _number(quote.merchant_id, year)
        try:
            # A savepoint: a concurrent request that took this number costs one retry only.
            with db.session.begin_nested():
                db.session.add(quote)
                db.session.flush()
            return
        except IntegrityError:
            log.info("quote number %s taken (attempt %s), trying the next", quote.number, attempt)
            if quote in db.session:
                db.session.expunge(quote)
    raise Conflict("Too many quotes are being numbered at once; try again.")


# Sending ---------------------------------------------------------------------------------------


def _money(quote, amount, locale=None):
    exponent = pricing.StoreTerms(currency=quote.currency).exponent
    return money(amount, quote.currency, exponent, locale or quote.locale)


def logo_image(merchant):
    """(bytes, media type) of the merchant's logo, or None: a missing logo never stops a quote."""
    if not merchant.logo_asset_id:
        return None
    asset = db.session.get(Asset, merchant.logo_asset_id)
    if asset is None or asset.merchant_id != merchant.id or asset.media_type not in LOGO_TYPES:
        log.warning("merchant %s: logo %s is no PNG or JPEG", merchant.id, merchant.logo_asset_id)
        return None
    try:
        return storage().get(asset.storage_key), asset.media_type
    except Exception:
        log.exception("merchant %s: logo %s could not be read", merchant.id, asset.id)
        return None


def document_facts(quote, merchant=None):
    """What the PDF shows, as documents.quote takes it."""
    merchant = merchant or db.session.get(Merchant, quote.merchant_id)
    return {
        "number": quote.number,
        "revision": quote.revision,
        "date": (quote.sent_at or utcnow()).date(),
        "valid_until": quote.valid_until,
        "locale": quote.locale,
        "merchant": merchant.name,
        "logo": (logo_image(merchant) or (None,))[0],
        "buyer": quote.contact,
        "message": quote.message,
        "product": product_of(quote).name,
        "quantity": quote.quantity,
        "currency": quote.currency,
        "lines": quote.lines,
        "unit_price": quote.unit_price,
        "adjustments": quote.adjustments,
        "total": quote.total,
        "tax": quote.tax,
        "tax_included": quote.tax_included,
        "tax_rate": quote.tax_rate,
    }


def document_name(quote):
    return f"{quote.number}.pdf" if quote.revision == 1 else f"{quote.number}-{quote.revision}.pdf"


def document(quote):
    """The PDF of the current revision, as sent."""
    if not quote.document_key:
        raise NotFound("This quote has no document yet.")
    return storage().get(quote.document_key)


def _send(quote, merchant):
    """Draw the current revision, keep it, and e-mail it to the buyer with the accept link."""
    quote.sent_at = utcnow()
    pdf = quote_document(document_facts(quote, merchant))
    quote.document_key = f"quotes/{quote.id}/revision-{quote.revision}.pdf"
    storage().put(quote.document_key, pdf, PDF)
    mailer.send_template(
        quote.contact["email"],
        "quote_sent",
        quote.locale,
        attachments=[(document_name(quote), PDF, pdf)],
        **_mail_context(quote, merchant, quote.locale),
        contact_name=quote.contact.get("name") or quote.contact["email"],
        accept_url=accept_url(quote),
    )


def _mail_context(quote, merchant, locale):
    language = _language(locale)
    return {
        "merchant_name": merchant.name,
        "number": quote.number,
        "revision": quote.revision,
        "product_name": product_of(quote).name,
        "quantity": quote.quantity,
        "unit_price": _money(quote, quote.unit_price, language),
        "total": _money(quote, quote.total, language),
        "tax_note": TAX_NOTES[language][quote.tax_included],
        "valid_until": day(quote.valid_until, language),
    }


def _notify_merchant(quote, merchant, event):
    """A line to the merchant's notification address, in the language of the merchant's country."""
    if not merchant.notification_email:
        return
    locale = "fr" if merchant.country in ("FR", "BE", "LU", "MC") else "en"
    checkout = quote.platform_checkout or {}
    mailer.send_template(
        merchant.notification_email,
        "quote_notice",
        locale,
        **_mail_context(quote, merchant, locale),
        event=event,
        quote_id=quote.id,
        contact_name=quote.contact.get("name") or quote.contact["email"],
        contact_email=quote.contact["email"],
        company=quote.contact.get("company"),
        message=quote.message,
        checkout_url=checkout.get("url"),
    )


# The merchant's changes ------------------------------------------------------------------------


def _terms(quote):
    return pricing.StoreTerms(
        currency=quote.currency,
        prices_include_tax=quote.tax_included,
        tax_rate=Decimal(quote.tax_rate),
    )


def _settle(quote):
    """Total and tax from the unit price, quantity and adjustments."""
    total = quote.unit_price * quote.quantity + sum(a["amount"] for a in quote.adjustments)
    if total < 0:
        raise Invalid(
            "The adjustments take the quote below zero.",
            errors=[{"path": "/adjustments", "message": "The total would be negative."}],
        )
    quote.total = total
    quote.tax = pricing.tax_of(total, _terms(quote))


def update_quote(quote, fields):
    """The merchant adjusts a quote not yet decided; the buyer sees it once it is re-sent."""
    if quote.status not in OPEN_STATUSES:
        raise Conflict(f"This quote is {quote.status}: it can no longer be changed.")
    if "valid_until" in fields and fields["valid_until"] < today():
        raise Invalid(
            "A quote cannot be valid until a day already past.",
            errors=[{"path": "/valid_until", "message": "Must be today or later."}],
        )
    if "quantity" in fields and fields["quantity"] != quote.quantity:
        quote.quantity = fields["quantity"]
        if "unit_price" not in fields:
            # Another quantity may fall in another tier: priced again, on the quoted design.
            document = db.session.get(DesignVersion, quote.version_id).document
            company = db.session.get(Company, quote.company_id) if quote.company_id else None
            priced, _ = _priced(
                quote.merchant_id,
                quote.store_id,
                document,
                quote.quantity,
                quote.variant,
                company,
                quote.locale,
            )
            quote.lines = _lines(priced)
            quote.unit_price = priced.unit_price
    if "unit_price" in fields and fields["unit_price"] != quote.unit_price:
        # The breakdown still adds up to the unit price: the agreed change is a line of its own.
        lines = [line for line in quote.lines if line["kind"] != "agreed"]
        change = fields["unit_price"] - sum(line["amount"] for line in lines)
        if change:
            label = LABELS[quote.locale]["unit_price_change"].format(price=_money(quote, change))
            lines.append({"kind": "agreed", "label": label, "count": None, "amount": change})
        quote.lines = lines
        quote.unit_price = fields["unit_price"]
    if "adjustments" in fields:
        quote.adjustments = [
            {"label": a["label"].strip(), "amount": a["amount"]} for a in fields["adjustments"]
        ]
    if "valid_until" in fields:
        quote.valid_until = fields["valid_until"]
    _settle(quote)
    # What the buyer holds is the revision they were sent; until the next one, nothing to accept.
    quote.unsent_changes = True
    db.session.flush()
    return quote


def resend(quote):
    """The next revision, drawn and e-mailed again; the buyer's link opens it."""
    if quote.status not in OPEN_STATUSES:
        raise Conflict(f"This quote is {quote.status}: it cannot be sent again.")
    if is_past(quote):
        raise Conflict(
            f"This quote was valid until {quote.valid_until.isoformat()}; set a new valid_until "
            "(PATCH) before sending it again."
        )
    merchant = db.session.get(Merchant, quote.merchant_id)
    quote.revision += 1
    quote.status = "sent"
    quote.unsent_changes = False
    _send(quote, merchant)
    db.session.flush()
    return quote


def withdraw(quote):
    """The merchant takes the quote back; a Shopify draft order already made stays theirs to
    delete in Shopify (its invoice link is the platform's, not ours)."""
    if quote.status == "withdrawn":
        return quote
    if quote.status == "ordered":
        raise Conflict("This quote was ordered: cancel the order in the shop instead.")
    quote.status = "withdrawn"
    quote.withdrawn_at = utcnow()
    db.session.flush()
    return quote


def expire_due(now=None, merchant_id=None):
    """Sent quotes past their last day become expired; the periodic duty calls this."""
    day_now = (now or utcnow()).date()
    query = sa.select(Quote).where(Quote.status == "sent", Quote.valid_until < day_now)
    if merchant_id is not None:
        query = query.where(Quote.merchant_id == merchant_id)
    due = db.session.scalars(query).all()
    for quote in due:
        quote.status = "expired"
        log.info("quote %s (%s) expired", quote.id, quote.number)
    db.session.flush()
    return due


def refresh_status(quote):
    """A quote read before the duty ran is shown as it is: expired once past its last day."""
    if quote.status == "sent" and is_past(quote):
        quote.status = "expired"
        db.session.flush()
    return quote


# The buyer's acceptance ------------------------------------------------------------------------


def accept(quote):
    """The buyer accepts through their link: recorded, then the checkout opened on the platform.

    The checkout is a Shopify draft order (its invoice URL) or a link into the PrestaShop or
    Magento module; None when the platform has neither, and the merchant follows up.
    """
    from monogram.services import quote_checkout

    refresh_status(quote)
    if quote.status != "sent":
        raise Conflict(f"This quote is {quote.status}.")
    if quote.unsent_changes:
        raise Conflict("The shop is revising this quote; the new revision will be e-mailed.")
    quote.status = "accepted"
    quote.accepted_at = utcnow()
    db.session.flush()
    quote.platform_checkout = quote_checkout.open_checkout(quote, acceptance_token(quote))
    db.session.flush()
    outbound.emit(quote.merchant_id, "quote.accepted", _event_data(quote))
    _notify_merchant(quote, db.session.get(Merchant, quote.merchant_id), "accepted")
    return quote


def cart(quote, token):
    """What a PrestaShop or Magento module needs to fill the cart with an accepted quote."""
    if not signing.same(acceptance_token(quote), token):
        raise NotFound("This quote token does not match the quote.")
    refresh_status(quote)
    if quote.status != "accepted":
        raise Conflict(f"This quote is {quote.status}, not accepted: it cannot fill a cart.")
    if is_past(quote):
        raise Conflict(f"This quote was valid until {quote.valid_until.isoformat()}.")
    ref = platform_ref(quote)
    return {
        "quote": quote.id,
        "number": quote.number,
        "design": quote.design_id,
        "design_token": line_token(quote),
        "quantity": quote.quantity,
        "unit_price": quote.unit_price,
        "currency": quote.currency,
        "adjustments": quote.adjustments,
        "platform_product_id": ref.platform_product if ref else None,
        "platform_variant_id": (ref.platform_variant or None) if ref else None,
    }


# Orders ----------------------------------------------------------------------------------------


def for_line(order, quote_id, design):
    """The quote an order line names, when it is the merchant's and quotes this design."""
    if not quote_id:
        return None
    quote = db.session.get(Quote, quote_id) if isinstance(quote_id, str) else None
    if quote is None or quote.merchant_id != order.merchant_id or quote.design_id != design.id:
        log.warning("order %s names quote %r, not one of this design", order.id, quote_id)
        return None
    return quote


def honoured(quote):
    """Whether an order gets the quoted price: a quote open or accepted, not yet ordered."""
    if quote is None:
        return False
    return quote.status == "accepted" or (quote.status == "sent" and not is_past(quote))


def check_charged_price(order, line, quote, charged, currency):
    """What the shop charged against the quoted unit price (not today's price list)."""
    if charged is None:
        return None
    terms = prices.store_terms(order.store_id)
    check = {
        "quoted": quote.unit_price,
        "charged": charged,
        "currency": currency,
        "status": "ok",
        "quote": quote.id,
    }
    # The quote's own discounts (negative adjustments) may be spread by the shop over this line,
    # as Shopify does with a draft order's discount: the line may be cheaper by that much.
    granted = -sum(a["amount"] for a in quote.adjustments if a["amount"] < 0)
    slack = prices.tolerance(terms) * line.quantity
    quoted_line, charged_line = quote.unit_price * line.quantity, charged * line.quantity
    same_price = currency == quote.currency and (
        quoted_line - granted - slack <= charged_line <= quoted_line + slack
    )
    if not same_price:
        check["status"] = "mismatch"
        check["quoted_currency"] = quote.currency
    if line.quantity != quote.quantity:
        check["status"] = "mismatch"
        check["reason"] = f"The quote {quote.number} is for {quote.quantity} pieces."
    if check["status"] == "mismatch":
        log.warning(
            "order %s line %s charged %s %s × %s, quote %s says %s %s × %s",
            order.id,
            line.platform_line_id,
            charged,
            currency,
            line.quantity,
            quote.number,
            quote.unit_price,
            quote.currency,
            quote.quantity,
        )
    return check


def mark_ordered(quote, order):
    if quote.status == "ordered":
        return
    quote.status = "ordered"
    quote.order_id = order.id
    db.session.flush()
    outbound.emit(quote.merchant_id, "quote.ordered", _event_data(quote))
