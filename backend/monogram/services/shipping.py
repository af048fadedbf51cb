"""The workshop's part of the lifecycle: production started, then shipped with its tracking."""

from urllib.parse import urlsplit

from monogram.errors import Invalid
from monogram.models.base import utcnow
from monogram.services import lifecycle, outbound

MAX_TRACKING = 100


def start_production(job, actor, source):
    lifecycle.transition(job, "in_production", actor, source)
    return job


def ship(job, carrier, tracking_number, tracking_url, actor, source):
    """Record the shipment; the shop hears of it (its connector, then subscribed webhooks)."""
    carrier = (carrier or "").strip()
    tracking_number = (tracking_number or "").strip()
    tracking_url = (tracking_url or "").strip() or None
    errors = []
    if not carrier:
        errors.append({"path": "/carrier", "message": "Say which carrier takes the parcel."})
    if not tracking_number:
        errors.append({"path": "/tracking_number", "message": "The parcel's tracking number."})
    elif len(tracking_number) > MAX_TRACKING:
        errors.append({"path": "/tracking_number", "message": "At most 100 characters."})
    if tracking_url is not None and (
        urlsplit(tracking_url).scheme != "https" or not urlsplit(tracking_url).hostname
    ):
        errors.append({"path": "/tracking_url", "message": "An https:// link, or nothing."})
    if errors:
        raise Invalid("The shipment is missing details; nothing was changed.", errors=errors)
    job.carrier, job.tracking_number, job.tracking_url = (
        carrier[:100],
        tracking_number,
        tracking_url,
    )
    job.shipped_at = utcnow()
    lifecycle.transition(job, "shipped", actor, source, f"{carrier} {tracking_number}")
    from monogram.services import shop_status
    from monogram.services.production import job_event

    outbound.emit(job.merchant_id, "job.shipped", job_event(job))
    shop_status.notify(job)
    return job
