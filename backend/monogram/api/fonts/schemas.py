"""Font schemas."""

from marshmallow import fields, validate

from monogram.api.assets.schemas import FileUpload
from monogram.api.common import StrictSchema, described
from monogram.fonts import CATEGORIES

STORES_DESCRIPTION = "Stores that see the font (sto_…); empty: all of the account's stores"


class FontUploadSchema(StrictSchema):
    file = described(FileUpload, "The font: TTF, OTF, WOFF or WOFF2", required=True)
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
    category = described(
        fields.String, "Where the editor's menu files it", validate=validate.OneOf(CATEGORIES)
    )
    stores = described(
        fields.List, STORES_DESCRIPTION, fields.String(), validate=validate.Length(max=100)
    )


class FontPatchSchema(StrictSchema):
    family = described(fields.String, "Family name", validate=validate.Length(1, 200))
    style = described(fields.String, "Style name", validate=validate.Length(1, 200))
    category = described(
        fields.String,
        "Where the editor's menu files it, or null",
        allow_none=True,
        validate=validate.OneOf(CATEGORIES),
    )
    licence_note = described(fields.String, "The licence note", validate=validate.Length(1, 4000))
    stores = described(
        fields.List, STORES_DESCRIPTION, fields.String(), validate=validate.Length(max=100)
    )


class FontQueryArgsSchema(StrictSchema):
    category = described(
        fields.String, "Only fonts of this category", validate=validate.OneOf(CATEGORIES)
    )


class FontSchema(StrictSchema):
    id = described(fields.String, "Font id (fnt_…); library fonts keep theirs in every account")
    family = described(fields.String, "Family name")
    style = described(fields.String, "Style name, e.g. Bold Italic")
    weight = described(fields.Integer, "Weight, 100–900")
    italic = described(fields.Boolean, "Italic or oblique")
    category = described(
        fields.String, "serif, sans, script, display or monospace, or null", allow_none=True
    )
    library = described(
        fields.Boolean, "A font of Monogram's open-licence library, shared by every account"
    )
    outlines = described(fields.String, "truetype or cff")
    glyph_count = described(fields.Integer, "Number of glyphs")
    ascent = described(
        fields.Integer, "Ascender in thousandths of an em, as print sets lines", allow_none=True
    )
    descent = described(
        fields.Integer,
        "Descender in thousandths of an em (positive), as print sets lines",
        allow_none=True,
    )
    licence_note = described(fields.String, "The licence note given at upload, or the library's")
    asset_id = described(
        fields.String, "The stored font file (ast_…); null for library fonts", allow_none=True
    )
    stores = described(fields.List, STORES_DESCRIPTION, fields.String())
    woff2_url = described(fields.String, "Path of the WOFF2 for the editor (send the same key)")
    created_at = described(fields.DateTime, "When it was uploaded or added to the library")
