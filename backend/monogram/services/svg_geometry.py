"""SVG geometry for template import: lengths, transforms, inherited styles and colours."""

import math
import re

from PIL import ImageColor

_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z%]*)\s*", re.I)
# Physical units a print designer may give the page in; px (or none) is a screen size.
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6}
# User-space lengths inside the drawing: CSS units relative to the px user unit.
PX_PER_UNIT = {"": 1.0, "px": 1.0, **{unit: mm * 96 / 25.4 for unit, mm in MM_PER_UNIT.items()}}
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
# Presentation properties a text field takes from its element or its ancestors.
INHERITED = ("font-family", "font-size", "font-weight", "font-style", "fill", "text-anchor")


def physical_mm(value):
    """A length with a physical unit, in mm; None for px, unitless, percentages or nonsense."""
    found = _LENGTH.fullmatch(value or "")
    if found is None or found[2].lower() not in MM_PER_UNIT:
        return None
    number = float(found[1])
    return number * MM_PER_UNIT[found[2].lower()] if 0 < number < math.inf else None


def user_length(value, default=0.0):
    """A length inside the drawing, in user units (px and physical units converted)."""
    found = _LENGTH.fullmatch(value or "")
    if found is None or found[2].lower() not in PX_PER_UNIT:
        return default
    return float(found[1]) * PX_PER_UNIT[found[2].lower()]


def view_box(value):
    try:
        x, y, width, height = (float(part) for part in re.split(r"[\s,]+", (value or "").strip()))
    except ValueError:
        return None
    return (x, y, width, height) if width > 0 and height > 0 else None


class Matrix(tuple):
    """An affine transform (a, b, c, d, e, f) as SVG writes it: x' = a x + c y + e."""

    def __new__(cls, a=1.0, b=0.0, c=0.0, d=1.0, e=0.0, f=0.0):
        return super().__new__(cls, (a, b, c, d, e, f))

    def __matmul__(self, other):
        a, b, c, d, e, f = self
        a2, b2, c2, d2, e2, f2 = other
        return Matrix(
            a * a2 + c * b2,
            b * a2 + d * b2,
            a * c2 + c * d2,
            b * c2 + d * d2,
            a * e2 + c * f2 + e,
            b * e2 + d * f2 + f,
        )

    def apply(self, x, y):
        a, b, c, d, e, f = self
        return a * x + c * y + e, b * x + d * y + f

    @property
    def rotation(self):
        """Clockwise turn in degrees (y points down), as the design document counts it."""
        return math.degrees(math.atan2(self[1], self[0]))

    @property
    def scales(self):
        a, b, c, d, _, _ = self
        return math.hypot(a, b), math.hypot(c, d)

    @property
    def is_similarity(self):
        """Only moves, turns and scales: a box stays a box (no skew, no mirror)."""
        a, b, c, d, _, _ = self
        sx, sy = self.scales
        return sx > 0 and sy > 0 and abs(a * c + b * d) <= 1e-6 * sx * sy and a * d - b * c > 0


def parse_transform(value):
    matrix = Matrix()
    for name, raw in _TRANSFORM.findall(value or ""):
        args = [float(number) for number in _NUMBER.findall(raw)]
        matrix = matrix @ _one(name, args)
    return matrix


def _one(name, args):
    if name == "matrix" and len(args) == 6:
        return Matrix(*args)
    if name == "translate" and args:
        return Matrix(e=args[0], f=args[1] if len(args) > 1 else 0.0)
    if name == "scale" and args:
        return Matrix(a=args[0], d=args[1] if len(args) > 1 else args[0])
    if name == "rotate" and args:
        turn = math.radians(args[0])
        cos, sin = math.cos(turn), math.sin(turn)
        rotation = Matrix(cos, sin, -sin, cos)
        if len(args) == 3:
            cx, cy = args[1], args[2]
            return Matrix(e=cx, f=cy) @ rotation @ Matrix(e=-cx, f=-cy)
        return rotation
    if name == "skewX" and args:
        return Matrix(c=math.tan(math.radians(args[0])))
    if name == "skewY" and args:
        return Matrix(b=math.tan(math.radians(args[0])))
    return Matrix()


def class_styles(root):
    """{class name: text properties} from the SVG's <style> sheets, as Illustrator writes them
    (.st0{font-family:'Brand';font-size:12px}); other selectors are not read."""
    rules = {}
    for sheet in root.iter():
        if sheet.tag.rpartition("}")[2] != "style":
            continue
        for selectors, body in _RULE.findall(sheet.text or ""):
            declared = _declarations(body)
            for selector in selectors.split(","):
                selector = selector.strip()
                if re.fullmatch(r"\.[A-Za-z0-9_-]+", selector):
                    rules.setdefault(selector[1:], {}).update(declared)
    return rules


def own_style(element, classes=None):
    """The element's text properties: presentation attributes, then its classes' rules, then
    its style attribute, each winning over the one before as in CSS."""
    style = {name: element.get(name) for name in INHERITED if element.get(name) is not None}
    for name in (element.get("class") or "").split():
        style.update((classes or {}).get(name, {}))
    style.update(_declarations(element.get("style") or ""))
    return style


def inherited_style(chain, classes=None):
    """The text properties in force on the last element of chain (root first)."""
    style = {}
    for element in chain:
        style.update(own_style(element, classes))
    return style


def _declarations(body):
    declared = {}
    for declaration in body.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() in INHERITED and value.strip():
            declared[name.strip()] = value.strip()
    return declared


def rgb_hex(value):
    """#rrggbb for a CSS colour; None for none, gradients, currentColor and the like."""
    try:
        red, green, blue = ImageColor.getrgb((value or "").strip())[:3]
    except ValueError:
        return None
    return f"#{red:02x}{green:02x}{blue:02x}"


def box_of(matrix, x, y, width, height):
    """(x, y, width, height, rotation) in the target space of an axis-aligned user-space rect."""
    sx, sy = matrix.scales
    cx, cy = matrix.apply(x + width / 2, y + height / 2)
    w, h = width * sx, height * sy
    return cx - w / 2, cy - h / 2, w, h, matrix.rotation
