"""Files for offline rendering: a folder holding <asset id>.<ext> and <font id>.<ext> files."""

import hashlib
import mimetypes
from pathlib import Path

from monogram.rendering.model import AssetFile, FontFile, MissingFile


class DirectoryResolver:
    def __init__(self, folder):
        self.folder = Path(folder)

    def _find(self, file_id):
        matches = sorted(self.folder.glob(f"{file_id}.*"))
        if not matches:
            raise MissingFile(f"{file_id}: no {file_id}.* in {self.folder}")
        return matches[0]

    def asset(self, asset_id):
        path = self._find(asset_id)
        data = path.read_bytes()
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        kind = "vector" if media_type == "image/svg+xml" else "raster"
        return AssetFile(asset_id, hashlib.sha256(data).hexdigest(), media_type, kind, data)

    def font(self, font_id):
        data = self._find(font_id).read_bytes()
        return FontFile(font_id, hashlib.sha256(data).hexdigest(), data)
