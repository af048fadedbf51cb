"""Outbound webhook endpoint and delivery schemas."""

from marshmallow import fields, validate

from monogram.api.common import StrictSchema, described
from monogram.models.webhook import EVENT_TYPES


class WebhookEndpointCreateSchema(StrictSchema):
    url = described(
        fields.String,
        "Where events are posted: https://, or http:// on 127.0.0.1 or localhost for development",
        required=True,
        validate=validate.Length(1, 2000),
    )
    events = described(
        fields.List,
        "Event types to receive: " + ", ".join(EVENT_TYPES),
        fields.String(validate=validate.OneOf(EVENT_TYPES)),
        required=True,
        validate=validate.Length(min=1),
    )
    enabled = described(fields.Boolean, "Whether events are sent to it", load_default=True)


class WebhookEndpointSchema(StrictSchema):
    id = described(fields.String, "Endpoint id (we_…)")
    url = described(fields.String, "Where events are posted")
    events = described(fields.List, "Event types it receives", fields.String())
    enabled = described(fields.Boolean, "Whether events are sent to it")
    created_at = described(fields.DateTime, "When it was registered")


class WebhookEndpointCreatedSchema(WebhookEndpointSchema):
    secret = described(
        fields.String,
        "Signing secret (whsec_…), shown only now: verify Monogram-Signature with it",
    )


class DeliveryAttemptSchema(StrictSchema):
    number = described(fields.Integer, "1 for the first attempt")
    started_at = described(fields.DateTime, "When the request was made")
    duration_ms = described(fields.Integer, "How long the endpoint took to answer, in ms")
    status_code = described(
        fields.Integer, "The endpoint's HTTP status; null when it did not answer", allow_none=True
    )
    error = described(fields.String, "What went wrong, when it did", allow_none=True)
    response_body = described(
        fields.String, "The first kilobyte of the endpoint's answer", allow_none=True
    )


class OutboundDeliverySchema(StrictSchema):
    id = described(fields.String, "Delivery id (dlv_…)")
    event = described(fields.String, "Event id (evt_…)", attribute="event_id")
    type = described(fields.String, "Event type", attribute="event.type")
    status = described(fields.String, "pending, succeeded or failed")
    attempts = described(fields.Integer, "Attempts made so far")
    next_attempt_at = described(
        fields.DateTime, "When the next attempt is due, while pending", allow_none=True
    )
    created_at = described(fields.DateTime, "When the event was queued for this endpoint")
    attempt_log = described(
        fields.List,
        "Every attempt, first first",
        fields.Nested(DeliveryAttemptSchema),
        data_key="attempt_log",
    )


class DeliveryQueryArgsSchema(StrictSchema):
    limit = described(
        fields.Integer,
        "How many deliveries, newest first",
        load_default=50,
        validate=validate.Range(1, 200),
    )
