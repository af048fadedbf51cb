"""/v1/orders: orders reported by shops and connectors."""

from flask import url_for
from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.orders.schemas import OrderHeadersSchema, OrderInSchema, OrderSchema
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import orders

blp = Blueprint(
    "orders", __name__, url_prefix="/v1/orders", description="Orders placed in the shops."
)


def view(order):
    return {
        **{name: getattr(order, name) for name in ("id", "store_id", "platform_order_id")},
        "name": order.name,
        "currency": order.currency,
        "status": order.status,
        "created_at": order.created_at,
        "lines": [
            {
                "id": line.id,
                "platform_line_id": line.platform_line_id,
                "quantity": line.quantity,
                "design_id": line.design_id,
                "design_version": line.design_version.number if line.design_version else None,
                "status": line.status,
                "flag_reason": line.flag_reason,
                "job_id": line.job_id,
                "fulfilled_at": line.fulfilled_at,
                "platform_fulfillment_id": line.platform_fulfillment_id,
                "price_check": line.price_check,
            }
            for line in order.lines
        ],
    }


@blp.route("")
class Orders(MethodView):
    @auth.secret_key
    @blp.arguments(OrderHeadersSchema, location="headers")
    @blp.arguments(OrderInSchema)
    @blp.response(201, OrderSchema)
    def post(self, headers, fields):
        """Report an order; the same order again answers with the first result"""
        caller = auth.caller()
        store = orders.order_store(caller, fields.get("store"))
        order, replayed = orders.ingest_order(
            store, fields, idempotency_key=headers["idempotency_key"]
        )
        db.session.commit()
        response_headers = {"Location": url_for("orders.OrderById", order_id=order.id)}
        if replayed:
            response_headers["Idempotent-Replayed"] = "true"
        return view(order), response_headers


@blp.route("/<order_id>")
class OrderById(MethodView):
    @auth.secret_key
    @blp.response(200, OrderSchema)
    def get(self, order_id):
        """Get an order with the state of each line"""
        return view(orders.get_order(auth.caller().merchant_id, order_id))
