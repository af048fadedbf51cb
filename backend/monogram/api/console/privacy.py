"""/console/privacy: personal data: find, export and erase a customer's data; retention."""

import sqlalchemy as sa
from flask import Response, redirect, request, url_for

from monogram.api.console import access
from monogram.api.console.privacy_texts import PRIVACY_TEXTS
from monogram.api.console.routes import blp, locale, page, requires
from monogram.errors import Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import ConsoleUser
from monogram.models.base import utcnow
from monogram.models.merchant import Erasure
from monogram.services import privacy
from monogram.services.privacy import FINISHED

NOTICES = ("retention_saved",)
LOG_SHOWN = 20
QUERY_CHARS = 320


def privacy_page(template, status=200, **context):
    """A personal data page, with its own words (pt) and the notice a change left."""
    pt = PRIVACY_TEXTS[locale()]
    notice = access.take_flash()
    return page(
        template,
        status=status,
        pt=pt,
        privacy_notice=pt[notice] if notice in NOTICES else None,
        **context,
    )


def _home(user, status=200, error=None, query="", found=None, retention=None):
    merchant = privacy.merchant_of(user.merchant_id)
    log = _erasures(user.merchant_id, LOG_SHOWN).all()
    return privacy_page(
        "console/privacy.html",
        people=_people(user.merchant_id, log),
        status=status,
        error=error,
        query=query,
        found=found,
        products=privacy.product_names(found.designs) if found else {},
        retention=retention
        or {
            "abandoned_days": _shown(merchant.abandoned_design_days),
            "upload_days": _shown(merchant.unused_upload_days),
        },
        log=log,
    )


def _people(merchant_id, log):
    """{erasure actor: the e-mail of the console user who erased}, for the log's "By"."""
    ids = {erasure.actor.removeprefix("console:") for erasure in log}
    users = db.session.scalars(
        sa.select(ConsoleUser).where(
            ConsoleUser.merchant_id == merchant_id, ConsoleUser.id.in_(ids)
        )
    )
    return {f"console:{found.id}": found.email for found in users}


def _shown(days):
    return "" if days is None else str(days)


def _query():
    return (request.form.get("query") or "").strip()[:QUERY_CHARS]


def _find(user, query):
    """(found, None), or (None, the page saying why nothing was found)."""
    pt = PRIVACY_TEXTS[locale()]
    if not query:
        return None, _home(user, status=422, error=pt["query_missing"])
    try:
        return privacy.find(user.merchant_id, query), None
    except Invalid:
        return None, _home(user, status=422, error=pt["query_missing"], query=query)
    except NotFound:
        error = pt["nothing_found"].format(query=query)
        return None, _home(user, status=404, error=error, query=query)


def confirm_word(found, query):
    """What the owner types to confirm: the customer's e-mail, or the query when none is known."""
    return sorted(found.emails)[0] if found.emails else query


@blp.get("/privacy")
@requires("owner")
def privacy_home(user):
    return _home(user)


# The menu and other areas know the page as console.privacy.
blp.add_url_rule("/privacy", endpoint="privacy", view_func=privacy_home, methods=["GET"])


@blp.post("/privacy/find")
@requires("owner")
def privacy_find(user):
    # A POST, not a GET: the customer's e-mail stays out of addresses, history and access logs.
    query = _query()
    found, refused = _find(user, query)
    if refused is not None:
        return refused
    return _home(user, query=query, found=found)


@blp.post("/privacy/export")
@requires("owner")
def privacy_export(user):
    found, refused = _find(user, _query())
    if refused is not None:
        return refused
    archive = privacy.export(found)
    name = f"customer-data-{utcnow():%Y-%m-%d}.zip"
    response = Response(archive, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _confirm_page(user, found, query, status=200, error=None):
    unfinished = sum(1 for job in found.jobs if job.status not in FINISHED)
    return privacy_page(
        "console/privacy_confirm.html",
        status=status,
        error=error,
        found=found,
        query=query,
        word=confirm_word(found, query),
        unfinished=unfinished,
        products=privacy.product_names(found.designs),
    )


@blp.post("/privacy/confirm")
@requires("owner")
def privacy_confirm(user):
    query = _query()
    found, refused = _find(user, query)
    if refused is not None:
        return refused
    return _confirm_page(user, found, query)


@blp.post("/privacy/erase")
@requires("owner")
def privacy_erase(user):
    pt = PRIVACY_TEXTS[locale()]
    query = _query()
    found, refused = _find(user, query)
    if refused is not None:
        return refused
    word = confirm_word(found, query)
    typed = (request.form.get("confirm") or "").strip()
    if typed.casefold() != word.casefold():
        error = pt["confirm_mismatch"].format(word=word)
        return _confirm_page(user, found, query, status=422, error=error)
    try:
        privacy.erase(user.merchant_id, found, actor=f"console:{user.id}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return redirect(url_for("console.privacy_erased"), 303)


@blp.get("/privacy/erased")
@requires("owner")
def privacy_erased(user):
    """The account's last erasure: counts only, so the page names nobody."""
    erasure = _erasures(user.merchant_id, 1).first()
    if erasure is None:
        raise NotFound("No erasure in this account yet.")
    return privacy_page("console/privacy_erased.html", erasure=erasure)


def _erasures(merchant_id, limit):
    return db.session.scalars(
        sa.select(Erasure)
        .where(Erasure.merchant_id == merchant_id)
        .order_by(Erasure.created_at.desc(), Erasure.id.desc())
        .limit(limit)
    )


def _days(value):
    """None for an empty box, the number of days, or Invalid."""
    value = (value or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise Invalid("not a whole number of days")
    return int(value)


@blp.post("/privacy/retention")
@requires("owner")
def privacy_retention(user):
    pt = PRIVACY_TEXTS[locale()]
    form = {
        name: (request.form.get(name) or "").strip()[:12]
        for name in ("abandoned_days", "upload_days")
    }
    merchant = privacy.merchant_of(user.merchant_id)
    try:
        privacy.save_retention(merchant, _days(form["abandoned_days"]), _days(form["upload_days"]))
    except Invalid:
        db.session.rollback()
        return _home(user, status=422, error=pt["bad_days"], retention=form)
    db.session.commit()
    access.flash("retention_saved")
    return redirect(url_for("console.privacy"), 303)
