"""The inks of a print area: how document colours and rasters reach its plates."""

import functools
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageCms
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color

PRESS_PROFILE = Path(__file__).parent / "profiles" / "monogram-fogra39.icc"

# The spot colour cutting plotters and RIPs look for; 100 % magenta is the trade's fallback.
CUT_CONTOUR = "CutContour"
# Engravers and laser cutters run one tool, so their artwork is one spot ink named for the job.
SINGLE_INKS = {"engraving": "Engrave", "laser_cut": "Cut"}

_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC
# No littleCMS pixel cache: a transform without one is safe to share between threads.
_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION | ImageCms.Flags.NOCACHE

# Pillow modes with alpha → the mode of their colour alone.
_ALPHA_DROPPED = {"RGBA": "RGB", "RGBa": "RGB", "RGBX": "RGB", "LA": "L", "La": "L"}
_PAPER = (0, 0, 0, 0)


def cut_contour_color():
    """The CutContour spot ink: a Separation the plotter follows, magenta on a proof."""
    return CMYKColorSep(0, 1, 0, 0, spotName=CUT_CONTOUR)


class Inks:
    """Turns document colours and images into what the area's press or tool takes.

    - cmyk and spot areas: CMYK passes unchanged, spot colours become Separations named for the
      ink (CMYK fallback as alternate), RGB goes through the FOGRA39 profile (relative
      colorimetric, black point compensation); neutral RGB greys become black-only tints so text
      and rules never print in four registered inks.
    - rgb areas (sublimation, screens): everything becomes sRGB; black-only CMYK becomes the
      grey of its lightness, so 100 % black stays #000000.
    - monochrome areas: everything becomes a black-only tint of the same lightness.
    - engraving and laser_cut: one spot ink (SINGLE_INKS); paper white means "tool off", every
      other colour full tone; rasters are dithered to 1 bit.
    """

    def __init__(self, area):
        self.area = area
        self.single_ink = SINGLE_INKS.get(area.technique)
        # What sets this area's colours apart from another's: part of cache keys.
        self.key = f"single:{self.single_ink}" if self.single_ink else area.color_mode

    @classmethod
    def for_area(cls, area):
        return cls(area)

    @property
    def raster_mode(self):
        """The Pillow mode of rasters on this area: CMYK, RGB, L (black only) or 1 (one ink)."""
        if self.single_ink:
            return "1"
        return {"rgb": "RGB", "monochrome": "L"}.get(self.area.color_mode, "CMYK")

    def single_ink_color(self, alpha=1.0):
        """Full tone of the area's one ink, or None when the area prints in several."""
        if not self.single_ink:
            return None
        return CMYKColorSep(0, 0, 0, 1, spotName=self.single_ink, alpha=alpha)

    def cut_contour_color(self):
        return cut_contour_color()

    def color(self, spec, alpha=1.0):
        """A reportlab colour for a document colour spec; alpha is the object's opacity.

        reportlab sets the fill opacity to the colour's own alpha, so a drawer passes its
        object's opacity here to keep it.
        """
        if self.single_ink:
            tint = 0 if _fallback(spec) == _PAPER else 1
            return CMYKColorSep(0, 0, 0, 1, spotName=self.single_ink, density=tint, alpha=alpha)
        if self.area.color_mode == "rgb":
            return Color(*_screen_rgb(spec), alpha=alpha)
        if self.area.color_mode == "monochrome":
            return CMYKColor(0, 0, 0, _black_of_spec(spec), alpha=alpha)
        if "spot" in spec:
            cyan, magenta, yellow, black = (value / 100 for value in spec["cmyk"])
            return CMYKColorSep(cyan, magenta, yellow, black, spotName=spec["spot"], alpha=alpha)
        if "cmyk" in spec:
            return CMYKColor(*(value / 100 for value in spec["cmyk"]), alpha=alpha)
        return CMYKColor(*_press_cmyk(spec["rgb"]), alpha=alpha)

    def image(self, picture):
        """The raster to embed, in raster_mode, at the picture's own pixel size.

        Alpha is dropped (the caller keeps it as a soft mask), except on single-ink areas where
        transparent pixels become paper before dithering. Greyscale stays greyscale: it prints
        on the black plate as it is. CMYK pixels pass unchanged on CMYK areas.
        """
        mode = self.raster_mode
        if mode == "1":
            return _lightness(_on_paper(picture)).convert("1", dither=Image.Dither.FLOYDSTEINBERG)
        picture = _opaque(picture)
        if picture.mode in (mode, "L"):
            return picture
        if mode == "CMYK":
            return _convert(picture, "press", "CMYK")
        if mode == "RGB":
            return _convert(picture, "sRGB", "RGB")
        return _lightness(picture).point(_black_lut(gray=True))


def color_of(reportlab_color):
    """The document colour spec of a reportlab colour (as svglib or a widget hands them over)."""
    if isinstance(reportlab_color, CMYKColor):
        cmyk = [round(value * reportlab_color.density * 100, 4) for value in reportlab_color.cmyk()]
        if reportlab_color.spotName:
            return {"spot": reportlab_color.spotName, "cmyk": cmyk}
        return {"cmyk": cmyk}
    red, green, blue = (round(value * 255) for value in reportlab_color.rgb())
    return {"rgb": f"#{red:02x}{green:02x}{blue:02x}"}


# Colours ------------------------------------------------------------------------------------


def _fallback(spec):
    """The spec as four ink bytes (0–255): CMYK as given, RGB as the press would print it."""
    if "cmyk" in spec:
        return tuple(round(value * 2.55) for value in spec["cmyk"])
    return tuple(round(value * 255) for value in _press_cmyk(spec["rgb"]))


@functools.lru_cache(maxsize=4096)
def _press_cmyk(rgb):
    """CMYK fractions the press prints for an sRGB "#rrggbb"; greys on the black plate alone."""
    pixel = _hex_pixel(rgb)
    if pixel[0] == pixel[1] == pixel[2]:
        return (0, 0, 0, _black_lut()[_pixel_lightness(pixel, "RGB")] / 255)
    converted = _transform("sRGB", "press", "RGB", "CMYK").apply(Image.new("RGB", (1, 1), pixel))
    return tuple(value / 255 for value in converted.getpixel((0, 0)))


@functools.lru_cache(maxsize=4096)
def _screen_rgb_of_cmyk(cmyk_bytes):
    converted = _transform("press", "sRGB", "CMYK", "RGB").apply(
        Image.new("CMYK", (1, 1), cmyk_bytes)
    )
    return tuple(value / 255 for value in converted.getpixel((0, 0)))


def _screen_rgb(spec):
    """sRGB fractions for a spec; a black-only CMYK becomes the grey of its lightness."""
    if "rgb" in spec:
        return tuple(value / 255 for value in _hex_pixel(spec["rgb"]))
    cyan, magenta, yellow, black = _fallback(spec)
    if cyan == magenta == yellow == 0:
        return (_gray_of_black()[black] / 255,) * 3
    return _screen_rgb_of_cmyk((cyan, magenta, yellow, black))


def _black_of_spec(spec):
    """Black tint (0–1) printing a colour's lightness; a black-only CMYK keeps its value."""
    if "cmyk" in spec:
        cyan, magenta, yellow, black = spec["cmyk"]
        if cyan == magenta == yellow == 0:
            return black / 100
        return _black_lut()[_pixel_lightness(_fallback(spec), "CMYK")] / 255
    return _black_lut()[_pixel_lightness(_hex_pixel(spec["rgb"]), "RGB")] / 255


def _hex_pixel(rgb):
    return tuple(int(rgb[i : i + 2], 16) for i in (1, 3, 5))


def _pixel_lightness(pixel, mode):
    """L* of one sRGB or press CMYK pixel, scaled 0–255 as Pillow's LAB mode holds it."""
    source = "sRGB" if mode == "RGB" else "press"
    lab = _transform(source, "Lab", mode, "LAB").apply(Image.new(mode, (1, 1), pixel))
    lightness = lab.getpixel((0, 0))[0]
    return lightness if mode == "RGB" else _press_darkest_lut()[lightness]


@functools.cache
def _press_darkest_lut():
    """256 entries: L* of press CMYK → L* with the black plate's solid as darkest.

    Through the profile, solid black alone is lighter than the press's rich black; read as it
    is, a 100 % black would turn into a lighter grey or a dithered black. Designers mean it as
    the darkest there is.
    """
    solid = _transform("press", "Lab", "CMYK", "LAB").apply(
        Image.new("CMYK", (1, 1), (0, 0, 0, 255))
    )
    darkest = solid.getpixel((0, 0))[0]
    return tuple(max(0, round((value - darkest) * 255 / (255 - darkest))) for value in range(256))


@functools.cache
def _black_lut(gray=False):
    """256 entries: L* (0–255) → black ink (0–255) printing it, or DeviceGray (255 - black).

    The black plate alone cannot reach the press's rich black, so lightness is scaled between
    paper and solid black, as black point compensation does for colour.
    """
    ramp = Image.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, black) for black in range(256)])
    lab = _transform("press", "Lab", "CMYK", "LAB").apply(ramp)
    printed = list(lab.getchannel(0).tobytes())  # falls from paper (k=0) to solid (k=255)
    paper, solid = printed[0], printed[-1]
    table = []
    for lightness in range(256):
        target = solid + lightness / 255 * (paper - solid)
        black = min(range(256), key=lambda k, target=target: abs(printed[k] - target))
        table.append(255 - black if gray else black)
    return tuple(table)


@functools.cache
def _gray_of_black():
    """256 entries: black ink (0–255) → sRGB grey level; the inverse of the neutral mapping."""
    ramp = Image.new("RGB", (256, 1))
    ramp.putdata([(level,) * 3 for level in range(256)])
    lightness = _transform("sRGB", "Lab", "RGB", "LAB").apply(ramp).getchannel(0).tobytes()
    inked = [_black_lut()[value] for value in lightness]  # falls from 255 (grey 0) to 0
    return tuple(
        min(range(256), key=lambda level, black=black: abs(inked[level] - black))
        for black in range(256)
    )


# Rasters ------------------------------------------------------------------------------------


def _opaque(picture):
    """The picture as L, RGB or CMYK, alpha dropped; 16-bit greys scaled, not clipped."""
    if picture.mode in ("L", "RGB", "CMYK"):
        return picture
    if picture.mode in _ALPHA_DROPPED:
        return picture.convert(_ALPHA_DROPPED[picture.mode])
    if picture.mode in ("1", "F"):
        return picture.convert("L")
    if picture.mode.startswith("I"):
        # Pillow clips 16-bit values to 255 when converting to L; scale them down instead.
        return picture.convert("I").point(lambda value: value / 257).convert("L")
    return picture.convert("RGBA").convert("RGB")


def _on_paper(picture):
    """The picture with transparent pixels turned to white paper."""
    if picture.mode in _ALPHA_DROPPED or "transparency" in picture.info or picture.mode == "PA":
        rgba = picture.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return _opaque(picture)


def _lightness(picture):
    """L* of every pixel (0–255), read through the picture's profile."""
    picture = _opaque(picture)
    if picture.mode == "L":
        return picture
    if picture.mode == "RGB":
        return _convert(picture, "Lab", "LAB", source="sRGB").getchannel(0)
    return _convert(picture, "Lab", "LAB", source="press").getchannel(0).point(_press_darkest_lut())


def _convert(picture, target, out_mode, source=None):
    """The picture through its embedded ICC profile (else sRGB or the press) to target."""
    default = source or ("sRGB" if picture.mode == "RGB" else "press")
    embedded = picture.info.get("icc_profile")
    if embedded:
        try:
            return _transform(embedded, target, picture.mode, out_mode).apply(picture)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a damaged or mismatched profile: read the pixels as the usual space
    return _transform(default, target, picture.mode, out_mode).apply(picture)


def _profile(name):
    if name == "sRGB":
        return ImageCms.createProfile("sRGB")
    if name == "Lab":
        return ImageCms.createProfile("LAB")  # D50, the ICC connection space
    if name == "press":
        return ImageCms.getOpenProfile(str(PRESS_PROFILE))
    return ImageCms.getOpenProfile(BytesIO(name))  # an image's embedded profile, as bytes


@functools.lru_cache(maxsize=16)
def _transform(source, target, in_mode, out_mode):
    """A littleCMS transform, built once per process for each pair of profiles."""
    return ImageCms.buildTransform(
        _profile(source), _profile(target), in_mode, out_mode, _INTENT, flags=_FLAGS
    )
