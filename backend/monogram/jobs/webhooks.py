"""Jobs applying webhooks received from platforms."""

from monogram.jobs import in_app_context
from monogram.services import shopify_webhooks


@in_app_context
def apply_shopify(delivery_id):
    shopify_webhooks.apply(delivery_id)
