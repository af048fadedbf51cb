"""What an uploaded file is, judged from its content, and the sanitised bytes to keep."""

import math

from monogram.errors import TooLarge, UnsupportedMediaType
from monogram.files.facts import FontFacts, InspectedFile
from monogram.files.fonts import inspect_font
from monogram.files.limits import UploadLimits
from monogram.files.raster import inspect_raster
from monogram.files.sniff import FORMAT_NAMES, KIND_OF_FORMAT, KINDS, kinds_in_words, sniff
from monogram.files.svg import inspect_svg

__all__ = ["FontFacts", "InspectedFile", "UploadLimits", "inspect_upload"]

_INSPECT = {"raster": inspect_raster, "vector": inspect_svg, "font": inspect_font}
_KIND_NOUNS = {"raster": "image", "vector": "SVG drawing", "font": "font file"}
_LIMIT_NOUNS = {"raster": "images", "vector": "SVG drawings", "font": "fonts"}


def inspect_upload(
    data: bytes, limits: UploadLimits, expect: frozenset[str] | None = None
) -> InspectedFile:
    """Decide what an upload is from its bytes, refuse what is bad, and return what to store.

    expect, a set among "raster", "vector" and "font", narrows what is accepted; content of
    another kind is refused (415) with a message naming both.
    """
    wanted = KINDS if expect is None else expect
    if not set(wanted) <= set(KINDS):
        raise ValueError(f"expect must be among {KINDS}, not {sorted(wanted)}")
    found = sniff(data)
    if found is None:
        raise UnsupportedMediaType(
            f"This file is not {kinds_in_words(wanted)}; save it as one and upload it again."
        )
    kind = KIND_OF_FORMAT.get(found)
    if kind is None:
        raise UnsupportedMediaType(
            f"This file is {FORMAT_NAMES[found]}, which cannot be used here; save it as "
            f"{kinds_in_words(wanted)} and upload it again."
        )
    if kind not in wanted:
        raise UnsupportedMediaType(
            f"This file is {FORMAT_NAMES[found]}, but {kinds_in_words(wanted)} is expected here."
        )
    limit = limits.bytes_for(kind)
    if len(data) > limit:
        raise TooLarge(
            f"This {_KIND_NOUNS[kind]} is {_megabytes(len(data))} MB; the limit for "
            f"{_LIMIT_NOUNS[kind]} is {limit / 2**20:g} MB. Make it smaller and upload it again."
        )
    return _INSPECT[kind](data, limits)


def _megabytes(size):
    """Rounded up to one decimal, so a file just over the limit never reads as equal to it."""
    return f"{math.ceil(size * 10 / 2**20) / 10:g}"
