"""Orders from shops: recorded once per platform order, designs checked and frozen, jobs created."""

import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from monogram.errors import Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import Design, DesignVersion, Order, OrderLine, ProductionJob, Store
from monogram.models.base import utcnow
from monogram.services import companies, library, lifecycle, prices, production, quotes
from monogram.services.keys import tokens_match
from monogram.services.lookup import owned

log = logging.getLogger(__name__)

UNTRUSTED_LINE = (
    "The design token on this line does not open the design; it was not produced. "
    "Check the order with the customer before making it."
)
UNKNOWN_DESIGN = "The design on this line is not one of yours; it was not produced."


def order_store(caller, store_id):
    """The store an order is reported for: the one named, else the key's own store."""
    if store_id:
        return owned(Store, store_id, caller.merchant_id)
    if caller.store_id:
        return db.session.get(Store, caller.store_id)
    stores = db.session.scalars(sa.select(Store).where(Store.merchant_id == caller.merchant_id))
    stores = stores.all()
    if len(stores) == 1:
        return stores[0]
    raise Invalid(
        "This key belongs to several stores; say which one the order is from.",
        errors=[{"path": "/store", "message": "Required: the store id (sto_…)."}],
    )


def find_order(store_id, platform_order_id):
    return db.session.scalar(
        sa.select(Order).where(
            Order.store_id == store_id, Order.platform_order_id == platform_order_id
        )
    )


def ingest_order(store, fields, source="api", idempotency_key=None):
    """Record an order once; returns (order, replayed) where replayed means it was already here."""
    existing = find_order(store.id, fields["platform_order_id"])
    if existing is not None:
        return existing, True
    customer = fields.get("customer") or {}
    order = Order(
        merchant_id=store.merchant_id,
        store_id=store.id,
        platform_order_id=fields["platform_order_id"],
        name=fields.get("name") or "",
        currency=fields.get("currency") or store.currency,
        customer_platform_id=customer.get("platform_id"),
        customer_email=customer.get("email"),
        customer_name=customer.get("name"),
        customer_company=customer.get("company"),
        customer_company_id=customer.get("company_id"),
        locale=customer.get("locale"),
        shipping_address=fields.get("shipping_address") or None,
        source=source,
        idempotency_key=idempotency_key,
    )
    try:
        # A savepoint: a concurrent delivery of the same order loses the race without harm.
        with db.session.begin_nested():
            db.session.add(order)
            db.session.flush()
    except IntegrityError:
        return find_order(store.id, fields["platform_order_id"]), True
    for position, spec in enumerate(fields["lines"]):
        order.lines.append(_line(order, position, spec))
    db.session.flush()
    return order, False


def _line(order, position, spec):
    line = OrderLine(
        position=position,
        platform_line_id=spec.get("platform_line_id") or str(position + 1),
        title=spec.get("title") or "",
        quantity=spec.get("quantity", 1),
        platform_product=spec.get("platform_product") or "",
        platform_variant=spec.get("platform_variant") or "",
    )
    design_id = spec.get("design")
    if not design_id:
        return line
    design = db.session.get(Design, design_id)
    if design is None or design.merchant_id != order.merchant_id:
        line.status, line.flag_reason = "flagged", UNKNOWN_DESIGN
        log.warning("order %s line %s names a foreign design", order.id, line.platform_line_id)
        return line
    line.design_id = design.id
    quote = quotes.for_line(order, spec.get("quote"), design)
    token = spec.get("design_token") or ""
    # A line from an accepted quote carries the quote's token for its design, not the design's.
    if not (tokens_match(token, design.token_hash) or quotes.opens_design(quote, design, token)):
        line.status, line.flag_reason = "flagged", UNTRUSTED_LINE
        log.warning("order %s line %s has a bad design token", order.id, line.platform_line_id)
        return line
    quoted = quotes.honoured(quote)
    job = production.job_for_line(
        order.merchant_id,
        design,
        order_ref=order.name or order.platform_order_id,
        line_ref=line.platform_line_id,
        quantity=line.quantity,
        # What the buyer accepted is what gets made, whatever was edited since the quote.
        version_number=db.session.get(DesignVersion, quote.version_id).number if quoted else None,
        proof_email=order.customer_email,
        locale=order.locale,
        manager_email=_manager_email(order),
        source=order.source,
    )
    line.design_version_id = job.design_version_id
    line.job_id = job.id
    line.status = "accepted"
    charged, currency = spec.get("unit_price"), spec.get("currency") or order.currency
    if quoted:
        line.price_check = quotes.check_charged_price(order, line, quote, charged, currency)
        quotes.mark_ordered(quote, order)
        return line
    line.price_check = prices.check_charged_price(
        order,
        line,
        db.session.get(DesignVersion, job.design_version_id).document,
        charged,
        currency,
    )
    return line


def _manager_email(order):
    """Who approves after the buyer (customer_then_manager products): their company's manager."""
    company = companies.for_order(order)
    return company.manager_email if company is not None else None


def cancel_order(store, platform_order_id, source="webhook"):
    """Cancel an order and stop every job of it that has not shipped."""
    order = find_order(store.id, platform_order_id)
    if order is None or order.status == "cancelled":
        return order
    order.status, order.cancelled_at = "cancelled", utcnow()
    for line in order.lines:
        job = db.session.get(ProductionJob, line.job_id) if line.job_id else None
        if job is not None and lifecycle.can_move(job.status, "cancelled"):
            note = f"order {order.name or order.platform_order_id} cancelled"
            lifecycle.transition(job, "cancelled", actor="shop", source=source, note=note)
    return order


def get_order(merchant_id, order_id):
    return owned(Order, order_id, merchant_id)


def _customer_orders(store, customer_platform_id, email):
    """A store's orders of one customer, by platform id or e-mail; None when neither is given."""
    clauses = []
    if customer_platform_id:
        clauses.append(Order.customer_platform_id == str(customer_platform_id))
    if email:
        clauses.append(Order.customer_email == email)
    if not clauses:
        return None
    query = sa.select(Order).where(Order.store_id == store.id, sa.or_(*clauses))
    return db.session.scalars(query).all()


def _forget_customer(order):
    order.customer_email = order.customer_company = order.customer_platform_id = None
    order.customer_name = order.customer_company_id = order.shipping_address = None
    # Decided proofs keep their approver: the decision is the contract's evidence.
    for line in order.lines:
        job = db.session.get(ProductionJob, line.job_id) if line.job_id else None
        if job is not None:
            job.proof_email = job.manager_email = None


def redact_customer(store, customer_platform_id, email):
    """GDPR erasure for one customer of a store: contact details go, production facts stay."""
    if customer_platform_id:
        # Saved designs leave the library even when the customer never ordered.
        library.forget_customer(store.id, str(customer_platform_id))
    orders = _customer_orders(store, customer_platform_id, email)
    if orders is None:
        return 0
    for order in orders:
        _forget_customer(order)
    return len(orders)


def redact_store(store):
    """Shop erasure, 48 hours after uninstall: no customer detail of that shop is kept."""
    orders = db.session.scalars(sa.select(Order).where(Order.store_id == store.id)).all()
    for order in orders:
        _forget_customer(order)
    library.forget_store(store.id)
    store.access_token_encrypted = None
    return len(orders)


def customer_data(store, customer_platform_id, email):
    """What Monogram holds about one customer of a store, for a data request."""
    orders = _customer_orders(store, customer_platform_id, email)
    if orders is None:
        raise NotFound("No customer named in the request.")
    return [
        {
            "order": order.platform_order_id,
            "name": order.name,
            "email": order.customer_email,
            "customer_name": order.customer_name,
            "company": order.customer_company,
            "locale": order.locale,
            "shipping_address": order.shipping_address,
            "designs": [line.design_id for line in order.lines if line.design_id],
        }
        for order in orders
    ]
