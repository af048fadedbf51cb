"""/v1/fonts: the merchant's own typefaces, with their licence notes."""

from flask.views import MethodView

from monogram.api.assets.routes import file_response
from monogram.api.common import Blueprint, file_doc
from monogram.api.fonts.schemas import FontSchema, FontUploadSchema
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Font
from monogram.services import fonts
from monogram.services.lookup import owned

blp = Blueprint(
    "fonts",
    __name__,
    url_prefix="/v1/fonts",
    description="Fonts offered in the editor and embedded in print files.",
)


@blp.route("")
class Fonts(MethodView):
    @auth.any_key
    @blp.response(200, FontSchema(many=True))
    def get(self):
        """List fonts"""
        return fonts.list_fonts(auth.caller().merchant_id)

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
        )
        db.session.commit()
        return font


@blp.route("/<font_id>")
class FontById(MethodView):
    @auth.any_key
    @blp.response(200, FontSchema)
    def get(self, font_id):
        """Describe a font"""
        return owned(Font, font_id, auth.caller().merchant_id)


@blp.route("/<font_id>/file")
class FontFile(MethodView):
    @auth.any_key
    @blp.doc(**file_doc("The font file (TrueType or OpenType)", "font/ttf", "font/otf"))
    def get(self, font_id):
        """Download a font file (for the editor's @font-face)"""
        font = owned(Font, font_id, auth.caller().merchant_id)
        data = storage().get(font.asset.storage_key)
        return file_response(data, font.asset.media_type, font.asset.sha256)
