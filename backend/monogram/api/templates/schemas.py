"""Template schemas."""

import json

import marshmallow as ma
from marshmallow import fields, validate
from webargs.fields import DelimitedList

from monogram.api.assets.schemas import FileUpload
from monogram.api.common import StrictSchema, described
from monogram.api.products.schemas import PaletteEntrySchema
from monogram.models.template import TEMPLATE_STATUSES

_WORD = validate.Length(1, 64)


class CategoriesSchema(StrictSchema):
    sector = described(
        fields.List, "Sectors, e.g. hotel, restaurant", fields.String(validate=_WORD)
    )
    use = described(fields.List, "Uses, e.g. business-card, menu", fields.String(validate=_WORD))
    season = described(
        fields.List, "Seasons or events, e.g. christmas, sales", fields.String(validate=_WORD)
    )


class JsonCategories(fields.Nested):
    """Categories sent as a JSON text in a multipart form field."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ma.ValidationError('Must be JSON, e.g. {"sector": ["hotel"]}.') from None
        return super()._deserialize(value, attr, data, **kwargs)


class TemplateFieldsSchema(StrictSchema):
    """What a merchant may set on a template; every field optional on PATCH."""

    name = described(fields.String, "Name shown in the gallery", validate=validate.Length(1, 200))
    description = described(fields.String, "Longer description", validate=validate.Length(0, 4000))
    status = described(
        fields.String,
        "draft (console only) or published (in the editor's gallery)",
        validate=validate.OneOf(TEMPLATE_STATUSES),
    )
    categories = described(fields.Nested, "Sector, use and season", nested=CategoriesSchema)
    tags = described(
        fields.List, "Free tags for search", fields.String(validate=_WORD),
        validate=validate.Length(max=50),
    )  # fmt: skip
    position = described(
        fields.Integer,
        "Gallery order: lower first, then by name",
        strict=True,
        validate=validate.Range(-(10**6), 10**6),
    )
    fonts = described(
        fields.List, "Font ids the shopper may choose; empty: the product's", fields.String()
    )
    palette = described(
        fields.List,
        "Colours the shopper may choose; empty: the product's",
        fields.Nested(PaletteEntrySchema),
    )
    stores = described(
        fields.List, "Store ids that see the template; empty: all stores", fields.String()
    )
    document = described(
        fields.Dict, "The design document (monogram.design/1) whose objects carry the rules"
    )


class TemplateCreateSchema(TemplateFieldsSchema):
    product = described(fields.String, "Product id (prd_…); defaults to the document's")
    name = described(
        fields.String, "Name shown in the gallery", required=True, validate=validate.Length(1, 200)
    )
    document = described(
        fields.Dict,
        "The design document (monogram.design/1) whose objects carry the rules",
        required=True,
    )


class TemplateImportSchema(StrictSchema):
    file = described(
        FileUpload, "The designer's SVG, or a PDF whose first page is used", required=True
    )
    product = described(fields.String, "Product id (prd_…)", required=True)
    area = described(fields.String, "Print area id; the product's first by default")
    name = described(fields.String, "Name shown in the gallery", validate=validate.Length(1, 200))
    categories = described(
        JsonCategories, "Sector, use and season, as JSON", nested=CategoriesSchema
    )
    tags = described(DelimitedList, "Tags, comma-separated", fields.String(validate=_WORD))
    status = described(
        fields.String, "draft (default) or published", validate=validate.OneOf(TEMPLATE_STATUSES)
    )


class TemplateQueryArgsSchema(StrictSchema):
    product = described(fields.String, "Only templates of this product")
    category = described(fields.String, "Only templates with this sector, use or season")
    tag = described(fields.String, "Only templates with this tag")
    q = described(fields.String, "Words found in the name, description or tags")


class ImportNoteSchema(StrictSchema):
    element = described(fields.String, 'The SVG element concerned, e.g. <text id="logo">')
    message = described(fields.String, "What was not converted, and what to do")


class TemplateSchema(StrictSchema):
    id = described(fields.String, "Template id (tpl_…)")
    product = described(fields.String, "Product id (prd_…)", attribute="product_id")
    name = described(fields.String, "Name shown in the gallery")
    description = described(fields.String, "Longer description")
    status = described(fields.String, "draft or published")
    categories = described(fields.Dict, "Sector, use and season lists")
    tags = described(fields.List, "Tags", fields.String())
    position = described(fields.Integer, "Gallery order")
    document = described(fields.Dict, "The design document with its rules")
    fonts = described(fields.List, "Font ids the shopper may choose", fields.String())
    palette = described(fields.List, "Colours the shopper may choose", fields.Dict())
    stores = described(fields.List, "Store ids that see it; empty: all", fields.String())
    import_report = described(
        fields.List, "What the import could not convert", fields.Nested(ImportNoteSchema)
    )
    thumbnail_url = described(fields.String, "The rendered thumbnail (PNG)")
    revision = described(fields.Integer, "Bumped by every change of the document; If-Match value")
    created_at = described(fields.DateTime, "When it was created")
    updated_at = described(fields.DateTime, "When it last changed")


class EditingTokenSchema(StrictSchema):
    token = described(fields.String, "Give it to the editor as data-template-token")
    expires_at = described(fields.DateTime, "Two hours from now")


class TemplateAccessHeadersSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    template_token = described(
        fields.String,
        "Editing token from the console, with a publishable key: opens a draft in template mode",
        data_key="Monogram-Template-Token",
        load_default=None,
    )


class TemplateDocumentHeadersSchema(TemplateAccessHeadersSchema):
    if_match = described(
        fields.String, "The revision that was edited", data_key="If-Match", load_default=None
    )
