"""Company schemas: a B2B buyer's company and the manager who approves its proofs."""

from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described

LOCALE = validate.Regexp(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")


class CompanyInSchema(StrictSchema):
    name = described(
        fields.String,
        "Company name, as orders report it (matched in any case when there is no platform id)",
        required=True,
        validate=validate.Length(1, 200),
    )
    platform_company_id = described(
        fields.String,
        "The company's id on the shop platform (B2B); orders carrying it match first",
        allow_none=True,
        validate=validate.Length(0, 100),
    )
    manager_email = described(
        fields.Email,
        "Who approves proofs after the buyer, for products whose proof is customer_then_manager",
        allow_none=True,
        validate=validate.Length(0, 320),
    )
    manager_name = described(
        fields.String,
        "The manager's name, for the e-mail greeting",
        allow_none=True,
        validate=validate.Length(0, 200),
    )
    locale = described(
        fields.String,
        "The manager's language (BCP 47, e.g. fr or en-GB) for proof e-mails and pages",
        allow_none=True,
        validate=LOCALE,
    )


class CompanyPatchSchema(CompanyInSchema):
    name = described(fields.String, "Company name", validate=validate.Length(1, 200))


class CompanySchema(StrictSchema):
    id = described(fields.String, "Company id (cmp_…)")
    name = described(fields.String, "Company name")
    platform_company_id = described(
        fields.String, "The company's id on the shop platform", allow_none=True
    )
    manager_email = described(fields.String, "Who approves proofs after the buyer", allow_none=True)
    manager_name = described(fields.String, "The manager's name", allow_none=True)
    locale = described(fields.String, "The manager's language", allow_none=True)
    created_at = described(fields.DateTime, "Created")
    updated_at = described(fields.DateTime, "Last changed")
