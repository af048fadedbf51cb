"""/workshop: the workshop portal — sign in, the queue, each job's files and paper, shipping."""

import functools
import math
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    stream_with_context,
    url_for,
)

from monogram.api.workshop import access, records
from monogram.api.workshop.texts import FLAGS, LOCALES, TEXTS, status_label
from monogram.documents.bundle import bundle_zip
from monogram.documents.slip import packing_slip
from monogram.documents.texts import day, technique
from monogram.documents.ticket import job_ticket
from monogram.errors import Conflict, Forbidden, Invalid, NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import WorkshopUser
from monogram.models.base import utcnow
from monogram.services import mailer, schedule, shipping, workshops

TEMPLATES = Path(__file__).resolve().parents[2] / "console" / "templates"
STYLESHEET = TEMPLATES / "workshop" / "portal.css"

blp = Blueprint("workshop", __name__, url_prefix="/workshop", template_folder=str(TEMPLATES))
blp.record_once(access.configure)

MAX_SEARCH = 100
MAX_PAGE = 10_000  # far past any real queue; keeps the SQL offset a small number


def locale():
    """?lang= when given (and kept for the visit), else the visit's choice, else the browser's."""
    lang = request.args.get("lang", "")
    if lang in LOCALES:
        session["lang"] = lang
        return lang
    if session.get("lang") in LOCALES:
        return session["lang"]
    return request.accept_languages.best_match(LOCALES, default="en")


def texts():
    return TEXTS[locale()]


def _switch():
    """{language: this page in it}; after a form, the page the form was on."""
    endpoint, args = request.endpoint, dict(request.view_args or {})
    if request.method == "GET" and endpoint is not None:
        args.update(request.args.to_dict())
    elif endpoint == "workshop.signin_post":
        endpoint = "workshop.signin"
    elif endpoint != "workshop.welcome":
        endpoint = "workshop.job" if "job_id" in args else "workshop.queue"
        args = {"job_id": args["job_id"]} if "job_id" in args else {}
    return {code: url_for(endpoint, **{**args, "lang": code}) for code in LOCALES}


def page(template, status=200, **context):
    lang = locale()
    html = render_template(
        template,
        lang=lang,
        t=TEXTS[lang],
        user=g.get("portal_user"),
        csrf=access.csrf_token(),
        switch=_switch(),
        status_label=lambda status: status_label(status, lang),
        flags=FLAGS[lang],
        day=lambda moment: day(moment, lang),
        moment=lambda value: mailer.long_date(value, lang),
        **context,
    )
    return Response(html, status=status, mimetype="text/html")


def signed_in(view):
    """Run the view for the signed-in user; anyone else goes to sign-in, and comes back."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        user = access.current_user()
        if user is None:
            back = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("workshop.signin", next=back), 303)
        g.portal_user = user
        return view(user, *args, **kwargs)

    return wrapper


@blp.errorhandler(NotFound)
def not_found(_error):
    t = texts()
    return page(
        "workshop/message.html", status=404, title=t["not_found_title"], message=t["not_found"]
    )


@blp.get("/portal.css")
def stylesheet():
    response = send_file(STYLESHEET, mimetype="text/css", max_age=3600)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# Sign-in and sign-out


@blp.get("/signin")
def signin():
    next_page = access.safe_next(request.args.get("next"))
    if access.current_user() is not None:
        return redirect(next_page or url_for("workshop.queue"), 303)
    return page("workshop/signin.html", next_page=next_page, email="")


@blp.post("/signin")
def signin_post():
    t = texts()
    email = (request.form.get("email") or "").strip()[:320]
    next_page = access.safe_next(request.form.get("next"))
    form = {"next_page": next_page, "email": email}
    if not access.csrf_valid():
        return page("workshop/signin.html", status=400, error=t["stale"], **form)
    now = utcnow()
    try:
        user = workshops.authenticate(email, request.form.get("password") or "", now=now)
    except Forbidden:
        message = _refusal(email, now, t)
        db.session.rollback()
        return page("workshop/signin.html", status=403, error=message, **form)
    db.session.commit()
    access.sign_in(user)
    return redirect(next_page or url_for("workshop.queue"), 303)


def _refusal(email, now, t):
    """Why sign-in failed, in the reader's language, saying no more than the service did."""
    user = db.session.scalar(sa.select(WorkshopUser).where(WorkshopUser.email == email.lower()))
    if user is not None and user.locked_until is not None and user.locked_until > now:
        minutes = math.ceil((user.locked_until - now).total_seconds() / 60)
        return t["locked"].format(minutes=minutes)
    # The service stamps the sign-in before it checks the workshop: right password, closed shop.
    if user is not None and user.last_login_at == now and user.workshop.archived_at is not None:
        return t["closed"]
    return t["bad_credentials"]


@blp.post("/signout")
def signout():
    if not access.csrf_valid():
        return redirect(url_for("workshop.queue"), 303)
    access.sign_out()
    flash("signed_out", "status")
    return redirect(url_for("workshop.signin"), 303)


# The queue


@blp.get("/", strict_slashes=False)
@signed_in
def queue(user):
    args = request.args
    filters = {
        "status": _choice(args.get("status"), ("", "all", *records.QUEUE_STATUSES)),
        "flag": _choice(args.get("flag"), ("", "late", "at_risk")),
        "product": (args.get("product") or "")[:32],
        "q": (args.get("q") or "").strip()[:MAX_SEARCH],
    }
    asked = args.get("page") or ""
    number = int(asked) if asked.isascii() and asked.isdigit() else 1
    number = min(max(number, 1), MAX_PAGE)
    rows, more = records.queue(
        user.workshop_id,
        utcnow(),
        filters["status"],
        filters["flag"],
        filters["product"],
        filters["q"],
        number,
    )
    kept = {name: value for name, value in filters.items() if value}
    return page(
        "workshop/queue.html",
        rows=rows,
        filters=filters,
        filtered=bool(kept),
        products=records.products(user.workshop_id),
        statuses=records.QUEUE_STATUSES,
        previous_page=url_for("workshop.queue", **kept, page=number - 1) if number > 1 else None,
        next_page=url_for("workshop.queue", **kept, page=number + 1) if more else None,
    )


def _choice(value, allowed):
    return value if value in allowed else ""


# A job


def job_page(user, job, status=200, error=None, errors=None, form=None):
    order, line = records.order_line(job)
    product = records.product_of(job)
    sizes = {name: (job.files or {})[name].get("bytes", 0) for name in records.file_names(job)}
    return page(
        "workshop/job.html",
        status=status,
        job=job,
        order=order,
        line=line,
        product=product,
        areas=records.areas(job, product),
        files=[(name, max(1, math.ceil(size / 1024))) for name, size in sizes.items()],
        flag=schedule.flag(job, utcnow()),
        technique=lambda code: technique(code, locale()),
        error=error,
        errors=errors or {},
        form=form or {},
    )


@blp.get("/jobs/<job_id>")
@signed_in
def job(user, job_id):
    return job_page(user, records.job(user.workshop_id, job_id))


def _actor(user):
    return f"workshop:{user.email}"


def _source():
    return request.remote_addr or "portal"


@blp.post("/jobs/<job_id>/production")
@signed_in
def start_production(user, job_id):
    t = texts()
    work = records.job(user.workshop_id, job_id)
    if not access.csrf_valid():
        return job_page(user, work, status=400, error=t["stale"])
    try:
        shipping.start_production(work, _actor(user), _source())
    except Conflict:
        db.session.rollback()
        return _conflict(user, work, t)
    db.session.commit()
    flash("started", "status")
    return redirect(url_for("workshop.job", job_id=work.id), 303)


@blp.post("/jobs/<job_id>/shipment")
@signed_in
def ship(user, job_id):
    t = texts()
    work = records.job(user.workshop_id, job_id)
    form = {
        name: (request.form.get(name) or "")[:1000]
        for name in ("carrier", "tracking_number", "tracking_url")
    }
    if not access.csrf_valid():
        return job_page(user, work, status=400, error=t["stale"], form=form)
    try:
        shipping.ship(
            work,
            form["carrier"],
            form["tracking_number"],
            form["tracking_url"],
            _actor(user),
            _source(),
        )
    except Invalid as invalid:
        db.session.rollback()
        errors = _shipment_errors(invalid, form, t)
        return job_page(
            user, work, status=422, error=t["invalid_shipment"], errors=errors, form=form
        )
    except Conflict:
        db.session.rollback()
        return _conflict(user, work, t)
    db.session.commit()
    flash("shipped", "status")
    return redirect(url_for("workshop.job", job_id=work.id), 303)


def _conflict(user, work, t):
    lang = locale()
    message = t["conflict"].format(status=status_label(work.status, lang))
    return job_page(user, work, status=409, error=message)


def _shipment_errors(invalid, form, t):
    """{field: message} in the reader's language, from the fields the service refused."""
    found = {}
    for item in invalid.errors or []:
        field = item.get("path", "").lstrip("/")
        if field == "carrier":
            found[field] = t["missing_carrier"]
        elif field == "tracking_number":
            typed = form["tracking_number"].strip()
            found[field] = t["long_tracking"] if typed else t["missing_tracking"]
        elif field == "tracking_url":
            found[field] = t["bad_url"]
    return found


# A job's files and paper


def _download(data, media_type, filename, inline):
    response = Response(data, mimetype=media_type)
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@blp.get("/jobs/<job_id>/files/<name>")
@signed_in
def job_file(user, job_id, name):
    work = records.job(user.workshop_id, job_id)
    media_type = records.media_type(name)
    return _download(records.read_file(work, name), media_type, name, name.endswith(".png"))


@blp.get("/jobs/<job_id>/bundle.zip")
@signed_in
def bundle(user, job_id):
    work = records.job(user.workshop_id, job_id)
    names = records.file_names(work)
    if not names:
        t = texts()
        return page(
            "workshop/message.html", status=404, title=t["not_found_title"], message=t["no_files"]
        )
    prefix, files = work.bundle_key, storage()
    pieces = bundle_zip(names, lambda name: files.get(f"{prefix}{name}"), folder=f"{work.id}/")
    response = Response(stream_with_context(pieces), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{work.id}.zip"'
    return response


@blp.get("/jobs/<job_id>/ticket.pdf")
@signed_in
def ticket(user, job_id):
    work = records.job(user.workshop_id, job_id)
    public = current_app.config["MONOGRAM"].PUBLIC_URL.rstrip("/")
    url = public + url_for("workshop.job", job_id=work.id)
    data = records.ticket(work, url, locale(), user.workshop.name)
    return _download(job_ticket(data), "application/pdf", f"ticket-{work.id}.pdf", inline=True)


@blp.get("/orders/<order_id>/packing-slip.pdf")
@signed_in
def slip(user, order_id):
    order, lines = records.order(user.workshop_id, order_id)
    pdf = packing_slip(records.slip(order, lines))
    return _download(pdf, "application/pdf", f"packing-slip-{order.id}.pdf", inline=True)


# The invitation


@blp.route("/welcome/<token>", methods=["GET", "POST"])
def welcome(token):
    t = texts()
    try:
        invited = workshops.user_for_invite(token)
    except NotFound:
        return page(
            "workshop/message.html",
            status=404,
            title=t["invite_gone_title"],
            message=t["invite_gone"],
            signin_link=True,
        )
    context = {"invited": invited, "length": workshops.MIN_PASSWORD}
    if request.method == "GET":
        return page("workshop/welcome.html", **context)
    if not access.csrf_valid():
        return page("workshop/welcome.html", status=400, error=t["stale"], **context)
    password = request.form.get("password") or ""
    if password != (request.form.get("confirm") or ""):
        return page("workshop/welcome.html", status=422, error=t["mismatch"], **context)
    try:
        workshops.set_password(invited, password)
    except Invalid:
        db.session.rollback()
        too_short = t["too_short"].format(length=workshops.MIN_PASSWORD)
        return page("workshop/welcome.html", status=422, error=too_short, **context)
    db.session.commit()
    access.sign_in(invited)
    flash("password_set", "status")
    return redirect(url_for("workshop.queue"), 303)
