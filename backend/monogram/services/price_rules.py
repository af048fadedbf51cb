"""What merchants set for prices: product price rules, B2B price lists, each store's terms."""

from decimal import Decimal

import sqlalchemy as sa

from monogram.errors import Conflict, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import Company, PriceList, PriceRule, Product, Store, StorePricing
from monogram.models.base import utcnow
from monogram.services import visibility
from monogram.services.lookup import owned

PRICE_LIST_FIELDS = ("name", "discount_percent", "prices", "company_id", "customer_group")


def _tier_errors(tiers, path):
    """Tiers start at one piece and climb, so every quantity has exactly one unit price."""
    if not tiers:
        return [{"path": path, "message": "Give at least one tier, from 1 piece."}]
    errors = []
    if tiers[0]["min_quantity"] != 1:
        errors.append(
            {"path": f"{path}/0/min_quantity", "message": "The first tier starts at 1 piece."}
        )
    for i in range(1, len(tiers)):
        if tiers[i]["min_quantity"] <= tiers[i - 1]["min_quantity"]:
            message = "Tiers go up: each starts above the one before."
            errors.append({"path": f"{path}/{i}/min_quantity", "message": message})
    return errors


# Product price rules ------------------------------------------------------------------------


def get_rule(merchant_id, product_id):
    """The product's rule; a product without one yet answers an empty rule."""
    product = owned(Product, product_id, merchant_id)
    return db.session.get(PriceRule, product.id) or PriceRule(
        product_id=product.id, merchant_id=merchant_id, base_prices=[], surcharges={}
    )


def put_rule(merchant_id, product_id, fields):
    product = owned(Product, product_id, merchant_id)
    errors = []
    seen = set()
    for i, entry in enumerate(fields["base_prices"]):
        if entry["variant"] in seen:
            message = "This variant already has its tiers; one entry per variant."
            errors.append({"path": f"/base_prices/{i}/variant", "message": message})
        seen.add(entry["variant"])
        errors += _tier_errors(entry["tiers"], f"/base_prices/{i}/tiers")
    if errors:
        raise Invalid("The price rule is not valid.", errors=errors)
    rule = db.session.get(PriceRule, product.id)
    if rule is None:
        rule = PriceRule(product_id=product.id, merchant_id=merchant_id)
        db.session.add(rule)
    rule.base_prices = fields["base_prices"]
    rule.surcharges = _stored_surcharges(fields["surcharges"])
    # Set here, not left to onupdate: a JSON value the ORM sees as equal still moves the stamp.
    rule.updated_at = utcnow()
    db.session.flush()
    return rule


def delete_rule(merchant_id, product_id):
    """The product goes back to unpriced: the editor stops showing a price, quotes are refused."""
    product = owned(Product, product_id, merchant_id)
    rule = db.session.get(PriceRule, product.id)
    if rule is not None:
        db.session.delete(rule)
        db.session.flush()


def _stored_surcharges(surcharges):
    """Unset kinds left out; the cm² rate kept as a decimal string, exact in JSON."""
    stored = {kind: value for kind, value in surcharges.items() if value}
    if "square_cm" in stored:
        stored["square_cm"] = {"unit_price": str(stored["square_cm"]["unit_price"])}
    return stored


def rule_document(rule):
    return {
        "product": rule.product_id,
        "base_prices": rule.base_prices or [],
        "surcharges": rule.surcharges or {},
        "updated_at": rule.updated_at,
    }


# B2B price lists ----------------------------------------------------------------------------


def list_price_lists(merchant_id):
    query = sa.select(PriceList).where(PriceList.merchant_id == merchant_id)
    return db.session.scalars(query.order_by(PriceList.name, PriceList.id)).all()


def get_price_list(merchant_id, price_list_id):
    price_list = (
        db.session.get(PriceList, price_list_id) if isinstance(price_list_id, str) else None
    )
    if price_list is None or price_list.merchant_id != merchant_id:
        raise NotFound(f"No price list with id {price_list_id!r} in this account.")
    return price_list


def create_price_list(merchant_id, fields):
    fields = dict(fields)
    stores = visibility.check_stores(merchant_id, fields.pop("stores", None))
    price_list = PriceList(merchant_id=merchant_id, prices={})
    _apply_price_list(price_list, fields)
    db.session.add(price_list)
    db.session.flush()
    visibility.limit_to(price_list.id, stores)
    return price_list


def update_price_list(price_list, fields):
    fields = dict(fields)
    stores = fields.pop("stores", None)
    if stores is not None:
        visibility.limit_to(price_list.id, visibility.check_stores(price_list.merchant_id, stores))
    _apply_price_list(price_list, fields)
    price_list.updated_at = utcnow()
    db.session.flush()
    return price_list


def delete_price_list(price_list):
    db.session.delete(price_list)


def _apply_price_list(price_list, fields):
    merged = {name: getattr(price_list, name) for name in PRICE_LIST_FIELDS}
    merged.update(fields)
    merchant_id = price_list.merchant_id
    errors = []
    if not merged["discount_percent"] and not merged["prices"]:
        message = "Give a discount, prices of its own, or both."
        errors.append({"path": "/discount_percent", "message": message})
    products = set(merged["prices"] or {})
    found = set()
    if products:
        found = set(
            db.session.scalars(
                sa.select(Product.id).where(
                    Product.merchant_id == merchant_id, Product.id.in_(products)
                )
            )
        )
    for product_id, tiers in sorted((merged["prices"] or {}).items()):
        if product_id not in found:
            message = f"No product {product_id!r} in this account."
            errors.append({"path": f"/prices/{product_id}", "message": message})
        else:
            errors += _tier_errors(tiers, f"/prices/{product_id}")
    company_id = merged["company_id"]
    if company_id:
        company = db.session.get(Company, company_id)
        if company is None or company.merchant_id != merchant_id:
            message = f"No company {company_id!r} in this account."
            errors.append({"path": "/company", "message": message})
    if errors:
        raise Invalid("The price list is not valid.", errors=errors)
    with db.session.no_autoflush:
        others = [p for p in list_price_lists(merchant_id) if p is not price_list]
    for other in others:
        for name, path in (
            ("name", "/name"),
            ("company_id", "/company"),
            ("customer_group", "/customer_group"),
        ):
            if merged[name] and getattr(other, name) == merged[name]:
                raise Conflict(
                    f"Price list {other.id} already has this {path[1:].replace('_', ' ')}.",
                    errors=[{"path": path, "message": "Already used by another price list."}],
                )
    for name in PRICE_LIST_FIELDS:
        setattr(price_list, name, merged[name])


def price_list_for(merchant_id, company=None, customer_group=None, store_id=None):
    """A company's own list first, else its customer group's; None pays the product's prices.

    A list limited to some stores applies only to what is bought in them.
    """
    query = sa.select(PriceList).where(
        PriceList.merchant_id == merchant_id, visibility.visible(PriceList.id, store_id)
    )
    if company is not None:
        found = db.session.scalar(query.where(PriceList.company_id == company.id))
        if found is not None:
            return found
    if customer_group:
        return db.session.scalar(query.where(PriceList.customer_group == customer_group))
    return None


# Store terms --------------------------------------------------------------------------------


def get_store(merchant_id, store_id):
    store = db.session.get(Store, store_id) if isinstance(store_id, str) else None
    if store is None or store.merchant_id != merchant_id:
        raise NotFound(f"No store with id {store_id!r} in this account.")
    return store


def store_pricing(store):
    """The store's terms; a store never set up shows prices with tax, at 0 %, to the cent."""
    return db.session.get(StorePricing, store.id) or StorePricing(
        store_id=store.id, prices_include_tax=True, tax_rate=Decimal(0), rounding="0.01"
    )


def put_store_pricing(store, fields):
    terms = db.session.get(StorePricing, store.id)
    if terms is None:
        terms = StorePricing(store_id=store.id)
        db.session.add(terms)
    terms.prices_include_tax = fields["prices_include_tax"]
    terms.tax_rate = fields.get("tax_rate", Decimal(0))
    terms.rounding = fields["rounding"]
    terms.updated_at = utcnow()
    db.session.flush()
    return terms


def store_pricing_document(store, terms):
    return {
        "store": store.id,
        "currency": store.currency,
        "prices_include_tax": terms.prices_include_tax,
        "tax_rate": terms.tax_rate,
        "rounding": terms.rounding,
    }
