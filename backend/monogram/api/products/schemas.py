"""Product and print-area schemas (DESIGN.md §4)."""

import marshmallow as ma
from marshmallow import fields, validate

from monogram.api.assets.schemas import FileUpload
from monogram.api.common import StrictSchema, described
from monogram.document.schema import ColorSchema
from monogram.models.product import COLOR_MODES, PROOF_MODES, TECHNIQUES

MM = validate.Range(min=0, max=10000, min_inclusive=False)


def _cut_contour(value):
    if value in ("none", "trim", "shape"):
        return True
    if value.startswith("offset:"):
        try:
            offset = float(value[len("offset:") :])
        except ValueError:
            offset = float("nan")
        if 0 < offset <= 100:
            return True
    raise ma.ValidationError("Use none, trim, shape or offset:<mm> (0 < mm ≤ 100).")


class MockupSchema(StrictSchema):
    asset = described(fields.String, "Raster asset id of the product photo", required=True)
    quad = described(
        fields.List,
        "Corners of the print area on the photo, in pixels: "
        "top-left, top-right, bottom-right, bottom-left",
        fields.List(fields.Float(allow_nan=False), validate=validate.Length(equal=2)),
        required=True,
        validate=validate.Length(equal=4),
    )


class PrintAreaSchema(StrictSchema):
    id = described(
        fields.String,
        "Area id used by design documents, e.g. front",
        required=True,
        validate=validate.Regexp(
            r"^[a-z0-9][a-z0-9_-]{0,63}$", error="Use lower-case letters, digits, - and _."
        ),
    )
    name = described(
        fields.String,
        "Name shown to shoppers, e.g. Recto",
        required=True,
        validate=validate.Length(1, 200),
    )
    width = described(fields.Float, "Trim width in mm", required=True, allow_nan=False, validate=MM)
    height = described(
        fields.Float, "Trim height in mm", required=True, allow_nan=False, validate=MM
    )
    bleed = described(
        fields.Float,
        "Bleed past the trim, in mm",
        load_default=0,
        allow_nan=False,
        validate=validate.Range(0, 50),
    )
    safe = described(
        fields.Float,
        "Safe margin inside the trim, in mm",
        load_default=0,
        allow_nan=False,
        validate=validate.Range(0, 1000),
    )
    technique = described(
        fields.String,
        "Production technique",
        load_default="digital_print",
        validate=validate.OneOf(TECHNIQUES),
    )
    color_mode = described(
        fields.String,
        "Colour mode of the output",
        load_default="cmyk",
        validate=validate.OneOf(COLOR_MODES),
    )
    max_colors = described(
        fields.Integer,
        "Most distinct inks (screen print), or null",
        load_default=None,
        allow_none=True,
        strict=True,
        validate=validate.Range(1, 16),
    )
    min_dpi = described(
        fields.Integer,
        "Lowest effective resolution accepted for photos",
        load_default=150,
        strict=True,
        validate=validate.Range(1, 2400),
    )
    cut_contour = described(
        fields.String,
        "none, trim, shape or offset:<mm>",
        load_default="trim",
        validate=_cut_contour,
    )
    mockup = described(
        fields.Nested,
        "Where the area sits on the product photo",
        nested=MockupSchema,
        load_default=None,
        allow_none=True,
    )


class PaletteEntrySchema(StrictSchema):
    name = described(
        fields.String,
        "Colour name shown to shoppers",
        required=True,
        validate=validate.Length(1, 100),
    )
    color = described(fields.Nested, "The colour", nested=ColorSchema, required=True)


class PlatformRefSchema(StrictSchema):
    store = described(fields.String, "Store id (sto_…)", required=True)
    product = described(
        fields.String, "Product id on the platform", required=True, validate=validate.Length(1, 255)
    )
    variant = described(
        fields.String,
        "Variant id on the platform; empty for every variant",
        load_default="",
        validate=validate.Length(0, 255),
    )


class ProductInputSchema(StrictSchema):
    name = described(fields.String, "Product name", required=True, validate=validate.Length(1, 200))
    category = described(
        fields.String,
        "The merchant's grouping of the product (e.g. business-cards, mugs): media collections "
        "and templates are offered by category",
        load_default=None,
        allow_none=True,
        validate=validate.Length(1, 64),
    )
    proof = described(
        fields.String,
        "Proof (BAT) approval before production",
        load_default="none",
        validate=validate.OneOf(PROOF_MODES),
    )
    lead_time_days = described(
        fields.Integer,
        "Production lead time in working days (the merchant's promise): jobs are due this many "
        "working days after the order, weekends and public holidays not counted",
        load_default=5,
        strict=True,
        validate=validate.Range(0, 365),
    )
    areas = described(
        fields.List,
        "Print areas",
        fields.Nested(PrintAreaSchema),
        required=True,
        validate=validate.Length(1, 20),
    )
    fonts = described(
        fields.List,
        "Fonts offered in the editor (fnt_…, library fonts included); empty offers every font "
        "the store may use. Read with a publishable key: the fonts that key's store may use",
        fields.String(),
        load_default=list,
        validate=validate.Length(max=100),
    )
    palette = described(
        fields.List,
        "Colours offered in the editor",
        fields.Nested(PaletteEntrySchema),
        load_default=list,
        validate=validate.Length(max=200),
    )
    platform_refs = described(
        fields.List,
        "Platform products (and variants) that are this product",
        fields.Nested(PlatformRefSchema),
        load_default=list,
        validate=validate.Length(max=500),
    )


class ProductModelSchema(ma.Schema):
    url = described(
        fields.String,
        "Where to fetch the GLB (same keys as the product); a design's own, textured from its "
        "proof, is at /v1/designs/{design_id}/model.glb",
    )
    areas = described(
        fields.Dict,
        "For each print area id the model shows, the name of its material in the GLB",
        keys=fields.String(),
        values=fields.String(),
    )


class ModelUploadSchema(StrictSchema):
    file = described(
        FileUpload,
        "The 3D model: a binary glTF 2.0 file (.glb), everything embedded, with a material named "
        "after each print area's id and UVs placing the area's artwork on it; sizes in metres",
        required=True,
    )


class ProductSchema(ProductInputSchema):
    id = described(fields.String, "Product id (prd_…)", dump_only=True)
    created_at = described(fields.DateTime, "When it was created", dump_only=True)
    updated_at = described(fields.DateTime, "When it last changed", dump_only=True)
    archived_at = described(
        fields.DateTime, "When it was archived, or null", dump_only=True, allow_none=True
    )
    model = described(
        fields.Nested,
        "The product's 3D model, or null",
        nested=ProductModelSchema,
        dump_only=True,
        allow_none=True,
    )
    brand_objects = described(
        fields.List,
        "Seen from a brand store's editor key: what its charter puts on every design (its logo, "
        'locked), as [{"area": "front", "object": {…}}]; empty otherwise',
        fields.Dict(),
        dump_only=True,
    )
