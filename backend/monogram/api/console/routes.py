"""/console: the merchant console — sign-in, password reset, dashboard, API keys, batches."""

import functools
import importlib
import re
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from werkzeug.exceptions import HTTPException

from monogram.api.console import access, records
from monogram.api.console.texts import LOCALES, ROLES, TEXTS, duration, status_label
from monogram.errors import Forbidden, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models.base import utcnow
from monogram.services import batches, console_users, mailer

TEMPLATES = Path(__file__).resolve().parents[2] / "console" / "templates"
# The pages look like the workshop portal's: its stylesheet first, the console's own after.
BASE_CSS = TEMPLATES / "workshop" / "portal.css"
# Any other stylesheet or script of the console folder, by its plain name.
STATIC_NAME = re.compile(r"[a-z0-9_-]+\.(css|js)")
STATIC_TYPES = {"css": "text/css", "js": "text/javascript"}
# The sections of the menu: (endpoint, text, roles that see it (empty: every role), the area
# modules whose pages are in it). An area lists itself here once its pages exist; the menu
# shows the registered ones only.
SECTIONS = (
    ("console.dashboard", "nav_dashboard", (), ()),
    ("console.products", "nav_products", ("owner", "designer"), ("products",)),
    (
        "console.templates",
        "nav_templates",
        ("owner", "designer"),
        ("library", "library_fonts", "library_media"),
    ),
    ("console.pricing", "nav_pricing", ("owner", "designer"), ("pricing",)),
    ("console.orders", "nav_orders", ("owner", "operator"), ("orders",)),
    ("console.quotes", "nav_quotes", ("owner", "operator"), ("pricing_quotes",)),
    ("console.jobs", "nav_jobs", ("owner", "operator"), ("production",)),
    ("console.workshops", "nav_workshops", ("owner", "operator"), ("workshops",)),
    ("console.batch_list", "nav_batches", (), ("batch_forms",)),
    ("console.stores", "nav_stores", ("owner",), ("stores",)),
    ("console.privacy", "nav_privacy", ("owner",), ("privacy",)),
    ("console.keys", "nav_keys", ("owner",), ()),
    ("console.users", "nav_users", ("owner",), ("users",)),
)
STREAM_BYTES = 1 << 20

blp = Blueprint("console", __name__, url_prefix="/console", template_folder=str(TEMPLATES))
blp.record_once(access.configure)


def locale():
    """?lang= when given (and kept for the visit), else the visit's choice, else the browser's."""
    lang = request.args.get("lang", "")
    if lang in LOCALES:
        access.keep_language(lang)
        return lang
    if access.language() in LOCALES:
        return access.language()
    return request.accept_languages.best_match(LOCALES, default="en")


def texts():
    return TEXTS[locale()]


def _switch():
    """{language: this page in it}; after a form, the page at the form's address, if any."""
    endpoint, args = request.endpoint, dict(request.view_args or {})
    if request.method == "GET" and endpoint is not None:
        args.update(request.args.to_dict())
    else:
        adapter = current_app.url_map.bind("", script_name=request.script_root)
        try:
            endpoint, args = adapter.match(request.path, method="GET")
        except HTTPException:
            endpoint, args = "console.dashboard", {}
    return {code: url_for(endpoint, **{**args, "lang": code}) for code in LOCALES}


def sections(user):
    """[(href, text key, current?)]: the menu for `user`'s role, of the areas that exist."""
    if user is None:
        return []
    view = current_app.view_functions.get(request.endpoint)
    module = view.__module__.rsplit(".", 1)[1] if view else ""
    name = (request.endpoint or "").split(".")[-1]
    found = []
    for endpoint, key, roles, modules in SECTIONS:
        if endpoint in current_app.view_functions and (not roles or user.role in roles):
            # The pages of routes.py itself go by name: batch_list and batch are Batches.
            area = endpoint.split(".")[1].removesuffix("_list").rstrip("s")
            here = module in modules or (module == "routes" and name.startswith(area))
            found.append((url_for(endpoint), key, here))
    return found


def page(template, status=200, **context):
    lang = locale()
    user = access.current_user()
    html = render_template(
        template,
        lang=lang,
        t=TEXTS[lang],
        user=user,
        role_name=lambda role: ROLES[lang][role],
        csrf=access.csrf_token(),
        sections=sections(user),
        switch=_switch(),
        notice=access.take_flash(),
        status_label=lambda status: status_label(status, lang),
        moment=lambda value: mailer.long_date(value, lang),
        **context,
    )
    return Response(html, status=status, mimetype="text/html")


def message(status, title, text, **context):
    return page("console/message.html", status=status, title=title, message=text, **context)


def requires(*roles):
    """Run the view for a signed-in user of one of `roles` (any role when none is given).

    Nobody signed in goes to sign-in and comes back; a user of another role gets a 403 page
    that says who may open it.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = access.current_user()
            if user is None:
                locale()  # a ?lang= on the page asked for holds for the sign-in page too
                back = request.full_path.rstrip("?") if request.method == "GET" else None
                return redirect(url_for("console.signin", next=back), 303)
            if roles and user.role not in roles:
                t = texts()
                names = ", ".join(ROLES[locale()][role] for role in roles)
                return message(
                    403,
                    t["forbidden_title"],
                    t["forbidden"].format(roles=names, role=ROLES[locale()][user.role]),
                )
            g.console_user = user
            return view(user, *args, **kwargs)

        return wrapper

    return decorate


@blp.before_request
def check_csrf():
    """Every form posted to the console carries the visit's token, or changes nothing."""
    if request.method == "POST" and not access.csrf_valid():
        t = texts()
        return message(400, t["stale_title"], t["stale"], reload=True)
    return None


@blp.errorhandler(NotFound)
def not_found(_error):
    t = texts()
    return message(404, t["not_found_title"], t["not_found"])


@blp.get("/static/<name>")
def static(name):
    path = BASE_CSS if name == "base.css" else TEMPLATES / "console" / name
    if not STATIC_NAME.fullmatch(name) or not path.is_file():
        raise NotFound(f"No console file {name!r}.")
    mimetype = STATIC_TYPES[name.rsplit(".", 1)[1]]
    response = send_file(path, mimetype=mimetype, max_age=3600)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# Sign-in and sign-out


@blp.get("/signin")
def signin():
    next_page = access.safe_next(request.args.get("next"))
    if access.current_user() is not None:
        return redirect(next_page or url_for("console.dashboard"), 303)
    return page("console/signin.html", next_page=next_page, email="")


@blp.post("/signin")
def signin_post():
    t = texts()
    email = (request.form.get("email") or "").strip()[:320]
    next_page = access.safe_next(request.form.get("next"))
    form = {"next_page": next_page, "email": email}
    now = utcnow()
    try:
        user = console_users.authenticate(email, request.form.get("password") or "", now=now)
    except console_users.Locked as locked:
        db.session.rollback()
        error = t["locked"].format(minutes=locked.minutes)
        return page("console/signin.html", status=403, error=error, **form)
    except Forbidden:
        db.session.rollback()
        return page("console/signin.html", status=403, error=t["bad_credentials"], **form)
    db.session.commit()
    access.sign_in(user)
    return redirect(next_page or url_for("console.dashboard"), 303)


@blp.post("/signout")
def signout():
    access.sign_out()
    access.flash("signed_out")
    return redirect(url_for("console.signin"), 303)


# Password reset


@blp.get("/reset")
def reset_request():
    return page("console/reset_request.html", email="")


@blp.post("/reset")
def reset_request_post():
    email = (request.form.get("email") or "").strip()[:320]
    console_users.send_reset(email, locale())
    db.session.commit()
    # The same answer whether or not the address has an account.
    access.flash("reset_sent")
    return redirect(url_for("console.signin"), 303)


@blp.get("/reset/<token>")
def reset(token):
    t = texts()
    try:
        found = console_users.reset_for(token)
    except NotFound:
        return message(404, t["reset_gone_title"], t["reset_gone"], reset_link=True)
    return page("console/reset.html", email=found.user.email, length=console_users.MIN_PASSWORD)


@blp.post("/reset/<token>")
def reset_post(token):
    t = texts()
    try:
        found = console_users.reset_for(token)
    except NotFound:
        return message(404, t["reset_gone_title"], t["reset_gone"], reset_link=True)
    context = {"email": found.user.email, "length": console_users.MIN_PASSWORD}
    password = request.form.get("password") or ""
    if password != (request.form.get("confirm") or ""):
        return page("console/reset.html", status=422, error=t["mismatch"], **context)
    try:
        user = console_users.use_reset(found, password)
    except Invalid:
        db.session.rollback()
        error = t["too_short"].format(length=console_users.MIN_PASSWORD)
        return page("console/reset.html", status=422, error=error, **context)
    db.session.commit()
    access.sign_in(user)
    access.flash("password_set")
    return redirect(url_for("console.dashboard"), 303)


# Dashboard


@blp.get("/", strict_slashes=False)
@requires()
def dashboard(user):
    return page("console/dashboard.html", board=records.dashboard(user.merchant_id, utcnow()))


# API keys


def keys_page(user, status=200, new_key=None, error=None, form=None):
    groups, stores = records.key_groups(user.merchant_id)
    return page(
        "console/keys.html",
        status=status,
        groups=groups,
        stores=stores,
        new_key=new_key,
        error=error,
        form=form or {"kind": "secret", "store": "", "label": ""},
    )


@blp.get("/keys")
@requires("owner")
def keys(user):
    return keys_page(user)


@blp.post("/keys")
@requires("owner")
def create_key(user):
    t = texts()
    form = {
        "kind": request.form.get("kind") or "",
        "store": request.form.get("store") or "",
        "label": (request.form.get("label") or "").strip()[:200],
    }
    try:
        _, token = records.create_key(user.merchant_id, form["kind"], form["store"], form["label"])
    except Invalid:
        db.session.rollback()
        return keys_page(user, status=422, error=t["key_needs_store"], form=form)
    db.session.commit()
    # Shown in this response only: it is not stored, and the page is never cached.
    return keys_page(user, status=201, new_key=token)


@blp.post("/keys/<key_id>/revoke")
@requires("owner")
def revoke_key(user, key_id):
    records.revoke_key(user.merchant_id, key_id)
    db.session.commit()
    access.flash("key_revoked")
    return redirect(url_for("console.keys"), 303)


# Batches


@blp.get("/batches")
@requires("owner", "designer", "operator")
def batch_list(user):
    return page("console/batches.html", batches=batches.list_batches(user.merchant_id))


def _progress(batch):
    """The progress bar's facts, with its words in the reader's language."""
    t, lang = texts(), locale()
    facts = batches.progress(batch)
    return {
        **facts,
        "status": batch.status,
        "status_label": status_label(batch.status, lang),
        "running": batch.status in records.RUNNING,
        "count": t["progress_count"].format(done=facts["done"], total=facts["total"]),
        "rate_text": t["rate"].format(rate=facts["rate"]) if facts["rate"] else "",
        "left_text": (
            t["time_left"].format(left=duration(facts["eta_seconds"]))
            if facts["eta_seconds"] is not None
            else ""
        ),
    }


@blp.get("/batches/<batch_id>")
@requires("owner", "designer", "operator")
def batch(user, batch_id):
    found = records.batch(user.merchant_id, batch_id)
    issues, issue_total = batches.report_page(found)
    return page(
        "console/batch.html",
        batch=found,
        progress=_progress(found),
        issues=issues,
        issue_total=issue_total,
        files=[name for name in records.BATCH_FILES if name in (found.files or {})]
        if found.status == "ready"
        else [],
    )


@blp.get("/batches/<batch_id>/progress")
@requires("owner", "designer", "operator")
def batch_progress(user, batch_id):
    return jsonify(_progress(records.batch(user.merchant_id, batch_id)))


@blp.get("/batches/<batch_id>/files/<name>")
@requires("owner", "designer", "operator")
def batch_file(user, batch_id, name):
    found, entry, handle = records.open_batch_file(user.merchant_id, batch_id, name)

    def chunks():
        try:
            yield from iter(lambda: handle.read(STREAM_BYTES), b"")
        finally:
            handle.close()

    response = Response(stream_with_context(chunks()), mimetype=records.BATCH_FILES[name])
    response.headers["Content-Length"] = str(entry["bytes"])
    response.headers["Content-Disposition"] = f'attachment; filename="{found.id}-{name}"'
    return response


# The pages of each area register their views on blp; imported last, as they import from here.
AREAS = (
    *("products", "library", "pricing", "orders", "production", "workshops"),
    *("stores", "privacy", "users"),
)
for area in AREAS:
    importlib.import_module(f"monogram.api.console.{area}")
