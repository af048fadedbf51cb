"""/console/media: clipart collections, their pictures, uploads and removals."""

from flask import Response, redirect, request, url_for

from monogram.api.console.library import DESIGNERS, done_key, library_page
from monogram.api.console.library_texts import LIBRARY_TEXTS
from monogram.api.console.routes import blp, locale, requires
from monogram.errors import Conflict, MonogramError, NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import MediaCollection, MediaItem
from monogram.services.assets import store_upload
from monogram.services.lookup import owned
from monogram.services.media import (
    CLIPART_KINDS,
    add_item,
    create_collection,
    list_collections,
    normalised_tags,
    remove_item,
)

PICTURE_TYPES = ".svg,.png,.jpg,.jpeg,.webp,image/svg+xml,image/png,image/jpeg,image/webp"


def _collection(merchant_id, collection_id):
    found = owned(MediaCollection, collection_id, merchant_id)
    if found.archived_at is not None:
        raise NotFound(f"No media collection with id {collection_id!r} in this account.")
    return found


def collections_page(user, status=200, error=None, form=None):
    return library_page(
        "console/media.html",
        status=status,
        collections=list_collections(user.merchant_id),
        error=error,
        form=form or {"name": "", "category": "", "licence": ""},
        done=done_key(),
    )


@blp.get("/media")
@requires(*DESIGNERS)
def media(user):
    return collections_page(user)


@blp.post("/media")
@requires(*DESIGNERS)
def create_media_collection(user):
    lt = LIBRARY_TEXTS[locale()]
    form = {
        "name": (request.form.get("name") or "").strip()[:200],
        "category": (request.form.get("category") or "").strip()[:64],
        "licence": (request.form.get("licence") or "").strip()[:4000],
    }
    if not form["name"] or not form["licence"]:
        return collections_page(user, 422, lt["collection_needs"], form)
    try:
        made = create_collection(user.merchant_id, form)
    except Conflict:
        db.session.rollback()
        return collections_page(user, 409, lt["collection_taken"], form)
    db.session.commit()
    return redirect(url_for("console.media_collection", collection_id=made.id, done="created"), 303)


def collection_page(user, found, status=200, error=None, form=None):
    return library_page(
        "console/media_collection.html",
        status=status,
        collection=found,
        error=error,
        form=form or {"name": "", "tags": ""},
        done=done_key(),
        accept=PICTURE_TYPES,
    )


@blp.get("/media/<collection_id>")
@requires(*DESIGNERS)
def media_collection(user, collection_id):
    return collection_page(user, _collection(user.merchant_id, collection_id))


@blp.post("/media/<collection_id>/items")
@requires(*DESIGNERS)
def add_media(user, collection_id):
    lt = LIBRARY_TEXTS[locale()]
    found = _collection(user.merchant_id, collection_id)
    form = {
        "name": (request.form.get("name") or "").strip()[:200],
        "tags": (request.form.get("tags") or "").strip()[:1000],
    }
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return collection_page(user, found, 422, lt["media_needs_file"], form)
    name = form["name"] or upload.filename.rsplit(".", 1)[0][:200] or lt["picture"]
    try:
        asset, _ = store_upload(
            user.merchant_id, upload.read(), upload.filename, frozenset(CLIPART_KINDS)
        )
        tags = normalised_tags(form["tags"].split(","))
        add_item(user.merchant_id, found.id, {"asset": asset.id, "name": name, "tags": tags})
    except Conflict:
        db.session.rollback()
        return collection_page(user, found, 409, lt["media_known"], form)
    except MonogramError as refused:
        db.session.rollback()
        error = lt["media_refused"].format(reason=refused.message)
        return collection_page(user, found, 422, error, form)
    db.session.commit()
    return redirect(url_for("console.media_collection", collection_id=found.id, done="added"), 303)


def _item(merchant_id, collection_id, media_id):
    found = _collection(merchant_id, collection_id)
    item = db.session.get(MediaItem, media_id)
    if item is None or item.collection_id != found.id:
        raise NotFound(f"No picture {media_id!r} in this collection.")
    return item


@blp.post("/media/<collection_id>/items/<media_id>/remove")
@requires(*DESIGNERS)
def remove_media(user, collection_id, media_id):
    item = _item(user.merchant_id, collection_id, media_id)
    remove_item(user.merchant_id, collection_id, item.id)
    db.session.commit()
    return redirect(
        url_for("console.media_collection", collection_id=collection_id, done="removed"), 303
    )


@blp.get("/media/<collection_id>/items/<media_id>/picture")
@requires(*DESIGNERS)
def media_picture(user, collection_id, media_id):
    """The picture through the console session; an SVG was sanitised when it was uploaded."""
    asset = _item(user.merchant_id, collection_id, media_id).asset
    response = Response(storage().get(asset.storage_key), mimetype=asset.media_type)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
