"""Customer library schemas: the signed customer reference, saved designs, ordered lines."""

import marshmallow as ma
from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.api.designs.schemas import CreatedDesignSchema
from monogram.services.library import DEFAULT_LIMIT


class CustomerHeadersSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    customer = described(
        fields.String,
        "The signed customer reference the shop's connector put on the widget "
        "(mcr1.<customer id>.<expires>.<signature>); required",
        data_key="Monogram-Customer",
        load_default=None,
    )


class LibraryQuerySchema(StrictSchema):
    product = described(fields.String, "Only designs of this product (prd_…)", load_default=None)
    limit = described(
        fields.Integer,
        f"At most this many designs and this many order lines (default {DEFAULT_LIMIT})",
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(1, 100),
    )


class SavedDesignSchema(ma.Schema):
    id = described(fields.String, "Design id (dsn_…)")
    title = described(
        fields.String, "The customer's name for it, if they gave one", allow_none=True
    )
    product = described(fields.String, "Product id (prd_…)")
    product_name = described(fields.String, "The product's name")
    version = described(fields.Integer, "Number of the latest version")
    created_at = described(fields.DateTime, "When the design was first saved")
    updated_at = described(fields.DateTime, "When it was last saved")
    preview_url = described(
        fields.String,
        "Path of a PNG preview of its first area at the latest version (send the same key and "
        "customer reference); null when the product has no area",
        allow_none=True,
    )


class OrderedLineSchema(ma.Schema):
    order = described(fields.String, "Order id (ord_…)")
    order_name = described(fields.String, "The order's name in the shop, e.g. #1042")
    ordered_at = described(fields.DateTime, "When the order reached Monogram")
    line = described(
        fields.String,
        "Order line id (oln_…): reorder it with POST "
        '/v1/designs/{design}/reorder {"order_line": …}',
    )
    title = described(fields.String, "The line's title in the shop")
    quantity = described(fields.Integer, "Quantity ordered")
    design = described(fields.String, "Design id (dsn_…)")
    version = described(fields.Integer, "The design version this line ordered")
    product = described(fields.String, "Product id (prd_…)")
    product_name = described(fields.String, "The product's name")
    preview_url = described(
        fields.String, "Path of a PNG preview of the ordered version's first area", allow_none=True
    )


class LibrarySchema(ma.Schema):
    customer = described(fields.String, "The customer, as designs record it: <store>:<customer id>")
    designs = described(
        fields.List, "Saved designs, the last saved first", fields.Nested(SavedDesignSchema)
    )
    orders = described(
        fields.List,
        "Personalised lines of the customer's orders, the newest order first",
        fields.Nested(OrderedLineSchema),
    )


class OpenedDesignSchema(CreatedDesignSchema):
    """A saved design with its token, to go on editing it."""


class TitleSchema(StrictSchema):
    title = described(
        fields.String,
        "The customer's name for the design; empty to remove it",
        required=True,
        validate=validate.Length(0, 200),
    )


class LibraryPreviewQuerySchema(StrictSchema):
    area = described(fields.String, "Print area id, e.g. front", required=True)
    version = described(
        fields.Integer,
        "Version to show (one the customer ordered, or any of their own designs); the latest "
        "when omitted",
        load_default=None,
        validate=validate.Range(1),
    )
