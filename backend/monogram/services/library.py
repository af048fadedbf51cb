"""A customer's library: the designs they saved and the personalised lines they ordered."""

import sqlalchemy as sa

from monogram.errors import Conflict, NotFound
from monogram.extensions.db import db
from monogram.models import Design, DesignVersion, Order, OrderLine, Product
from monogram.services import customers, design_previews
from monogram.services.designs import latest_version, version_number
from monogram.services.keys import tokens_match

DEFAULT_LIMIT = 50


def saved_designs(merchant_id, customer, product_id=None, limit=DEFAULT_LIMIT):
    """[(design, product)] the customer saved in their store, the last saved first."""
    query = (
        sa.select(Design, Product)
        .join(Product, Product.id == Design.product_id)
        .where(Design.merchant_id == merchant_id, Design.customer_ref == customer.ref)
    )
    if product_id:
        query = query.where(Design.product_id == product_id)
    query = query.order_by(Design.updated_at.desc(), Design.id).limit(limit)
    return db.session.execute(query).all()


def ordered_lines(merchant_id, customer, product_id=None, limit=DEFAULT_LIMIT):
    """[(line, order, version, design, product)] of the customer's orders in their store,
    newest order first: each line with the design version it froze."""
    query = (
        sa.select(OrderLine, Order, DesignVersion, Design, Product)
        .join(Order, Order.id == OrderLine.order_id)
        .join(DesignVersion, DesignVersion.id == OrderLine.design_version_id)
        .join(Design, Design.id == DesignVersion.design_id)
        .join(Product, Product.id == Design.product_id)
        .where(
            Order.merchant_id == merchant_id,
            Order.store_id == customer.store_id,
            Order.customer_platform_id == customer.customer_id,
        )
    )
    if product_id:
        query = query.where(Design.product_id == product_id)
    query = query.order_by(Order.created_at.desc(), Order.id, OrderLine.position).limit(limit)
    return db.session.execute(query).all()


def first_area(product):
    """The area a thumbnail shows, or None for a product without one."""
    return product.areas[0].code if product.areas else None


def customer_design(merchant_id, customer, design_id):
    """One of the customer's saved designs; anyone else's is simply not found."""
    design = db.session.get(Design, design_id) if isinstance(design_id, str) else None
    if design is None or design.merchant_id != merchant_id or design.customer_ref != customer.ref:
        raise NotFound(f"No design with id {design_id!r} in this customer's library.")
    return design


def open_design(merchant_id, customer, design_id):
    """(design, latest version, design token) to go on editing a saved design."""
    design = customer_design(merchant_id, customer, design_id)
    token = customers.design_token(design.id)
    if not tokens_match(token, design.token_hash):
        # Saved under another app secret: its token cannot be given again, a copy can.
        raise Conflict("This design can no longer be reopened as it is; reorder it to edit a copy.")
    return design, latest_version(design), token


def _ordered_by(customer, version):
    """True when the customer ordered this very version in their store."""
    return (
        db.session.scalar(
            sa.select(OrderLine.id)
            .join(Order, Order.id == OrderLine.order_id)
            .where(
                OrderLine.design_version_id == version.id,
                Order.store_id == customer.store_id,
                Order.customer_platform_id == customer.customer_id,
            )
            .limit(1)
        )
        is not None
    )


def preview(merchant_id, customer, design_id, area, number=None):
    """PNG of an area of a design the customer saved (any version) or ordered (that version)."""
    design = db.session.get(Design, design_id) if isinstance(design_id, str) else None
    missing = NotFound(f"No design with id {design_id!r} in this customer's library.")
    if design is None or design.merchant_id != merchant_id:
        raise missing
    version = version_number(design, number) if number else latest_version(design)
    if version is None:
        raise NotFound(f"Design {design_id} has no version {number}.")
    if design.customer_ref != customer.ref and not (number and _ordered_by(customer, version)):
        raise missing
    return design_previews.area_preview(design, version, area), version


def rename(merchant_id, customer, design_id, title):
    """(design, product) with the customer's name for the design, or none."""
    design = customer_design(merchant_id, customer, design_id)
    design.title = title.strip() or None
    return design, db.session.get(Product, design.product_id)


def forget_customer(store_id, customer_id):
    """Erasure of one customer: their designs leave the library (orders still pin them)."""
    return _forget(Design.customer_ref == f"{store_id}:{customer_id}")


def forget_store(store_id):
    """Erasure of a shop's customers: no design is anyone's library any more."""
    return _forget(Design.customer_ref.startswith(f"{store_id}:", autoescape=True))


def _forget(clause):
    designs = db.session.scalars(sa.select(Design).where(clause)).all()
    for design in designs:
        design.customer_ref = design.title = None
    return len(designs)
