"""Templates: made from a document or imported, listed in the gallery, edited in template mode."""

import base64
import hashlib
import hmac
import time
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app

from monogram.errors import (
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.models import ApiKey, Font, Product, Template
from monogram.models.base import new_id, utcnow
from monogram.services import keys, signing, visibility
from monogram.services.assets import clean_filename
from monogram.services.designs import validated
from monogram.services.lookup import owned
from monogram.services.template_fonts import TemplateFonts
from monogram.services.template_import import import_svg
from monogram.services.template_pdf import first_page_svg, pdf_report

EDITING_TTL = 2 * 60 * 60  # s: one authoring session in the console
CATEGORY_KINDS = ("sector", "use", "season")


def template_of(caller, template_id, editing_token=None):
    """A template the caller may read: any of the merchant's with a secret key; with a
    publishable key, a published one its store sees, or (with its editing token) the one
    the editor in template mode is authoring, draft or not."""
    template = owned(Template, template_id, caller.merchant_id)
    if caller.is_secret:
        return template
    if editing_token:
        check_editing_token(template, editing_token)
        return template
    store = visibility.viewpoint(caller)
    exclusive = visibility.charter_of(store) is not None
    if (
        template.status != "published"
        or template.archived_at is not None
        or not visibility.is_visible(template.id, store, exclusive=exclusive)
    ):
        raise NotFound(f"No template with id {template_id!r} in this account.")
    return template


def list_templates(caller, product=None, category=None, tag=None, q=None):
    """Secret key: every template but archived ones; publishable key: the store's gallery."""
    query = sa.select(Template).where(
        Template.merchant_id == caller.merchant_id, Template.archived_at.is_(None)
    )
    store = visibility.viewpoint(caller)
    if store is not None:
        exclusive = visibility.charter_of(store) is not None
        query = query.where(
            Template.status == "published",
            visibility.visible(Template.id, store, exclusive=exclusive),
        )
    if product:
        query = query.where(Template.product_id == product)
    templates = db.session.scalars(query.order_by(Template.position, Template.name, Template.id))
    # Categories and tags are JSON: filtered here, the same on SQLite and PostgreSQL.
    return [t for t in templates if _matches(t, category, tag, q)]


def _matches(template, category, tag, q):
    if category and not any(
        category in (template.categories or {}).get(kind, []) for kind in CATEGORY_KINDS
    ):
        return False
    if tag and tag not in (template.tags or []):
        return False
    if q:
        words = " ".join([template.name, template.description, *(template.tags or [])]).lower()
        return all(word in words for word in q.lower().split())
    return True


def create_template(merchant_id, fields):
    document = fields["document"]
    product = _product(merchant_id, fields.get("product") or document.get("product"))
    template = Template(id=new_id("tpl"), merchant_id=merchant_id, product_id=product.id)
    template.document = _checked_document(merchant_id, template, document)
    _apply(template, fields, merchant_id)
    db.session.add(template)
    db.session.flush()
    _limit(template, fields)
    _queue_thumbnail(template)
    return template


def import_template(merchant_id, fields, data, filename):
    """A template from a designer's SVG, or a PDF's first page as its locked background."""
    product = _product(merchant_id, fields["product"])
    area = _area(product, fields.get("area"))
    fonts = TemplateFonts(merchant_id, product)
    if data.lstrip()[:5] == b"%PDF-":
        svg, pages = first_page_svg(data)
        imported = import_svg(merchant_id, svg, area, fonts, source="PDF")
        imported.report[:0] = pdf_report(pages)
    else:
        imported = import_svg(merchant_id, data, area, fonts)
    document = {
        "format": "monogram.design/1",
        "product": product.id,
        "surfaces": [{"area": area.code, "objects": imported.objects}],
    }
    template = create_template(
        merchant_id,
        {"name": _name_of(filename), **fields, "document": document},
    )
    template.import_report = imported.report
    return template


def _name_of(filename):
    """A gallery name from the imported file's name: "carte-hotel.svg" gives "carte-hotel"."""
    return clean_filename(filename).rsplit(".", 1)[0][:200] or "Template"


def update_template(merchant_id, template_id, fields):
    template = owned(Template, template_id, merchant_id)
    if "document" in fields:
        template.document = _checked_document(merchant_id, template, fields["document"])
        template.revision += 1
        _queue_thumbnail(template)
    _apply(template, fields, merchant_id)
    _limit(template, fields)
    template.updated_at = utcnow()
    db.session.flush()
    return template


# What template mode changes beside the document; the rest is the console's (secret key).
AUTHOR_FIELDS = {"fonts", "palette"}


def update_template_as(caller, template_id, fields, editing_token=None):
    """PATCH: a secret key changes anything; the editor in template mode, fonts and palette."""
    if not caller.is_secret:
        check_editing_token(owned(Template, template_id, caller.merchant_id), editing_token)
        other = sorted(set(fields) - AUTHOR_FIELDS)
        if other:
            raise Forbidden(
                "With an editing token only fonts and palette change; use a secret key.",
                errors=[{"path": f"/{name}", "message": "Needs a secret key."} for name in other],
            )
    return update_template(caller.merchant_id, template_id, fields)


def archive_template(merchant_id, template_id):
    template = owned(Template, template_id, merchant_id)
    template.archived_at = template.archived_at or utcnow()
    return template


def save_document(caller, template_id, document, if_match, editing_token):
    """Template mode's save: a secret key, or a publishable key with an editing token."""
    template = owned(Template, template_id, caller.merchant_id)
    if not caller.is_secret:
        check_editing_token(template, editing_token)
    current = str(template.revision)
    if not if_match:
        raise PreconditionRequired(
            "Send If-Match with the revision you edited, so no one else's save is lost.",
            headers={"ETag": f'"{current}"'},
        )
    if current not in [part.strip().strip('"') for part in if_match.split(",")]:
        raise PreconditionFailed(
            f"The template changed since you loaded it (now revision {current}); reload it.",
            headers={"ETag": f'"{current}"'},
        )
    return update_template(caller.merchant_id, template_id, {"document": document})


def _product(merchant_id, product_id):
    product = db.session.get(Product, product_id) if isinstance(product_id, str) else None
    if product is None or product.merchant_id != merchant_id or product.archived_at is not None:
        raise Invalid(
            "Name one of your products for this template.",
            errors=[{"path": "/product", "message": f"Unknown product {product_id!r}."}],
        )
    return product


def _area(product, code):
    if not product.areas:
        raise Invalid("This product has no print area to put a template on.")
    for area in product.areas:
        if code in (None, "", area.code):
            return area
    offered = ", ".join(area.code for area in product.areas)
    raise Invalid(
        f"The product has no area {code!r}.",
        errors=[{"path": "/area", "message": f"Use one of: {offered}."}],
    )


def _checked_document(merchant_id, template, document):
    if document.get("product") != template.product_id:
        raise Invalid(
            "A template's document is for the template's product.",
            errors=[{"path": "/document/product", "message": f"Must be {template.product_id}."}],
        )
    # Checked without the template key: a new template is not in the table yet.
    checked = validated(merchant_id, {**document, "template": None})
    return {**checked, "template": template.id}


def _apply(template, fields, merchant_id):
    for name in ("name", "description", "status", "categories", "tags", "position"):
        if name in fields:
            setattr(template, name, fields[name])
    if "fonts" in fields:
        template.fonts = _checked_fonts(merchant_id, fields["fonts"])
    if "palette" in fields:
        template.palette = fields["palette"]


def _checked_fonts(merchant_id, font_ids):
    font_ids = list(dict.fromkeys(font_ids))
    found = set(
        db.session.scalars(
            sa.select(Font.id).where(
                Font.id.in_(font_ids),
                sa.or_(Font.merchant_id == merchant_id, Font.merchant_id.is_(None)),
            )
        )
    )
    errors = [
        {"path": f"/fonts/{i}", "message": f"No font {font_id!r} in this account."}
        for i, font_id in enumerate(font_ids)
        if font_id not in found
    ]
    if errors:
        raise Invalid("Some of these fonts are not yours.", errors=errors)
    return font_ids


def _limit(template, fields):
    if "stores" in fields:
        stores = visibility.check_stores(template.merchant_id, fields["stores"])
        visibility.limit_to(template.id, stores)


def _queue_thumbnail(template):
    template.thumbnail_status = "pending"
    queue.enqueue(
        "render", "monogram.jobs.templates.make_thumbnail", template.id, template.revision,
        timeout=300,
    )  # fmt: skip


# Editing tokens: the console hands one to the widget so it saves with a publishable key.


def editing_token(template, now=None):
    """(token, expires_at) letting the editor save this template's document for two hours."""
    expires = int(now if now is not None else time.time()) + EDITING_TTL
    token = f"tpe_{template.id}.{expires}.{_signature(template.id, expires)}"
    return token, datetime.fromtimestamp(expires, UTC)


def check_editing_token(template, token, now=None):
    try:
        template_id, expires, signature = (token or "").removeprefix("tpe_").split(".")
        expires = int(expires)
    except ValueError:
        raise Forbidden(
            "Send the template editing token from the console (Monogram-Template-Token)."
        ) from None
    if template_id != template.id or not signing.same(_signature(template_id, expires), signature):
        raise Forbidden("This template editing token is not for this template.")
    if expires < (now if now is not None else time.time()):
        raise Forbidden("This template editing token has expired; open the template again.")


def _signature(template_id, expires):
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    message = f"template-edit\n{template_id}\n{expires}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


# The console's template editor: the widget calls the API with a publishable key of the merchant.

AUTHORING_KEY_LABEL = "Console template editor"


def authoring_key(merchant_id):
    """The publishable key the console's editor in template mode calls the API with.

    One key per merchant, for every store (the author sees all); its text is derived from the
    app's secret and the key's id, so it is never stored and the same key serves every visit.
    A revoked one is replaced at the next visit. The caller commits.
    """
    candidates = db.session.scalars(
        sa.select(ApiKey)
        .where(
            ApiKey.merchant_id == merchant_id,
            ApiKey.kind == "publishable",
            ApiKey.store_id.is_(None),
            ApiKey.label == AUTHORING_KEY_LABEL,
            ApiKey.revoked_at.is_(None),
        )
        .order_by(ApiKey.created_at, ApiKey.id)
    )
    for key in candidates:
        token = _authoring_token(key.id)
        # A key an owner named the same way by hand is not ours: its text cannot be derived.
        if keys.tokens_match(token, key.secret_hash):
            return token
    key = ApiKey(
        id=new_id("key"), merchant_id=merchant_id, kind="publishable", label=AUTHORING_KEY_LABEL
    )
    token = _authoring_token(key.id)
    key.display_prefix, key.secret_hash = token[:10], keys.digest(token)
    db.session.add(key)
    db.session.flush()
    return token


def _authoring_token(key_id):
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    mac = hmac.new(secret, f"console-template-editor\n{key_id}".encode(), hashlib.sha256)
    text = base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")
    return keys.PREFIXES["publishable"] + text
