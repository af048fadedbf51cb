"""Order schemas: what a shop reports, and what Monogram made of each line."""

import marshmallow as ma
from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described

SHORT = validate.Length(0, 100)


class CustomerSchema(StrictSchema):
    platform_id = described(fields.String, "Customer id on the platform", validate=SHORT)
    email = described(fields.Email, "Customer e-mail", validate=validate.Length(0, 320))
    name = described(fields.String, "Customer name", validate=validate.Length(0, 200))
    company = described(fields.String, "Company name", validate=validate.Length(0, 200))
    company_id = described(fields.String, "Company id on the platform (B2B)", validate=SHORT)
    locale = described(
        fields.String,
        "The customer's language (BCP 47, e.g. fr or en-GB): proof e-mails and pages use it",
        validate=validate.Regexp(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"),
    )


class AddressSchema(StrictSchema):
    name = described(fields.String, "Recipient", validate=validate.Length(0, 200))
    company = described(fields.String, "Company", validate=validate.Length(0, 200))
    address1 = described(fields.String, "Street address", validate=validate.Length(0, 300))
    address2 = described(fields.String, "Address line 2", validate=validate.Length(0, 300))
    zip = described(fields.String, "Postal code", validate=validate.Length(0, 20))
    city = described(fields.String, "City", validate=validate.Length(0, 100))
    province = described(fields.String, "Region or state", validate=validate.Length(0, 100))
    country_code = described(fields.String, "ISO 3166 country", validate=validate.Length(0, 2))
    phone = described(fields.String, "Phone", validate=validate.Length(0, 40))


class OrderLineInSchema(StrictSchema):
    platform_line_id = described(fields.String, "Line id on the platform", validate=SHORT)
    title = described(fields.String, "Product title", validate=validate.Length(0, 300))
    quantity = described(
        fields.Integer, "Quantity", strict=True, load_default=1, validate=validate.Range(1, 10**6)
    )
    platform_product = described(fields.String, "Product id on the platform", validate=SHORT)
    platform_variant = described(fields.String, "Variant id on the platform", validate=SHORT)
    design = described(fields.String, "Design id from the cart line (dsn_…)", validate=SHORT)
    design_token = described(
        fields.String, "Design token from the cart line", validate=validate.Length(0, 200)
    )
    unit_price = described(
        fields.Integer,
        "Price of one piece the shop charged, in minor units, tax as the store shows prices; "
        "personalised lines are re-priced and a difference is flagged for the merchant",
        strict=True,
        validate=validate.Range(0, 10**9),
    )
    currency = described(
        fields.String,
        "ISO 4217 currency of unit_price; the order's when omitted",
        validate=validate.Length(3, 3),
    )
    quote = described(
        fields.String,
        "The quote this line was bought from (quo_…): the quote becomes ordered, and the line's "
        "price is checked against the quoted unit price",
        allow_none=True,
        validate=validate.Length(0, 32),
    )


class OrderInSchema(StrictSchema):
    store = described(fields.String, "Store id; the key's store when omitted", validate=SHORT)
    platform_order_id = described(
        fields.String, "Order id on the platform", required=True, validate=validate.Length(1, 100)
    )
    name = described(fields.String, "Order reference shown to people, e.g. #1042", validate=SHORT)
    currency = described(fields.String, "ISO 4217 currency", validate=validate.Length(3, 3))
    customer = described(fields.Nested, "The customer", CustomerSchema)
    shipping_address = described(
        fields.Nested, "Where the order ships: printed on the packing slip", AddressSchema
    )
    lines = described(
        fields.List,
        "Order lines; lines without a design are not produced",
        fields.Nested(OrderLineInSchema),
        required=True,
        validate=validate.Length(1, 500),
    )


class OrderHeadersSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    idempotency_key = described(
        fields.String,
        "Any unique string per order; a replay answers like the first request",
        data_key="Idempotency-Key",
        load_default=None,
        validate=validate.Length(1, 200),
    )


class PriceCheckSchema(StrictSchema):
    quoted = described(fields.Integer, "Monogram's unit price, in minor units", allow_none=True)
    charged = described(fields.Integer, "The shop's unit price, in minor units")
    currency = described(fields.String, "Currency of the charged price")
    quoted_currency = described(fields.String, "Currency of the quote, when they differ")
    status = described(
        fields.String,
        "ok (within one rounding step), mismatch (shown to the merchant; production goes on) "
        "or unquoted (the rules give no price, see reason)",
    )
    reason = described(
        fields.String, "Why no price could be quoted, or how the line differs from its quote"
    )
    quote = described(fields.String, "The quote (quo_…) whose unit price the line was held to")


class OrderLineSchema(StrictSchema):
    id = described(fields.String, "Line id (oln_…)")
    platform_line_id = described(fields.String, "Line id on the platform")
    quantity = described(fields.Integer, "Quantity")
    design = described(fields.String, "Design id", attribute="design_id", allow_none=True)
    design_version = described(fields.Integer, "Frozen design version", allow_none=True)
    status = described(fields.String, "accepted (produced), flagged (not produced) or plain")
    flag_reason = described(fields.String, "Why the line was flagged", allow_none=True)
    job = described(fields.String, "Production job (job_…)", attribute="job_id", allow_none=True)
    fulfilled_at = described(
        fields.DateTime, "When the shop recorded the shipment", allow_none=True
    )
    platform_fulfillment_id = described(fields.String, "The shop's fulfillment id", allow_none=True)
    price_check = described(
        fields.Nested,
        "The price the shop charged against Monogram's quote, or null when the shop sent none",
        nested=PriceCheckSchema,
        allow_none=True,
    )


class OrderSchema(StrictSchema):
    id = described(fields.String, "Order id (ord_…)")
    store = described(fields.String, "Store id", attribute="store_id")
    platform_order_id = described(fields.String, "Order id on the platform")
    name = described(fields.String, "Order reference")
    currency = described(fields.String, "Currency")
    status = described(fields.String, "open or cancelled")
    lines = described(fields.List, "Lines", fields.Nested(OrderLineSchema))
    created_at = described(fields.DateTime, "When Monogram received it")
