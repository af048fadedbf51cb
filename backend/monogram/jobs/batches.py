"""Jobs on batches: validating the rows, rendering the pages."""

from monogram.jobs import in_app_context
from monogram.services import batches


@in_app_context
def validate(batch_id):
    batches.validate(batch_id)


@in_app_context
def render(batch_id):
    batches.render(batch_id)
