"""/widget/<file>: the loader merchants embed and the content-hashed editor bundle it loads."""

import json
import logging
from pathlib import Path

from flask import Blueprint, current_app, send_from_directory
from werkzeug.exceptions import NotFound as FileNotFound

from monogram.errors import NotFound

log = logging.getLogger(__name__)

blp = Blueprint("widget", __name__, url_prefix="/widget")

MANIFEST = "manifest.json"
# The loader keeps its name so merchants never edit their pages: a short cache lets a new release
# reach shoppers within minutes.
SHORT_CACHE = "public, max-age=300"
# A content-hashed file never changes under its name.
LONG_CACHE = "public, max-age=31536000, immutable"
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
NOT_BUILT = (
    "The editor widget is not built: run `make run`, or `cd widget && npm ci && npm run build`."
)


def widget_dir():
    return Path(current_app.config["MONOGRAM"].WIDGET_DIR)


def hashed_names(folder):
    """Files the build names by content, read from its manifest: every entry but the loader."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return set()
    loader = manifest.get("loader")
    return {name for key, name in manifest.items() if key != "loader" and name != loader}


def cache_control(folder, filename):
    for hashed in hashed_names(folder):
        # A source map shares its bundle's hashed name.
        if filename == hashed or filename == f"{hashed}.map":
            return LONG_CACHE
    return SHORT_CACHE


@blp.get("/<path:filename>")
def widget_file(filename):
    folder = widget_dir()
    if not (folder / MANIFEST).is_file():
        log.warning("widget file %s asked for, but %s holds no build", filename, folder)
        raise NotFound(NOT_BUILT)
    media_type = MEDIA_TYPES.get(Path(filename).suffix)
    if media_type is None:
        raise NotFound(f"There is no widget file named {filename!r}.")
    try:
        # send_from_directory refuses paths that leave the folder.
        response = send_from_directory(folder, filename)
    except FileNotFound:
        raise NotFound(f"There is no widget file named {filename!r}.") from None
    # Set here rather than guessed: the mimetypes table differs between Python versions.
    response.headers["Content-Type"] = media_type
    response.headers["Cache-Control"] = cache_control(folder, filename)
    return response


@blp.after_request
def shareable(response):
    # Shop pages on any domain load these files; they hold no secret and use no cookie.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
