"""Production job schemas."""

from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.models.production import JOB_STATUSES


class JobCreateSchema(StrictSchema):
    design = described(fields.String, "Design id (dsn_…)", required=True)
    version = described(
        fields.Integer,
        "Design version to produce; the latest when omitted",
        load_default=None,
        strict=True,
        validate=validate.Range(1),
    )
    order = described(
        fields.String,
        "The shop's order reference",
        load_default="",
        validate=validate.Length(0, 200),
    )
    line = described(
        fields.String, "The order line reference", load_default="", validate=validate.Length(0, 200)
    )
    quantity = described(
        fields.Integer,
        "How many to make",
        load_default=1,
        strict=True,
        validate=validate.Range(1, 1_000_000),
    )
    proof_email = described(
        fields.Email,
        "Who approves the proof when the product asks for one; without it the job waits for "
        "the merchant's approval",
        load_default=None,
    )


class JobEventSchema(StrictSchema):
    from_ = described(fields.String, "Status before", data_key="from", allow_none=True)
    to = described(fields.String, "Status after")
    actor = described(fields.String, "Who: system, customer:<e-mail> or merchant:<key prefix>")
    source = described(fields.String, "From where: an IP address, worker, webhook, recovery…")
    note = described(fields.String, "Why, when someone said", allow_none=True)
    at = described(fields.DateTime, "When")


class ProofSchema(StrictSchema):
    revision = described(fields.Integer, "Revision number, from 1")
    stage = described(fields.String, "customer (the buyer) or manager (their company's manager)")
    version = described(fields.Integer, "Design version shown in this revision")
    email = described(fields.String, "Who it was sent to", allow_none=True)
    status = described(fields.String, "sent, approved or changes_requested")
    sent_at = described(fields.DateTime, "When it was sent")
    expires_at = described(fields.DateTime, "When its link stops working")
    decided_at = described(fields.DateTime, "When it was decided", allow_none=True)
    decided_by = described(fields.String, "Who decided", allow_none=True)
    comment = described(fields.String, "The approver's comment", allow_none=True)


class JobFileSchema(StrictSchema):
    name = described(fields.String, "File name in the bundle, e.g. print.pdf")
    sha256 = described(fields.String, "SHA-256 of the file")
    bytes = described(fields.Integer, "Size in bytes")
    url = described(fields.String, "Download link, valid for 15 minutes without a key")


class JobSchema(StrictSchema):
    id = described(fields.String, "Job id (job_…)")
    design = described(fields.String, "Design id", attribute="design_id")
    version = described(fields.Integer, "Design version produced", attribute="version.number")
    order = described(fields.String, "Order reference", attribute="order_ref")
    line = described(fields.String, "Order line reference", attribute="line_ref")
    quantity = described(fields.Integer, "How many to make")
    status = described(
        fields.String,
        "received, awaiting_proof, proof_sent, changes_requested, approved, queued, rendering, "
        "ready, in_production, shipped, refused, cancelled or failed",
    )
    attempts = described(fields.Integer, "Render attempts so far")
    reason = described(fields.String, "Why the job was refused or failed", allow_none=True)
    preflight = described(fields.Dict, "The preflight report of the version", allow_none=True)
    files = described(fields.List, "Files of the bundle, once ready", fields.Nested(JobFileSchema))
    proof_email = described(fields.String, "Who approves the proof", allow_none=True)
    manager_email = described(
        fields.String, "Who approves after the buyer (customer_then_manager)", allow_none=True
    )
    locale = described(fields.String, "The customer's language", allow_none=True)
    due_at = described(
        fields.DateTime,
        "Ship-by time, from the product's lead time in working days",
        allow_none=True,
    )
    flag = described(
        fields.String,
        "late (past due, not shipped), at_risk (due within a day) or null",
        allow_none=True,
    )
    workshop = described(
        fields.String, "Workshop making it (wsh_…)", attribute="workshop_id", allow_none=True
    )
    dispatched_at = described(fields.DateTime, "When it went to its workshop", allow_none=True)
    shipped_at = described(fields.DateTime, "When it shipped", allow_none=True)
    tracking = described(fields.Dict, "carrier, number and url once shipped", allow_none=True)
    proofs = described(fields.List, "Proof revisions, oldest first", fields.Nested(ProofSchema))
    events = described(
        fields.List, "Audit log of status changes, oldest first", fields.Nested(JobEventSchema)
    )
    created_at = described(fields.DateTime, "When the job was created")
    updated_at = described(fields.DateTime, "When the job last changed")
    finished_at = described(
        fields.DateTime, "When it became ready, refused or failed", allow_none=True
    )


class ShipmentSchema(StrictSchema):
    carrier = described(
        fields.String,
        "Carrier, e.g. Colissimo, DHL",
        required=True,
        validate=validate.Length(1, 100),
    )
    tracking_number = described(
        fields.String,
        "The parcel's tracking number",
        required=True,
        validate=validate.Length(1, 100),
    )
    tracking_url = described(
        fields.String,
        "Tracking page (https://)",
        load_default=None,
        validate=validate.Length(0, 1000),
    )


class WorkshopChoiceSchema(StrictSchema):
    workshop = described(
        fields.String, "Workshop id (wsh_…)", required=True, validate=validate.Length(1, 32)
    )


class SignedLinkSchema(StrictSchema):
    class Meta(StrictSchema.Meta):
        unknown = "exclude"

    expires = described(fields.Integer, "Unix time the link expires", load_default=None)
    signature = described(fields.String, "Signature of the link", load_default=None)


class JobQuerySchema(StrictSchema):
    since = described(
        fields.AwareDateTime,
        "Only jobs changed after this instant (ISO 8601 with a time zone): poll with the "
        "updated_at of the last job you saw",
        load_default=None,
    )
    status = described(
        fields.String,
        "Only jobs in this status",
        load_default=None,
        validate=validate.OneOf(JOB_STATUSES),
    )
    workshop = described(fields.String, "Only jobs of this workshop (wsh_…)", load_default=None)
    flag = described(
        fields.String,
        "Only late or at-risk jobs",
        load_default=None,
        validate=validate.OneOf(("late", "at_risk")),
    )
    limit = described(
        fields.Integer, "At most this many jobs", load_default=100, validate=validate.Range(1, 1000)
    )
