"""Which of the merchant's fonts sets an imported text field, by the family the SVG asks for."""

import hashlib
import logging

import sqlalchemy as sa

from monogram.errors import Invalid
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.fonts import LIBRARY
from monogram.models import Font
from monogram.rendering import FontFile
from monogram.rendering.fonts import load_font
from monogram.services.production import render_cache
from monogram.services.template_import import ChosenFont

log = logging.getLogger(__name__)


class TemplateFonts:
    """Chooses among the product's fonts; without any, the merchant's and the library's."""

    def __init__(self, merchant_id, product):
        offered = [offer.font_id for offer in product.offered_fonts]
        query = sa.select(Font)
        if offered:
            query = query.where(Font.id.in_(offered))
        else:
            query = query.where(sa.or_(Font.merchant_id == merchant_id, Font.merchant_id.is_(None)))
        fonts = db.session.scalars(query.order_by(Font.family, Font.weight, Font.id)).all()
        # The merchant's own first: a brand's typeface wins over a library font of the same name.
        self.fonts = sorted(fonts, key=lambda font: font.merchant_id is None)
        self.limited = bool(offered)

    def choose(self, families, bold, italic):
        if not self.fonts:
            raise Invalid("Upload a font first: the template's text fields need one.")
        for family in families:
            styles = [font for font in self.fonts if font.family.lower() == family.lower()]
            if styles:
                chosen = _closest(styles, bold, italic)
                if (chosen.weight >= 600, chosen.italic) == (bold, italic):
                    return self._chosen(chosen)
                wanted = " ".join(["Bold"] * bold + ["Italic"] * italic) or "Regular"
                return self._chosen(
                    chosen,
                    f"{chosen.family} {wanted} is not among {self._where()}; the field uses "
                    f"{chosen.style}.",
                )
        chosen = _closest(self.fonts, bold, italic)
        asked = ", ".join(families) or "no font"
        note = (
            f"Its font ({asked}) is not among {self._where()}; the field uses {chosen.family} "
            f"{chosen.style}. Upload the font, or pick another in the editor."
        )
        return self._chosen(chosen, note)

    def _where(self):
        return "this product's fonts" if self.limited else "your fonts"

    def _chosen(self, font, note=None):
        return ChosenFont(font.id, _measured_name(font), note)


def _closest(fonts, bold, italic):
    def distance(font):
        return (font.italic != italic, abs(font.weight - (700 if bold else 400)))

    return min(fonts, key=distance)


def _measured_name(font):
    """The font registered for measuring, or None when its file cannot be read."""
    try:
        if font.asset is not None:
            data, sha256 = storage().get(font.asset.storage_key), font.asset.sha256
        else:
            data = (LIBRARY / font.library_file).read_bytes()
            sha256 = font.library_sha256 or hashlib.sha256(data).hexdigest()
        return load_font(FontFile(id=font.id, sha256=sha256, data=data), render_cache)
    except Exception:  # a font the renderer cannot read is measured roughly, not refused here
        log.warning("font %s could not be loaded to measure a template field", font.id)
        return None
