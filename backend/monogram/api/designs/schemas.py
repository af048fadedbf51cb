"""Design schemas: the saved design around its document."""

import marshmallow as ma
from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.document import DesignDocumentSchema


class DesignAccessHeadersSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    design_token = described(
        fields.String,
        "The design token returned at creation; needed with a publishable key",
        data_key="Monogram-Design-Token",
        load_default=None,
    )


class DesignCreateHeadersSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    customer = described(
        fields.String,
        "A signed customer reference (mcr1.…) from the shop: the design goes into that "
        "customer's library",
        data_key="Monogram-Customer",
        load_default=None,
    )


class ReorderHeadersSchema(DesignAccessHeadersSchema, DesignCreateHeadersSchema):
    """The design token, or the customer reference of whoever saved the design or ordered
    the line."""


class DesignUpdateHeadersSchema(DesignAccessHeadersSchema):
    if_match = described(
        fields.String,
        "ETag of the version being replaced; without it the save is refused (428)",
        data_key="If-Match",
        load_default=None,
    )


class DesignSchema(ma.Schema):
    id = described(fields.String, "Design id (dsn_…)")
    product = described(fields.String, "Product id (prd_…)", attribute="product_id")
    store = described(
        fields.String,
        "Store the design was made in (sto_…), if known",
        attribute="store_id",
        allow_none=True,
    )
    version = described(fields.Integer, "Number of the latest version", attribute="version_count")
    etag = described(fields.String, "ETag of the latest version (also in the ETag header)")
    document = described(
        fields.Nested, "The design document (monogram.design/1)", nested=DesignDocumentSchema
    )
    created_at = described(fields.DateTime, "When the design was created")
    updated_at = described(fields.DateTime, "When the latest version was saved")


class CreatedDesignSchema(DesignSchema):
    token = described(
        fields.String, "Design token: shown once; put it on the cart line with the id"
    )


class DesignVersionSchema(ma.Schema):
    number = described(fields.Integer, "Version number, from 1")
    etag = described(fields.String, "ETag of this version")
    created_at = described(fields.DateTime, "When it was saved")


class DesignVersionDetailSchema(DesignVersionSchema):
    document = described(fields.Nested, "The design document as saved", nested=DesignDocumentSchema)


class VersionQuerySchema(StrictSchema):
    version = described(
        fields.Integer, "Version to check; the latest when omitted", load_default=None, strict=False
    )


class ModelLinkInputSchema(StrictSchema):
    version = described(
        fields.Integer,
        "Version the link opens; the latest when omitted",
        load_default=None,
        strict=True,
        validate=validate.Range(1),
    )


class PreviewQuerySchema(StrictSchema):
    area = described(fields.String, "Print area id, e.g. front", required=True)


class PreflightSchema(ma.Schema):
    version = described(fields.Integer, "The version checked")
    ok = described(fields.Boolean, "True when nothing blocks production")
    checks = described(
        fields.List,
        "Findings, each {code, severity (error blocks production, warning informs), area, "
        "object, path (JSON pointer into the document), message, and figures such as dpi}",
        fields.Dict(),
    )


class ReorderSchema(StrictSchema):
    version = described(
        fields.Integer,
        "Version to copy; the latest when omitted",
        load_default=None,
        strict=True,
        validate=validate.Range(1),
    )
    order_line = described(
        fields.String,
        "An order line (oln_…): copy the version that line ordered",
        load_default=None,
    )


class ReorderedDesignSchema(CreatedDesignSchema):
    source = described(fields.Dict, "The design and version copied: {design, version}")
