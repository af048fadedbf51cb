"""Account settings: the merchant's name, country, proof reminders, quotes and logo."""

from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described


class AccountPatchSchema(StrictSchema):
    name = described(
        fields.String, "Trading name, as buyers read it", validate=validate.Length(1, 200)
    )
    country = described(
        fields.String,
        "ISO 3166 country whose public holidays are not working days (due dates)",
        validate=validate.Regexp(r"^[A-Z]{2}$"),
    )
    proof_reminder_hours = described(
        fields.Integer,
        "A proof undecided this long is sent again as a reminder; 0: never",
        strict=True,
        validate=validate.Range(0, 24 * 30),
    )
    quote_validity_days = described(
        fields.Integer,
        "Days a new quote stays open to acceptance",
        strict=True,
        validate=validate.Range(1, 365),
    )
    notification_email = described(
        fields.Email,
        "Where new quote requests are announced; null: the console only",
        allow_none=True,
        validate=validate.Length(3, 320),
    )
    logo = described(
        fields.String,
        "An uploaded PNG or JPEG (ast_…) printed on quotes and shown on their page; null: none",
        allow_none=True,
        validate=validate.Length(1, 32),
    )


class AccountSchema(AccountPatchSchema):
    id = described(fields.String, "Merchant id (mer_…)")
    logo = described(
        fields.String, "Logo asset (ast_…)", attribute="logo_asset_id", allow_none=True
    )
    created_at = described(fields.DateTime, "When the account was opened")
