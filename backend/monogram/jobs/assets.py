"""Jobs on uploaded assets."""

from monogram.jobs import in_app_context
from monogram.services import previews


@in_app_context
def make_preview(asset_id):
    previews.make_preview(asset_id)
