"""/webhooks/shopify/<topic>: deliveries signed by Shopify, answered at once, applied by a job."""

from flask import Blueprint, abort, jsonify, request

from monogram.extensions.db import db
from monogram.services import shopify_webhooks

blp = Blueprint("webhooks", __name__, url_prefix="/webhooks")


@blp.post("/shopify/<topic>")
def shopify(topic):
    # Paths spell topics with "-" for "/": orders-create is orders/create.
    name = topic.replace("-", "/", 1)
    if name not in shopify_webhooks.TOPICS:
        abort(404)
    delivery = shopify_webhooks.receive(name, request.get_data(cache=True), request.headers)
    db.session.commit()
    return jsonify({"received": True, "duplicate": delivery is None}), 200
