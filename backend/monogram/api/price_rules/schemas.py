"""Price rule, price list and store price term schemas; amounts are integers of minor units."""

from marshmallow import ValidationError, fields, validate

from monogram.api.common import StrictSchema, described
from monogram.models.pricing import ROUNDINGS
from monogram.models.product import TECHNIQUES
from monogram.services.visibility import stores_of

MONEY = validate.Range(0, 10**9)
COUNT = validate.Range(0, 10**6)
DECIMAL_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
TEMPLATE_ID = validate.Regexp(r"tpl_[0-9A-Za-z]{1,28}\Z", error="Must be a template id (tpl_…).")


def _decimal_range(low, high, above_low=False):
    """Range for Decimal fields, kept out of the OpenAPI bounds, which would print as strings."""
    lower = f"greater than {low}" if above_low else f"greater than or equal to {low}"
    message = f"Must be {lower} and less than or equal to {high}."

    def check(value):
        if value < low or value > high or (above_low and value == low):
            raise ValidationError(message)

    return check


def _decimal(description, places, **kwargs):
    """A decimal answered as a string ("0.5") so no float rounds it; a number is taken too."""
    metadata = {"description": description, "type": "string", "pattern": DECIMAL_PATTERN}
    return fields.Decimal(
        places=places, as_string=True, allow_nan=False, metadata=metadata, **kwargs
    )


def _money(description, **kwargs):
    return described(fields.Integer, description, strict=True, validate=MONEY, **kwargs)


class TierSchema(StrictSchema):
    min_quantity = described(
        fields.Integer,
        "Smallest quantity this unit price applies to; the first tier starts at 1",
        required=True,
        strict=True,
        validate=validate.Range(1, 10**6),
    )
    unit_price = _money("Price of one piece in minor units (cents)", required=True)


def _tiers(description, **kwargs):
    return described(
        fields.List,
        description,
        fields.Nested(TierSchema),
        validate=validate.Length(1, 50),
        **kwargs,
    )


class BasePriceSchema(StrictSchema):
    variant = described(
        fields.String,
        "Platform variant id, or empty for every variant without its own entry",
        load_default="",
        validate=validate.Length(0, 255),
    )
    tiers = _tiers("Quantity tiers, e.g. 1, 50 and 250 pieces", required=True)


class CountedSurchargeSchema(StrictSchema):
    unit_price = _money("Price per piece of each one beyond the free ones", required=True)
    free = described(
        fields.Integer, "How many are included", strict=True, load_default=0, validate=COUNT
    )


class SurfaceSurchargeSchema(StrictSchema):
    unit_price = _decimal(
        "Price per piece of each cm² of the artwork's bounding box, in minor units; fractions "
        'of a cent allowed ("0.5"), written as a string',
        4,
        required=True,
        validate=_decimal_range(0, 10**6),
    )


def _counted(description):
    return described(
        fields.Nested,
        description,
        nested=CountedSurchargeSchema,
        load_default=None,
        allow_none=True,
    )


class SurchargesSchema(StrictSchema):
    area = _counted("Per printed area used")
    text = _counted("Per text object with text in it")
    character = _counted("Per character of text beyond the free ones (spaces are free)")
    image = _counted("Per photo or logo placed")
    ink_colour = _counted("Per distinct ink colour on each area (screen print)")
    square_cm = described(
        fields.Nested,
        "Per cm² printed (the artwork's bounding box on each area)",
        nested=SurfaceSurchargeSchema,
        load_default=None,
        allow_none=True,
    )
    technique = described(
        fields.Dict,
        'Per area printed with the technique, e.g. {"embroidery": 300}',
        keys=fields.String(validate=validate.OneOf(TECHNIQUES)),
        values=fields.Integer(strict=True, validate=MONEY),
        load_default=dict,
    )
    template = described(
        fields.Dict,
        'Per design started from a premium template, e.g. {"tpl_…": 300}',
        keys=fields.String(validate=TEMPLATE_ID),
        values=fields.Integer(strict=True, validate=MONEY),
        load_default=dict,
    )


class PriceRuleInSchema(StrictSchema):
    base_prices = described(
        fields.List,
        "Base unit price by variant and quantity; empty when the shop's own product price is the "
        "base and Monogram quotes the personalisation only",
        fields.Nested(BasePriceSchema),
        load_default=list,
        validate=validate.Length(max=500),
    )
    surcharges = described(
        fields.Nested,
        "Personalisation surcharges, per piece",
        nested=SurchargesSchema,
        load_default=dict,
    )


class PriceRuleSchema(PriceRuleInSchema):
    product = described(fields.String, "Product id (prd_…)", dump_only=True)
    updated_at = described(fields.DateTime, "When it last changed", dump_only=True, allow_none=True)


class PriceListInSchema(StrictSchema):
    name = described(
        fields.String, "Name shown on quotes, e.g. Revendeurs Or", validate=validate.Length(1, 200)
    )
    discount_percent = _decimal(
        'Percent off every unit price (base and surcharges), e.g. "12.5"',
        2,
        allow_none=True,
        validate=_decimal_range(0, 100, above_low=True),
    )
    prices = described(
        fields.Dict,
        'Its own base tiers for some products: {"prd_…": [tiers]}',
        keys=fields.String(validate=validate.Length(1, 32)),
        values=_tiers("Quantity tiers of the product"),
        validate=validate.Length(max=1000),
    )
    company = described(
        fields.String,
        "The company (cmp_…) this list is for, or null",
        attribute="company_id",
        allow_none=True,
        validate=validate.Length(1, 32),
    )
    customer_group = described(
        fields.String,
        "The customer group this list is for (e.g. resellers-gold), or null",
        allow_none=True,
        validate=validate.Length(1, 100),
    )
    stores = described(
        fields.List,
        "The stores (sto_…) whose sales it applies to; empty: all stores",
        fields.String(validate=validate.Length(1, 32)),
        validate=validate.Length(max=100),
    )


class PriceListCreateSchema(PriceListInSchema):
    name = described(
        fields.String,
        "Name shown on quotes, e.g. Revendeurs Or",
        required=True,
        validate=validate.Length(1, 200),
    )


class PriceListSchema(PriceListCreateSchema):
    id = described(fields.String, "Price list id (prl_…)", dump_only=True)
    stores = described(
        fields.Function,
        "The stores (sto_…) whose sales it applies to; empty: all stores",
        lambda price_list: stores_of([price_list.id]).get(price_list.id, []),
        dump_only=True,
    )
    created_at = described(fields.DateTime, "Created", dump_only=True)
    updated_at = described(fields.DateTime, "Last changed", dump_only=True)


class StorePricingInSchema(StrictSchema):
    prices_include_tax = described(
        fields.Boolean,
        "Prices are entered and shown with tax included (B2C in Europe) or without (B2B, US)",
        load_default=True,
    )
    tax_rate = _decimal(
        'Tax rate in percent, e.g. "20"; 0 when omitted',
        2,
        validate=_decimal_range(0, 100),
    )
    rounding = described(
        fields.String,
        "Step unit prices are rounded to: 0.01, 0.05 (Swiss francs), 0.10, 0.50, 1, or 0.99 "
        "(the nearest whole price less one cent)",
        load_default="0.01",
        validate=validate.OneOf(ROUNDINGS),
    )


class StorePricingSchema(StorePricingInSchema):
    store = described(fields.String, "Store id (sto_…)", dump_only=True)
    currency = described(fields.String, "The store's currency (ISO 4217)", dump_only=True)
