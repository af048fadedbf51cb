"""Store schemas: brand stores and their charters."""

from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.api.products.schemas import PaletteEntrySchema
from monogram.models.merchant import PLATFORMS, STORE_ROLES


class LogoPlacementSchema(StrictSchema):
    asset = described(fields.String, "The logo: an uploaded SVG or picture (ast_…)", required=True)
    area = described(fields.String, "Print area id it is placed on, e.g. front", required=True)
    x = described(fields.Float, "Left edge in the trim box, mm", required=True)
    y = described(fields.Float, "Top edge in the trim box, mm", required=True)
    width = described(
        fields.Float, "Width, mm", required=True, validate=validate.Range(0, min_inclusive=False)
    )
    height = described(
        fields.Float, "Height, mm", required=True, validate=validate.Range(0, min_inclusive=False)
    )


class CharterSchema(StrictSchema):
    fonts = described(
        fields.Boolean,
        "Only the fonts limited to this store may be used (and the editor lists only those)",
        load_default=False,
    )
    palette = described(
        fields.List,
        "The only colours shoppers may use; empty: any colour",
        fields.Nested(PaletteEntrySchema),
        load_default=list,
    )
    logo = described(
        fields.Nested,
        "The logo put on every design, locked; null: none",
        nested=LogoPlacementSchema,
        allow_none=True,
        load_default=None,
    )


# https and a host (a port if the shop has one); plain http only on this machine, for development.
ORIGIN = (
    r"^(https://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"(:[0-9]{1,5})?|http://(localhost|127\.0\.0\.1)(:[0-9]{1,5})?)/?$"
)
MAX_ORIGINS = 20


class StoreOriginSchema(StrictSchema):
    origin = described(fields.String, "An origin the store's shop pages are served from")


class StorePatchSchema(StrictSchema):
    name = described(fields.String, "Name shown in the console", validate=validate.Length(1, 200))
    role = described(
        fields.String,
        "main, or brand: a franchise network's or key account's store",
        validate=validate.OneOf(STORE_ROLES),
    )
    charter = described(
        fields.Nested,
        "What a brand store enforces on its designs; null: nothing",
        nested=CharterSchema,
        allow_none=True,
    )
    allowed_origins = described(
        fields.List,
        "Origins besides https://<domain> whose pages may use the store's publishable key, "
        "e.g. https://www.boutique.example.fr (the whole list, replacing the previous one)",
        fields.String(validate=validate.Regexp(ORIGIN)),
        validate=validate.Length(max=MAX_ORIGINS),
    )


class StoreCreateSchema(StorePatchSchema):
    name = described(
        fields.String, "Name shown in the console", required=True, validate=validate.Length(1, 200)
    )
    platform = described(
        fields.String,
        "The shop's platform",
        load_default="custom",
        validate=validate.OneOf(PLATFORMS),
    )
    domain = described(
        fields.String,
        "The shop's domain, e.g. franchise-lyon.example.fr",
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9.-]{1,255}$"),
    )
    currency = described(
        fields.String,
        "ISO 4217 currency of its prices",
        load_default="EUR",
        validate=validate.Regexp(r"^[A-Z]{3}$"),
    )
    role = described(
        fields.String,
        "main, or brand: a franchise network's or key account's store",
        load_default="brand",
        validate=validate.OneOf(STORE_ROLES),
    )


class StoreSchema(StrictSchema):
    id = described(fields.String, "Store id (sto_…)")
    name = described(fields.String, "Name shown in the console")
    role = described(fields.String, "main or brand")
    platform = described(fields.String, "The shop's platform")
    domain = described(fields.String, "The shop's domain")
    currency = described(fields.String, "Currency of its prices")
    charter = described(fields.Nested, "Its charter, if any", nested=CharterSchema, allow_none=True)
    allowed_origins = described(
        fields.Pluck,
        "Origins besides https://<domain> whose pages may use the store's publishable key",
        StoreOriginSchema,
        "origin",
        many=True,
        attribute="origins",
    )
    created_at = described(fields.DateTime, "When it was added")


class CreatedStoreSchema(StoreSchema):
    publishable_key = described(
        fields.String, "The store's editor key (pk_…), shown this once only"
    )
