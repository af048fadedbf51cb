"""Preflight: what would print badly or not at all, found before the press, in shopper's words."""

import io
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageColor

from monogram.rendering.images import crop_window, effective_dpi, placement
from monogram.rendering.model import POINTS_PER_MM, Area, Box, MissingFile, pt
from monogram.rendering.text import layout_text

ERROR = "error"  # blocks production
WARNING = "warning"  # shown to the shopper and the merchant; the job still runs

# Below min_dpi is refused; below this multiple of it the photo prints, a little soft.
SOFT_DPI_MARGIN = 1.2
# Room for float noise in turned corners, in mm: far below anything a cutter can tell.
EPSILON = 1e-6

RGB_MODES = {"RGB", "RGBA", "RGBX", "RGBa", "P", "PA"}
GREY_MODES = {"1", "L", "LA", "La", "I", "I;16", "F"}
# A greyscale raster prints as one halftoned ink, counted as black.
HALFTONE_BLACK = ("cmyk", (0, 0, 0, 100))
# Images and filled shapes may run off the edge on purpose; text, codes and lines never should.
BACKGROUND_TYPES = {"image", "vector", "shape"}

# A paint in an attribute (fill="#123456") or in CSS (fill: red;), up to its end.
_SVG_PAINT = re.compile(r"(?<![\w-])(?:fill|stroke|stop-color)\s*[:=]\s*[\"']?\s*([^;\"'>}!]+)")
_NO_PAINT = {"", "none", "transparent", "inherit", "currentcolor"}


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    area: str
    object: str | None
    path: str  # JSON pointer into the design document
    message: str
    numbers: dict = field(default_factory=dict)  # dpi, min_dpi, colors… for the widget to show

    def to_dict(self):
        return {
            "code": self.code,
            "severity": self.severity,
            "area": self.area,
            "object": self.object,
            "path": self.path,
            "message": self.message,
            **self.numbers,
        }


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def blocking(self):
        return [check for check in self.checks if check.severity == ERROR]

    @property
    def ok(self):
        return not self.blocking

    def to_dict(self):
        return {"ok": self.ok, "checks": [check.to_dict() for check in self.checks]}


def preflight(document, product, resolver, cache):
    """Every check of every surface of a validated design, in document order."""
    checks = []
    for index, surface in enumerate(document["surfaces"]):
        area = product.area(surface["area"])
        checks.extend(_surface_checks(surface, index, area, resolver, cache))
    return Report(checks)


@dataclass(frozen=True)
class _Place:
    """Where a check points: the area and, for object checks, the object and its pointer."""

    area: Area
    path: str
    obj: dict | None = None

    def check(self, code, severity, message, **numbers):
        object_id = self.obj["id"] if self.obj else None
        return Check(code, severity, self.area.id, object_id, self.path, message, numbers)


def _surface_checks(surface, index, area, resolver, cache):
    checks, inks = [], set()
    for number, obj in enumerate(surface["objects"]):
        place = _Place(area, f"/surfaces/{index}/objects/{number}", obj)
        source, problem = _resolve(place, resolver, cache)
        checks.extend([problem] if problem else [])
        checks.extend(_object_checks(place, source, cache))
        object_inks = _inks(obj, source, cache)
        if object_inks is None and area.max_colors is not None:
            checks.append(_photo_on_limited_inks(place))
        inks |= object_inks or set()
    if area.max_colors is not None and len(inks) > area.max_colors:
        checks.append(_too_many_inks(_Place(area, f"/surfaces/{index}"), len(inks)))
    return checks


def _resolve(place, resolver, cache):
    """(source, None), or (None, the check saying why the file is not there)."""
    try:
        return _source(place.obj, resolver, cache), None
    except MissingFile:
        return None, _missing(place)
    except (OSError, Image.DecompressionBombError):
        # Pillow cannot identify or open the stored bytes: as good as missing for print.
        return None, _unreadable(place)


def _source(obj, resolver, cache):
    """A text's font, a vector's asset, an image's (asset, (width px, height px, mode))."""
    if obj["type"] == "text":
        return resolver.font(obj["font"])
    if obj["type"] == "image":
        asset = resolver.asset(obj["asset"])
        return asset, raster_header(asset, cache)
    if obj["type"] == "vector":
        return resolver.asset(obj["asset"])
    return None


def raster_header(asset, cache):
    """(width px, height px, mode) read from the file header: no pixel is decoded."""
    key = ("size", asset.sha256)
    if key not in cache.images:
        with warnings.catch_warnings():
            # Uploads were checked against Monogram's own pixel limit, which is above Pillow's.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(asset.data)) as image:
                cache.images[key] = (*image.size, image.mode)
    return cache.images[key]


def _object_checks(place, source, cache):
    obj = place.obj
    checks = []
    header = source[1] if obj["type"] == "image" and source else None
    corners = box_corners(_ink_box(obj, header))
    checks.extend(_geometry_checks(place, corners))
    if obj["type"] == "text":
        checks.extend(_text_checks(place, source, cache))
    if header:
        checks.extend(_resolution_checks(place, header))
    # Single-colour areas burn every colour as one ink: there is nothing to convert.
    converts_rgb = place.area.color_mode == "cmyk" and not place.area.single_colour
    if converts_rgb and _is_rgb(obj, source, header):
        checks.append(_rgb_in_cmyk(place, header))
    return checks


# Geometry -------------------------------------------------------------------------------------


def box_corners(box):
    """Corners of a box (x, y, width, height, rotation), mm and degrees, turned about its centre.

    In the document's y-down coordinates, TL, TR, BR, BL before the turn.
    """
    x, y, width, height, rotation = box
    centre_x, centre_y = x + width / 2, y + height / 2
    turn = math.radians(rotation)
    cos, sin = math.cos(turn), math.sin(turn)
    corners = []
    for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        dx, dy = dx * width / 2, dy * height / 2
        # With y down, this matrix turns clockwise as the shopper sees it.
        corners.append((centre_x + dx * cos - dy * sin, centre_y + dx * sin + dy * cos))
    return corners


def _ink_box(obj, header):
    box = (obj["x"], obj["y"], obj["width"], obj["height"], obj.get("rotation", 0))
    if obj["type"] == "image" and header and obj.get("fit") == "contain":
        # A contained image, centred, leaves the rest of its box empty: only the image prints.
        window = crop_window(obj.get("crop"), *header[:2])
        box = Box(pt(obj["width"]), pt(obj["height"]))
        width, height = (size / POINTS_PER_MM for size in placement("contain", window, box)[2:])
        x = obj["x"] + (obj["width"] - width) / 2
        y = obj["y"] + (obj["height"] - height) / 2
        box = (x, y, width, height, obj.get("rotation", 0))
    return box


def _geometry_checks(place, corners):
    area = place.area
    bleed = area.bleed
    if not _overlaps(corners, -bleed, -bleed, area.width + bleed, area.height + bleed):
        return [_outside_bleed(place)]
    if not _overlaps(corners, 0, 0, area.width, area.height):
        return [_cut_away(place)]
    if _is_background(place.obj, corners, area):
        sides = short_of_bleed_sides(corners, area)
        return [_short_of_bleed(place, sides)] if sides else []
    if _crosses_safe_margin(corners, area):
        return [_outside_safe_zone(place)]
    return []


def _is_background(obj, corners, area):
    if obj["type"] not in BACKGROUND_TYPES or obj.get("shape") == "line":
        return False
    left, top, right, bottom = _extent(corners)
    return (
        left <= EPSILON
        or top <= EPSILON
        or right >= area.width - EPSILON
        or bottom >= area.height - EPSILON
    )


def _crosses_safe_margin(corners, area):
    left, top, right, bottom = _extent(corners)
    return (
        left < area.safe - EPSILON
        or top < area.safe - EPSILON
        or right > area.width - area.safe + EPSILON
        or bottom > area.height - area.safe + EPSILON
    )


def _extent(corners):
    """(left, top, right, bottom) of the turned box."""
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def short_of_bleed_sides(corners, area):
    """Trim edges ("top", "right"…) the object reaches without covering the bleed beyond them.

    Where the object lies along a trim edge, it must go on to the bleed edge, or a cut a little
    off the trim line shows an unprinted sliver.
    """
    if area.bleed <= 0:
        return []
    left, top, right, bottom = _extent(corners)
    width, height, bleed = area.width, area.height, area.bleed
    sides = (
        # name, axis of the edge's line (0: x = value, 1: y = value), trim line, bleed line,
        # whether the object reaches the trim line, length of the edge
        ("top", 1, max(0, top), -bleed, top <= EPSILON, width),
        ("right", 0, min(width, right), width + bleed, right >= width - EPSILON, height),
        ("bottom", 1, min(height, bottom), height + bleed, bottom >= height - EPSILON, width),
        ("left", 0, max(0, left), -bleed, left <= EPSILON, height),
    )
    return [
        name
        for name, axis, trim, bleed_line, reached, span in sides
        if reached and not _covers_bleed_strip(corners, axis, trim, bleed_line, span)
    ]


def _covers_bleed_strip(corners, axis, trim, bleed, span):
    chord = _chord(corners, axis, trim)
    if chord is None:
        return True
    low, high = max(chord[0], 0), min(chord[1], span)
    if high - low <= EPSILON:
        return True  # only a corner touches the edge: nothing lines the cut
    ends = [(bleed, low), (bleed, high)] if axis == 0 else [(low, bleed), (high, bleed)]
    # The object is convex and holds the chord, so holding both far ends covers the whole strip.
    return all(_contains(corners, point) for point in ends)


def _chord(corners, axis, value):
    """(low, high) where the line x = value (axis 0) or y = value (axis 1) crosses the polygon."""
    along = 1 - axis
    hits = []
    for a, b in _edges(corners):
        if a[axis] == b[axis]:
            if abs(a[axis] - value) <= EPSILON:
                hits += [a[along], b[along]]
        elif (a[axis] - value) * (b[axis] - value) <= 0:
            share = (value - a[axis]) / (b[axis] - a[axis])
            hits.append(a[along] + share * (b[along] - a[along]))
    return (min(hits), max(hits)) if hits else None


def _contains(corners, point):
    signs = set()
    for a, b in _edges(corners):
        length = math.dist(a, b)
        if length <= EPSILON:
            continue
        cross = ((b[0] - a[0]) * (point[1] - a[1]) - (b[1] - a[1]) * (point[0] - a[0])) / length
        if abs(cross) > EPSILON:
            signs.add(cross > 0)
    return len(signs) <= 1


def _overlaps(corners, left, top, right, bottom):
    """Whether the turned box shares some area with a rectangle (separating axis test)."""
    rectangle = [(left, top), (right, top), (right, bottom), (left, bottom)]
    axes = [(1, 0), (0, 1)] + [(a[1] - b[1], b[0] - a[0]) for a, b in _edges(corners)]
    for axis in axes:
        norm = math.hypot(*axis)
        if norm <= EPSILON:
            continue
        ours = [(x * axis[0] + y * axis[1]) / norm for x, y in corners]
        theirs = [(x * axis[0] + y * axis[1]) / norm for x, y in rectangle]
        if max(ours) <= min(theirs) + EPSILON or max(theirs) <= min(ours) + EPSILON:
            return False
    return True


def _edges(corners):
    return zip(corners, corners[1:] + corners[:1], strict=True)


def _outside_bleed(place):
    message = (
        "This element is completely outside the printed area, so it will not print. "
        "Move it onto the design or delete it."
    )
    return place.check("outside_bleed", WARNING, message)


def _cut_away(place):
    message = (
        "This element is outside the edge of the product and will be cut away. "
        "Move it inside the safe area (the dashed line)."
    )
    return place.check("outside_safe_zone", WARNING, message, safe_mm=place.area.safe)


def _outside_safe_zone(place):
    message = (
        f"This element comes closer than {place.area.safe:g} mm to the edge and may be cut off. "
        "Move it inside the safe area (the dashed line)."
    )
    return place.check("outside_safe_zone", WARNING, message, safe_mm=place.area.safe)


def _short_of_bleed(place, sides):
    edges = "edge" if len(sides) == 1 else "edges"
    message = (
        f"This background reaches the {_words(sides)} {edges} but stops before the bleed, "
        "so a thin white line may show after cutting. "
        f"Stretch it {place.area.bleed:g} mm past the {edges}."
    )
    return place.check("short_of_bleed", WARNING, message, sides=sides, bleed_mm=place.area.bleed)


def _words(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# Text ---------------------------------------------------------------------------------------


def _text_checks(place, font, cache):
    obj = place.obj
    checks = []
    limit = obj.get("max_chars")
    # Line breaks are layout, not text; NFC counts an accent typed as two code points once.
    count = len(unicodedata.normalize("NFC", obj["text"]).replace("\n", ""))
    if limit is not None and count > limit:
        message = f"This text has {count} characters; it can take at most {limit}. Shorten it."
        checks.append(place.check("max_chars", ERROR, message, chars=count, max_chars=limit))
    if font is not None and layout_text(obj, font, cache).overflows:
        message = (
            "This text does not fit in its box and would be cut off. "
            "Shorten it, choose a smaller size or make the box larger."
        )
        checks.append(place.check("text_overflow", ERROR, message))
    return checks


# Images -------------------------------------------------------------------------------------


def _resolution_checks(place, header):
    # The image drawer's own arithmetic: whole pixels of the crop over the size it places them at.
    dpi = effective_dpi(place.obj, *header[:2])
    minimum = place.obj.get("min_dpi") or place.area.min_dpi
    # Rounded before comparing, so a photo placed at exactly the minimum is not refused for
    # float noise in the millimetres.
    lowest = round(min(dpi), 6)
    rounded = [round(value) for value in dpi]
    if lowest < minimum:
        severity = ERROR
        # Never "149.6 → 150 dpi, needs 150": the figure shown stays below the minimum.
        shown = min(round(lowest), minimum - 1)
        message = (
            f"This photo is only {shown} dpi at its printed size and will look blurry "
            f"or pixelated; it needs at least {minimum} dpi. "
            "Use a larger photo or make it smaller on the design."
        )
    elif lowest < minimum * SOFT_DPI_MARGIN:
        severity = WARNING
        message = (
            f"This photo is {round(lowest)} dpi at its printed size, close to the {minimum} dpi "
            "minimum, and may print slightly soft. A larger photo or a smaller placement "
            "prints sharper."
        )
    else:
        return []
    return [place.check("low_resolution", severity, message, dpi=rounded, min_dpi=minimum)]


# Files ----------------------------------------------------------------------------------------


def _missing(place):
    if place.obj["type"] == "text":
        message = "The font of this text is no longer available. Choose another font for this text."
        return place.check("missing_font", ERROR, message, font=place.obj["font"])
    message = "This image file is no longer available. Upload it again or choose another image."
    return place.check("missing_asset", ERROR, message, asset=place.obj["asset"])


def _unreadable(place):
    message = "This image file cannot be read. Upload it again or choose another image."
    return place.check("missing_asset", ERROR, message, asset=place.obj["asset"])


# Colours ------------------------------------------------------------------------------------


def _colour_specs(obj):
    if obj["type"] in ("text", "code"):
        return [obj["color"]]
    if obj["type"] == "shape":
        specs = [obj.get("fill")]
        if obj.get("stroke_width", 0) > 0:
            specs.append(obj.get("stroke"))
        return [spec for spec in specs if spec]
    if obj["type"] == "vector" and obj.get("recolor"):
        return [obj["recolor"]]
    return []


def _is_rgb(obj, source, header):
    if obj["type"] == "image":
        return bool(header) and header[2] in RGB_MODES
    if obj["type"] == "vector" and not obj.get("recolor"):
        return source is not None  # SVG colours are screen (sRGB) colours
    return any("rgb" in spec for spec in _colour_specs(obj))


def _rgb_in_cmyk(place, header):
    if header:
        what = "This photo is in RGB (screen) colours"
    elif place.obj["type"] == "vector":
        what = "This artwork uses RGB (screen) colours"
    else:
        what = "This element uses an RGB (screen) colour"
    message = (
        f"{what}; it will be converted to CMYK for printing, "
        "so bright colours may print slightly duller than on screen."
    )
    return place.check("rgb_in_cmyk_area", WARNING, message)


def ink_of(spec):
    """The ink a colour spec asks for: spots by name, process and screen colours by value."""
    if "spot" in spec:
        return ("spot", spec["spot"])
    if "rgb" in spec:
        return ("rgb", spec["rgb"].lower())
    return ("cmyk", tuple(spec["cmyk"]))


def _inks(obj, source, cache):
    """The inks an object needs, or None when it needs more than any screen can count.

    A colour photo would need process separation (four inks and halftones), which an area limited
    to a few screen inks cannot do: it counts as too many, whatever the limit. A greyscale image
    halftones in one ink. An SVG without recolor is counted from the paints it names.
    """
    if obj["type"] == "image":
        if source is None:
            return set()
        return {HALFTONE_BLACK} if source[1][2] in GREY_MODES else None
    if obj["type"] == "vector" and not obj.get("recolor"):
        return svg_inks(source, cache) if source else set()
    return {ink_of(spec) for spec in _colour_specs(obj)}


def svg_inks(asset, cache):
    """Distinct paints an SVG names (fill, stroke, gradient stops), or None for gradients.

    A reading of the markup, not a render: an element that names no fill is painted black, which
    is counted only when the file names no paint at all.
    """
    key = ("inks", asset.sha256)
    if key not in cache.drawings:
        cache.drawings[key] = _svg_paints(asset.data.decode("utf-8", "replace"))
    return cache.drawings[key]


def _svg_paints(markup):
    inks = set()
    for value in _SVG_PAINT.findall(markup):
        value = value.strip().lower()
        if value in _NO_PAINT:
            continue
        if value.startswith("url("):
            return None  # a gradient or pattern blends colours: no screen can print it
        try:
            red, green, blue = ImageColor.getrgb(value)[:3]
        except ValueError:
            continue
        inks.add(("rgb", f"#{red:02x}{green:02x}{blue:02x}"))
    return frozenset(inks or {("rgb", "#000000")})


def _photo_on_limited_inks(place):
    limit = place.area.max_colors
    if place.obj["type"] == "vector":
        what = "This artwork has colour gradients, which"
    else:
        what = "This colour photo"
    message = (
        f"{what} cannot be printed on this product, which prints at most {limit} "
        f"flat ink{'s' if limit != 1 else ''}. Use a single-colour image or a logo in "
        f"at most {limit} colour{'s' if limit != 1 else ''}."
    )
    return place.check("too_many_colors", ERROR, message, max_colors=limit)


def _too_many_inks(place, count):
    limit = place.area.max_colors
    message = (
        f"This design uses {count} colours, but this product prints at most {limit}. "
        f"Use fewer colours, for example by giving text and shapes the same colour."
    )
    return place.check("too_many_colors", ERROR, message, colors=count, max_colors=limit)
