"""/console/users: the account's console users and their roles."""

from flask import redirect, request, url_for

from monogram.api.console import access
from monogram.api.console.routes import blp, locale, page, requires, texts
from monogram.api.console.users_texts import USER_TEXTS
from monogram.errors import Conflict, Invalid
from monogram.extensions.db import db
from monogram.models.base import utcnow
from monogram.models.console import CONSOLE_ROLES
from monogram.services import console_users

NOTICES = ("user_added", "role_changed", "user_removed")


def users_page(user, status=200, error=None, form=None):
    """The users page, with its own words (ut) and the notice a change left."""
    ut = USER_TEXTS[locale()]
    notice = access.take_flash()
    return page(
        "console/users.html",
        status=status,
        ut=ut,
        # Another page's notice, if one is pending, in the console's common words.
        user_notice=ut[notice] if notice in NOTICES else texts().get(notice),
        error=error,
        users=console_users.list_users(user.merchant_id),
        roles=CONSOLE_ROLES,
        now=utcnow(),
        invite_days=console_users.INVITE_TTL.days,
        form=form or {"email": "", "role": "designer"},
    )


@blp.get("/users")
@requires("owner")
def users(user):
    return users_page(user)


@blp.post("/users")
@requires("owner")
def add_user(user):
    ut = USER_TEXTS[locale()]
    form = {
        "email": (request.form.get("email") or "").strip(),
        "role": request.form.get("role") or "",
    }
    if form["role"] not in CONSOLE_ROLES:
        return users_page(user, status=422, error=ut["bad_role"], form=form)
    try:
        console_users.invite(user.merchant_id, form["email"], form["role"], locale())
    except Invalid:
        db.session.rollback()
        return users_page(user, status=422, error=ut["bad_email"], form=form)
    except Conflict:
        db.session.rollback()
        error = ut["email_taken"].format(email=form["email"].lower())
        return users_page(user, status=422, error=error, form=form)
    db.session.commit()
    access.flash("user_added")
    return redirect(url_for("console.users"), 303)


@blp.post("/users/<user_id>/role")
@requires("owner")
def change_user_role(user, user_id):
    ut = USER_TEXTS[locale()]
    role = request.form.get("role") or ""
    try:
        changed = console_users.change_role(user.merchant_id, user_id, role)
    except console_users.LastOwner:
        db.session.rollback()
        return users_page(user, status=422, error=ut["last_owner"])
    except Invalid:
        db.session.rollback()
        return users_page(user, status=422, error=ut["bad_role"])
    db.session.commit()
    if changed.id == user.id and role != "owner":
        # This page is an owner's: the demoted user goes where their new role may look.
        return redirect(url_for("console.dashboard"), 303)
    access.flash("role_changed")
    return redirect(url_for("console.users"), 303)


@blp.post("/users/<user_id>/remove")
@requires("owner")
def remove_user(user, user_id):
    ut = USER_TEXTS[locale()]
    try:
        console_users.remove_user(user.merchant_id, user_id)
    except console_users.LastOwner:
        db.session.rollback()
        return users_page(user, status=422, error=ut["last_owner"])
    db.session.commit()
    if user_id == user.id:
        access.sign_out()
        return redirect(url_for("console.signin"), 303)
    access.flash("user_removed")
    return redirect(url_for("console.users"), 303)
