"""Jobs telling shops that a production job shipped."""

from monogram.jobs import in_app_context
from monogram.services import shop_status


@in_app_context
def record_shipment(job_id):
    # Raises while Shopify cannot take it, so rq tries again on its schedule.
    shop_status.record_shipment(job_id)
