"""/v1/webhook-endpoints: where merchants receive events, and the log of every delivery."""

from flask import url_for
from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.webhook_endpoints.schemas import (
    DeliveryQueryArgsSchema,
    OutboundDeliverySchema,
    WebhookEndpointCreatedSchema,
    WebhookEndpointCreateSchema,
    WebhookEndpointSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import outbound

blp = Blueprint(
    "webhook_endpoints",
    __name__,
    url_prefix="/v1",
    description="Outbound webhooks: signed events posted to the merchant's endpoints.",
)


def view(endpoint, **extra):
    fields = ("id", "url", "events", "enabled", "created_at")
    return {**{name: getattr(endpoint, name) for name in fields}, **extra}


@blp.route("/webhook-endpoints")
class WebhookEndpoints(MethodView):
    @auth.secret_key
    @blp.arguments(WebhookEndpointCreateSchema)
    @blp.response(201, WebhookEndpointCreatedSchema)
    def post(self, fields):
        """Register an endpoint; the answer holds its signing secret, shown only this once"""
        endpoint, secret = outbound.create_endpoint(
            auth.caller().merchant_id, fields["url"], fields["events"], fields["enabled"]
        )
        db.session.commit()
        location = url_for("webhook_endpoints.WebhookEndpointById", endpoint_id=endpoint.id)
        return view(endpoint, secret=secret), {"Location": location}

    @auth.secret_key
    @blp.response(200, WebhookEndpointSchema(many=True))
    def get(self):
        """List endpoints"""
        return outbound.list_endpoints(auth.caller().merchant_id)


@blp.route("/webhook-endpoints/<endpoint_id>")
class WebhookEndpointById(MethodView):
    @auth.secret_key
    @blp.response(204)
    def delete(self, endpoint_id):
        """Delete an endpoint: nothing more is sent to it"""
        outbound.delete_endpoint(auth.caller().merchant_id, endpoint_id)
        db.session.commit()


@blp.route("/webhook-endpoints/<endpoint_id>/deliveries")
class EndpointDeliveries(MethodView):
    @auth.secret_key
    @blp.arguments(DeliveryQueryArgsSchema, location="query")
    @blp.response(200, OutboundDeliverySchema(many=True))
    def get(self, args, endpoint_id):
        """The delivery log of an endpoint: each event sent, with every attempt"""
        return outbound.endpoint_deliveries(
            auth.caller().merchant_id, endpoint_id, limit=args["limit"]
        )


@blp.route("/webhook-deliveries/<delivery_id>/redeliver")
class Redeliver(MethodView):
    @auth.secret_key
    @blp.response(202, OutboundDeliverySchema)
    def post(self, delivery_id):
        """Send a delivery again now, succeeded or failed"""
        delivery = outbound.redeliver(auth.caller().merchant_id, delivery_id)
        db.session.commit()
        return delivery
