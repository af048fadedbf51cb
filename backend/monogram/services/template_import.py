"""Designer SVG → template objects: text fields, image slots and locked artwork, with a report.

Elements marked data-monogram-field (a <text>) become text fields, data-monogram-slot (an
<image> or any shape) image slots, embedded rasters locked images, and everything else locked
vector artwork cut in paint order, so that objects stack exactly as the SVG draws them.
data-monogram-lock="false" leaves an element free for the shopper to move and resize.
"""

import base64
import copy
import io
import math
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from PIL import Image
from svglib.svglib import svg2rlg

from monogram.errors import Invalid, MonogramError, UnsupportedMediaType
from monogram.files import inspect_upload
from monogram.files.sniff import FORMAT_NAMES, sniff
from monogram.rendering.fonts import ascent, descent, string_width
from monogram.services.assets import store_upload, upload_limits
from monogram.services.svg_geometry import (
    Matrix,
    box_of,
    class_styles,
    inherited_style,
    parse_transform,
    physical_mm,
    rgb_hex,
    user_length,
    view_box,
)

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
FIELD, SLOT, LOCK = "data-monogram-field", "data-monogram-slot", "data-monogram-lock"
MAX_CHARS, MIN_DPI = "data-monogram-max-chars", "data-monogram-min-dpi"

LOCKED = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": True}
FIELD_LOCK = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": False}
# A field the designer left free (data-monogram-lock="false"): placed by the shopper, still kept.
FREE_FIELD_LOCK = {"move": False, "resize": False, "rotate": False, "delete": True, "edit": False}
LINE_HEIGHT = 1.2
PT_PER_MM = 72 / 25.4
# Page sizes within this of the area's count as the same: exports round to 0.1 mm or 1/100 in.
SIZE_TOLERANCE = 0.5  # mm

# Not drawn where they stand: definitions every artwork layer carries along.
_DEFINITIONS = {
    "defs", "style", "clipPath", "mask", "linearGradient", "radialGradient", "pattern",
    "symbol", "marker", "filter", "title", "desc", "metadata",
}  # fmt: skip
_DROPPED = {
    "script": "scripts do not print",
    "foreignObject": "embedded web content cannot be printed",
    "iframe": "embedded documents cannot be printed",
    "embed": "embedded documents cannot be printed",
    "object": "embedded documents cannot be printed",
    "animate": "animation does not print",
    "animateTransform": "animation does not print",
    "animateMotion": "animation does not print",
    "animateColor": "animation does not print",
    "set": "animation does not print",
}
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|webp);base64,", re.I)
# The only decoders an embedded picture's header is read with, as for uploads.
_PICTURES = ("PNG", "JPEG", "WEBP")


@dataclass
class Imported:
    """Objects for one surface, and what could not be converted, in a designer's words."""

    objects: list = field(default_factory=list)
    report: list = field(default_factory=list)

    def note(self, element, message):
        self.report.append({"element": describe(element), "message": message})


@dataclass(frozen=True)
class ChosenFont:
    """A font a text field is set in: its id, and its registered name for measuring (or None)."""

    id: str
    name: str | None = None
    note: str | None = None


def import_svg(merchant_id, data, area, fonts, source="SVG"):
    """Template objects for one print area from a designer's SVG.

    area has width, height, bleed (mm) and min_dpi; fonts.choose(families, bold, italic) gives
    the ChosenFont of a text field. Assets are stored for the artwork and pictures.
    """
    root = _parse(data)
    result = Imported()
    page = _page(root, area, result)
    _drop_unprintable(root, result)
    importer = _Importer(merchant_id, root, page, area, fonts, result)
    importer.walk(root, [], page.matrix)
    importer.flush()
    if not result.objects:
        raise Invalid(f"This {source} draws nothing that could be imported.")
    importer.store_files()
    return result


def describe(element):
    name = element.tag.rpartition("}")[2]
    for key in (FIELD, SLOT, "id"):
        if element.get(key):
            return f'<{name} {key}="{element.get(key)}">'
    return f"<{name}>"


def _parse(data):
    found = sniff(data)
    if found != "svg":
        what = f"is {FORMAT_NAMES[found]}" if found else "is not an SVG drawing"
        raise UnsupportedMediaType(
            f"This file {what}; import the template as an SVG, or as a PDF whose first page "
            "is the template."
        )
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise Invalid(
            "SVG files with a DOCTYPE or entities are not accepted; export as plain SVG."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise Invalid(f"This SVG is not well-formed XML (line {line}, column {column}).") from None
    if root.tag != f"{{{SVG}}}svg":
        raise Invalid("This file is not an SVG image (no SVG namespace on its <svg> element).")
    return root


@dataclass(frozen=True)
class _Page:
    width: float  # mm
    height: float
    x: float  # mm, where the SVG page's top-left corner lies in the trim box
    y: float
    matrix: Matrix  # user units → trim box mm
    view_box: tuple  # user space (x, y, width, height) the page shows


def _page(root, area, result):
    """Where the SVG page lies on the area: at its physical size, bleed included or not."""
    box = view_box(root.get("viewBox"))
    width, height = physical_mm(root.get("width")), physical_mm(root.get("height"))
    if box and width and not height:
        height = width * box[3] / box[2]
    elif box and height and not width:
        width = height * box[2] / box[3]
    if not (width and height):
        width, height = area.width, area.height
        result.note(
            root,
            "The page has no physical size (width and height in mm, cm, in or pt); it was "
            f"fitted to the {area.width:g} × {area.height:g} mm print area.",
        )
    with_bleed = (area.width + 2 * area.bleed, area.height + 2 * area.bleed)
    if _same((width, height), with_bleed):
        x = y = -area.bleed
    elif _same((width, height), (area.width, area.height)):
        x = y = 0.0
    else:
        x, y = (area.width - width) / 2, (area.height - height) / 2
        result.note(
            root,
            f"The page is {width:g} × {height:g} mm but the print area is {area.width:g} × "
            f"{area.height:g} mm (bleed {area.bleed:g} mm); it was centred, not scaled.",
        )
    if box is None:
        # No viewBox: user units are CSS pixels.
        box = (0.0, 0.0, width * 96 / 25.4, height * 96 / 25.4)
    bx, by, bw, bh = box
    matrix = Matrix(e=x, f=y) @ Matrix(a=width / bw, d=height / bh) @ Matrix(e=-bx, f=-by)
    return _Page(width, height, x, y, matrix, box)


def _same(size, other):
    return all(abs(a - b) <= SIZE_TOLERANCE for a, b in zip(size, other, strict=True))


def _drop_unprintable(root, result):
    patterns = {e.get("id") for e in root.iter() if _name(e) == "pattern" and e.get("id")}
    for element in root.iter():
        style = " ".join(_own_paint(element))
        if any(f"url(#{pattern})" in style for pattern in patterns):
            result.note(element, "Its pattern fill is not printed; expand the pattern first.")
        if element.get("mask") or "mask:" in (element.get("style") or ""):
            result.note(element, "Its mask is not applied in print; flatten it first.")
    for parent in list(root.iter()):
        for child in list(parent):
            name = _name(child)
            if name in _DROPPED:
                parent.remove(child)
                result.note(child, f"Left out: {_DROPPED[name]}.")
            elif name == "image" and not _embedded(child) and not child.get(SLOT):
                parent.remove(child)
                result.note(
                    child, "Left out: a linked image file; embed the picture in the SVG instead."
                )
            elif child.get("filter") or "filter:" in (child.get("style") or ""):
                result.note(child, "Its filter (blur, shadow…) is not printed; flatten it first.")


class _Importer:
    def __init__(self, merchant_id, root, page, area, fonts, result):
        self.merchant_id, self.root, self.page = merchant_id, root, page
        self.area, self.fonts, self.result = area, fonts, result
        self.run = []  # (element, ancestor chain) of locked artwork waiting to become one layer
        self.ids = set()
        self.files = []  # (stand-in id, bytes, kind, file name) to store at the end
        referenced = set()
        for element in root.iter():
            href = element.get("href") or element.get(f"{{{XLINK}}}href") or ""
            if href.startswith("#"):
                referenced.add(href[1:])
        self.referenced = {e.get("id"): e for e in root.iter() if e.get("id") in referenced}
        self.marked = {e for e in _drawn(root) if _is_special(e)}
        self.classes = class_styles(root)

    def walk(self, element, chain, matrix):
        for child in element:
            name = _name(child)
            if element is self.root and name in _DEFINITIONS:
                continue
            here = matrix @ parse_transform(child.get("transform"))
            if child in self.marked:
                self.flush()
                self.special(child, [*chain, child], here)
            elif any(descendant in self.marked for descendant in _drawn(child)):
                self.walk(child, [*chain, child], here)
            else:
                self.run.append((child, chain))
                for text in (e for e in _drawn(child) if _name(e) == "text"):
                    self.result.note(
                        text,
                        "Text left as artwork is set in a stand-in typeface (Bitstream Vera); "
                        "convert it to outlines, or make it a field.",
                    )

    def special(self, element, chain, matrix):
        name = _name(element)
        if element.get(FIELD) and name == "text":
            return self.text_field(element, chain, matrix)
        if element.get(FIELD):
            self.result.note(element, "Only <text> elements can be text fields; kept as artwork.")
        elif element.get(SLOT):
            return self.image_slot(element, chain, matrix)
        elif name == "image" and _embedded(element):
            return self.locked_image(element, chain, matrix)
        elif element.get(LOCK) == "false":
            return self.flush_free(element, chain)
        self.run.append((element, chain[:-1]))

    # Artwork

    def flush(self):
        """The waiting run of locked artwork as one vector object covering the page."""
        run, self.run = self.run, []
        if not any(_draws(element) for element, _ in run):
            return
        asset = self.vector_asset(run, "artwork.svg")
        self.add(
            {
                "type": "vector",
                "asset": asset,
                "x": self.page.x,
                "y": self.page.y,
                "width": self.page.width,
                "height": self.page.height,
                "lock": LOCKED,
            },
            "art",
        )

    def flush_free(self, element, chain):
        """An element the shopper may move: its own artwork, cut to what it draws."""
        layer = self.layer([(element, chain[:-1])])
        bounds = _drawn_bounds_mm(layer)
        if bounds is None:
            return
        x0, y0, x1, y1 = bounds
        bx, by, bw, bh = self.page.view_box
        to_user = (bw / self.page.width, bh / self.page.height)
        layer.set(
            "viewBox",
            f"{bx + x0 * to_user[0]:g} {by + y0 * to_user[1]:g} "
            f"{(x1 - x0) * to_user[0]:g} {(y1 - y0) * to_user[1]:g}",
        )
        layer.set("width", f"{x1 - x0:g}mm")
        layer.set("height", f"{y1 - y0:g}mm")
        layer.set("preserveAspectRatio", "none")
        asset = self.store(_serialise(layer), "vector", "artwork.svg")
        self.add(
            {
                "type": "vector",
                "asset": asset,
                "x": self.page.x + x0,
                "y": self.page.y + y0,
                "width": x1 - x0,
                "height": y1 - y0,
            },
            "art",
        )

    def layer(self, run):
        """A copy of the SVG keeping its definitions and only this run's drawing."""
        root = ElementTree.Element(self.root.tag, dict(self.root.attrib))
        # The page as imported: its physical size, and the user space it was measured in.
        root.set("width", f"{self.page.width:g}mm")
        root.set("height", f"{self.page.height:g}mm")
        root.set("viewBox", " ".join(f"{value:g}" for value in self.page.view_box))
        for child in self.root:
            if _name(child) in _DEFINITIONS:
                root.append(copy.deepcopy(child))
        wrappers = {}
        for element, chain in run:
            parent = root
            for depth, ancestor in enumerate(chain):
                key = tuple(id(a) for a in chain[: depth + 1])
                if key not in wrappers:
                    # Groups keep their transform and style; their other children go elsewhere.
                    attributes = {k: v for k, v in ancestor.attrib.items() if k != "id"}
                    wrappers[key] = ElementTree.SubElement(parent, ancestor.tag, attributes)
                parent = wrappers[key]
            parent.append(copy.deepcopy(element))
        present = {e.get("id") for e in root.iter() if e.get("id")}
        missing = [e for key, e in self.referenced.items() if key not in present]
        if missing:
            # <use> may point at an element drawn in another layer: carry it, undrawn.
            defs = ElementTree.SubElement(root, f"{{{SVG}}}defs")
            defs.extend(copy.deepcopy(element) for element in missing)
        return root

    def vector_asset(self, run, filename):
        return self.store(_serialise(self.layer(run)), "vector", filename)

    # Pictures

    def locked_image(self, element, chain, matrix):
        if not matrix.is_similarity:
            self.result.note(element, "A skewed or mirrored picture stays part of the artwork.")
            self.run.append((element, chain[:-1]))
            return self.flush()
        asset = self.store(_embedded(element), "raster", "picture")
        self.add({"type": "image", "asset": asset, **self.image_box(element, matrix),
                  "fit": _image_fit(element), "lock": LOCKED}, "img")  # fmt: skip

    def image_slot(self, element, chain, matrix):
        name = self.field_name(element, SLOT)
        if _name(element) == "image":
            box = self.image_box(element, matrix)
        else:
            bounds = _drawn_bounds_mm(self.layer([(element, chain[:-1])]), pad=0)
            if bounds is None:
                self.result.note(element, "This image slot draws nothing; it was left out.")
                return
            x0, y0, x1, y1 = bounds
            box = {"x": self.page.x + x0, "y": self.page.y + y0, "width": x1 - x0,
                   "height": y1 - y0, "rotation": 0}  # fmt: skip
        fill = rgb_hex(inherited_style([self.root, *chain], self.classes).get("fill")) or "#dcdcdc"
        picture = _embedded(element) or _placeholder(box["width"], box["height"], fill)
        asset = self.store(picture, "raster", "placeholder")
        min_dpi = _integer(element.get(MIN_DPI)) or self.area.min_dpi or 150
        free = element.get(LOCK) == "false"
        self.add({"type": "image", "asset": asset, **box, "fit": _image_fit(element, "cover"),
                  "field": name, "min_dpi": min_dpi,
                  "lock": FREE_FIELD_LOCK if free else FIELD_LOCK}, name)  # fmt: skip

    def image_box(self, element, matrix):
        x, y = user_length(element.get("x")), user_length(element.get("y"))
        width, height = user_length(element.get("width")), user_length(element.get("height"))
        if width <= 0 or height <= 0:
            # An <image> without a size is drawn at its pixel size in user units.
            picture_bytes = io.BytesIO(_embedded(element) or b"")
            try:
                with Image.open(picture_bytes, formats=_PICTURES) as picture:
                    width, height = picture.size
            except Image.DecompressionBombError:
                # Pillow refuses from the header alone, before decoding anything.
                limit = upload_limits().max_pixels / 1e6
                raise Invalid(
                    f"The picture in {describe(element)} is too large to open safely; reduce it "
                    f"to at most {limit:g} megapixels and embed it again."
                ) from None
            except OSError:
                raise Invalid(
                    f"{describe(element)} has no width and height, and no picture to take them "
                    "from; give it a size."
                ) from None
        x, y, width, height, rotation = box_of(matrix, x, y, width, height)
        return {"x": x, "y": y, "width": width, "height": height, "rotation": rotation}

    # Text

    def text_field(self, element, chain, matrix):
        name = self.field_name(element, FIELD)
        style = inherited_style([self.root, *chain], self.classes)
        lines, anchor_x, baseline_y, line_gap = _text_lines(element)
        scale = (matrix.scales[0] + matrix.scales[1]) / 2
        size_user = user_length(style.get("font-size"), 16.0)
        size = size_user * scale * PT_PER_MM
        line_height = line_gap / size_user if line_gap else LINE_HEIGHT
        line_height = min(max(line_height, 0.5), 5)
        families = [f.strip().strip("'\"") for f in style.get("font-family", "").split(",")]
        bold = style.get("font-weight", "normal") in ("bold", "bolder", "600", "700", "800", "900")
        italic = style.get("font-style", "normal") in ("italic", "oblique")
        font = self.fonts.choose([f for f in families if f], bold, italic)
        if font.note:
            self.result.note(element, font.note)
        color = rgb_hex(style.get("fill", "black"))
        if color is None:
            self.result.note(element, "Its fill is not a plain colour; the field is set in black.")
            color = "#000000"
        anchor = style.get("text-anchor", "start")
        align = {"middle": "center", "end": "right"}.get(anchor, "left")
        width_pt = max(_width(font, line, size) for line in lines) if any(lines) else size * 4
        # Room for longer entries, on the side the text grows towards.
        width = width_pt * 1.5 / PT_PER_MM + size / PT_PER_MM
        rise, fall = _ascent(font, size), _descent(font, size)
        leading = line_height * size
        above = (leading - rise - fall) / 2 + rise
        height = leading * len(lines) / PT_PER_MM
        # The box in the text's own frame, mm from its first baseline's anchor point: our
        # renderer starts a left line at the box edge, centres on its middle, ends at its right.
        left = {"left": 0.0, "center": -width / 2, "right": -width}[align]
        top = -above / PT_PER_MM
        turn = math.radians(matrix.rotation)
        cx, cy = left + width / 2, top + height / 2
        ax, ay = matrix.apply(anchor_x, baseline_y)
        x = ax + cx * math.cos(turn) - cy * math.sin(turn) - width / 2
        y = ay + cx * math.sin(turn) + cy * math.cos(turn) - height / 2
        w, h, rotation = width, height, matrix.rotation
        text = "\n".join(lines)
        max_chars = _integer(element.get(MAX_CHARS))
        obj = {
            "type": "text", "x": x, "y": y, "width": w, "height": h, "rotation": rotation,
            "text": text, "font": font.id, "size": round(size, 3), "color": {"rgb": color},
            "align": align, "valign": "top", "line_height": round(line_height, 4),
            "fit": "shrink", "field": name,
            "lock": FREE_FIELD_LOCK if element.get(LOCK) == "false" else FIELD_LOCK,
        }  # fmt: skip
        if max_chars:
            obj["max_chars"] = max(max_chars, len(text.replace("\n", "")))
        self.add(obj, name)

    # Bookkeeping

    def field_name(self, element, attribute):
        raw = element.get(attribute).strip()
        name = re.sub(r"[^A-Za-z0-9_]", "_", raw)[:64] or "field"
        if not re.match(r"[A-Za-z_]", name):
            name = f"_{name}"[:64]
        if name != raw:
            self.result.note(element, f"Field name {raw!r} became {name!r} (letters, digits, _).")
        return name

    def add(self, obj, stem):
        number, object_id = 1, stem
        while object_id in self.ids:
            number += 1
            object_id = f"{stem}{number}"
        self.ids.add(object_id)
        self.result.objects.append({"id": object_id, "rotation": 0, **obj})

    def store(self, data, kind, filename):
        """A stand-in asset id, replaced by the stored asset's once every file passed."""
        stand_in = f"pending-{len(self.files)}"
        self.files.append((stand_in, data, kind, filename))
        return stand_in

    def store_files(self):
        """Stores the files only once all of them passed inspection: a bad picture found after
        good artwork leaves nothing behind."""
        limits = upload_limits()
        for _, data, kind, _ in self.files:
            try:
                inspect_upload(data, limits, frozenset({kind}))
            except MonogramError as error:
                if kind != "raster":
                    raise
                # The upload is an SVG: a bad picture inside it is a fault of its content.
                refused = Invalid if isinstance(error, UnsupportedMediaType) else type(error)
                raise refused(f"A picture embedded in this SVG cannot be used. {error}") from None
        stored = {}
        for stand_in, data, kind, filename in self.files:
            asset, _ = store_upload(self.merchant_id, data, filename, frozenset({kind}))
            stored[stand_in] = asset.id
        for obj in self.result.objects:
            if "asset" in obj:
                obj["asset"] = stored[obj["asset"]]


def _is_special(element):
    return bool(
        element.get(FIELD)
        or element.get(SLOT)
        or element.get(LOCK) == "false"
        or (_name(element) == "image" and _embedded(element))
    )


def _own_paint(element):
    """The fill and stroke an element sets, as attributes or in its style."""
    paints = [element.get("fill") or "", element.get("stroke") or ""]
    for declaration in (element.get("style") or "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() in ("fill", "stroke"):
            paints.append(value.replace(" ", ""))
    return paints


def _drawn(element):
    """The element and its descendants, leaving out definitions (gradients, clips, symbols)."""
    stack = [element]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed([c for c in current if _name(c) not in _DEFINITIONS]))


def _name(element):
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def _draws(element):
    return _name(element) not in _DEFINITIONS


def _embedded(element):
    """The bytes of an <image>'s embedded picture, or None."""
    href = (element.get("href") or element.get(f"{{{XLINK}}}href") or "").strip()
    found = _DATA_IMAGE.match(href)
    if found is None:
        return None
    try:
        return base64.b64decode(re.sub(r"\s+", "", href[found.end() :]), validate=True)
    except ValueError:
        return None


def _image_fit(element, default="contain"):
    ratio = (element.get("preserveAspectRatio") or "").split()
    if ratio and ratio[0] == "none":
        return "stretch"
    if "slice" in ratio:
        return "cover"
    return "contain" if ratio else default


def _placeholder(width_mm, height_mm, fill):
    """A plain picture the shopper replaces, in the slot shape's colour and proportions."""
    long_edge = 600
    scale = long_edge / max(width_mm, height_mm)
    size = (max(1, round(width_mm * scale)), max(1, round(height_mm * scale)))
    out = io.BytesIO()
    Image.new("RGB", size, fill).save(out, "PNG")
    return out.getvalue()


def _text_lines(element):
    """(lines, anchor x, first baseline y, distance between baselines or None) in user units."""
    x, y = user_length(element.get("x")), user_length(element.get("y"))
    spans = [child for child in element if _name(child) == "tspan"]
    breaks = [s for s in spans if s.get("y") is not None or s.get("dy") is not None]
    if not breaks:
        return [" ".join("".join(element.itertext()).split())], x, y, None
    lines, baselines = [], []
    head = " ".join((element.text or "").split())
    if head:
        lines.append(head)
        baselines.append(y)
    current = y
    for span in spans:
        if span.get("y") is not None:
            current = user_length(span.get("y"))
        elif span.get("dy") is not None:
            current += user_length(span.get("dy"))
        if span.get("x") is not None and not lines:
            x = user_length(span.get("x"))
        lines.append(" ".join("".join(span.itertext()).split()))
        baselines.append(current)
    gap = (baselines[-1] - baselines[0]) / (len(baselines) - 1) if len(baselines) > 1 else None
    return lines, x, baselines[0], gap


def _width(font, text, size):
    return string_width(font.name, text, size) if font.name else 0.6 * size * len(text)


def _ascent(font, size):
    return ascent(font.name, size) if font.name else 0.8 * size


def _descent(font, size):
    return descent(font.name, size) if font.name else 0.2 * size


def _integer(value):
    try:
        number = int((value or "").strip())
    except ValueError:
        return None
    return number if number > 0 else None


def _serialise(root):
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _drawn_bounds_mm(layer_root, pad=0.5):
    """(x0, y0, x1, y1) in mm from the page's top-left of what a layer draws, or None.

    pad: room each side for strokes, which reach past the outline svglib measures.
    """
    try:
        drawing = svg2rlg(io.BytesIO(_serialise(layer_root)))
    except Exception:  # svglib raises whatever its converters meet
        drawing = None
    if drawing is None or not drawing.contents:
        return None
    try:
        x0, y0, x1, y1 = drawing.getBounds()
    except (ValueError, TypeError):
        return None
    if x1 <= x0 or y1 <= y0:
        return None
    height = drawing.height
    return (
        x0 / PT_PER_MM - pad,
        (height - y1) / PT_PER_MM - pad,
        x1 / PT_PER_MM + pad,
        (height - y0) / PT_PER_MM + pad,
    )
