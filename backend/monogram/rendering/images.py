"""Raster images: placed at their native pixels, fitted, cropped and clipped to their box."""

import hashlib
import warnings
import zlib
from dataclasses import dataclass, field
from io import BytesIO

from PIL import Image
from reportlab.pdfbase import pdfdoc, pdfutils

from monogram.rendering.model import Box, pt

# Decoded and converted images kept in RenderCache.images across objects and renders; past this
# the least recently used go, so a run of posters with big photos stays within memory.
CACHE_BUDGET = 256 * 2**20  # bytes
# Encoded windows (crops) kept per image: a design uses one or two crops of the same photo.
_WINDOWS_KEPT = 4
# Deflate level for pixels: on photos, level 6 is about 7 times slower for a 15 % smaller stream.
_DEFLATE_LEVEL = 1
_ALPHA_MODES = ("RGBA", "RGBa", "LA", "La", "PA")
_SPACES = {"CMYK": "DeviceCMYK", "RGB": "DeviceRGB", "L": "DeviceGray"}
# An Adobe CMYK JPEG stores its inks inverted; PDF readers undo that with this Decode array.
_ADOBE_CMYK_DECODE = [1, 0, 1, 0, 1, 0, 1, 0]


@dataclass
class Raster:
    """An image ready for the page: ink pixels and soft mask, or a JPEG file passed through."""

    identity: str  # content hash and ink mode: names the image objects in the PDF
    width: int
    height: int
    pixels: Image.Image | None = None
    alpha: Image.Image | None = None
    jpeg: bytes | None = None
    jpeg_space: str = "DeviceCMYK"
    jpeg_inverted: bool = False
    encoded: dict = field(default_factory=dict)  # window → (content, mask content or None)

    @property
    def nbytes(self):
        size = len(self.jpeg or b"")
        for image in (self.pixels, self.alpha):
            if image is not None:
                size += image.width * image.height * len(image.getbands())
        return size + sum(len(c) + len(m or b"") for c, m in self.encoded.values())


def draw_image(canvas, obj, box, ctx):
    """Draws an image object in its box: fitted, cropped, clipped, at its own pixels."""
    raster = raster_for(ctx.resolver.asset(obj["asset"]), ctx)
    window = crop_window(obj.get("crop"), raster.width, raster.height)
    placed = placement(obj.get("fit", "cover"), window, box)
    clip = _intersection(placed, (0, 0, box.width, box.height))
    if clip is None:
        return
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(*clip)
    canvas.clipPath(path, stroke=0, fill=0)
    paint_raster(canvas, raster, window, placed, ctx.inks, obj.get("opacity", 1))
    canvas.restoreState()


def effective_dpi(obj, pixel_width, pixel_height):
    """(x dpi, y dpi): pixels of the used crop per inch as placed; cover counts the overflow."""
    window = crop_window(obj.get("crop"), pixel_width, pixel_height)
    box = Box(pt(obj["width"]), pt(obj["height"]))
    _, _, width, height = placement(obj.get("fit", "cover"), window, box)
    return (
        (window[2] - window[0]) / (width / 72),
        (window[3] - window[1]) / (height / 72),
    )


def crop_window(crop, width, height):
    """(left, top, right, bottom) pixels of the image a crop keeps, at least one pixel."""
    if not crop:
        return (0, 0, width, height)
    left = min(round(crop["x"] * width), width - 1)
    top = min(round(crop["y"] * height), height - 1)
    right = max(left + 1, min(width, round((crop["x"] + crop["width"]) * width)))
    bottom = max(top + 1, min(height, round((crop["y"] + crop["height"]) * height)))
    return (left, top, right, bottom)


def placement(fit, window, box):
    """(x, y, width, height) in points where the window lands in the box, centred."""
    used_width, used_height = window[2] - window[0], window[3] - window[1]
    if fit == "stretch":
        return (0, 0, box.width, box.height)
    pick = max if fit == "cover" else min
    scale = pick(box.width / used_width, box.height / used_height)
    width, height = used_width * scale, used_height * scale
    return ((box.width - width) / 2, (box.height - height) / 2, width, height)


def split_alpha(picture):
    """(picture without alpha, alpha as "L" or None when every pixel is opaque)."""
    if picture.mode not in _ALPHA_MODES and "transparency" not in picture.info:
        return picture, None
    with_alpha = picture.convert("LA" if picture.mode in ("L", "LA", "La", "1") else "RGBA")
    alpha = with_alpha.getchannel("A")
    color = with_alpha.convert(with_alpha.mode[:-1])
    color.info = {key: value for key, value in picture.info.items() if key != "transparency"}
    if alpha.getextrema() == (255, 255):
        return color, None
    return color, alpha


# Preparing ----------------------------------------------------------------------------------


def raster_for(asset, ctx):
    """The asset's raster for the area's inks, decoded and converted once per process."""
    images = ctx.cache.images
    key = (asset.sha256, ctx.inks.raster_mode)
    raster = images.pop(key, None)
    if raster is None:
        raster = prepare_raster(asset.data, ctx.inks, asset.sha256)
    images[key] = raster  # (re)inserted last: the most recently used
    _keep_within_budget(images)
    return raster


def prepare_raster(data, inks, identity):
    """A Raster from image file bytes: a JPEG needing no conversion keeps its own stream."""
    with warnings.catch_warnings():
        # Uploads were checked against Monogram's own pixel limit, which is above Pillow's.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        picture = Image.open(BytesIO(data))
        identity = f"{identity}-{inks.raster_mode}"
        passed = _jpeg_passthrough(data, picture, inks.raster_mode, identity)
        if passed is not None:
            return passed
        picture.load()
        return raster_of(picture, inks, identity)


def raster_of(picture, inks, identity):
    """A Raster from a decoded picture, converted to the area's inks."""
    if inks.raster_mode == "1":
        # Transparency becomes paper before dithering; the stencil leaves paper unprinted.
        pixels = inks.image(picture)
        return Raster(identity, pixels.width, pixels.height, pixels=pixels)
    color, alpha = split_alpha(picture)
    pixels = inks.image(color)
    return Raster(identity, pixels.width, pixels.height, pixels=pixels, alpha=alpha)


def _jpeg_passthrough(data, picture, raster_mode, identity):
    """A Raster embedding the JPEG file as is, when its pixels already suit the area."""
    if picture.format != "JPEG":
        return None
    if picture.mode == "CMYK":
        # Only Adobe-marked CMYK JPEGs have a known ink polarity (inverted); others are decoded.
        fits = raster_mode == "CMYK" and "adobe" in picture.info
    elif picture.mode == "L":
        fits = raster_mode in ("CMYK", "RGB", "L")
    else:
        fits = raster_mode == "RGB" and picture.mode == "RGB" and "icc_profile" not in picture.info
    if not fits:
        return None
    try:
        # The same reading reportlab's JPEG support does: baseline or progressive, 8 bits.
        pdfutils.readJPEGInfo(BytesIO(data))
    except Exception:
        return None
    return Raster(
        identity,
        picture.width,
        picture.height,
        jpeg=data,
        jpeg_space=_SPACES[picture.mode],
        jpeg_inverted=picture.mode == "CMYK",
    )


def _keep_within_budget(images):
    rasters = [key for key, value in images.items() if isinstance(value, Raster)]
    total = sum(images[key].nbytes for key in rasters)
    for key in rasters[:-1]:  # oldest first; the one just used stays
        if total <= CACHE_BUDGET:
            break
        total -= images.pop(key).nbytes
    if rasters and total > CACHE_BUDGET:
        images.pop(rasters[-1])  # too big to keep at all: it was drawn, and goes


# Painting -----------------------------------------------------------------------------------


def paint_raster(canvas, raster, window, rect, inks, opacity=1.0):
    """Draws the window (pixel box) of the raster into rect (x, y, width, height) in points."""
    x, y, width, height = rect
    if raster.jpeg is not None:
        # The whole file is embedded and positioned so the window lands on rect; the clip
        # hides the rest, since cutting pixels out of a JPEG would mean re-encoding it.
        scale_x = width / (window[2] - window[0])
        scale_y = height / (window[3] - window[1])
        top = y + height + window[1] * scale_y
        name = _register(canvas, raster.identity, lambda: _jpeg_object(raster))
        _do(
            canvas,
            name,
            (x - window[0] * scale_x, top - raster.height * scale_y),
            (raster.width * scale_x, raster.height * scale_y),
        )
        return
    full = window == (0, 0, raster.width, raster.height)
    identity = raster.identity if full else f"{raster.identity}-{'-'.join(map(str, window))}"
    name = _register(canvas, identity, lambda: _pixel_object(canvas, raster, window, identity))
    canvas.saveState()
    if raster.pixels.mode == "1":
        # A stencil paints the current fill colour: the area's one ink.
        canvas.setFillColor(inks.single_ink_color(alpha=opacity))
    _do(canvas, name, (x, y), (width, height))
    canvas.restoreState()


def _encoded(raster, window):
    """(pixel content, soft mask content or None) of a window, zlib-compressed, memoised."""
    if window not in raster.encoded:
        full = window == (0, 0, raster.width, raster.height)
        pixels = raster.pixels if full else raster.pixels.crop(window)
        alpha = raster.alpha if full or raster.alpha is None else raster.alpha.crop(window)
        if len(raster.encoded) >= _WINDOWS_KEPT:
            raster.encoded.pop(next(iter(raster.encoded)))
        raster.encoded[window] = (
            zlib.compress(pixels.tobytes(), _DEFLATE_LEVEL),
            None if alpha is None else zlib.compress(alpha.tobytes(), _DEFLATE_LEVEL),
        )
    return raster.encoded[window]


def _pixel_object(canvas, raster, window, identity):
    content, mask = _encoded(raster, window)
    width, height = window[2] - window[0], window[3] - window[1]
    if raster.pixels.mode == "1":
        return _ImageObject(width, height, content, space=None, bits=1)
    smask = None
    if mask is not None:
        mask_object = _ImageObject(width, height, mask, space="DeviceGray")
        smask = _register(canvas, f"{identity}-alpha", lambda: mask_object)
        smask = pdfdoc.PDFObjectReference(canvas._doc.getXObjectName(smask))
    return _ImageObject(width, height, content, space=_SPACES[raster.pixels.mode], smask=smask)


def _jpeg_object(raster):
    return _ImageObject(
        raster.width,
        raster.height,
        raster.jpeg,
        space=raster.jpeg_space,
        dct=True,
        decode=_ADOBE_CMYK_DECODE if raster.jpeg_inverted else None,
    )


def _register(canvas, identity, build):
    """The image object's name in the document, building and adding it on first use.

    reportlab's drawImage names images by a digest of all their pixels and ASCII85-encodes them;
    these are named by content hash, ink mode and window, and stay binary.
    """
    name = hashlib.sha256(identity.encode()).hexdigest()[:32]
    document = canvas._doc
    internal = document.getXObjectName(name)
    if internal not in document.idToObject:
        document.Reference(build(), internal)
    return name


def _do(canvas, name, origin, size):
    canvas._formsinuse.append(name)  # lists the object in the page's resources
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.transform(size[0], 0, 0, size[1], *origin)
    canvas._code.append(f"/{canvas._doc.getXObjectName(name)} Do")
    canvas.restoreState()


class _ImageObject(pdfdoc.PDFObject):
    """An image XObject: Flate pixels, a JPEG's own DCT data, or a 1-bit stencil (no space)."""

    def __init__(self, width, height, content, space, bits=8, dct=False, decode=None, smask=None):
        self.width, self.height = width, height
        self.content = content
        self.space, self.bits = space, bits
        self.dct, self.decode, self.smask = dct, decode, smask

    def format(self, document):
        stream = pdfdoc.PDFStream(content=self.content)
        entries = stream.dictionary
        entries["Type"] = pdfdoc.PDFName("XObject")
        entries["Subtype"] = pdfdoc.PDFName("Image")
        entries["Width"] = self.width
        entries["Height"] = self.height
        entries["BitsPerComponent"] = self.bits
        if self.space is None:
            entries["ImageMask"] = "true"
        else:
            entries["ColorSpace"] = pdfdoc.PDFName(self.space)
        if self.decode:
            entries["Decode"] = pdfdoc.PDFArray(self.decode)
        if self.smask is not None:
            entries["SMask"] = self.smask
        entries["Filter"] = pdfdoc.PDFArray(
            [pdfdoc.PDFName("DCTDecode" if self.dct else "FlateDecode")]
        )
        return stream.format(document)


def _intersection(a, b):
    left, bottom = max(a[0], b[0]), max(a[1], b[1])
    right, top = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    if right <= left or top <= bottom:
        return None
    return (left, bottom, right - left, top - bottom)
