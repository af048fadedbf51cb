"""/console/templates: the template gallery, imports, a template's settings and its editor."""

import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Response, redirect, request, url_for

from monogram.api.console.access import page_policy
from monogram.api.console.library_texts import LIBRARY_TEXTS
from monogram.api.console.routes import blp, locale, message, page, requires
from monogram.api.widget.routes import MANIFEST, widget_dir
from monogram.errors import MonogramError, NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Product, Template
from monogram.services.lookup import owned
from monogram.services.templates import (
    CATEGORY_KINDS,
    archive_template,
    authoring_key,
    editing_token,
    import_template,
    list_templates,
    update_template,
)

DESIGNERS = ("owner", "designer")
IMPORT_TYPES = ".svg,.pdf,image/svg+xml,application/pdf"
# The editor runs in the page: its shadow root carries its own <style>, pictures and fonts are
# fetched from the API and shown from blob: URLs. Scripts still come from this server only.
EDITOR_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; font-src 'self' blob: data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The notice a page shows after a change (?done=…), its words in LIBRARY_TEXTS["done"].
DONE = ("imported", "saved", "deleted", "uploaded", "font_deleted", "created", "added", "removed")


@dataclass(frozen=True)
class ConsoleCaller:
    """The console reads templates as a secret key would: every one of the merchant's."""

    merchant_id: str
    is_secret: bool = True
    store_id: str | None = None


def library_page(template, status=200, **context):
    return page(template, status=status, lt=LIBRARY_TEXTS[locale()], **context)


def _products(merchant_id):
    return db.session.scalars(
        sa.select(Product)
        .where(Product.merchant_id == merchant_id, Product.archived_at.is_(None))
        .order_by(Product.name, Product.id)
    ).all()


def _template(merchant_id, template_id):
    found = owned(Template, template_id, merchant_id)
    if found.archived_at is not None:
        raise NotFound(f"No template with id {template_id!r} in this account.")
    return found


def _categories(templates):
    """Every category word the merchant's templates use, for the gallery's filter."""
    return sorted(
        {
            word
            for t in templates
            for kind in CATEGORY_KINDS
            for word in (t.categories or {}).get(kind, [])
        }
    )


def _words(text):
    """ "hotel, restaurant" → ["hotel", "restaurant"]: a category list as typed."""
    return list(dict.fromkeys(w.strip()[:64] for w in (text or "").split(",") if w.strip()))


def done_key():
    """The change the page reports (?done=…), when it is one of ours."""
    done = request.args.get("done")
    return done if done in DONE else None


# The gallery and imports


def gallery_page(user, status=200, error=None, form=None):
    caller = ConsoleCaller(user.merchant_id)
    product = request.args.get("product") or None
    category = request.args.get("category") or None
    everything = list_templates(caller)
    shown = list_templates(caller, product=product, category=category)
    products = _products(user.merchant_id)
    return library_page(
        "console/templates.html",
        status=status,
        templates=shown,
        total=len(everything),
        products=products,
        product_names={p.id: p.name for p in products},
        categories=_categories(everything),
        chosen={"product": product or "", "category": category or ""},
        error=error,
        form=form or {"name": "", "product": "", "category": ""},
        done=done_key(),
        accept=IMPORT_TYPES,
    )


@blp.get("/templates")
@requires(*DESIGNERS)
def templates(user):
    return gallery_page(user)


@blp.post("/templates")
@requires(*DESIGNERS)
def import_template_file(user):
    lt = LIBRARY_TEXTS[locale()]
    form = {
        "name": (request.form.get("name") or "").strip()[:200],
        "product": request.form.get("product") or "",
        "category": (request.form.get("category") or "").strip()[:64],
    }
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return gallery_page(user, 422, lt["import_needs_file"], form)
    if not any(p.id == form["product"] for p in _products(user.merchant_id)):
        return gallery_page(user, 422, lt["import_needs_product"], form)
    fields = {"product": form["product"]}
    if form["name"]:
        fields["name"] = form["name"]
    if form["category"]:
        fields["categories"] = {"use": [form["category"]]}
    try:
        made = import_template(user.merchant_id, fields, upload.read(), upload.filename)
    except MonogramError as refused:
        db.session.rollback()
        return gallery_page(user, 422, lt["import_refused"].format(reason=refused.message), form)
    db.session.commit()
    return redirect(url_for("console.template", template_id=made.id, done="imported"), 303)


@blp.get("/templates/<template_id>/thumbnail")
@requires(*DESIGNERS)
def template_thumbnail(user, template_id):
    found = _template(user.merchant_id, template_id)
    if found.thumbnail_status != "ready" or not found.thumbnail_key:
        raise NotFound("The thumbnail is not ready yet.")
    response = Response(storage().get(found.thumbnail_key), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


# One template


def template_page(user, found, status=200, error=None, form=None):
    categories = found.categories or {}
    return library_page(
        "console/template.html",
        status=status,
        record=found,
        product=db.session.get(Product, found.product_id),
        fields=_fields(found.document),
        error=error,
        form=form
        or {
            "name": found.name,
            "published": found.status == "published",
            **{kind: ", ".join(categories.get(kind, [])) for kind in CATEGORY_KINDS},
        },
        done=done_key(),
    )


def _fields(document):
    """[(area, field name, kind)]: what a shopper fills in, in the order the surfaces draw it."""
    return [
        (surface["area"], obj["field"], obj["type"])
        for surface in document.get("surfaces", [])
        for obj in surface.get("objects", [])
        if obj.get("field")
    ]


@blp.get("/templates/<template_id>")
@requires(*DESIGNERS)
def template(user, template_id):
    return template_page(user, _template(user.merchant_id, template_id))


@blp.post("/templates/<template_id>")
@requires(*DESIGNERS)
def save_template(user, template_id):
    lt = LIBRARY_TEXTS[locale()]
    found = _template(user.merchant_id, template_id)
    form = {
        "name": (request.form.get("name") or "").strip()[:200],
        "published": request.form.get("published") == "1",
        **{kind: request.form.get(kind) or "" for kind in CATEGORY_KINDS},
    }
    if not form["name"]:
        return template_page(user, found, 422, lt["name_needed"], form)
    categories = {kind: _words(form[kind]) for kind in CATEGORY_KINDS}
    fields = {
        "name": form["name"],
        "status": "published" if form["published"] else "draft",
        "categories": {kind: words for kind, words in categories.items() if words},
    }
    update_template(user.merchant_id, found.id, fields)
    db.session.commit()
    return redirect(url_for("console.template", template_id=found.id, done="saved"), 303)


@blp.post("/templates/<template_id>/delete")
@requires(*DESIGNERS)
def delete_template(user, template_id):
    found = _template(user.merchant_id, template_id)
    archive_template(user.merchant_id, found.id)
    db.session.commit()
    return redirect(url_for("console.templates", done="deleted"), 303)


def _editor_file():
    """The content-hashed editor bundle the widget's build wrote, or None when not built."""
    try:
        manifest = json.loads((widget_dir() / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return manifest.get("editor")


@blp.get("/templates/<template_id>/editor")
@requires(*DESIGNERS)
def template_editor(user, template_id):
    lt = LIBRARY_TEXTS[locale()]
    found = _template(user.merchant_id, template_id)
    bundle = _editor_file()
    if bundle is None:
        return message(503, lt["editor_missing_title"], lt["editor_missing"])
    key = authoring_key(user.merchant_id)
    token, expires_at = editing_token(found)
    db.session.commit()
    page_policy(EDITOR_POLICY)
    return library_page(
        "console/template_editor.html",
        record=found,
        boot={
            "editor": url_for("widget.widget_file", filename=bundle),
            "key": key,
            "product": found.product_id,
            "template": found.id,
            "token": token,
            "locale": locale(),
            "back": url_for("console.template", template_id=found.id),
            "failed": lt["editor_failed"],
        },
        expires_at=expires_at,
    )


# Fonts and media collections register their pages on blp too.
from monogram.api.console import library_fonts, library_media  # noqa: E402, F401
