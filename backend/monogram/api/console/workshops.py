"""/console/workshops: the merchant's workshops, their portal people, and the dispatch rules."""

import sqlalchemy as sa
from flask import redirect, request, url_for
from marshmallow import ValidationError, validate

from monogram.api.console import access
from monogram.api.console.routes import blp, locale, page, requires, texts
from monogram.api.console.workshops_texts import TEXTS
from monogram.errors import Conflict, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import DispatchRule, Product, ProductionJob, Store, Workshop
from monogram.models.product import TECHNIQUES
from monogram.models.workshop import WORKSHOP_KINDS
from monogram.services import dispatch, workshops
from monogram.services.lookup import owned

ROLES = ("owner", "operator")
# Jobs a workshop has on its bench: given to it and not shipped yet.
OPEN_STATUSES = ("ready", "in_production")
_is_email = validate.Email()


def _page(template, status=200, **context):
    """A workshops page, with its own words (wt) and the notice a form left."""
    wt = TEXTS[locale()]
    notice = access.take_flash()
    return page(
        template,
        status=status,
        wt=wt,
        workshop_notice=wt.get(notice) or texts().get(notice),
        technique_name=lambda code: wt["techniques_names"].get(code, code),
        **context,
    )


def _done(key, endpoint="console.workshops", **args):
    access.flash(key)
    return redirect(url_for(endpoint, **args), 303)


def _actor(user):
    return f"console:{user.email}"


def _workshop(user, workshop_id):
    """One of the merchant's open workshops; a closed one is gone for the console."""
    found = owned(Workshop, workshop_id, user.merchant_id)
    if found.archived_at is not None:
        raise NotFound(f"Workshop {workshop_id!r} is closed.")
    return found


# The list: workshops and rules on one page, as a job goes from the one to the other.


def _open_jobs(merchant_id):
    return dict(
        db.session.execute(
            sa.select(ProductionJob.workshop_id, sa.func.count(ProductionJob.id))
            .where(
                ProductionJob.merchant_id == merchant_id,
                ProductionJob.status.in_(OPEN_STATUSES),
                ProductionJob.workshop_id.is_not(None),
            )
            .group_by(ProductionJob.workshop_id)
        ).all()
    )


def _choices(merchant_id):
    """What a rule may name: the merchant's open workshops, live products and stores."""
    products = db.session.scalars(
        sa.select(Product)
        .where(Product.merchant_id == merchant_id, Product.archived_at.is_(None))
        .order_by(Product.name)
    ).all()
    stores = db.session.scalars(
        sa.select(Store).where(Store.merchant_id == merchant_id).order_by(Store.name)
    ).all()
    return {
        "workshops": workshops.list_workshops(merchant_id),
        "products": products,
        "stores": stores,
        "techniques": TECHNIQUES,
    }


def _list_page(user, status=200, error=None, workshop_form=None, rule_form=None):
    rules = dispatch.list_rules(user.merchant_id)
    found = workshops.list_workshops(user.merchant_id)
    counts = _open_jobs(user.merchant_id)
    rows = [
        {
            "workshop": workshop,
            "open_jobs": counts.get(workshop.id, 0),
            "rules": [rule for rule in rules if rule.workshop_id == workshop.id],
        }
        for workshop in found
    ]
    choices = _choices(user.merchant_id)
    return _page(
        "console/workshops.html",
        status=status,
        error=error,
        rows=rows,
        rules=rules,
        names=_names(choices),
        choices=choices,
        kinds=WORKSHOP_KINDS,
        workshop_form=workshop_form or {"name": "", "kind": "in_house", "email": "", "default": ""},
        rule_form=rule_form or {"workshop": "", "product": "", "technique": "", "store": ""},
    )


def _names(choices):
    return {
        **{w.id: w.name for w in choices["workshops"]},
        **{p.id: p.name for p in choices["products"]},
        **{s.id: s.name for s in choices["stores"]},
    }


# Named so, not after its function: `workshops` is the service this module calls.
@blp.get("/workshops", endpoint="workshops")
@requires(*ROLES)
def workshop_list(user):
    return _list_page(user)


# Workshops


def _workshop_form():
    return {
        "name": (request.form.get("name") or "").strip(),
        "kind": request.form.get("kind") or "",
        "email": (request.form.get("email") or "").strip(),
        "default": request.form.get("default") or "",
    }


def _workshop_fields(form):
    """The service's fields from the form, or the reader's message of what to correct."""
    wt = TEXTS[locale()]
    if not form["name"] or len(form["name"]) > 200:
        raise Invalid(wt["name_missing"])
    if form["kind"] not in WORKSHOP_KINDS:
        raise Invalid(wt["kind_bad"])
    if form["email"]:
        try:
            _is_email(form["email"])
        except ValidationError:
            raise Invalid(wt["email_bad"]) from None
        if len(form["email"]) > 320:
            raise Invalid(wt["email_bad"])
    return {
        "name": form["name"],
        "kind": form["kind"],
        "email": form["email"] or None,
        "is_default": bool(form["default"]),
    }


@blp.post("/workshops")
@requires(*ROLES)
def create_workshop(user):
    form = _workshop_form()
    try:
        found = workshops.create_workshop(user.merchant_id, _workshop_fields(form))
    except Invalid as invalid:
        db.session.rollback()
        return _list_page(user, status=422, error=invalid.message, workshop_form=form)
    db.session.commit()
    return _done("workshop_created", "console.workshop", workshop_id=found.id)


def _workshop_page(user, found, status=200, error=None, form=None, person=None):
    people = [person for person in found.users if person.disabled_at is None]
    return _page(
        "console/workshop.html",
        status=status,
        error=error,
        workshop=found,
        people=people,
        kinds=WORKSHOP_KINDS,
        open_jobs=_open_jobs(user.merchant_id).get(found.id, 0),
        form=form
        or {
            "name": found.name,
            "kind": found.kind,
            "email": found.email or "",
            "default": "1" if found.is_default else "",
        },
        person=person or {"email": "", "name": ""},
    )


@blp.get("/workshops/<workshop_id>")
@requires(*ROLES)
def workshop(user, workshop_id):
    return _workshop_page(user, _workshop(user, workshop_id))


@blp.post("/workshops/<workshop_id>")
@requires(*ROLES)
def update_workshop(user, workshop_id):
    found = _workshop(user, workshop_id)
    form = _workshop_form()
    try:
        workshops.update_workshop(found, _workshop_fields(form))
    except Invalid as invalid:
        db.session.rollback()
        return _workshop_page(user, found, status=422, error=invalid.message, form=form)
    db.session.commit()
    return _done("workshop_saved", "console.workshop", workshop_id=found.id)


@blp.post("/workshops/<workshop_id>/archive")
@requires(*ROLES)
def archive_workshop(user, workshop_id):
    workshops.archive_workshop(_workshop(user, workshop_id))
    db.session.commit()
    return _done("workshop_archived")


@blp.post("/workshops/<workshop_id>/people")
@requires(*ROLES)
def invite_workshop_person(user, workshop_id):
    found = _workshop(user, workshop_id)
    wt = TEXTS[locale()]
    person = {
        "email": (request.form.get("email") or "").strip()[:320],
        "name": (request.form.get("name") or "").strip()[:200],
    }
    try:
        _is_email(person["email"])
    except ValidationError:
        return _workshop_page(user, found, 422, wt["person_email_bad"], person=person)
    try:
        workshops.add_user(found, person["email"], person["name"])
    except Conflict:
        db.session.rollback()
        error = wt["person_taken"].format(email=person["email"])
        return _workshop_page(user, found, 422, error, person=person)
    db.session.commit()
    return _done("person_invited", "console.workshop", workshop_id=found.id)


@blp.post("/workshops/<workshop_id>/people/<user_id>/remove")
@requires(*ROLES)
def remove_workshop_person(user, workshop_id, user_id):
    found = _workshop(user, workshop_id)
    workshops.disable_user(workshops.get_user(found, user_id))
    db.session.commit()
    return _done("person_removed", "console.workshop", workshop_id=found.id)


# Dispatch rules


def _rule_form():
    return {
        name: request.form.get(name) or "" for name in ("workshop", "product", "technique", "store")
    }


def _rule_fields(form):
    wt = TEXTS[locale()]
    if not form["workshop"]:
        raise Invalid(wt["workshop_missing"])
    if form["technique"] and form["technique"] not in TECHNIQUES:
        raise Invalid(wt["choice_gone"])
    return {
        "workshop": form["workshop"],
        "product": form["product"] or None,
        "technique": form["technique"] or None,
        "store": form["store"] or None,
    }


def _rule(user, dispatch_id):
    return owned(DispatchRule, dispatch_id, user.merchant_id)


@blp.post("/dispatch-rules")
@requires(*ROLES)
def create_dispatch_rule(user):
    form = _rule_form()
    try:
        dispatch.create_rule(user.merchant_id, _rule_fields(form))
    except (Invalid, NotFound) as refused:
        db.session.rollback()
        error = _rule_error(refused)
        return _list_page(user, status=422, error=error, rule_form=form)
    db.session.commit()
    return _done("rule_created")


def _rule_error(refused):
    """The form's own message, or — for a choice of another account or a closed workshop —
    the plain request to choose again."""
    wt = TEXTS[locale()]
    if isinstance(refused, Invalid) and refused.message in wt.values():
        return refused.message
    return wt["choice_gone"]


def _rule_page(user, rule, status=200, error=None, form=None):
    return _page(
        "console/dispatch.html",
        status=status,
        error=error,
        rule=rule,
        choices=_choices(user.merchant_id),
        form=form
        or {
            "workshop": rule.workshop_id,
            "product": rule.product_id or "",
            "technique": rule.technique or "",
            "store": rule.store_id or "",
        },
    )


@blp.get("/dispatch-rules/<dispatch_id>")
@requires(*ROLES)
def dispatch_rule(user, dispatch_id):
    return _rule_page(user, _rule(user, dispatch_id))


@blp.post("/dispatch-rules/<dispatch_id>")
@requires(*ROLES)
def update_dispatch_rule(user, dispatch_id):
    rule = _rule(user, dispatch_id)
    form = _rule_form()
    try:
        dispatch.update_rule(rule, _rule_fields(form))
    except (Invalid, NotFound) as refused:
        db.session.rollback()
        rule = _rule(user, dispatch_id)
        return _rule_page(user, rule, status=422, error=_rule_error(refused), form=form)
    db.session.commit()
    return _done("rule_saved")


@blp.post("/dispatch-rules/<dispatch_id>/move")
@requires(*ROLES)
def move_dispatch_rule(user, dispatch_id):
    rule = _rule(user, dispatch_id)
    step = -1 if request.form.get("direction") == "up" else 1
    dispatch.update_rule(rule, {"position": max(rule.position + step, 0)})
    db.session.commit()
    return _done("rule_moved")


@blp.post("/dispatch-rules/<dispatch_id>/delete")
@requires(*ROLES)
def delete_dispatch_rule(user, dispatch_id):
    dispatch.delete_rule(_rule(user, dispatch_id))
    db.session.commit()
    return _done("rule_deleted")
