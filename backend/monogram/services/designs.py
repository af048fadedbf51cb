"""Designs: validated against their product, saved as immutable versions guarded by ETags."""

import hashlib
import json

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from monogram.document import ProductFacts, validate_document
from monogram.document.checks import AreaFacts
from monogram.errors import (
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    TooLarge,
)
from monogram.extensions.db import db
from monogram.models import Asset, Design, DesignVersion, Font, Product, Template
from monogram.models.base import new_id, utcnow
from monogram.services import charters, customers, template_rules
from monogram.services.keys import digest, new_design_token, tokens_match
from monogram.services.lookup import owned

MAX_VERSION = 2**31 - 1  # the largest number a version row holds (an SQL integer)


class MerchantCatalogue:
    """What a design may reference: this merchant's assets, fonts and templates."""

    def __init__(self, merchant_id):
        self.merchant_id = merchant_id

    def asset_kind(self, asset_id):
        asset = db.session.get(Asset, asset_id)
        return asset.kind if asset is not None and asset.merchant_id == self.merchant_id else None

    def font_exists(self, font_id):
        font = db.session.get(Font, font_id)
        # Library fonts (no merchant) are every merchant's.
        return font is not None and font.merchant_id in (None, self.merchant_id)

    def template_exists(self, template_id):
        template = db.session.get(Template, template_id)
        return template is not None and template.merchant_id == self.merchant_id


def _product_facts(merchant_id):
    def lookup(product_id):
        product = db.session.get(Product, product_id) if isinstance(product_id, str) else None
        if product is None or product.merchant_id != merchant_id or product.archived_at is not None:
            return None
        return ProductFacts(
            id=product.id,
            areas={
                area.code: AreaFacts(area.width, area.height, area.bleed, area.safe)
                for area in product.areas
            },
            fonts=frozenset(offered.font_id for offered in product.offered_fonts),
        )

    return lookup


def canonical(document):
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _validated(merchant_id, raw):
    limit = current_app.config["MONOGRAM"].MAX_DESIGN_BYTES
    if len(canonical(raw)) > limit:
        raise TooLarge(f"The design document is over {limit // 1024} KB; remove some objects.")
    return validate_document(raw, _product_facts(merchant_id), MerchantCatalogue(merchant_id))


def _checked(caller, raw):
    """The validated document, with the charter of the caller's store applied (a brand store)."""
    document = _validated(caller.merchant_id, raw)
    if caller.is_secret:
        return document
    catalogue = MerchantCatalogue(caller.merchant_id)
    charted = charters.apply_charter(caller.store_id, document, catalogue.asset_kind)
    # The charter's logo object is validated like any other (its asset, its area).
    document = document if charted is document else _validated(caller.merchant_id, charted)
    template_rules.enforce(caller, document)
    return document


def validated(merchant_id, raw):
    """The normalised document, checked against the merchant's products and catalogue."""
    return _validated(merchant_id, raw)


def _add_version(design, document):
    number = design.version_count + 1
    etag = hashlib.sha256(f"{design.id}:{number}:{canonical(document)}".encode()).hexdigest()[:32]
    version = DesignVersion(design=design, number=number, document=document, etag=etag)
    design.version_count = number
    design.updated_at = utcnow()
    db.session.add(version)
    return version


def _new_design(caller, product_id, customer):
    """(design, token): a customer's design gets a token their library can hand back later."""
    design_id = new_id("dsn")
    token = customers.design_token(design_id) if customer else new_design_token()
    design = Design(
        id=design_id,
        merchant_id=caller.merchant_id,
        store_id=caller.store_id,
        product_id=product_id,
        token_hash=digest(token),
        customer_ref=customer.ref if customer else None,
    )
    return design, token


def create_design(caller, raw, customer_reference=None):
    """Returns (design, version, design token); the token is shown this once only.
    With a customer reference the design goes into that customer's library."""
    customer = customers.verify(caller, customer_reference) if customer_reference else None
    document = _checked(caller, raw)
    design, token = _new_design(caller, document["product"], customer)
    db.session.add(design)
    db.session.flush()
    version = _add_version(design, document)
    db.session.flush()
    return design, version, token


def authorised_design(caller, design_id, design_token, for_update=False):
    """The design, if the caller may see it: a secret key, or a publishable key with its token.

    A buyer's proof link stands for the token of its own design while the proof lets them edit.
    """
    from monogram.services.proofs import opens_design

    design = owned(Design, design_id, caller.merchant_id)
    if for_update and db.engine.dialect.name == "postgresql":
        # Lock the row so two saves on the same ETag cannot both win.
        db.session.refresh(design, with_for_update=True)
    if not caller.is_secret and not (
        design_token
        and (tokens_match(design_token, design.token_hash) or opens_design(design_token, design))
    ):
        raise Forbidden(
            "Send the design token you got when the design was created (Monogram-Design-Token)."
        )
    return design


def version_number(design, number):
    # A number no version can have is simply absent: the column could not even hold some of them.
    if not 1 <= number <= MAX_VERSION:
        return None
    return db.session.scalar(
        sa.select(DesignVersion).where(
            DesignVersion.design_id == design.id, DesignVersion.number == number
        )
    )


def latest_version(design):
    return version_number(design, design.version_count)


def matches(if_match, etag):
    candidates = [part.strip() for part in if_match.split(",")]
    # Weak comparison is not allowed for If-Match (RFC 9110 §13.1.1): W/ tags never match.
    return "*" in candidates or f'"{etag}"' in candidates


def update_design(caller, design_id, raw, if_match, design_token):
    design = authorised_design(caller, design_id, design_token, for_update=True)
    current = latest_version(design)
    if not if_match:
        raise PreconditionRequired(
            "Send If-Match with the ETag of the version you edited, so no one else's save is lost.",
            headers={"ETag": f'"{current.etag}"'},
        )
    if not matches(if_match, current.etag):
        raise PreconditionFailed(
            f"The design changed since you loaded it (now version {current.number}); "
            "load it again and reapply your edit.",
            headers={"ETag": f'"{current.etag}"'},
        )
    document = _checked(caller, raw)
    if document["product"] != design.product_id:
        raise Invalid(
            "A design stays on its product; start a new design for another product.",
            errors=[{"path": "/product", "message": f"Must be {design.product_id}."}],
        )
    version = _add_version(design, document)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise PreconditionFailed(
            "Someone saved this design at the same moment; load it again."
        ) from None
    return design, version


def versions(design):
    return db.session.scalars(
        sa.select(DesignVersion)
        .where(DesignVersion.design_id == design.id)
        .order_by(DesignVersion.number)
    ).all()


def _customer_line(caller, customer, line_id):
    """A personalised order line of the caller's merchant; with a customer, one they ordered
    in their store."""
    from monogram.models import Order, OrderLine

    line = db.session.get(OrderLine, line_id) if isinstance(line_id, str) else None
    order = db.session.get(Order, line.order_id) if line is not None else None
    if (
        order is None
        or order.merchant_id != caller.merchant_id
        or line.design_version_id is None
        or (
            customer is not None
            and (order.store_id, order.customer_platform_id)
            != (customer.store_id, customer.customer_id)
        )
    ):
        raise NotFound(f"No personalised order line {line_id}.")
    return line


def reorder(
    caller, design_id, design_token, number=None, order_line_id=None, customer_reference=None
):
    """A new design whose first version is an ordered one: the shopper edits the copy, never
    the version the first order pinned. Returns (design, version, token, source version).

    Who may copy: the design token's holder, a secret key, or — with a customer reference and
    no token — the customer who saved the design or ordered the line (an old order's token is
    long gone from their browser). The copy joins that customer's library."""
    customer = customers.verify(caller, customer_reference) if customer_reference else None
    by_customer = customer is not None and not design_token and not caller.is_secret
    if order_line_id:
        line = _customer_line(caller, customer if by_customer else None, order_line_id)
        if line.design_id != design_id:
            raise NotFound(f"Order line {order_line_id} is not of design {design_id}.")
        if by_customer:
            design = owned(Design, design_id, caller.merchant_id)
        else:
            design = authorised_design(caller, design_id, design_token)
        source = db.session.get(DesignVersion, line.design_version_id)
    else:
        if by_customer:
            design = owned(Design, design_id, caller.merchant_id)
            if design.customer_ref != customer.ref:
                raise NotFound(f"No design with id {design_id!r} in this customer's library.")
        else:
            design = authorised_design(caller, design_id, design_token)
        source = version_number(design, number or design.version_count)
        if source is None:
            raise NotFound(f"Design {design.id} has no version {number}.")
    # Checked again: the product may have changed since (an area removed, a font withdrawn).
    document = _checked(caller, source.document)
    copy, token = _new_design(caller, design.product_id, customer)
    copy.store_id = caller.store_id or design.store_id
    copy.title = design.title
    copy.source_version_id = source.id
    db.session.add(copy)
    db.session.flush()
    version = _add_version(copy, document)
    db.session.flush()
    return copy, version, token, source
