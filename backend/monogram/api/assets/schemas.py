"""Asset schemas: uploads and what Monogram learned about each file."""

from flask_smorest.fields import Upload
from marshmallow import ValidationError, fields
from werkzeug.datastructures import FileStorage

from monogram.api.common import StrictSchema, described


class FileUpload(Upload):
    """A multipart file part; the same name sent as a text field is a 422, not a crash."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ValidationError(
                "Send the file as a file part of a multipart/form-data body (with a filename), "
                "not as a text field."
            )
        return value


class UploadSchema(StrictSchema):
    file = described(FileUpload, "The file: PNG, JPEG, WebP, TIFF or SVG", required=True)


class AssetSchema(StrictSchema):
    id = described(fields.String, "Asset id (ast_…)")
    kind = described(fields.String, "raster, vector or font")
    media_type = described(fields.String, "Media type decided from the content")
    filename = described(fields.String, "File name as uploaded, for display only")
    byte_size = described(fields.Integer, "Size of the stored file in bytes")
    sha256 = described(fields.String, "SHA-256 of the stored file")
    width_px = described(fields.Integer, "Pixel width (raster)", allow_none=True)
    height_px = described(fields.Integer, "Pixel height (raster)", allow_none=True)
    width_mm = described(fields.Float, "Physical width from the file, in mm", allow_none=True)
    height_mm = described(fields.Float, "Physical height from the file, in mm", allow_none=True)
    dpi = described(fields.Float, "Resolution recorded in the file", allow_none=True)
    color_mode = described(fields.String, "rgb, cmyk or gray", allow_none=True)
    has_alpha = described(fields.Boolean, "Whether the image has transparency")
    icc_profile = described(fields.Boolean, "Whether the file carries an ICC colour profile")
    notes = described(fields.List, "What sanitising changed", fields.String())
    preview_status = described(fields.String, "none, pending, ready or failed")
    created_at = described(fields.DateTime, "When it was uploaded")
