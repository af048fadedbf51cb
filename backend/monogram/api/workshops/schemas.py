"""Workshop, portal user and dispatch rule schemas."""

from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.models.product import TECHNIQUES
from monogram.models.workshop import WORKSHOP_KINDS

ID = validate.Length(1, 32)


class WorkshopInSchema(StrictSchema):
    name = described(fields.String, "Name", required=True, validate=validate.Length(1, 200))
    kind = described(
        fields.String,
        "in_house or subcontractor",
        load_default="in_house",
        validate=validate.OneOf(WORKSHOP_KINDS),
    )
    email = described(
        fields.Email,
        "Where the workshop is told of new jobs",
        allow_none=True,
        validate=validate.Length(0, 320),
    )
    is_default = described(
        fields.Boolean, "Gets every job no dispatch rule matches (one per merchant)"
    )


class WorkshopPatchSchema(WorkshopInSchema):
    name = described(fields.String, "Name", validate=validate.Length(1, 200))
    kind = described(
        fields.String, "in_house or subcontractor", validate=validate.OneOf(WORKSHOP_KINDS)
    )


class WorkshopUserInSchema(StrictSchema):
    email = described(
        fields.Email, "Sign-in e-mail", required=True, validate=validate.Length(3, 320)
    )
    name = described(fields.String, "Name", load_default="", validate=validate.Length(0, 200))
    password = described(
        fields.String,
        "Initial password (12+ characters); without it the user is e-mailed an invitation",
        load_default=None,
        load_only=True,
        validate=validate.Length(12, 200),
    )


class WorkshopUserSchema(StrictSchema):
    id = described(fields.String, "User id (wsu_…)")
    email = described(fields.String, "Sign-in e-mail")
    name = described(fields.String, "Name")
    invited = described(fields.Boolean, "Invited, no password chosen yet")
    locked_until = described(fields.DateTime, "Locked after wrong passwords until", allow_none=True)
    last_login_at = described(fields.DateTime, "Last sign-in", allow_none=True)
    created_at = described(fields.DateTime, "Created")


class WorkshopSchema(StrictSchema):
    id = described(fields.String, "Workshop id (wsh_…)")
    name = described(fields.String, "Name")
    kind = described(fields.String, "in_house or subcontractor")
    email = described(fields.String, "Notification e-mail", allow_none=True)
    is_default = described(fields.Boolean, "Gets every job no rule matches")
    users = described(fields.List, "Portal users", fields.Nested(WorkshopUserSchema))
    created_at = described(fields.DateTime, "Created")


class DispatchRuleInSchema(StrictSchema):
    workshop = described(fields.String, "Workshop id (wsh_…)", required=True, validate=ID)
    product = described(
        fields.String, "Only jobs of this product (prd_…); any when empty", allow_none=True
    )
    technique = described(
        fields.String,
        "Only jobs with an area in this technique; any when empty",
        allow_none=True,
        validate=validate.OneOf(TECHNIQUES),
    )
    store = described(
        fields.String, "Only jobs from this store (sto_…); any when empty", allow_none=True
    )
    position = described(
        fields.Integer,
        "Where the rule goes, 0 first; the end when omitted. The first matching rule wins",
        strict=True,
        load_default=None,
        validate=validate.Range(0, 10_000),
    )


class DispatchRulePatchSchema(DispatchRuleInSchema):
    workshop = described(fields.String, "Workshop id (wsh_…)", validate=ID)


class DispatchRuleSchema(StrictSchema):
    id = described(fields.String, "Rule id (dsr_…)")
    position = described(fields.Integer, "0 is tried first")
    workshop = described(fields.String, "Workshop id", attribute="workshop_id")
    product = described(
        fields.String, "Product id, or null for any", attribute="product_id", allow_none=True
    )
    technique = described(fields.String, "Technique, or null for any", allow_none=True)
    store = described(
        fields.String, "Store id, or null for any", attribute="store_id", allow_none=True
    )
    created_at = described(fields.DateTime, "Created")
