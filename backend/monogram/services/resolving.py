"""The bridge from stored rows and files to rendering's plain values."""

from monogram.errors import NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.fonts import LIBRARY
from monogram.models import Asset, Font
from monogram.rendering import Area, AssetFile, FontFile, MissingFile, Mockup, RenderProduct


class StorageResolver:
    """Hands rendering one merchant's files; anything else is missing, never another's file."""

    def __init__(self, merchant_id):
        self.merchant_id = merchant_id

    def asset(self, asset_id):
        asset = db.session.get(Asset, asset_id)
        if asset is None or asset.merchant_id != self.merchant_id:
            raise MissingFile(asset_id)
        return AssetFile(
            id=asset.id,
            sha256=asset.sha256,
            media_type=asset.media_type,
            kind=asset.kind,
            data=self._read(asset),
        )

    def font(self, font_id):
        font = db.session.get(Font, font_id)
        # Library fonts (no merchant) are every merchant's; the file is the one shipped.
        if font is None or font.merchant_id not in (None, self.merchant_id):
            raise MissingFile(font_id)
        if font.merchant_id is None:
            path = LIBRARY / font.library_file
            if not path.is_file():
                raise MissingFile(font_id)
            sha256, data = font.library_sha256, path.read_bytes()
        else:
            sha256, data = font.asset.sha256, self._read(font.asset)
        return FontFile(id=font.id, sha256=sha256, data=data, family=font.family, style=font.style)

    def _read(self, asset):
        try:
            return storage().get(asset.storage_key)
        except NotFound as error:
            raise MissingFile(asset.id) from error


def render_product(product):
    """A product row as rendering sees it."""
    return RenderProduct(
        id=product.id,
        name=product.name,
        areas=tuple(
            Area(
                id=area.code,
                name=area.name,
                width=area.width,
                height=area.height,
                bleed=area.bleed,
                safe=area.safe,
                technique=area.technique,
                color_mode=area.color_mode,
                max_colors=area.max_colors,
                min_dpi=area.min_dpi,
                cut_contour=area.cut_contour,
            )
            for area in product.areas
        ),
        mockups={
            area.code: Mockup(area.mockup_asset_id, tuple(map(tuple, area.mockup_quad)))
            for area in product.areas
            if area.mockup_asset_id
        },
    )
