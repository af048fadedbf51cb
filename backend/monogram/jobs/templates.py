"""Jobs on templates."""

from monogram.jobs import in_app_context
from monogram.services import template_thumbnails


@in_app_context
def make_thumbnail(template_id, revision):
    template_thumbnails.make_thumbnail(template_id, revision)
