"""Quote schemas: what the editor sends on every edit, and the price it shows."""

import marshmallow as ma
from marshmallow import fields, validate, validates_schema

from monogram.api.common import StrictSchema, described

LOCALE = validate.Regexp(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")


class PriceQuoteInSchema(StrictSchema):
    design = described(
        fields.String,
        "A saved design (dsn_…): its latest version is priced. With a publishable key, send its "
        "token in Monogram-Design-Token",
        validate=validate.Length(1, 32),
    )
    document = described(
        fields.Dict, "A design document (monogram.design/1) not saved yet, as the editor holds it"
    )
    quantity = described(
        fields.Integer,
        "Pieces ordered",
        required=True,
        strict=True,
        validate=validate.Range(1, 10**6),
    )
    variant = described(
        fields.String,
        "Platform variant id, for variants priced apart",
        validate=validate.Length(0, 255),
    )
    store = described(
        fields.String,
        "Store whose currency and tax apply; the key's own store when omitted",
        validate=validate.Length(1, 32),
    )
    company = described(
        fields.String,
        "Price for this company's price list (cmp_…); secret keys only",
        validate=validate.Length(1, 32),
    )
    customer_group = described(
        fields.String,
        "Price for this customer group's price list; secret keys only",
        validate=validate.Length(1, 100),
    )
    locale = described(
        fields.String,
        "Language of the breakdown: fr or en (default)",
        load_default="en",
        validate=LOCALE,
    )

    @validates_schema
    def _design_or_document(self, data, **kwargs):
        if ("design" in data) == ("document" in data):
            raise ma.ValidationError("Send either a design id or a document.", "design")


class PriceQuoteHeadersSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    design_token = described(
        fields.String,
        "The design's token, when quoting a saved design with a publishable key",
        data_key="Monogram-Design-Token",
        load_default=None,
    )
    customer = described(
        fields.String,
        "The signed customer reference the shop put on the widget (mcr1.…): a B2B buyer is "
        "quoted their company's price list",
        data_key="Monogram-Customer",
        load_default=None,
    )


class PriceLineSchema(StrictSchema):
    kind = described(
        fields.String,
        "base, area, text, character, image, ink_colour, square_cm, technique, template, "
        "discount or rounding",
    )
    label = described(fields.String, "The line as the shopper reads it, in their language")
    count = described(fields.Integer, "How many are charged, when counted", allow_none=True)
    amount = described(fields.Integer, "Amount per piece, in minor units")


class PriceQuoteSchema(StrictSchema):
    currency = described(fields.String, "ISO 4217 currency")
    quantity = described(fields.Integer, "Pieces")
    unit_price = described(fields.Integer, "Price of one piece, in minor units, rounded")
    total = described(fields.Integer, "unit_price × quantity, in minor units")
    tax = described(fields.Integer, "Tax in the total (tax_included) or to add to it")
    tax_included = described(fields.Boolean, "Whether the prices include tax")
    signed_price = described(
        fields.String,
        "Shopify stores, saved designs with a base price: the unit price signed for the cart "
        "line's _monogram_price property (mp1.<design>.<min qty>.<max qty>.<unit price>."
        "<currency>.<hmac>), which Monogram's cart transform charges for quantities in range",
        allow_none=True,
    )
    breakdown = described(
        fields.List,
        "Lines per piece; they add up to unit_price",
        fields.Nested(PriceLineSchema),
        attribute="lines",
    )
