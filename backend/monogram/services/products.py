"""Personalisable products: their print areas, offered fonts, palette and platform links."""

import sqlalchemy as sa

from monogram.errors import Invalid
from monogram.extensions.db import db
from monogram.models import Asset, Font, PlatformRef, PrintArea, Product, ProductFont, Store
from monogram.models.base import utcnow
from monogram.services import charters, fonts
from monogram.services.lookup import owned

# Working days from order to shipping when the merchant has not said.
DEFAULT_LEAD_TIME = 5

AREA_FIELDS = (
    "name",
    "width",
    "height",
    "bleed",
    "safe",
    "technique",
    "color_mode",
    "max_colors",
    "min_dpi",
    "cut_contour",
)


def list_products(merchant_id, include_archived=False):
    query = sa.select(Product).where(Product.merchant_id == merchant_id)
    if not include_archived:
        query = query.where(Product.archived_at.is_(None))
    return db.session.scalars(query.order_by(Product.created_at, Product.id)).all()


def get_product(merchant_id, product_id):
    return owned(Product, product_id, merchant_id)


def create_product(merchant_id, fields):
    product = Product(merchant_id=merchant_id)
    # Added after it is filled in, so the lookups in the checks never autoflush a half-made row.
    _apply(product, fields)
    db.session.add(product)
    db.session.flush()
    return product


def replace_product(merchant_id, product_id, fields):
    product = owned(Product, product_id, merchant_id)
    _apply(product, fields)
    product.updated_at = utcnow()
    db.session.flush()
    return product


def archive_product(merchant_id, product_id):
    product = owned(Product, product_id, merchant_id)
    if product.archived_at is None:
        product.archived_at = utcnow()


def _apply(product, fields):
    errors = _check(product.merchant_id, fields)
    if errors:
        raise Invalid("The product is not valid.", errors=errors)
    product.name = fields["name"]
    product.proof = fields["proof"]
    product.lead_time_days = fields.get("lead_time_days", DEFAULT_LEAD_TIME)
    product.palette = fields["palette"]
    product.category = fields.get("category")

    by_code = {area.code: area for area in product.areas}
    kept = []
    for position, spec in enumerate(fields["areas"]):
        # Areas are updated in place by code, so their identity (and unique key) survives a PUT.
        area = by_code.get(spec["id"]) or PrintArea(code=spec["id"])
        for name in AREA_FIELDS:
            setattr(area, name, spec[name])
        area.position = position
        mockup = spec.get("mockup")
        area.mockup_asset_id = mockup["asset"] if mockup else None
        area.mockup_quad = mockup["quad"] if mockup else None
        kept.append(area)
    product.areas = kept

    product.offered_fonts = [
        ProductFont(font_id=font_id, position=i) for i, font_id in enumerate(fields["fonts"])
    ]
    product.platform_refs.clear()
    db.session.flush()
    product.platform_refs = [
        PlatformRef(
            store_id=ref["store"], platform_product=ref["product"], platform_variant=ref["variant"]
        )
        for ref in fields["platform_refs"]
    ]


def _check(merchant_id, fields):
    errors = []

    def error(path, message):
        errors.append({"path": path, "message": message})

    seen = set()
    for i, area in enumerate(fields["areas"]):
        if area["id"] in seen:
            error(
                f"/areas/{i}/id",
                f"Area id {area['id']!r} is used twice; each area needs its own id.",
            )
        seen.add(area["id"])
        if area["safe"] * 2 >= min(area["width"], area["height"]):
            error(f"/areas/{i}/safe", "The safe margin leaves no room to print; make it smaller.")
        mockup = area.get("mockup")
        if mockup:
            asset = db.session.get(Asset, mockup["asset"])
            if asset is None or asset.merchant_id != merchant_id or asset.kind != "raster":
                error(
                    f"/areas/{i}/mockup/asset",
                    "Upload the mockup photo first and use its asset id.",
                )
            else:
                for j, (x, y) in enumerate(mockup["quad"]):
                    if not (0 <= x <= asset.width_px and 0 <= y <= asset.height_px):
                        error(
                            f"/areas/{i}/mockup/quad/{j}",
                            f"This corner lies outside the "
                            f"{asset.width_px}×{asset.height_px} photo.",
                        )
    fonts = set(fields["fonts"])
    if len(fonts) != len(fields["fonts"]):
        error("/fonts", "A font is listed twice.")
    if fonts:
        found = set(
            db.session.scalars(
                sa.select(Font.id).where(
                    sa.or_(Font.merchant_id == merchant_id, Font.merchant_id.is_(None)),
                    Font.id.in_(fonts),
                )
            )
        )
        for i, font_id in enumerate(fields["fonts"]):
            if font_id not in found:
                error(f"/fonts/{i}", f"No font {font_id!r} in your library; upload it first.")
    store_ids = {ref["store"] for ref in fields["platform_refs"]}
    if store_ids:
        stores = set(
            db.session.scalars(
                sa.select(Store.id).where(Store.merchant_id == merchant_id, Store.id.in_(store_ids))
            )
        )
        for i, ref in enumerate(fields["platform_refs"]):
            if ref["store"] not in stores:
                error(f"/platform_refs/{i}/store", f"No store {ref['store']!r} in this account.")
    return errors


def product_document(product, seen_from=None):
    """The product as the API shows it (DESIGN.md §4).

    `seen_from`: the store of a publishable key, whose editor gets the offered fonts it may
    see (all the fonts it may see when the product offers none), and its charter's palette and
    logo when it is a brand store that has one; None: the product as stored.
    """
    return {
        "id": product.id,
        "name": product.name,
        "category": product.category,
        "proof": product.proof,
        "lead_time_days": product.lead_time_days,
        "palette": (seen_from and charters.charter_palette(seen_from)) or product.palette,
        "fonts": _offered_fonts(product, seen_from),
        "brand_objects": charters.brand_objects(seen_from, _asset_kind) if seen_from else [],
        "platform_refs": [
            {
                "store": ref.store_id,
                "product": ref.platform_product,
                "variant": ref.platform_variant,
            }
            for ref in product.platform_refs
        ],
        "areas": [
            {
                "id": area.code,
                **{name: getattr(area, name) for name in AREA_FIELDS},
                "mockup": (
                    {"asset": area.mockup_asset_id, "quad": area.mockup_quad}
                    if area.mockup_asset_id
                    else None
                ),
            }
            for area in product.areas
        ],
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "archived_at": product.archived_at,
    }


def _asset_kind(asset_id):
    asset = db.session.get(Asset, asset_id)
    return asset.kind if asset is not None else None


def _offered_fonts(product, store_id):
    offered = [entry.font_id for entry in product.offered_fonts]
    if store_id is None:
        return offered
    if offered:
        return fonts.visible_font_ids(product.merchant_id, store_id, offered)
    return [font.id for font in fonts.list_fonts(product.merchant_id, store_id)]
