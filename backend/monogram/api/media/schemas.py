"""Media library schemas: collections, their clipart, and the shopper's search."""

import marshmallow as ma
from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.services.media import DEFAULT_LIMIT, MAX_TAGS

NAME = validate.Length(1, 200)
CATEGORY = validate.Length(0, 64)
LICENCE = validate.Length(1, 4000)
TAG = fields.String(validate=validate.Length(1, 40))
POSITION = validate.Range(0, 10**6)


class CollectionCreateSchema(StrictSchema):
    name = described(
        fields.String,
        "Name shown to the merchant, unique in the account",
        required=True,
        validate=NAME,
    )
    category = described(
        fields.String,
        "What the collection holds, e.g. pictograms, labels, seasonal; the editor's filter",
        validate=CATEGORY,
    )
    licence = described(
        fields.String,
        "Who drew the clipart and under which terms it may be printed",
        required=True,
        validate=LICENCE,
    )
    product_categories = described(
        fields.List,
        "Product categories (a product's category) it is offered on; empty: every product",
        fields.String(validate=validate.Length(1, 64)),
        validate=validate.Length(0, 50),
    )
    stores = described(
        fields.List,
        "Stores it is limited to (sto_…); empty: shared with all the account's stores",
        fields.String(),
        validate=validate.Length(0, 100),
    )
    position = described(fields.Integer, "Order in the editor, lowest first", validate=POSITION)


class CollectionPatchSchema(CollectionCreateSchema):
    name = described(fields.String, "Name, unique in the account", validate=NAME)
    licence = described(fields.String, "Who drew it and under which terms", validate=LICENCE)
    archived = described(
        fields.Boolean, "True hides it from shoppers; false brings an archived collection back"
    )


class CollectionQuerySchema(StrictSchema):
    archived = described(fields.Boolean, "Include archived collections", load_default=False)


class CollectionSchema(ma.Schema):
    id = described(fields.String, "Collection id (col_…)")
    name = described(fields.String, "Name")
    category = described(fields.String, "What the collection holds")
    licence = described(fields.String, "Who drew it and under which terms it may be printed")
    product_categories = described(
        fields.List, "Product categories it is offered on; empty: every product", fields.String()
    )
    stores = described(
        fields.List, "Stores it is limited to; empty: shared with all", fields.String()
    )
    position = described(fields.Integer, "Order in the editor")
    item_count = described(fields.Integer, "Number of clipart pieces")
    created_at = described(fields.DateTime, "Created")
    archived_at = described(fields.DateTime, "When it was archived", allow_none=True)


class ItemPatchSchema(StrictSchema):
    name = described(fields.String, "Name, searched by the editor", validate=NAME)
    tags = described(
        fields.List,
        f"Search words (stored in lower case), at most {MAX_TAGS}",
        TAG,
        validate=validate.Length(0, MAX_TAGS),
    )
    position = described(fields.Integer, "Order in the collection, lowest first", validate=POSITION)


class ItemCreateSchema(ItemPatchSchema):
    asset = described(
        fields.String,
        "An uploaded SVG or image of this account (ast_…), from POST /v1/assets",
        required=True,
    )
    name = described(fields.String, "Name, searched by the editor", required=True, validate=NAME)


class ClipartAssetSchema(ma.Schema):
    id = described(fields.String, "Asset id (ast_…); place it as a vector or image object")
    kind = described(fields.String, "vector (SVG) or raster")
    media_type = described(fields.String, "image/svg+xml, image/png…")
    width_px = described(fields.Integer, "Width in pixels (images)", allow_none=True)
    height_px = described(fields.Integer, "Height in pixels (images)", allow_none=True)
    width_mm = described(fields.Float, "Drawn width in mm (SVG)", allow_none=True)
    height_mm = described(fields.Float, "Drawn height in mm (SVG)", allow_none=True)


class ItemSchema(ma.Schema):
    id = described(fields.String, "Clipart id (med_…)")
    collection = described(fields.String, "Collection id (col_…)", attribute="collection_id")
    name = described(fields.String, "Name")
    tags = described(fields.List, "Search words", fields.String())
    position = described(fields.Integer, "Order in the collection")
    asset = described(fields.Nested, "The picture", ClipartAssetSchema)
    created_at = described(fields.DateTime, "Added")


class ClipartSchema(ItemSchema):
    category = described(
        fields.String, "The collection's category", attribute="collection.category"
    )
    collection_name = described(fields.String, "The collection's name", attribute="collection.name")
    licence = described(fields.String, "The collection's licence", attribute="collection.licence")


class ClipartQuerySchema(StrictSchema):
    q = described(
        fields.String,
        "Words each found in the name or a tag (any case)",
        load_default=None,
        validate=validate.Length(0, 200),
    )
    tag = described(fields.String, "Only clipart with this tag", load_default=None)
    category = described(fields.String, "Only collections of this category", load_default=None)
    product = described(
        fields.String,
        "Only collections offered on this product's category (prd_…)",
        load_default=None,
    )
    limit = described(
        fields.Integer,
        f"At most this many (default {DEFAULT_LIMIT})",
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(1, 500),
    )
