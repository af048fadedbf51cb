"""Quote schemas: the buyer's request, the merchant's changes, and the quote as sent."""

from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.api.prices.schemas import LOCALE, PriceLineSchema
from monogram.models.quote import QUOTE_STATUSES

ID = validate.Length(1, 32)
AMOUNT = validate.Range(-(10**9), 10**9)


class ContactSchema(StrictSchema):
    name = described(fields.String, "Buyer's name", required=True, validate=validate.Length(1, 200))
    email = described(
        fields.Email,
        "Where the quote is sent",
        required=True,
        validate=validate.Length(3, 320),
    )
    phone = described(fields.String, "Phone", validate=validate.Length(0, 40))
    company = described(fields.String, "Company", validate=validate.Length(0, 200))


class QuoteInSchema(StrictSchema):
    design = described(
        fields.String,
        "The saved design (dsn_…): its latest version is quoted and frozen. With a publishable "
        "key, send its token in Monogram-Design-Token",
        required=True,
        validate=ID,
    )
    quantity = described(
        fields.Integer, "Pieces", required=True, strict=True, validate=validate.Range(1, 10**6)
    )
    variant = described(
        fields.String,
        "Platform variant id, for variants priced apart",
        validate=validate.Length(0, 255),
    )
    locale = described(
        fields.String,
        "The buyer's language: fr, or en (default) — the quote, its PDF and e-mail use it",
        load_default="en",
        validate=LOCALE,
    )
    contact = described(fields.Nested, "Who asks for the quote", ContactSchema, required=True)
    message = described(
        fields.String, "The buyer's note to the merchant", validate=validate.Length(0, 5000)
    )


class AdjustmentSchema(StrictSchema):
    label = described(
        fields.String,
        "What the line is, as the buyer reads it",
        required=True,
        validate=validate.Length(1, 200),
    )
    amount = described(
        fields.Integer,
        "Amount in minor units; negative for a discount",
        required=True,
        strict=True,
        validate=AMOUNT,
    )


class QuotePatchSchema(StrictSchema):
    unit_price = described(
        fields.Integer,
        "Agreed price of one piece, in minor units; the breakdown gains a line for the change",
        strict=True,
        validate=validate.Range(0, 10**9),
    )
    adjustments = described(
        fields.List,
        "One-off lines on the whole quote (setup fee, discount); replaces the list",
        fields.Nested(AdjustmentSchema),
        validate=validate.Length(0, 20),
    )
    valid_until = described(fields.Date, "Last day the buyer may accept (YYYY-MM-DD)")
    quantity = described(
        fields.Integer,
        "Pieces; priced again from the quoted design unless unit_price is given too",
        strict=True,
        validate=validate.Range(1, 10**6),
    )


class QuoteQueryArgsSchema(StrictSchema):
    status = described(
        fields.String, "Only quotes in this status", validate=validate.OneOf(QUOTE_STATUSES)
    )


class CartArgsSchema(StrictSchema):
    token = described(
        fields.String,
        "The acceptance token from the buyer's link",
        required=True,
        validate=validate.Length(1, 200),
    )


class QuoteLineSchema(PriceLineSchema):
    """The live price's lines, as quoted, plus the merchant's own."""

    kind = described(
        fields.String,
        "base, area, text, character, image, ink_colour, square_cm, technique, template, "
        "discount, rounding, or agreed (the merchant's change of the unit price)",
    )


class AdjustmentOutSchema(StrictSchema):
    label = described(fields.String, "What the line is")
    amount = described(fields.Integer, "Amount in minor units; negative for a discount")


class ContactOutSchema(StrictSchema):
    name = described(fields.String, "Buyer's name")
    email = described(fields.String, "Buyer's e-mail")
    phone = described(fields.String, "Phone")
    company = described(fields.String, "Company")


class QuoteSchema(StrictSchema):
    id = described(fields.String, "Quote id (quo_…)")
    number = described(fields.String, "Number shown to people, per merchant and year: D-2026-0001")
    status = described(fields.String, " | ".join(QUOTE_STATUSES))
    revision = described(fields.Integer, "1, then one more each time it is sent again")
    design = described(fields.String, "The design quoted (dsn_…)")
    company = described(
        fields.String,
        "The buyer's company (cmp_…), when their shop vouched for them",
        allow_none=True,
    )
    quantity = described(fields.Integer, "Pieces")
    variant = described(fields.String, "Platform variant id", allow_none=True)
    currency = described(fields.String, "ISO 4217 currency")
    lines = described(
        fields.List,
        "Breakdown per piece, adding up to unit_price",
        fields.Nested(QuoteLineSchema),
    )
    adjustments = described(
        fields.List, "One-off lines on the whole quote", fields.Nested(AdjustmentOutSchema)
    )
    unit_price = described(fields.Integer, "Price of one piece, in minor units")
    total = described(fields.Integer, "unit_price × quantity + the adjustments, in minor units")
    tax = described(fields.Integer, "Tax in the total (tax_included) or to add to it")
    tax_included = described(fields.Boolean, "Whether the prices include tax")
    contact = described(fields.Nested, "Who asked for the quote", ContactOutSchema)
    message = described(fields.String, "The buyer's note")
    locale = described(fields.String, "The buyer's language: fr or en")
    valid_until = described(fields.String, "Last day the buyer may accept (YYYY-MM-DD)")
    created_at = described(fields.DateTime, "Created")
    sent_at = described(fields.DateTime, "Last sent", allow_none=True)
    accepted_at = described(fields.DateTime, "Accepted by the buyer", allow_none=True)
    unsent_changes = described(
        fields.Boolean,
        "Changed since last sent: the buyer cannot accept until it is sent again",
    )
    order = described(fields.String, "The order it became (ord_…)", allow_none=True)
    checkout_url = described(
        fields.String,
        "Where the buyer pays once accepted: the Shopify draft order's invoice, or the shop "
        "module's cart link",
        allow_none=True,
    )
    document_url = described(fields.String, "The current revision's PDF (secret key)")


class QuoteCartSchema(StrictSchema):
    quote = described(fields.String, "Quote id")
    number = described(fields.String, "Quote number")
    design = described(fields.String, "Design id to put on the cart line")
    design_token = described(
        fields.String, "Token to put on the cart line with the design and the quote id"
    )
    quantity = described(fields.Integer, "Pieces")
    unit_price = described(fields.Integer, "Price of one piece, in minor units")
    currency = described(fields.String, "ISO 4217 currency")
    adjustments = described(
        fields.List, "One-off lines to add to the cart", fields.Nested(AdjustmentOutSchema)
    )
    platform_product_id = described(
        fields.String, "The shop's product the design is sold as", allow_none=True
    )
    platform_variant_id = described(fields.String, "The shop's variant", allow_none=True)
