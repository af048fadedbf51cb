"""/console/products: products, their links to store products, and their print areas."""

import math
import re
import unicodedata

import marshmallow as ma
import sqlalchemy as sa
from flask import Response, redirect, request, url_for
from marshmallow import fields, validate
from sqlalchemy.exc import IntegrityError

from monogram.api.common import described
from monogram.api.console import access
from monogram.api.console.products_texts import NOTICES, PRODUCT_TEXTS
from monogram.api.console.routes import blp, locale, page, requires, texts
from monogram.api.products.schemas import PrintAreaSchema, ProductInputSchema
from monogram.errors import Invalid, NotFound, TooLarge, UnsupportedMediaType
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Asset, PlatformRef, PrintArea, Product
from monogram.models.product import COLOR_MODES, PROOF_MODES, TECHNIQUES
from monogram.services import products, stores
from monogram.services.assets import store_upload

ROLES = ("owner", "designer")
RASTER = frozenset({"raster"})
CUT_CONTOURS = ("none", "trim", "shape", "offset")
CORNERS = ("0", "1", "2", "3")
QUAD_INPUTS = tuple(f"quad-{corner}-{axis}" for corner in CORNERS for axis in ("x", "y"))
AREA_INPUTS = (
    *("name", "code", "width", "height", "bleed", "safe", "technique", "color_mode"),
    *("max_colors", "min_dpi", "cut_contour", "cut_offset", *QUAD_INPUTS),
)
DETAIL_INPUTS = ("name", "category", "proof", "lead_time_days")
LINK_INPUTS = ("store", "platform_product", "variant")
# The API's names of an area's fields, as the console's form names them.
AREA_FIELD = {"id": "code", "mockup": "quad"}
REF_FIELD = {"store": "store", "product": "platform_product", "variant": "variant"}
# A fresh photo's print area starts as this share of its width, centred, in the area's shape.
START_SHARE = 0.5
# What an area without a photo shows at its photo's address: a neutral picture, not a broken one.
PLACEHOLDER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120" viewBox="0 0 160 120">'
    '<rect width="160" height="120" fill="#ece8e1"/>'
    '<path d="M52 82l22-26 16 18 10-12 18 20z" fill="#b9b0a3"/>'
    '<circle cx="104" cy="44" r="9" fill="#b9b0a3"/></svg>'
)


class ConsoleProductSchema(ProductInputSchema):
    """The API's product input; the console also keeps one with no print area while it is set up."""

    areas = described(
        fields.List,
        "Print areas",
        fields.Nested(PrintAreaSchema),
        required=True,
        validate=validate.Length(0, 20),
    )


def _texts():
    return PRODUCT_TEXTS[locale()]


def _page(template, status=200, **context):
    """A products page, with its own words (pt) and the notice a redirect left for it."""
    notice = access.take_flash()
    found = _texts().get(notice) if notice in NOTICES else texts().get(notice)
    return page(template, status=status, pt=_texts(), product_notice=found, **context)


def _number(raw, whole=False):
    """The number typed (a decimal comma accepted), or None when it is not one."""
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value) or (whole and not value.is_integer()):
        return None
    return int(value) if whole else value


def _shown(value):
    """A stored number as the form shows it: 85, not 85.0."""
    return "" if value is None else f"{value:g}"


def _form(names):
    return {name: (request.form.get(name) or "").strip() for name in names}


def _document(product):
    """The product as the API's input schema takes it back: what a PUT would send."""
    document = products.product_document(product)
    return {name: document[name] for name in ProductInputSchema().fields}


def _linked_elsewhere(product, refs):
    """The other product already linked to one of `refs`, if any (the link is unique)."""
    for ref in refs:
        found = db.session.scalar(
            sa.select(PlatformRef).where(
                PlatformRef.store_id == ref["store"],
                PlatformRef.platform_product == ref["product"],
                PlatformRef.platform_variant == ref["variant"],
            )
        )
        if found is not None and (product is None or found.product_id != product.id):
            return db.session.get(Product, found.product_id)
    return None


def _area_key(field, offset):
    field = AREA_FIELD.get(field, field)
    return "cut_offset" if field == "cut_contour" and offset else field


def _schema_keys(messages, area_index, offset):
    """{form field: error key} from the schema's messages."""
    keys = []
    for name, value in messages.items():
        if name == "areas" and isinstance(value, dict):
            for index, area in value.items():
                if index == area_index:
                    keys += [_area_key(field, offset) for field in area]
                else:
                    keys.append("other")
        elif name == "platform_refs" and isinstance(value, dict):
            keys += [REF_FIELD.get(field, "other") for ref in value.values() for field in ref]
        elif name in ("areas", *DETAIL_INPUTS):
            keys.append(name)
        else:
            keys.append("other")
    return {key: key for key in keys}


def _service_keys(errors, area_index):
    """{form field: error key} from the service's [{path, message}]."""
    keys = {}
    for error in errors:
        parts = error["path"].strip("/").split("/")
        if parts[0] == "areas" and len(parts) > 2 and parts[1] == str(area_index):
            keys.update(
                {"id": {"code": "code_taken"}, "safe": {"safe": "safe_too_big"}}.get(
                    parts[2], {"quad": "quad"}
                )
            )
        elif parts[0] == "platform_refs":
            keys["store"] = "store"
        else:
            keys["other"] = "other"
    return keys


def _messages(keys, detail=""):
    words = _texts()["errors"]
    return {
        field: words[key].format(detail=detail) if key == "other" else words[key]
        for field, key in keys.items()
    }


def _summary(errors, placed):
    """The alert above a refused form: what to do, and any fault no field of the form shows."""
    if not errors:
        return None
    loose = [message for field, message in errors.items() if field not in placed]
    shown = [_texts()["fix_below"]] if len(loose) < len(errors) else []
    return " ".join(shown + loose)


def _save(merchant_id, product, document, area_index=None, offset=False):
    """Store `document` as the API would: (product, {}) or (None, {form field: message})."""
    try:
        loaded = ConsoleProductSchema().load(document)
    except ma.ValidationError as error:
        return None, _messages(_schema_keys(error.messages, area_index, offset), str(error))
    try:
        if product is None:
            product = products.create_product(merchant_id, loaded)
        else:
            products.replace_product(merchant_id, product.id, loaded)
        db.session.flush()
    except Invalid as error:
        db.session.rollback()
        detail = " ".join(found["message"] for found in error.errors or [])
        return None, _messages(_service_keys(error.errors or [], area_index), detail)
    except IntegrityError:
        # Another request linked the same store product meanwhile.
        db.session.rollback()
        return None, _messages({"platform_product": "platform_product"})
    return product, {}


# The list, and creating a product


def _listing(merchant_id):
    names = {store.id: store.name for store in stores.list_stores(merchant_id)}
    return [
        {
            "product": product,
            "links": [(names.get(ref.store_id, ""), ref) for ref in product.platform_refs],
            "photo": next((area for area in product.areas if area.mockup_asset_id), None),
        }
        for product in products.list_products(merchant_id)
    ]


def _products_page(user, status=200, form=None, errors=None):
    return _page(
        "console/products.html",
        status=status,
        rows=_listing(user.merchant_id),
        stores=stores.list_stores(user.merchant_id),
        form=form or dict.fromkeys(("name", *LINK_INPUTS), ""),
        errors=errors or {},
        error=_summary(errors, ("name", *LINK_INPUTS)),
    )


def _ref_of(form):
    """[the platform link the form asks for], or [] when it asks for none."""
    if not form["store"] and not form["platform_product"] and not form["variant"]:
        return []
    return [_ref(form)]


def _ref(form):
    return {"store": form["store"], "product": form["platform_product"], "variant": form["variant"]}


def _link_errors(form, product, refs):
    keys = {}
    if refs and not form["store"]:
        keys["store"] = "store"
    if refs and not form["platform_product"]:
        keys["platform_product"] = "platform_product"
    messages = _messages(keys)
    if not messages and refs:
        other = _linked_elsewhere(product, refs)
        if other is not None:
            messages["platform_product"] = _texts()["errors"]["linked"].format(product=other.name)
    return messages


@blp.get("/products", endpoint="products")
@requires(*ROLES)
def products_list(user):
    return _products_page(user)


@blp.post("/products")
@requires(*ROLES)
def product_create(user):
    form = _form(("name", *LINK_INPUTS))
    refs = _ref_of(form)
    errors = _link_errors(form, None, refs)
    document = {"name": form["name"], "areas": [], "platform_refs": refs}
    product, more = _save(user.merchant_id, None, document) if not errors else (None, {})
    errors = {**more, **errors}
    if product is None:
        db.session.rollback()
        return _products_page(user, status=422, form=form, errors=errors)
    db.session.commit()
    access.flash("product_created")
    return redirect(url_for("console.product", product_id=product.id), 303)


# A product's page: its details, store links and print areas


def _product_page(user, product, status=200, details=None, link=None, errors=None):
    names = {store.id: store for store in stores.list_stores(user.merchant_id)}
    return _page(
        "console/product.html",
        status=status,
        product=product,
        links=[(names.get(ref.store_id), ref) for ref in product.platform_refs],
        stores=list(names.values()),
        details=details
        or {
            "name": product.name,
            "category": product.category or "",
            "proof": product.proof,
            "lead_time_days": str(product.lead_time_days),
        },
        link=link or dict.fromkeys(LINK_INPUTS, ""),
        errors=errors or {},
        error=_summary(errors, (*DETAIL_INPUTS, *LINK_INPUTS)),
        proof_modes=PROOF_MODES,
    )


@blp.get("/products/<product_id>")
@requires(*ROLES)
def product(user, product_id):
    return _product_page(user, products.get_product(user.merchant_id, product_id))


@blp.post("/products/<product_id>")
@requires(*ROLES)
def product_save(user, product_id):
    found = products.get_product(user.merchant_id, product_id)
    form = _form(DETAIL_INPUTS)
    lead_time = _number(form["lead_time_days"], whole=True)
    document = {
        **_document(found),
        "name": form["name"],
        "category": form["category"] or None,
        "proof": form["proof"],
        "lead_time_days": lead_time,
    }
    saved, errors = _save(user.merchant_id, found, document)
    if saved is None:
        db.session.rollback()
        found = products.get_product(user.merchant_id, product_id)
        return _product_page(user, found, status=422, details=form, errors=errors)
    db.session.commit()
    access.flash("product_saved")
    return redirect(url_for("console.product", product_id=found.id), 303)


@blp.post("/products/<product_id>/links")
@requires(*ROLES)
def product_link(user, product_id):
    found = products.get_product(user.merchant_id, product_id)
    form = _form(LINK_INPUTS)
    refs = _ref_of(form) or [{"store": "", "product": "", "variant": ""}]
    errors = _link_errors(form, found, refs)
    if not errors:
        document = _document(found)
        document["platform_refs"] = [*document["platform_refs"], *refs]
        errors = _save(user.merchant_id, found, document)[1]
    if errors:
        db.session.rollback()
        found = products.get_product(user.merchant_id, product_id)
        return _product_page(user, found, status=422, link=form, errors=errors)
    db.session.commit()
    access.flash("link_added")
    return redirect(url_for("console.product", product_id=found.id), 303)


@blp.post("/products/<product_id>/links/remove")
@requires(*ROLES)
def product_unlink(user, product_id):
    found = products.get_product(user.merchant_id, product_id)
    form = _form(LINK_INPUTS)
    gone = _ref(form)
    document = _document(found)
    kept = [ref for ref in document["platform_refs"] if ref != gone]
    if len(kept) == len(document["platform_refs"]):
        raise NotFound("This product has no such link.")
    document["platform_refs"] = kept
    saved, errors = _save(user.merchant_id, found, document)
    if saved is None:
        db.session.rollback()
        found = products.get_product(user.merchant_id, product_id)
        return _product_page(user, found, status=422, errors={"other": " ".join(errors.values())})
    db.session.commit()
    access.flash("link_removed")
    return redirect(url_for("console.product", product_id=found.id), 303)


# Print areas


def _area(merchant_id, product_id, area_id):
    found = products.get_product(merchant_id, product_id)
    number = area_id.isascii() and area_id.isdigit() and len(area_id) <= 9
    area = db.session.get(PrintArea, int(area_id)) if number else None
    if area is None or area.product_id != found.id:
        raise NotFound(f"No print area {area_id!r} in this product.")
    return found, area


def _photo(area):
    return db.session.get(Asset, area.mockup_asset_id) if area and area.mockup_asset_id else None


def _area_form(area):
    """The form's fields as stored, or a new area's defaults."""
    if area is None:
        return {
            **dict.fromkeys(AREA_INPUTS, ""),
            **{"bleed": "3", "safe": "3", "min_dpi": "150"},
            **{"technique": "digital_print", "color_mode": "cmyk", "cut_contour": "trim"},
        }
    offset = area.cut_contour.startswith("offset:")
    form = {
        "name": area.name,
        "code": area.code,
        **{name: _shown(getattr(area, name)) for name in ("width", "height", "bleed", "safe")},
        "technique": area.technique,
        "color_mode": area.color_mode,
        "max_colors": _shown(area.max_colors),
        "min_dpi": str(area.min_dpi),
        "cut_contour": "offset" if offset else area.cut_contour,
        "cut_offset": area.cut_contour.split(":", 1)[1] if offset else "",
    }
    for index, (x, y) in enumerate(area.mockup_quad or ()):
        form[f"quad-{index}-x"], form[f"quad-{index}-y"] = _shown(x), _shown(y)
    return {**dict.fromkeys(AREA_INPUTS, ""), **form}


def _area_page(user, product, area, status=200, form=None, errors=None):
    photo = _photo(area)
    return _page(
        "console/product_area.html",
        status=status,
        product=product,
        area=area,
        photo=photo,
        form=form or _area_form(area),
        errors=errors or {},
        error=_summary(errors, (*AREA_INPUTS, "quad", "mockup")),
        techniques=TECHNIQUES,
        color_modes=COLOR_MODES,
        cut_contours=CUT_CONTOURS,
        corners=CORNERS,
    )


def _slug(name):
    """A design-file code from an area's name: "Face avant" → "face-avant"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "area"


def _free_code(name, taken):
    code, suffix = _slug(name), 2
    while code in taken:
        code, suffix = f"{_slug(name)}-{suffix}", suffix + 1
    return code


def _quad(form):
    """The four corners typed, or None when one is missing or not a number."""
    values = [_number(form[name]) for name in QUAD_INPUTS]
    if any(value is None for value in values):
        return None
    return [[values[i], values[i + 1]] for i in range(0, 8, 2)]


def _inside(quad, asset):
    return quad is not None and all(
        0 <= x <= asset.width_px and 0 <= y <= asset.height_px for x, y in quad
    )


def _starting_quad(asset, spec):
    """A rectangle in the area's shape, centred on a new photo: a start for the merchant."""
    width, height = asset.width_px, asset.height_px
    ratio = spec["height"] / spec["width"]
    quad_width = width * START_SHARE
    quad_height = quad_width * ratio
    if quad_height > height * 0.8:
        quad_height = height * 0.8
        quad_width = quad_height / ratio
    left, top = (width - quad_width) / 2, (height - quad_height) / 2
    right, bottom = left + quad_width, top + quad_height
    corners = ((left, top), (right, top), (right, bottom), (left, bottom))
    return [[round(x, 1), round(y, 1)] for x, y in corners]


def _area_spec(form, code, area, keep_photo):
    """(the area as the API takes it, {form field: error key} for what is not a number)."""
    bad = {}

    def number(name, default=None, whole=False):
        if form[name] == "":
            if default is None:
                bad[name] = name
            return default
        value = _number(form[name], whole)
        if value is None:
            bad[name] = name
        return value

    spec = {
        "id": code,
        "name": form["name"],
        "width": number("width"),
        "height": number("height"),
        "bleed": number("bleed", 0),
        "safe": number("safe", 0),
        "technique": form["technique"],
        "color_mode": form["color_mode"],
        "max_colors": number("max_colors", whole=True) if form["max_colors"] else None,
        "min_dpi": number("min_dpi", 150, whole=True),
        "cut_contour": form["cut_contour"],
        "mockup": None,
    }
    if form["cut_contour"] == "offset":
        offset = _number(form["cut_offset"]) if form["cut_offset"] else None
        spec["cut_contour"] = f"offset:{offset:g}" if offset is not None else "offset:"
    if keep_photo and area is not None and area.mockup_asset_id:
        quad = _quad(form)
        if quad is None:
            bad["quad"] = "quad"
        spec["mockup"] = {"asset": area.mockup_asset_id, "quad": quad or area.mockup_quad}
    return spec, bad


def _new_photo(merchant_id, upload, form, spec):
    """The uploaded photo as the area's mockup, or None with the reason's error key."""
    try:
        asset, _ = store_upload(merchant_id, upload.read(), upload.filename, RASTER)
    except UnsupportedMediaType:
        return None, "mockup_file"
    except (TooLarge, Invalid):
        return None, "mockup_large"
    quad = _quad(form)
    # Corners typed for the old photo are kept when they fit the new one (a retouched photo).
    quad = quad if _inside(quad, asset) else _starting_quad(asset, spec)
    return {"asset": asset.id, "quad": quad}, None


def _store_area(user, found, area, form):
    """Save the area the form describes: (area, photo changed) or (None, {field: message})."""
    upload = request.files.get("mockup")
    upload = upload if upload and upload.filename else None
    document = _document(found)
    codes = [spec["id"] for spec in document["areas"]]
    if area is None:
        code = form["code"] or _free_code(form["name"], set(codes))
        index = len(codes)
        document["areas"].append(None)
    else:
        code, index = area.code, codes.index(area.code)
    keep_photo = upload is None and not request.form.get("remove_mockup")
    spec, bad = _area_spec(form, code, area, keep_photo)
    document["areas"][index] = spec
    offset = form["cut_contour"] == "offset"
    # The fields are checked before the photo is stored, so a refused form stores no file.
    saved, errors = _save(user.merchant_id, found, document, index, offset)
    errors = {**errors, **_messages(bad)}
    if errors:
        return None, errors
    if upload is not None:
        spec["mockup"], refused = _new_photo(user.merchant_id, upload, form, spec)
        if refused:
            return None, _messages({"mockup": refused})
        saved, errors = _save(user.merchant_id, found, document, index, offset)
        if errors:
            return None, errors
    stored = next(candidate for candidate in saved.areas if candidate.code == code)
    return stored, upload is not None


def _area_done(found, stored, photo):
    db.session.commit()
    if photo:
        access.flash("area_photo")
        return redirect(
            url_for("console.product_area", product_id=found.id, area_id=stored.id), 303
        )
    access.flash("area_saved")
    return redirect(url_for("console.product", product_id=found.id), 303)


@blp.get("/products/<product_id>/areas/new")
@requires(*ROLES)
def product_area_new(user, product_id):
    return _area_page(user, products.get_product(user.merchant_id, product_id), None)


@blp.post("/products/<product_id>/areas")
@requires(*ROLES)
def product_area_create(user, product_id):
    return _post_area(user, product_id)


@blp.get("/products/<product_id>/areas/<area_id>")
@requires(*ROLES)
def product_area(user, product_id, area_id):
    found, area = _area(user.merchant_id, product_id, area_id)
    return _area_page(user, found, area)


@blp.post("/products/<product_id>/areas/<area_id>")
@requires(*ROLES)
def product_area_save(user, product_id, area_id):
    return _post_area(user, product_id, area_id)


def _post_area(user, product_id, area_id=None):
    """Store the posted area (a new one without `area_id`); a refused form is shown again."""

    def load():
        if area_id is None:
            return products.get_product(user.merchant_id, product_id), None
        return _area(user.merchant_id, product_id, area_id)

    found, area = load()
    form = _form(AREA_INPUTS)
    stored, outcome = _store_area(user, found, area, form)
    if stored is None:
        db.session.rollback()
        found, area = load()  # as stored: the rollback undid what the form had changed
        return _area_page(user, found, area, status=422, form=form, errors=outcome)
    return _area_done(found, stored, outcome)


@blp.get("/products/<product_id>/areas/<area_id>/mockup")
@requires(*ROLES)
def product_area_mockup(user, product_id, area_id):
    """The area's photo (its screen-sized preview once made), or a neutral picture without one."""
    _, area = _area(user.merchant_id, product_id, area_id)
    photo = _photo(area)
    if photo is None:
        response = Response(PLACEHOLDER, mimetype="image/svg+xml")
    elif photo.preview_status == "ready" and photo.preview_key:
        response = Response(storage().get(photo.preview_key), mimetype="image/webp")
    else:
        response = Response(storage().get(photo.storage_key), mimetype=photo.media_type)
    # The page's address names the photo (?v=asset id), so a new photo is a new address.
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@blp.get("/products/<product_id>/areas/<area_id>/delete")
@requires(*ROLES)
def product_area_delete(user, product_id, area_id):
    found, area = _area(user.merchant_id, product_id, area_id)
    return _page("console/product_area_delete.html", product=found, area=area)


@blp.post("/products/<product_id>/areas/<area_id>/delete")
@requires(*ROLES)
def product_area_delete_post(user, product_id, area_id):
    found, area = _area(user.merchant_id, product_id, area_id)
    document = _document(found)
    document["areas"] = [spec for spec in document["areas"] if spec["id"] != area.code]
    saved, errors = _save(user.merchant_id, found, document)
    if saved is None:
        db.session.rollback()
        found, area = _area(user.merchant_id, product_id, area_id)
        fix = " ".join(errors.values())
        return _page(
            "console/product_area_delete.html", status=422, product=found, area=area, error=fix
        )
    db.session.commit()
    access.flash("area_deleted")
    return redirect(url_for("console.product", product_id=found.id), 303)
