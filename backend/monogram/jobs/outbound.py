"""Jobs delivering outbound webhooks to merchants' endpoints."""

from monogram.jobs import in_app_context
from monogram.services import outbound


@in_app_context
def deliver(delivery_id):
    # One attempt; later ones are made by deliver_due when next_attempt_at comes.
    outbound.attempt(delivery_id)
