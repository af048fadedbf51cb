"""/console/batches forms: a new batch from a file, its column mapping, render and cancel."""

import sqlalchemy as sa
from flask import redirect, request, url_for

from monogram.api.console import access, records
from monogram.api.console.production_texts import BATCH_TEXTS
from monogram.api.console.routes import _progress, blp, locale, page, requires, status_label
from monogram.errors import Conflict, Invalid, NotFound, TooLarge
from monogram.extensions.db import db
from monogram.models import Template
from monogram.services import batch_checks, batches

ROLES = ("owner", "designer", "operator")
MAX_QUANTITY = 100_000
# Statuses whose data may change; a rendering or rendered batch keeps its own.
CHANGEABLE = ("validated", "failed")


def _templates(merchant_id):
    return db.session.scalars(
        sa.select(Template)
        .where(Template.merchant_id == merchant_id, Template.archived_at.is_(None))
        .order_by(Template.name, Template.id)
    ).all()


def _fields(batch):
    """[(field, kind)]: the template's fields a column fills, in document order."""
    return [(name, slot.kind) for name, slot in batch_checks.template_slots(batch.document).items()]


@blp.context_processor
def batch_form_context():
    """The batches pages (listed and shown in routes.py) get the forms' words and choices;
    the templates are read only when a page asks for them."""
    user = access.current_user()
    return {
        "bt": BATCH_TEXTS[locale()],
        "batch_templates": (lambda: _templates(user.merchant_id)) if user else list,
        "batch_fields": _fields,
        "changeable": CHANGEABLE,
        "cancellable": lambda batch: batch.status not in batches.FINISHED,
    }


def _quantity(value):
    """The copies asked for, or None when the value is not a whole number in range."""
    try:
        number = int((value or "1").strip())
    except ValueError:
        return None
    return number if 1 <= number <= MAX_QUANTITY else None


def _refusal(error):
    """A refused file or mapping in the reader's words, with the service's particulars."""
    bt = BATCH_TEXTS[locale()]
    if isinstance(error, TooLarge):
        return bt["too_large"]
    if isinstance(error, Conflict):
        return bt["template_closed"]
    details = [item.get("message", "") for item in (error.errors or []) if item.get("message")]
    return bt["refused"].format(detail=" ".join([error.message, *details]))


# A new batch


def _new_form():
    return {
        "template": request.form.get("template") or "",
        "name": (request.form.get("name") or "").strip()[:200],
        "quantity": (request.form.get("quantity") or "1").strip(),
        "quantity_column": (request.form.get("quantity_column") or "").strip(),
        "zip": request.form.get("zip") or "",
        "zip_name_column": (request.form.get("zip_name_column") or "").strip(),
    }


def _list_again(user, error, form):
    db.session.rollback()
    return page(
        "console/batches.html",
        status=422,
        error=error,
        new_batch=form,
        batches=batches.list_batches(user.merchant_id),
    )


@blp.post("/batches")
@requires(*ROLES)
def batch_create(user):
    bt = BATCH_TEXTS[locale()]
    form = _new_form()
    upload = request.files.get("file")
    quantity = _quantity(form["quantity"])
    if not form["template"]:
        return _list_again(user, bt["template_missing"], form)
    if upload is None or not upload.filename:
        return _list_again(user, bt["file_missing"], form)
    if quantity is None:
        return _list_again(user, bt["quantity_bad"], form)
    options = {
        "name": form["name"] or None,
        "quantity": quantity,
        "quantity_column": form["quantity_column"] or None,
        "zip": bool(form["zip"]),
        "zip_name_column": form["zip_name_column"] or None,
    }
    try:
        made = batches.create_batch(
            user.merchant_id, form["template"], upload.read(), upload.filename, options
        )
    except NotFound:
        return _list_again(user, bt["template_missing"], form)
    except (Invalid, TooLarge, Conflict) as refused:
        return _list_again(user, _refusal(refused), form)
    db.session.commit()
    return redirect(url_for("console.batch", batch_id=made.id, done="created"), 303)


# A batch's data, render and cancel (endpoints batch_…: the menu marks Batches current)


def _batch_again(user, found, status, error, mapping=None):
    """The batch page again, as routes.batch shows it, with the refusal and the form kept."""
    db.session.rollback()
    found = records.batch(user.merchant_id, found.id)
    issues, issue_total = batches.report_page(found)
    return page(
        "console/batch.html",
        status=status,
        error=error,
        batch=found,
        progress=_progress(found),
        issues=issues,
        issue_total=issue_total,
        files=[],
        chosen=mapping,
    )


@blp.post("/batches/<batch_id>/data")
@requires(*ROLES)
def batch_data(user, batch_id):
    bt = BATCH_TEXTS[locale()]
    found = records.batch(user.merchant_id, batch_id)
    mapping = {name: request.form.get(f"map-{name}") or "" for name, _ in _fields(found)}
    if found.status not in CHANGEABLE:
        error = bt["changes_refused"].format(status=status_label(found.status, locale()))
        return _batch_again(user, found, 409, error, mapping)
    quantity = _quantity(request.form.get("quantity"))
    if quantity is None:
        return _batch_again(user, found, 422, bt["quantity_bad"], mapping)
    upload = request.files.get("file")
    fixed = upload is not None and bool(upload.filename)
    form = {
        "mapping": mapping,
        "quantity": quantity,
        "quantity_column": (request.form.get("quantity_column") or "").strip(),
    }
    try:
        batches.replace_data(
            user.merchant_id,
            found.id,
            upload.read() if fixed else None,
            upload.filename if fixed else None,
            form,
        )
    except (Invalid, TooLarge) as refused:
        return _batch_again(user, found, 422, _refusal(refused), mapping)
    db.session.commit()
    return redirect(url_for("console.batch", batch_id=found.id, done="checked"), 303)


@blp.post("/batches/<batch_id>/render")
@requires(*ROLES)
def batch_render(user, batch_id):
    bt = BATCH_TEXTS[locale()]
    found = records.batch(user.merchant_id, batch_id)
    skip = request.form.get("skip_invalid") == "1"
    invalid = (found.summary or {}).get("invalid", 0)
    if found.status == "validated" and invalid and not skip:
        return _batch_again(user, found, 422, bt["render_refused"].format(count=invalid))
    try:
        batches.start_rendering(user.merchant_id, found.id, skip)
    except Conflict:
        if found.status == "validated":
            return _batch_again(user, found, 409, bt["nothing_left"])
        error = bt["render_not_now"].format(status=status_label(found.status, locale()))
        return _batch_again(user, found, 409, error)
    db.session.commit()
    return redirect(url_for("console.batch", batch_id=found.id, done="rendering"), 303)


@blp.post("/batches/<batch_id>/cancel")
@requires(*ROLES)
def batch_cancel(user, batch_id):
    bt = BATCH_TEXTS[locale()]
    found = records.batch(user.merchant_id, batch_id)
    try:
        batches.cancel(user.merchant_id, found.id)
    except Conflict:
        error = bt["cancel_refused"].format(status=status_label(found.status, locale()))
        return _batch_again(user, found, 409, error)
    db.session.commit()
    return redirect(url_for("console.batch", batch_id=found.id, done="cancelled"), 303)
