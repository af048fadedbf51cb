"""Jobs that render production bundles."""

from monogram.jobs import in_app_context
from monogram.services import production


@in_app_context
def render_job(job_id):
    production.run_job(job_id)
