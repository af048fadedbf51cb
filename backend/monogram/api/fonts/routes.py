"""/v1/fonts: the library's and the merchant's own typefaces, as seen from the caller's store."""

from flask import request
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from monogram.api.assets.routes import file_response, upload_too_large
from monogram.api.common import Blueprint, file_doc
from monogram.api.fonts.schemas import (
    FontPatchSchema,
    FontQueryArgsSchema,
    FontSchema,
    FontUploadSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import fonts, visibility, web_fonts

blp = Blueprint(
    "fonts",
    __name__,
    url_prefix="/v1/fonts",
    description="Fonts offered in the editor and embedded in print files.",
)
blp.register_error_handler(RequestEntityTooLarge, upload_too_large)

# A font's id names one file for good, so browsers and CDNs may keep its WOFF2 for a year.
WEB_FONT_CACHE = "public, max-age=31536000, immutable"


def _caller_font(font_id):
    caller = auth.caller()
    return fonts.get_font(caller.merchant_id, visibility.viewpoint(caller), font_id)


@blp.route("")
class Fonts(MethodView):
    @auth.any_key
    @blp.arguments(FontQueryArgsSchema, location="query")
    @blp.response(200, FontSchema(many=True))
    def get(self, args):
        """List the fonts the caller's store may use, grouped by family"""
        caller = auth.caller()
        found = fonts.list_fonts(
            caller.merchant_id, visibility.viewpoint(caller), category=args.get("category")
        )
        documents = fonts.font_documents(found)
        db.session.commit()  # metrics filled in for older uploads
        return documents

    @auth.secret_key
    @blp.arguments(FontUploadSchema, location="files")
    @blp.response(201, FontSchema)
    def post(self, form):
        """Upload a font with its licence note"""
        upload = form["file"]
        font = fonts.add_font(
            auth.caller().merchant_id,
            upload.read(),
            upload.filename,
            form["licence_note"],
            family=form.get("family"),
            style=form.get("style"),
            category=form.get("category"),
            stores=form.get("stores", []),
        )
        db.session.commit()
        return fonts.font_documents([font])[0]


@blp.route("/<font_id>")
class FontById(MethodView):
    @auth.any_key
    @blp.response(200, FontSchema)
    def get(self, font_id):
        """Describe a font"""
        document = fonts.font_documents([_caller_font(font_id)])[0]
        db.session.commit()
        return document

    @auth.secret_key
    @blp.arguments(FontPatchSchema)
    @blp.response(200, FontSchema)
    def patch(self, fields, font_id):
        """Rename, file or limit an uploaded font to some stores"""
        font = fonts.update_font(auth.caller().merchant_id, font_id, fields)
        db.session.commit()
        return fonts.font_documents([font])[0]


@blp.route("/<font_id>/file")
class FontFile(MethodView):
    @auth.any_key
    @blp.doc(**file_doc("The font file (TrueType or OpenType)", "font/ttf", "font/otf"))
    def get(self, font_id):
        """Download the TTF/OTF file that print files embed"""
        font = _caller_font(font_id)
        return file_response(
            fonts.font_file(font), fonts.font_media_type(font), fonts.font_sha256(font)
        )


@blp.route("/<font_id>/woff2")
class FontWoff2(MethodView):
    @auth.any_key
    @blp.doc(**file_doc("The font as WOFF2, made from the file print embeds", "font/woff2"))
    def get(self, font_id):
        """Download the font as WOFF2 for the editor's FontFace"""
        font = _caller_font(font_id)
        response = file_response(
            web_fonts.woff2(font), "font/woff2", f"{fonts.font_sha256(font)}-woff2"
        )
        response.headers["Cache-Control"] = WEB_FONT_CACHE
        return response.make_conditional(request)
