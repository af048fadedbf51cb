"""Font schemas."""

from flask_smorest.fields import Upload
from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described


class FontUploadSchema(StrictSchema):
    file = described(Upload, "The font: TTF, OTF, WOFF or WOFF2", required=True)
    licence_note = described(
        fields.String,
        "Under which licence the font may be used on a server and embedded in PDFs",
        required=True,
        validate=validate.Length(1, 4000),
    )
    family = described(
        fields.String,
        "Family name, when the file's own is not the one to show",
        validate=validate.Length(1, 200),
    )
    style = described(
        fields.String,
        "Style name, when the file's own is not the one to show",
        validate=validate.Length(1, 200),
    )


class FontSchema(StrictSchema):
    id = described(fields.String, "Font id (fnt_…)")
    family = described(fields.String, "Family name")
    style = described(fields.String, "Style name, e.g. Bold Italic")
    weight = described(fields.Integer, "Weight, 100–900")
    italic = described(fields.Boolean, "Italic or oblique")
    outlines = described(fields.String, "truetype or cff")
    glyph_count = described(fields.Integer, "Number of glyphs")
    licence_note = described(fields.String, "The licence note given at upload")
    asset_id = described(fields.String, "The stored font file (ast_…)")
    created_at = described(fields.DateTime, "When it was uploaded")
