"""The typeface of workshop paper: DejaVu Sans, embedded so that accents print everywhere."""

import functools
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Debian's fonts-dejavu-core; the Docker image installs it too.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@functools.cache
def register():
    """Register the regular and bold faces with reportlab, once per process."""
    for name in (REGULAR, BOLD):
        path = FONT_DIR / f"{name}.ttf"
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: apt-get install fonts-dejavu-core")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return REGULAR, BOLD


def width(text, font, size):
    return pdfmetrics.stringWidth(text, font, size)


def fitted_size(text, font, largest, smallest, room):
    """The largest size, down to `smallest`, at which `text` fits in `room` points."""
    size = largest
    while size > smallest and width(text, font, size) > room:
        size -= 0.5
    return size


def clipped(text, font, size, room):
    """`text` cut to fit `room` points, an ellipsis saying that it was."""
    if width(text, font, size) <= room:
        return text
    while text and width(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"
