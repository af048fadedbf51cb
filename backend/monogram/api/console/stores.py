"""/console: stores and their connectors, webhook secrets and outbound endpoints."""

import sqlalchemy as sa
from flask import current_app, redirect, request, url_for
from marshmallow import ValidationError

from monogram.api.console import access
from monogram.api.console.routes import blp, locale, message, page, requires, texts
from monogram.api.console.stores_texts import STORE_TEXTS
from monogram.api.stores.schemas import StoreCreateSchema, StorePatchSchema
from monogram.connectors import shopify
from monogram.errors import Conflict, Invalid, NotFound
from monogram.extensions.db import db
from monogram.models import ApiKey
from monogram.models.merchant import PLATFORMS, STORE_ROLES
from monogram.models.webhook import EVENT_TYPES
from monogram.services import outbound
from monogram.services import stores as store_service

NOTICES = (
    "endpoint_deleted",
    "endpoint_turned_off",
    "endpoint_turned_on",
    "redelivered",
    "origins_saved",
)
# What the PrestaShop and Magento modules listen to (their READMEs): production news.
CONNECTOR_EVENTS = ("job.ready", "job.shipped", "job.status_changed")
# Where each connector receives Monogram's events on the shop.
WEBHOOK_PATHS = {"prestashop": "/module/monogram/webhook", "magento": "/monogram/webhook"}
DELIVERIES_SHOWN = 50
MAX_URL = 2000  # the column's length


def store_page(template, status=200, **context):
    """A stores or endpoints page, with its own words (st) and the notice a change left."""
    st = STORE_TEXTS[locale()]
    notice = access.take_flash()
    return page(
        template,
        status=status,
        st=st,
        # Another page's notice, if one is pending, in the console's common words.
        store_notice=st[notice] if notice in NOTICES else texts().get(notice),
        **context,
    )


# Stores


def _stores_page(user, status=200, error=None, form=None):
    return store_page(
        "console/stores.html",
        status=status,
        stores=store_service.list_stores(user.merchant_id),
        platforms=PLATFORMS,
        store_roles=STORE_ROLES,
        error=error,
        form=form or {"name": "", "platform": "shopify", "domain": "", "role": "main"},
    )


@blp.get("/stores")
@requires("owner")
def stores(user):
    return _stores_page(user)


@blp.post("/stores")
@requires("owner")
def create_store(user):
    st = STORE_TEXTS[locale()]
    # Not cut to length: the schema refuses what is too long rather than store a part of it.
    form = {
        name: (request.form.get(name) or "").strip()
        for name in ("name", "platform", "domain", "role")
    }
    try:
        fields = StoreCreateSchema().load(form)
    except ValidationError:
        return _stores_page(user, status=422, error=st["bad_store"], form=form)
    if fields["platform"] == "shopify" and not shopify.SHOP_DOMAIN.match(fields["domain"].lower()):
        return _stores_page(user, status=422, error=st["shopify_domain"], form=form)
    try:
        found, publishable = store_service.create_store(user.merchant_id, fields)
    except Conflict:
        db.session.rollback()
        error = st["store_taken"].format(
            platform=st["platforms"][fields["platform"]], domain=fields["domain"].lower()
        )
        return _stores_page(user, status=422, error=error, form=form)
    db.session.commit()
    # Shown in this response only, as on the keys page: only its digest is kept.
    return _store_page(user, found, status=201, new_key=publishable)


def _publishable_prefixes(store):
    return db.session.scalars(
        sa.select(ApiKey.display_prefix)
        .where(
            ApiKey.store_id == store.id,
            ApiKey.kind == "publishable",
            ApiKey.revoked_at.is_(None),
        )
        .order_by(ApiKey.created_at.desc(), ApiKey.id)
    ).all()


def _webhook_address(store):
    path = WEBHOOK_PATHS.get(store.platform)
    return f"https://{store.domain}{path}" if path else None


def _store_page(
    user, store, status=200, new_key=None, new_secret=None, origins_error=None, origins_form=None
):
    address = _webhook_address(store)
    add_endpoint = (
        url_for("console.endpoints", url=address, events=list(CONNECTOR_EVENTS))
        if address
        else None
    )
    return store_page(
        "console/store.html",
        status=status,
        store=store,
        api_url=current_app.config["MONOGRAM"].PUBLIC_URL.rstrip("/"),
        prefixes=", ".join(f"{prefix}…" for prefix in _publishable_prefixes(store)),
        webhook_address=address,
        connector_events=CONNECTOR_EVENTS,
        add_endpoint_url=add_endpoint,
        new_key=new_key,
        new_secret=new_secret,
        origins_error=origins_error,
        origins="\n".join(
            origins_form if origins_form is not None else [row.origin for row in store.origins]
        ),
    )


@blp.get("/stores/<store_id>")
@requires("owner")
def store(user, store_id):
    return _store_page(user, store_service.get_store(user.merchant_id, store_id))


@blp.post("/stores/<store_id>/origins")
@requires("owner")
def store_origins(user, store_id):
    found = store_service.get_store(user.merchant_id, store_id)
    lines = [line.strip() for line in request.form.get("origins", "").splitlines()]
    origins = [line for line in lines if line]
    try:
        fields = StorePatchSchema().load({"allowed_origins": origins})
    except ValidationError as error:
        st = STORE_TEXTS[locale()]
        wrong = sorted(error.messages.get("allowed_origins", {}))
        named = ", ".join(origins[index] for index in wrong if isinstance(index, int))
        problem = st["origins_wrong"].format(origins=named) if named else st["origins_too_many"]
        return _store_page(user, found, status=422, origins_error=problem, origins_form=origins)
    store_service.update_store(user.merchant_id, found.id, fields)
    db.session.commit()
    access.flash("origins_saved")
    return redirect(url_for("console.store", store_id=found.id), 303)


@blp.post("/stores/<store_id>/webhook-secret")
@requires("owner")
def rotate_store_secret(user, store_id):
    found, secret = store_service.rotate_webhook_secret(user.merchant_id, store_id)
    db.session.commit()
    # Shown in this response only; the page is never cached.
    return _store_page(user, found, new_secret=secret)


# Outbound endpoints


def _endpoints_page(user, status=200, error=None, form=None):
    if form is None:
        events = [name for name in request.args.getlist("events") if name in EVENT_TYPES]
        form = {"url": (request.args.get("url") or "")[:MAX_URL], "events": events}
    return store_page(
        "console/endpoints.html",
        status=status,
        endpoints=outbound.list_endpoints(user.merchant_id),
        event_types=EVENT_TYPES,
        error=error,
        form=form,
    )


@blp.get("/endpoints")
@requires("owner")
def endpoints(user):
    return _endpoints_page(user)


@blp.post("/endpoints")
@requires("owner")
def create_endpoint(user):
    st = STORE_TEXTS[locale()]
    form = {
        "url": (request.form.get("url") or "").strip(),
        "events": [name for name in request.form.getlist("events") if name in EVENT_TYPES],
    }
    if not form["events"]:
        return _endpoints_page(user, status=422, error=st["no_events"], form=form)
    if len(form["url"]) > MAX_URL:
        return _endpoints_page(user, status=422, error=st["long_url"], form=form)
    try:
        found, secret = outbound.create_endpoint(user.merchant_id, form["url"], form["events"])
    except Invalid as invalid:
        db.session.rollback()
        error = st["private_url"] if "public internet" in str(invalid) else st["bad_url"]
        return _endpoints_page(user, status=422, error=error, form=form)
    db.session.commit()
    return _endpoint_page(user, found, status=201, new_secret=secret, created=True)


def _endpoint_page(user, endpoint, status=200, new_secret=None, created=False):
    return store_page(
        "console/endpoint.html",
        status=status,
        endpoint=endpoint,
        deliveries=outbound.endpoint_deliveries(
            user.merchant_id, endpoint.id, limit=DELIVERIES_SHOWN
        ),
        new_secret=new_secret,
        created=created,
    )


@blp.get("/endpoints/<endpoint_id>")
@requires("owner")
def endpoint(user, endpoint_id):
    return _endpoint_page(user, outbound.get_endpoint(user.merchant_id, endpoint_id))


@blp.post("/endpoints/<endpoint_id>/secret")
@requires("owner")
def rotate_endpoint_secret(user, endpoint_id):
    found, secret = outbound.rotate_secret(user.merchant_id, endpoint_id)
    db.session.commit()
    return _endpoint_page(user, found, new_secret=secret)


@blp.post("/endpoints/<endpoint_id>/enabled")
@requires("owner")
def switch_endpoint(user, endpoint_id):
    enabled = request.form.get("enabled") == "1"
    outbound.set_enabled(user.merchant_id, endpoint_id, enabled)
    db.session.commit()
    access.flash("endpoint_turned_on" if enabled else "endpoint_turned_off")
    return redirect(url_for("console.endpoint", endpoint_id=endpoint_id), 303)


@blp.post("/endpoints/<endpoint_id>/delete")
@requires("owner")
def delete_endpoint(user, endpoint_id):
    outbound.delete_endpoint(user.merchant_id, endpoint_id)
    db.session.commit()
    access.flash("endpoint_deleted")
    return redirect(url_for("console.endpoints"), 303)


@blp.post("/endpoints/<endpoint_id>/deliveries/<delivery_id>/redeliver")
@requires("owner")
def redeliver(user, endpoint_id, delivery_id):
    found = outbound.get_endpoint(user.merchant_id, endpoint_id)
    delivery = outbound.get_delivery(user.merchant_id, delivery_id)
    if delivery.endpoint_id != found.id:
        raise NotFound(f"No delivery {delivery_id!r} for endpoint {endpoint_id!r}.")
    if not found.enabled:
        st = STORE_TEXTS[locale()]
        return message(409, st["off_title"], st["endpoint_off"])
    # The same delivery of the same event, tried once more: the receiver sees the same event id.
    outbound.redeliver(user.merchant_id, delivery.id)
    db.session.commit()
    access.flash("redelivered")
    return redirect(url_for("console.endpoint", endpoint_id=endpoint_id), 303)
