"""/v1/assets: uploads, checked from their content, and downloads through the API only."""

from flask import Response, current_app, jsonify
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from monogram.api.assets.schemas import AssetSchema, UploadSchema
from monogram.api.common import Blueprint, file_doc
from monogram.errors import Conflict, NotFound
from monogram.extensions import auth
from monogram.extensions.api import envelope
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Asset
from monogram.services.assets import store_upload
from monogram.services.lookup import owned

blp = Blueprint(
    "assets", __name__, url_prefix="/v1/assets", description="Uploaded photos, logos and artwork."
)


def upload_too_large(error):
    """The request size limit, refused in words that say what to do."""
    limit = current_app.config["MAX_CONTENT_LENGTH"] / 2**20
    message = (
        f"This upload is larger than {limit:.0f} MB, the most any file may be; make the file "
        "smaller (or split the data) and upload it again."
    )
    return jsonify(envelope(413, message)), 413


blp.register_error_handler(RequestEntityTooLarge, upload_too_large)


def file_response(data, media_type, etag, filename=None):
    response = Response(data, mimetype=media_type)
    response.set_etag(etag)
    # Files are content-addressed, so a cached copy never goes stale.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # An SVG opened directly must not run anything, even if a sanitiser ever missed something.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    if filename:
        response.headers.set("Content-Disposition", "inline", filename=filename)
    return response


@blp.route("")
class Assets(MethodView):
    @auth.any_key
    @blp.arguments(UploadSchema, location="files")
    @blp.response(201, AssetSchema)
    def post(self, files):
        """Upload a photo, logo or artwork (the type is read from the content)"""
        upload = files["file"]
        asset, _ = store_upload(
            auth.caller().merchant_id,
            upload.read(),
            upload.filename,
            frozenset({"raster", "vector"}),
        )
        db.session.commit()
        return asset


@blp.route("/<asset_id>")
class AssetById(MethodView):
    @auth.any_key
    @blp.response(200, AssetSchema)
    def get(self, asset_id):
        """Describe an asset"""
        return owned(Asset, asset_id, auth.caller().merchant_id)


# What an upload is stored as: the raster formats read, and SVG once sanitised.
ASSET_MEDIA_TYPES = ("image/png", "image/jpeg", "image/webp", "image/tiff", "image/svg+xml")


@blp.route("/<asset_id>/content")
class AssetContent(MethodView):
    @auth.any_key
    @blp.doc(**file_doc("The stored file, as uploaded or sanitised", *ASSET_MEDIA_TYPES))
    def get(self, asset_id):
        """Download an asset's file"""
        asset = owned(Asset, asset_id, auth.caller().merchant_id)
        data = storage().get(asset.storage_key)
        return file_response(data, asset.media_type, asset.sha256, asset.filename or None)


@blp.route("/<asset_id>/preview")
class AssetPreview(MethodView):
    @auth.any_key
    @blp.doc(**file_doc("A WebP at most 1600 px on its long edge", "image/webp"))
    def get(self, asset_id):
        """Download a screen-sized preview of a photo"""
        asset = owned(Asset, asset_id, auth.caller().merchant_id)
        if asset.kind != "raster":
            raise NotFound("Only photos have previews; vectors are shown from their own file.")
        if asset.preview_status != "ready":
            raise Conflict(
                f"The preview is {asset.preview_status}; try again in a few seconds.",
                headers={"Retry-After": "2"},
            )
        return file_response(
            storage().get(asset.preview_key), "image/webp", f"{asset.sha256}-preview"
        )
