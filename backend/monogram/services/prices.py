"""Live prices: rules loaded once per change and cached, a quote per request, orders re-priced."""

import logging
from collections import OrderedDict
from decimal import Decimal

import sqlalchemy as sa
from marshmallow import ValidationError

from monogram.document.pointers import messages_to_pointers
from monogram.document.schema import DesignDocumentSchema
from monogram.errors import Forbidden, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import Design, DesignVersion, Order, PriceRule, Product, Store, StorePricing
from monogram.services import (
    companies,
    customers,
    designs,
    price_rules,
    pricing,
    signed_prices,
)
from monogram.services.keys import tokens_match

log = logging.getLogger(__name__)

# Products whose rules a worker keeps in memory; a few hundred cover a busy catalogue.
CACHE_SIZE = 1024
_cache = OrderedDict()  # product id → ((product stamp, rule stamp), PricedProduct)
_document_schema = DesignDocumentSchema()


_PRODUCT_STAMP = (
    sa.select(Product.merchant_id, Product.updated_at, PriceRule.updated_at)
    .outerjoin(PriceRule, PriceRule.product_id == Product.id)
    .where(Product.id == sa.bindparam("product"))
)
# A saved design's quote in one query: who owns it, its token, its latest version, the stamps
# of its product's rules, and the terms of the store quoting. Built once: it runs on every edit.
_SAVED_DESIGN_QUOTE = (
    sa.select(
        Design.merchant_id,
        Design.token_hash,
        Design.product_id,
        DesignVersion.id.label("version_id"),
        Store.platform,
        Product.updated_at.label("product_stamp"),
        PriceRule.updated_at.label("rule_stamp"),
        Store.currency,
        StorePricing.prices_include_tax,
        StorePricing.tax_rate,
        StorePricing.rounding,
    )
    .join(
        DesignVersion,
        (DesignVersion.design_id == Design.id) & (DesignVersion.number == Design.version_count),
    )
    .join(Product, Product.id == Design.product_id)
    .outerjoin(PriceRule, PriceRule.product_id == Product.id)
    .join(Store, Store.id == sa.bindparam("store"))
    .outerjoin(StorePricing, StorePricing.store_id == Store.id)
    .where(Design.id == sa.bindparam("design"))
)
# The same for a document sent unsaved: its product's stamps and the store's terms.
_PRODUCT_QUOTE = (
    sa.select(
        Product.merchant_id,
        Product.updated_at.label("product_stamp"),
        PriceRule.updated_at.label("rule_stamp"),
        Store.currency,
        StorePricing.prices_include_tax,
        StorePricing.tax_rate,
        StorePricing.rounding,
    )
    .outerjoin(PriceRule, PriceRule.product_id == Product.id)
    .join(Store, Store.id == sa.bindparam("store"))
    .outerjoin(StorePricing, StorePricing.store_id == Store.id)
    .where(Product.id == sa.bindparam("product"))
)
_VERSION_DOCUMENT = sa.select(DesignVersion.document).where(
    DesignVersion.id == sa.bindparam("version")
)
_documents = OrderedDict()  # version id → document; versions never change once saved


def priced_product(merchant_id, product_id, stamp=None):
    """The product's areas and rule, from the cache while neither has changed since.

    One small query checks both timestamps (and that the product is the caller's) unless the
    caller read them already; the areas and tables are read again only after a save.
    """
    if stamp is None:
        row = db.session.execute(_PRODUCT_STAMP, {"product": product_id}).first()
        if row is None or row[0] != merchant_id:
            raise NotFound(f"No product with id {product_id!r} in this account.")
        stamp = (row[1], row[2])
    cached = _cache.get(product_id)
    if cached is not None and cached[0] == stamp:
        _cache.move_to_end(product_id)
        return cached[1]
    product = db.session.get(Product, product_id)
    rule = db.session.get(PriceRule, product_id)
    priced = pricing.PricedProduct(
        id=product.id,
        areas={
            area.code: pricing.AreaPricing(
                area.code, area.width, area.height, area.bleed, area.technique
            )
            for area in product.areas
        },
        base_prices=rule.base_prices if rule else [],
        surcharges=rule.surcharges if rule else {},
        priced=rule is not None,
    )
    _cache[product_id] = (stamp, priced)
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return priced


def store_terms(store_id):
    """The store's currency, tax and rounding, in one query; defaults for a store never set up."""
    row = db.session.execute(
        sa.select(
            Store.currency,
            StorePricing.prices_include_tax,
            StorePricing.tax_rate,
            StorePricing.rounding,
        )
        .outerjoin(StorePricing, StorePricing.store_id == Store.id)
        .where(Store.id == store_id)
    ).one()
    return _terms(row)


def _terms(row):
    if row.rounding is None:
        return pricing.StoreTerms(currency=row.currency)
    return pricing.StoreTerms(
        currency=row.currency,
        prices_include_tax=row.prices_include_tax,
        tax_rate=Decimal(row.tax_rate),
        rounding=row.rounding,
    )


def _store_id(caller, store_id):
    """The store whose currency and tax apply: the key's own, else the one named, else the only
    one of the merchant."""
    if caller.store_id:
        return caller.store_id
    if store_id:
        return price_rules.get_store(caller.merchant_id, store_id).id
    stores = db.session.scalars(sa.select(Store.id).where(Store.merchant_id == caller.merchant_id))
    stores = stores.all()
    if len(stores) == 1:
        return stores[0]
    raise Invalid(
        "This key belongs to several stores; say which store's prices to quote.",
        errors=[{"path": "/store", "message": "Required: the store id (sto_…)."}],
    )


def _saved_design(caller, design_id, design_token, store_id):
    """(priced product, latest document, store terms, store platform) of a saved design the
    caller may see."""
    row = db.session.execute(_SAVED_DESIGN_QUOTE, {"design": design_id, "store": store_id})
    row = row.first()
    if row is None or row.merchant_id != caller.merchant_id:
        raise NotFound(f"No design with id {design_id!r} in this account.")
    if not caller.is_secret and not (design_token and tokens_match(design_token, row.token_hash)):
        # Not the design token: perhaps a proof link standing for it; the full check knows.
        designs.authorised_design(caller, design_id, design_token)
    stamp = (row.product_stamp, row.rule_stamp)
    priced = priced_product(caller.merchant_id, row.product_id, stamp)
    return priced, _version_document(row.version_id), _terms(row), row.platform


def _version_document(version_id):
    document = _documents.get(version_id)
    if document is None:
        document = db.session.execute(_VERSION_DOCUMENT, {"version": version_id}).scalar_one()
        _documents[version_id] = document
        if len(_documents) > CACHE_SIZE:
            _documents.popitem(last=False)
    else:
        _documents.move_to_end(version_id)
    return document


def _sent_document(caller, fields, store_id):
    """(priced product, document, store terms) for a document sent with the request."""
    try:
        # The shape only: the fonts and assets it names do not change its price.
        document = _document_schema.load(fields["document"])
    except ValidationError as error:
        raise Invalid(
            "The design document is not valid.",
            errors=messages_to_pointers(error.messages, prefix="/document"),
        ) from None
    row = db.session.execute(_PRODUCT_QUOTE, {"product": document["product"], "store": store_id})
    row = row.first()
    if row is None or row.merchant_id != caller.merchant_id:
        raise NotFound(f"No product with id {document['product']!r} in this account.")
    stamp = (row.product_stamp, row.rule_stamp)
    priced = priced_product(caller.merchant_id, document["product"], stamp)
    errors = [
        {
            "path": f"/document/surfaces/{i}/area",
            "message": f"The product has no print area {surface['area']!r}.",
        }
        for i, surface in enumerate(document["surfaces"])
        if surface["area"] not in priced.areas
    ]
    if errors:
        raise Invalid("The design document is not valid.", errors=errors)
    return priced, document, _terms(row)


def _customer_company(customer):
    """The company a signed-in shop customer buys for: the one their last order came from,
    matched the way proofs find their manager (platform company id, else name)."""
    order = db.session.scalar(
        sa.select(Order)
        .where(Order.store_id == customer.store_id)
        .where(Order.customer_platform_id == customer.customer_id)
        .order_by(Order.created_at.desc(), Order.id)
        .limit(1)
    )
    return companies.for_order(order) if order is not None else None


def _price_list(caller, fields, customer_reference):
    if customer_reference:
        customer = customers.verify(caller, customer_reference)
        company = _customer_company(customer)
        if company is None:
            return None
        return price_rules.price_list_for(caller.merchant_id, company, store_id=caller.store_id)
    if not (fields.get("company") or fields.get("customer_group")):
        return None
    if not caller.is_secret:
        # A shopper could name any company; theirs comes from the reference their shop signed.
        raise Forbidden("Only a secret key may quote for a company or a customer group.")
    company = None
    if fields.get("company"):
        company = companies.get_company(caller.merchant_id, fields["company"])
    return price_rules.price_list_for(
        caller.merchant_id, company, fields.get("customer_group"), store_id=caller.store_id
    )


def quote_request(caller, fields, design_token=None, customer_reference=None):
    """The live quote the editor asks for on every edit: no rendering, no file read."""
    store_id = _store_id(caller, fields.get("store"))
    design_id, platform = fields.get("design"), None
    if design_id:
        priced, document, terms, platform = _saved_design(caller, design_id, design_token, store_id)
    else:
        priced, document, terms = _sent_document(caller, fields, store_id)
    if not priced.priced:
        raise Invalid(
            "This product has no prices yet; set them with PUT /v1/products/{id}/pricing.",
            errors=[{"path": "/document/product", "message": "No price rule."}],
        )
    price_list = _price_list(caller, fields, customer_reference)
    quantity, variant = fields["quantity"], fields.get("variant")
    quoted = pricing.quote(
        priced,
        document,
        quantity,
        variant=variant,
        price_list=price_list,
        store=terms,
        locale=fields.get("locale"),
    )
    # Shopify's cart transform replaces the line's whole price, so only a quote that includes
    # the base price is signed; a surcharge-only rule leaves the platform's price standing.
    if platform == "shopify" and any(line.kind == "base" for line in quoted.lines):
        first, last = pricing.quantity_range(priced, quantity, variant, price_list)
        last = min(last or signed_prices.MAX_QUANTITY, signed_prices.MAX_QUANTITY)
        quoted.signed_price = signed_prices.sign(
            store_id, design_id, (first, last), quoted.unit_price, quoted.currency
        )
    return quoted


def check_charged_price(order, line, document, charged, currency):
    """What the shop charged for a personalised line against our quote, for the merchant.

    Never stops the line: a wrong price is the merchant's to settle with the buyer, and the
    print should not wait for it. None when there is nothing to compare.
    """
    if charged is None:
        return None
    try:
        priced = priced_product(order.merchant_id, document["product"])
    except NotFound:
        return None
    if not priced.priced:
        return None
    terms = store_terms(order.store_id)
    check = {"quoted": None, "charged": charged, "currency": currency, "status": "unquoted"}
    try:
        quoted = pricing.quote(
            priced,
            document,
            line.quantity,
            variant=line.platform_variant or None,
            price_list=price_rules.price_list_for(
                order.merchant_id, companies.for_order(order), store_id=order.store_id
            ),
            store=terms,
        )
    except Invalid as error:
        check["reason"] = error.message
        return check
    if not any(line.kind == "base" for line in quoted.lines):
        # The platform's product price is the base and we never see it alone: nothing to compare.
        check["reason"] = "The shop's own product price is the base; Monogram prices only the rest."
        return check
    check["quoted"] = quoted.unit_price
    same = currency == quoted.currency and abs(charged - quoted.unit_price) <= tolerance(terms)
    check["status"] = "ok" if same else "mismatch"
    if not same:
        check["quoted_currency"] = quoted.currency
        log.warning(
            "order %s line %s charged %s %s, quoted %s %s",
            order.id,
            line.platform_line_id,
            charged,
            currency,
            quoted.unit_price,
            quoted.currency,
        )
    return check


def tolerance(terms):
    """One rounding step of the store, in minor units: a shop that rounds the same price its own
    way lands within it; anything further is a different price."""
    step = Decimal(1) if terms.rounding == "0.99" else Decimal(terms.rounding)
    return max(int(step * 10**terms.exponent), 1)
