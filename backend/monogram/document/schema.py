"""Marshmallow schemas of the design document, monogram.design/1: its shape, units and limits."""

import re
from collections.abc import Mapping

import marshmallow as ma
from marshmallow import ValidationError, fields, post_load, validate, validates_schema

FORMAT = "monogram.design/1"

MAX_SURFACES = 50
MAX_OBJECTS = 500
MAX_MM = 10000

# Ids are a prefix and base-36 characters (models.base.new_id), 32 characters in all.
# validate.Regexp only anchors at the start, hence the \Z.
_PRODUCT_ID = re.compile(r"prd_[0-9A-Za-z]{1,28}\Z")
_TEMPLATE_ID = re.compile(r"tpl_[0-9A-Za-z]{1,28}\Z")
# Uploads have random ids; library fonts read as their family and style (fnt_inter-bold).
_FONT_ID = re.compile(r"fnt_[0-9A-Za-z][0-9A-Za-z-]{0,27}\Z")
_ASSET_ID = re.compile(r"ast_[0-9A-Za-z]{1,28}\Z")
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}\Z")
_RGB = re.compile(r"#[0-9A-Fa-f]{6}\Z")
_PRINTABLE_ASCII = re.compile(r"[ -~]*")
_DIGITS = re.compile(r"[0-9]*")
# Room for rounding in sums of fractions such as 0.7 + 0.3.
_EPSILON = 1e-9


class Finite(fields.Float):
    """A JSON number that is finite: not NaN or ±Infinity, not true/false, not a numeric string."""

    default_error_messages = {
        "invalid": "Not a valid number.",
        "special": "Must be a finite number (NaN and Infinity are not numbers here).",
    }

    def __init__(self, **kwargs):
        super().__init__(allow_nan=False, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Flag(fields.Boolean):
    """A JSON true or false; marshmallow would otherwise take 1, "yes" or "on" as true."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def _pattern(regex, error):
    return validate.Regexp(regex, error=error)


def _between(low, high, unit="", *, above_low=False):
    lower = f"more than {low}" if above_low else f"at least {low}"
    return validate.Range(
        low, high, min_inclusive=not above_low, error=f"Must be {lower} and at most {high}{unit}."
    )


def _one_of(choices):
    return validate.OneOf(choices, error=f"Must be one of: {', '.join(choices)}.")


class DocumentPartSchema(ma.Schema):
    """Base of every part of the document: keys it does not know are errors, never ignored."""

    class Meta:
        unknown = ma.RAISE

    error_messages = {"type": "Must be a JSON object."}


class ColorSchema(DocumentPartSchema):
    cmyk = fields.List(
        Finite(validate=_between(0, 100), metadata={"description": "Ink percentage, 0–100"}),
        validate=validate.Length(
            equal=4, error="Give four values: cyan, magenta, yellow and black, each 0 to 100."
        ),
        metadata={
            "description": "Process colour [c, m, y, k], each 0–100, passed to the print file "
            "unchanged; with spot, the fallback when the spot ink is not available"
        },
    )
    rgb = fields.String(
        validate=_pattern(_RGB, 'Must be "#rrggbb", six hexadecimal digits.'),
        metadata={"description": "Screen colour #rrggbb, converted to CMYK for print"},
    )
    spot = fields.String(
        validate=validate.Length(1, 64, error="Must be 1 to 64 characters."),
        metadata={
            "description": "Spot ink name, e.g. PANTONE 286 C, printed as its own separation; "
            "needs cmyk as fallback"
        },
    )

    @validates_schema
    def _exactly_one_form(self, data, **kwargs):
        if "spot" in data:
            if "rgb" in data:
                raise ValidationError("A spot colour takes a cmyk fallback, not rgb.", "rgb")
            if "cmyk" not in data:
                raise ValidationError("A spot colour needs its cmyk fallback.", "cmyk")
        elif "rgb" in data and "cmyk" in data:
            raise ValidationError("Give either rgb or cmyk, not both.", "rgb")
        elif not data:
            raise ValidationError('Give one of "cmyk", "rgb", or "spot" with a "cmyk" fallback.')

    @post_load
    def _lowercase_rgb(self, data, **kwargs):
        if "rgb" in data:
            data["rgb"] = data["rgb"].lower()
        return data


class LockSchema(DocumentPartSchema):
    move = Flag(load_default=False, metadata={"description": "The shopper cannot move the object"})
    resize = Flag(load_default=False, metadata={"description": "The shopper cannot resize it"})
    rotate = Flag(load_default=False, metadata={"description": "The shopper cannot rotate it"})
    edit = Flag(
        load_default=False,
        metadata={"description": "The shopper cannot change its content (text, image, colour)"},
    )
    delete = Flag(load_default=False, metadata={"description": "The shopper cannot delete it"})


class CurveSchema(DocumentPartSchema):
    radius = Finite(
        required=True,
        validate=[
            _between(-MAX_MM, MAX_MM, " mm"),
            validate.NoneOf([0], error="Must not be 0; use a curve of null for straight text."),
        ],
        metadata={
            "description": "Radius of the arc the text follows, in mm; negative curves downwards"
        },
    )


class CropSchema(DocumentPartSchema):
    x = Finite(
        required=True,
        validate=_between(0, 1),
        metadata={"description": "Left edge of the kept part, as a fraction 0–1 of image width"},
    )
    y = Finite(
        required=True,
        validate=_between(0, 1),
        metadata={"description": "Top edge of the kept part, as a fraction 0–1 of image height"},
    )
    width = Finite(
        required=True,
        validate=_between(0, 1, above_low=True),
        metadata={"description": "Width of the kept part, as a fraction of image width"},
    )
    height = Finite(
        required=True,
        validate=_between(0, 1, above_low=True),
        metadata={"description": "Height of the kept part, as a fraction of image height"},
    )

    @validates_schema
    def _inside_the_image(self, data, **kwargs):
        errors = {}
        if data["x"] + data["width"] > 1 + _EPSILON:
            errors["width"] = ["x + width must be at most 1, so the crop stays in the image."]
        if data["y"] + data["height"] > 1 + _EPSILON:
            errors["height"] = ["y + height must be at most 1, so the crop stays in the image."]
        if errors:
            raise ValidationError(errors)


def _object_type(kind):
    return fields.String(
        required=True,
        validate=validate.Equal(kind),
        metadata={"description": "Object type: text, image, vector, shape or code"},
    )


class ObjectSchema(DocumentPartSchema):
    """What every object has: its box in the print area, and the template rules."""

    id = fields.String(
        required=True,
        validate=validate.Length(1, 64, error="Must be 1 to 64 characters."),
        metadata={"description": "Object id, unique within the document"},
    )
    x = Finite(
        required=True,
        validate=_between(-MAX_MM, MAX_MM, " mm"),
        metadata={"description": "Left edge of the box in mm from the trim box's left edge"},
    )
    y = Finite(
        required=True,
        validate=_between(-MAX_MM, MAX_MM, " mm"),
        metadata={"description": "Top edge of the box in mm from the trim box's top edge (down)"},
    )
    width = Finite(
        required=True,
        validate=_between(0, MAX_MM, " mm", above_low=True),
        metadata={"description": "Box width in mm"},
    )
    height = Finite(
        required=True,
        validate=_between(0, MAX_MM, " mm", above_low=True),
        metadata={"description": "Box height in mm"},
    )
    rotation = Finite(
        load_default=0.0,
        validate=_between(-360, 360, "°"),
        metadata={"description": "Clockwise rotation about the box centre, in degrees"},
    )
    opacity = Finite(
        load_default=1.0,
        validate=_between(0, 1),
        metadata={"description": "Opacity from 0 (invisible) to 1 (opaque)"},
    )
    lock = fields.Nested(
        LockSchema,
        allow_none=True,
        load_default=None,
        metadata={"description": "Template rule: what the shopper may not do to this object"},
    )
    field = fields.String(
        allow_none=True,
        load_default=None,
        validate=_pattern(
            _FIELD_NAME, "Use 1 to 64 letters, digits or _, starting with a letter or _."
        ),
        metadata={"description": "Template rule: the batch column that fills this object"},
    )
    max_chars = fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=_between(1, 10000),
        metadata={"description": "Template rule: most characters of the text, line breaks aside"},
    )
    min_dpi = fields.Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=_between(1, 2400),
        metadata={"description": "Template rule: lowest effective resolution of an image"},
    )


class TextSchema(ObjectSchema):
    type = _object_type("text")
    text = fields.String(
        required=True,
        validate=validate.Length(max=10000, error="Must be at most 10000 characters."),
        metadata={"description": "The text; lines break at \\n"},
    )
    font = fields.String(
        required=True,
        validate=_pattern(_FONT_ID, "Must be a font id (fnt_…)."),
        metadata={"description": "Font id (fnt_…)"},
    )
    size = Finite(
        required=True,
        validate=_between(0, 2000, " pt", above_low=True),
        metadata={"description": "Font size in points"},
    )
    color = fields.Nested(ColorSchema, required=True, metadata={"description": "Text colour"})
    align = fields.String(
        load_default="left",
        validate=_one_of(["left", "center", "right", "justify"]),
        metadata={"description": "Horizontal alignment in the box"},
    )
    valign = fields.String(
        load_default="top",
        validate=_one_of(["top", "middle", "bottom"]),
        metadata={"description": "Vertical alignment in the box"},
    )
    line_height = Finite(
        load_default=1.2,
        validate=_between(0.5, 5),
        metadata={"description": "Distance between baselines, as a multiple of the font size"},
    )
    letter_spacing = Finite(
        load_default=0.0,
        validate=_between(-50, 200, " pt"),
        metadata={"description": "Extra space after each character in points (pt), or less"},
    )
    fit = fields.String(
        load_default="none",
        validate=_one_of(["none", "wrap", "shrink"]),
        metadata={
            "description": "none: lines break at \\n only; wrap: also at the box width; "
            "shrink: the largest size up to size that fits the box"
        },
    )
    curve = fields.Nested(
        CurveSchema,
        allow_none=True,
        load_default=None,
        metadata={"description": "Text on an arc, or null for straight text"},
    )


class ImageSchema(ObjectSchema):
    type = _object_type("image")
    asset = fields.String(
        required=True,
        validate=_pattern(_ASSET_ID, "Must be an asset id (ast_…)."),
        metadata={"description": "Raster asset id (ast_…): a photo or bitmap"},
    )
    fit = fields.String(
        load_default="cover",
        validate=_one_of(["cover", "contain", "stretch"]),
        metadata={
            "description": "cover: fill the box, cutting what overflows; contain: whole image "
            "inside the box; stretch: fill the box, distorting the image"
        },
    )
    crop = fields.Nested(
        CropSchema,
        allow_none=True,
        load_default=None,
        metadata={"description": "Part of the image to use, or null for all of it"},
    )


class VectorSchema(ObjectSchema):
    type = _object_type("vector")
    asset = fields.String(
        required=True,
        validate=_pattern(_ASSET_ID, "Must be an asset id (ast_…)."),
        metadata={"description": "Vector asset id (ast_…): a sanitised SVG, drawn as vectors"},
    )
    recolor = fields.Nested(
        ColorSchema,
        allow_none=True,
        load_default=None,
        metadata={"description": "One colour for all of the artwork, or null for its own colours"},
    )


class ShapeSchema(ObjectSchema):
    type = _object_type("shape")
    height = Finite(
        required=True,
        validate=_between(0, MAX_MM, " mm"),
        metadata={"description": "Box height in mm; 0 only for a line"},
    )
    shape = fields.String(
        required=True,
        validate=_one_of(["rect", "ellipse", "line"]),
        metadata={"description": "rect, ellipse, or line (from the box's left to its right edge)"},
    )
    fill = fields.Nested(
        ColorSchema, allow_none=True, load_default=None, metadata={"description": "Fill or null"}
    )
    stroke = fields.Nested(
        ColorSchema, allow_none=True, load_default=None, metadata={"description": "Outline or null"}
    )
    stroke_width = Finite(
        load_default=0.0,
        validate=_between(0, 100, " mm"),
        metadata={"description": "Outline width in mm"},
    )
    corner_radius = Finite(
        load_default=0.0,
        validate=_between(0, 1000, " mm"),
        metadata={"description": "Corner radius of a rect in mm"},
    )

    @validates_schema
    def _only_a_line_is_flat(self, data, **kwargs):
        if data["height"] == 0 and data["shape"] != "line":
            raise ValidationError("Must be more than 0 mm; only a line has height 0.", "height")


class CodeSchema(ObjectSchema):
    type = _object_type("code")
    symbology = fields.String(
        required=True,
        validate=_one_of(["qr", "code128", "ean13"]),
        metadata={"description": "qr, code128 or ean13; all are drawn as vectors"},
    )
    data = fields.String(
        required=True,
        validate=validate.Length(1, 2000, error="Must be 1 to 2000 characters."),
        metadata={
            "description": "What the code holds: any text for qr, printable ASCII for code128, "
            "12 or 13 digits for ean13"
        },
    )
    color = fields.Nested(ColorSchema, required=True, metadata={"description": "Bar colour"})

    @validates_schema
    def _encodable(self, data, **kwargs):
        fault = _code_fault(data["symbology"], data["data"])
        if fault:
            raise ValidationError(fault, "data")


def _code_fault(symbology, data):
    if symbology == "code128" and not _PRINTABLE_ASCII.fullmatch(data):
        return "Code 128 takes printable ASCII only: no accents, emoji or line breaks."
    if symbology == "ean13":
        if not _DIGITS.fullmatch(data) or len(data) not in (12, 13):
            return "An EAN-13 code is 12 digits (the check digit is then added) or 13 digits."
        check = ean13_check_digit(data[:12])
        if len(data) == 13 and data[12] != check:
            return f"The check digit should be {check}, not {data[12]}; check the number."
    return None


def ean13_check_digit(first_twelve):
    weighted = sum(int(digit) * (3 if i % 2 else 1) for i, digit in enumerate(first_twelve))
    return str(-weighted % 10)


OBJECT_SCHEMAS = {
    "text": TextSchema(),
    "image": ImageSchema(),
    "vector": VectorSchema(),
    "shape": ShapeSchema(),
    "code": CodeSchema(),
}


class DesignObject(fields.Field):
    """One object, loaded and dumped by the schema its type names (TextSchema for text…)."""

    default_error_messages = {"invalid": "Must be an object with a type."}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, Mapping):
            raise self.make_error("invalid")
        if "type" not in value:
            raise ValidationError({"type": ["Missing data for required field."]})
        schema = OBJECT_SCHEMAS.get(value["type"]) if isinstance(value["type"], str) else None
        if schema is None:
            message = f"Unknown type {value['type']!r}; use one of: {', '.join(OBJECT_SCHEMAS)}."
            raise ValidationError({"type": [message]})
        try:
            return schema.load(value)
        except ValidationError as error:
            raise ValidationError(error.messages, valid_data=error.valid_data) from error

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return OBJECT_SCHEMAS[value["type"]].dump(value)


class SurfaceSchema(DocumentPartSchema):
    area = fields.String(
        required=True,
        validate=validate.Length(1, 64, error="Must be 1 to 64 characters."),
        metadata={"description": "Id of the product's print area this surface is printed on"},
    )
    objects = fields.List(
        DesignObject(metadata={"description": "A text, image, vector, shape or code object"}),
        required=True,
        validate=validate.Length(max=MAX_OBJECTS, error=f"At most {MAX_OBJECTS} objects per area."),
        metadata={"description": "Objects in paint order: later ones are drawn over earlier ones"},
    )


class DesignDocumentSchema(DocumentPartSchema):
    format = fields.String(
        required=True,
        validate=validate.Equal(FORMAT, error=f'Must be "{FORMAT}", the version read here.'),
        metadata={"description": f"Format and version of the document: {FORMAT}"},
    )
    product = fields.String(
        required=True,
        validate=_pattern(_PRODUCT_ID, "Must be a product id (prd_…)."),
        metadata={"description": "Product id (prd_…) the design is printed on"},
    )
    template = fields.String(
        allow_none=True,
        load_default=None,
        validate=_pattern(_TEMPLATE_ID, "Must be a template id (tpl_…)."),
        metadata={"description": "Template id (tpl_…) the design started from, or null"},
    )
    surfaces = fields.List(
        fields.Nested(SurfaceSchema, metadata={"description": "One print area's objects"}),
        required=True,
        validate=validate.Length(max=MAX_SURFACES, error=f"At most {MAX_SURFACES} surfaces."),
        metadata={"description": "What is printed on each print area, each area at most once"},
    )

    @validates_schema
    def _areas_and_ids_unique(self, data, **kwargs):
        errors = {}
        area_at = {}
        id_at = {}
        for i, surface in enumerate(data["surfaces"]):
            if surface["area"] in area_at:
                errors.setdefault(i, {})["area"] = [
                    f'Area "{surface["area"]}" is already at /surfaces/{area_at[surface["area"]]}; '
                    "put all of its objects in that one surface."
                ]
            area_at.setdefault(surface["area"], i)
            for j, obj in enumerate(surface["objects"]):
                if obj["id"] in id_at:
                    errors.setdefault(i, {}).setdefault("objects", {})[j] = {
                        "id": [
                            f'Id "{obj["id"]}" is already used at {id_at[obj["id"]]}; '
                            "give each object its own id."
                        ]
                    }
                id_at.setdefault(obj["id"], f"/surfaces/{i}/objects/{j}")
        if errors:
            raise ValidationError({"surfaces": errors})
