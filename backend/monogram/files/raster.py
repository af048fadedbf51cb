"""Photos and bitmap logos: decoded in full, checked, and turned upright when EXIF says so."""

import math
import re
import struct
import warnings
from io import BytesIO

from PIL import Image, ImageOps

from monogram.errors import Invalid
from monogram.files.facts import InspectedFile
from monogram.files.sniff import sniff

# Pillow plugins tried on an upload; no other decoder ever sees the bytes.
PILLOW_FORMATS = ("PNG", "JPEG", "WEBP", "TIFF")

# Pillow's format name → (name in messages, media type, extension).
_FORMATS = {
    "PNG": ("PNG", "image/png", "png"),
    "JPEG": ("JPEG", "image/jpeg", "jpg"),
    # A JPEG carrying extra images (camera previews, iPhone HDR gain maps): the first is the photo.
    "MPO": ("JPEG", "image/jpeg", "jpg"),
    "WEBP": ("WebP", "image/webp", "webp"),
    "TIFF": ("TIFF", "image/tiff", "tiff"),
}

_LABELS = {"png": "PNG", "jpeg": "JPEG", "webp": "WebP", "tiff": "TIFF"}

_COLOR_MODES = {
    **dict.fromkeys(("RGB", "RGBA", "RGBX", "RGBa", "P", "PA"), "rgb"),
    **dict.fromkeys(("L", "LA", "La", "1", "I", "I;16", "I;16B", "I;16L", "I;16N", "F"), "gray"),
    "CMYK": "cmyk",
}
_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}

ORIENTATION = 0x0112  # EXIF tag
X_RESOLUTION = 282  # TIFF tag
_ORIENTATION_WORDS = {
    2: "mirrored left to right",
    3: "rotated 180°",
    4: "mirrored top to bottom",
    5: "mirrored and rotated 90° counter-clockwise",
    6: "rotated 90° clockwise",
    7: "mirrored and rotated 90° clockwise",
    8: "rotated 90° counter-clockwise",
}
_QUARTER_TURNS = {5, 6, 7, 8}

# What Pillow raises on truncated, corrupt or hostile files, depending on the plugin.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    struct.error,
    EOFError,
    ZeroDivisionError,
    IndexError,
    KeyError,
    TypeError,
    OverflowError,
)


def inspect_raster(data: bytes, limits) -> InspectedFile:
    """Facts of a PNG, JPEG, WebP or TIFF; the original bytes unless EXIF orientation applied."""
    with open_image(data, limits) as image:
        _, media_type, extension = _FORMATS[image.format]
        dpi = _dpi(image)
        icc = image.info.get("icc_profile") or None
        orientation = _orientation(image)
        if orientation not in _ORIENTATION_WORDS:
            # Images are placed at native pixels in print files: never re-encode needlessly.
            return _facts(image, data, media_type, extension, dpi, icc, notes=())
        upright = ImageOps.exif_transpose(image)
        if orientation in _QUARTER_TURNS and dpi:
            dpi = (dpi[1], dpi[0])
        stored = _encode(upright, image.format, dpi, icc)
        note = f"applied EXIF orientation ({_ORIENTATION_WORDS[orientation]})"
        if image.format in ("JPEG", "MPO"):
            note += "; the JPEG was saved again at quality 95"
        return _facts(upright, stored, media_type, extension, dpi, icc, notes=(note,))


def open_image(data: bytes, limits) -> Image.Image:
    """The first frame of a PNG, JPEG, WebP or TIFF, fully decoded; Invalid when untrustworthy."""
    with warnings.catch_warnings():
        # Pillow's own bomb threshold is process-wide and lower than ours (89 MP), so its
        # warning would refuse images our limit allows; our check below is the one that counts,
        # and Pillow's hard error (at twice its threshold) still stops a bomb before we see it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data), formats=PILLOW_FORMATS)
        except Image.DecompressionBombError as bomb:
            raise Invalid(_too_many_pixels(_pixels_named_in(bomb), limits.max_pixels)) from None
        except _DECODE_ERRORS:
            raise Invalid(_damaged(_LABELS.get(sniff(data), "image"))) from None
        label = _FORMATS[image.format][0]
        try:
            pixels = image.width * image.height
            if pixels > limits.max_pixels:
                raise Invalid(_too_many_pixels(pixels, limits.max_pixels, image.size))
            frames = getattr(image, "n_frames", 1)
            if frames > 1 and image.format != "MPO":
                raise Invalid(_several_frames(label, frames))
            image.load()
        except Invalid:
            image.close()
            raise
        except Image.DecompressionBombError as bomb:
            image.close()
            raise Invalid(_too_many_pixels(_pixels_named_in(bomb), limits.max_pixels)) from None
        except _DECODE_ERRORS:
            image.close()
            raise Invalid(_damaged(label)) from None
    return image


def _facts(image, data, media_type, extension, dpi, icc, notes):
    width, height = image.size
    return InspectedFile(
        kind="raster",
        media_type=media_type,
        extension=extension,
        data=data,
        width_px=width,
        height_px=height,
        width_mm=round(width / dpi[0] * 25.4, 2) if dpi else None,
        height_mm=round(height / dpi[1] * 25.4, 2) if dpi else None,
        color_mode=_COLOR_MODES.get(image.mode),
        has_alpha=image.mode in _ALPHA_MODES or "transparency" in image.info,
        # The lower of the two is what limits print sharpness.
        dpi=round(min(dpi), 2) if dpi else None,
        icc_profile=icc is not None,
        notes=notes,
    )


def _dpi(image):
    """(horizontal, vertical) dots per inch from the file's metadata, when present and plausible."""
    if image.format == "TIFF" and X_RESOLUTION not in image.tag_v2:
        return None  # Pillow reports 1 dpi for a TIFF that states no resolution at all
    try:
        horizontal, vertical = (float(value) for value in image.info["dpi"])
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if 1 <= horizontal <= 10_000 and 1 <= vertical <= 10_000:
        return horizontal, vertical
    return None


def _orientation(image):
    try:
        return image.getexif().get(ORIENTATION, 1)
    except _DECODE_ERRORS:
        # Unreadable EXIF is treated as absent: viewers show such photos as stored, and so do we.
        return 1


def _encode(upright, pillow_format, dpi, icc):
    """The upright image in its own format: JPEG at quality 95, the others losslessly."""
    options = {}
    if icc:
        options["icc_profile"] = icc
    if dpi:
        options["dpi"] = dpi
    exif = upright.getexif()
    exif.pop(ORIENTATION, None)
    if len(exif) and pillow_format != "TIFF":
        options["exif"] = exif
    out = BytesIO()
    if pillow_format in ("JPEG", "MPO"):
        upright.save(out, "JPEG", quality=95, subsampling=0, **options)
    elif pillow_format == "PNG":
        if "transparency" in upright.info:
            options["transparency"] = upright.info["transparency"]
        upright.save(out, "PNG", **options)
    elif pillow_format == "WEBP":
        upright.save(out, "WEBP", lossless=True, exact=True, **options)
    else:
        upright.save(out, "TIFF", compression="tiff_adobe_deflate", **options)
    return out.getvalue()


def _damaged(label):
    return f"This {label} is truncated or damaged; export it again and re-upload."


def _too_many_pixels(pixels, limit, size=None):
    dimensions = f" ({size[0]:,} x {size[1]:,} pixels)" if size else ""
    found = f"{_megapixels(pixels)} megapixels" if pixels else "too large to open safely"
    return (
        f"This image is {found}{dimensions}; the limit is {_megapixels(limit)} megapixels. "
        "Reduce its size and upload it again."
    )


def _pixels_named_in(bomb):
    # Pillow refuses before handing us the image; its message carries the pixel count.
    found = re.search(r"\((\d+) pixels\)", str(bomb))
    return int(found[1]) if found else None


def _megapixels(pixels):
    """Rounded up to one decimal, so an image just over the limit never reads as equal to it."""
    return f"{math.ceil(pixels / 100_000) / 10:g}"


def _several_frames(label, frames):
    if label == "TIFF":
        return f"This TIFF has {frames} pages; upload each page as its own file."
    return (
        f"This {label} is animated ({frames} frames); printed artwork needs a still image. "
        "Export a single frame and upload it again."
    )
