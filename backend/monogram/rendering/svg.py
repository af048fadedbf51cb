"""One print area as a standalone SVG 1.1 document in millimetres, for screens and laser tools."""

import base64
import functools
import io
import math
import re
import warnings
from dataclasses import replace
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml.ElementTree import fromstring as parse_xml
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont as OpenTypeFont
from PIL import Image

from monogram.rendering.codes import symbol
from monogram.rendering.fonts import positions, string_width
from monogram.rendering.images import crop_window
from monogram.rendering.inks import Inks
from monogram.rendering.text import layout_text

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

MM_PER_PT = 25.4 / 72
BLACK = "#000000"
# On a single-colour area, paper white is "tool off": it knocks out what lies under it.
PAPER = "#ffffff"
# JPEG quality for photos that must be re-encoded for screens (CMYK JPEGs): visually lossless.
SCREEN_JPEG_QUALITY = 92

_FITS = {"cover": "xMidYMid slice", "contain": "xMidYMid meet", "stretch": "none"}
# Raster formats every SVG viewer shows as they are; an MPO is a JPEG with extra frames after it.
_SCREEN_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "MPO": "image/jpeg"}
# Converted pictures and parsed artwork kept in the RenderCache across renders, newest last.
_PICTURES_KEPT = 8
_ARTWORKS_KEPT = 64
_FONT_TYPES = {b"OTTO": "font/otf", b"wOFF": "font/woff", b"wOF2": "font/woff2"}
# Kept out of a font family name written into CSS: quotes, separators, escapes, markup.
_CSS_UNSAFE = re.compile(r"[^\w \-]")
# Characters XML 1.0 cannot carry: dropped, or the whole document would be unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def area_svg(surface, area, resolver, cache, *, single_colour_ink=None) -> bytes:
    """The area's artwork over trim plus bleed, in mm, design coordinates unchanged.

    With single_colour_ink (engraving, laser cutting) every paint is black, or white where the
    document asks for paper (tool off), text is outlined and rasters become 1-bit black on
    transparent, dithered as print.pdf dithers them: the form laser software takes.
    """
    width, height = area.width + 2 * area.bleed, area.height + 2 * area.bleed
    root = Element(
        "svg",
        {
            "xmlns": SVG,
            "xmlns:xlink": XLINK,
            "version": "1.1",
            "width": f"{_n(width)}mm",
            "height": f"{_n(height)}mm",
            # The bleed lies before 0, so design coordinates need no shift.
            "viewBox": _ns(-area.bleed, -area.bleed, width, height),
        },
    )
    SubElement(root, "title").text = _xml_text(f"{area.name} ({area.id})")
    if single_colour_ink:
        SubElement(root, "desc").text = _xml_text(f"Single colour: {single_colour_ink}")
    style = SubElement(root, "style", {"type": "text/css"})
    inks = None
    if single_colour_ink:
        # The area's own inks decide paper and dithering, so the SVG burns what print.pdf shows.
        inks = Inks(area if area.single_colour else replace(area, technique="engraving"))
    painter = _Painter(resolver, cache, inks)
    for index, obj in enumerate(surface["objects"]):
        painter.place(root, obj, f"o{index}-")
    if painter.font_faces:
        style.text = "".join(painter.font_faces.values())
    else:
        root.remove(style)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, "unicode").encode()


class _Painter:
    """Turns design objects into SVG elements; remembers the fonts it has to embed."""

    def __init__(self, resolver, cache, inks):
        self.resolver = resolver
        self.cache = cache
        self.inks = inks  # the single ink's, or None for a full-colour document
        self.single_colour = inks is not None
        self.font_faces = {}  # family name → @font-face rule

    def place(self, parent, obj, prefix):
        opacity = obj.get("opacity", 1)
        if opacity <= 0:
            return  # prints nothing; laser software would otherwise burn it at full power
        attrs = {}
        if obj.get("rotation"):
            centre_x, centre_y = obj["x"] + obj["width"] / 2, obj["y"] + obj["height"] / 2
            # SVG's positive angle turns clockwise in its y-down space, as the document's does.
            attrs["transform"] = f"rotate({_ns(obj['rotation'], centre_x, centre_y)})"
        # A laser burns or does not: partial opacity has no meaning on a single-colour area.
        if opacity < 1 and not self.single_colour:
            attrs["opacity"] = _n(opacity)
        group = SubElement(parent, "g", attrs)
        getattr(self, f"_{obj['type']}")(group, obj, prefix)

    def paint(self, color):
        """An SVG paint for a document colour: display RGB, or black on single-colour areas."""
        if color is None:
            return "none"
        if self.single_colour:
            return BLACK if self.inks.color(color).density else PAPER
        if "rgb" in color:
            return color["rgb"]
        return _cmyk_to_rgb(color["cmyk"])  # process colours, and a spot's process fallback

    # Text ---------------------------------------------------------------------------------

    def _text(self, group, obj, prefix):
        font_file = self.resolver.font(obj["font"])
        layout = layout_text(obj, font_file, self.cache)
        to_area = _box_to_area(obj)
        fill = self.paint(obj["color"])
        if self.single_colour:
            # Laser software substitutes fonts it does not have; outlines burn as designed.
            outlines = _outlines(font_file, self.cache)
            path = _text_outlines(outlines, layout, to_area)
            if path:
                SubElement(group, "path", {"d": path, "fill": fill})
            return
        attrs = {"font-family": self._font_family(font_file), "font-size": _n(_mm(layout.size))}
        attrs["fill"] = fill
        if layout.letter_spacing:
            attrs["letter-spacing"] = _n(_mm(layout.letter_spacing))
        attrs["xml:space"] = "preserve"
        if layout.glyphs:
            _curved_text(group, layout, to_area, attrs)
        else:
            _straight_text(group, layout, to_area, attrs, obj.get("align", "left"))

    def _font_family(self, font_file):
        # Named for the file's content: the merchant's family name is untrusted text in CSS.
        family = f"mf-{font_file.sha256[:16]}"
        if family not in self.font_faces:
            kind = _FONT_TYPES.get(font_file.data[:4], "font/ttf")
            data = base64.b64encode(font_file.data).decode("ascii")
            self.font_faces[family] = (
                f'@font-face{{font-family:"{family}";src:url(data:{kind};base64,{data})}}'
            )
        # A viewer that ignores @font-face may have the family installed under its own name.
        installed = _CSS_UNSAFE.sub("", font_file.family).strip()
        return f"{family}, '{installed}'" if installed else family

    # Images -------------------------------------------------------------------------------

    def _image(self, group, obj, prefix):
        asset = self.resolver.asset(obj["asset"])
        width, height, media_type, data = self._picture(asset)
        data = asset.data if data is None else data
        left, top, right, bottom = crop_window(obj.get("crop"), width, height)
        # The nested viewport crops, fits and clips in one: its viewBox is the kept pixels.
        frame = SubElement(
            group,
            "svg",
            {
                **_box_attrs(obj),
                "viewBox": _ns(left, top, right - left, bottom - top),
                "preserveAspectRatio": _FITS[obj.get("fit", "cover")],
                "overflow": "hidden",
            },
        )
        SubElement(
            frame,
            "image",
            {
                "x": "0",
                "y": "0",
                "width": str(width),
                "height": str(height),
                "preserveAspectRatio": "none",
                "xlink:href": _data_uri(media_type, data),
            },
        )

    def _picture(self, asset):
        """(width px, height px, media type, bytes) of the raster as this document embeds it."""
        key = ("svg-picture", asset.sha256, self.single_colour)
        picture = self.cache.images.get(key)
        if picture is None:
            picture = _picture(asset.data, self.inks)
            _keep(self.cache.images, key, picture, _PICTURES_KEPT)
        return picture

    # Vector artwork -----------------------------------------------------------------------

    def _vector(self, group, obj, prefix):
        asset = self.resolver.asset(obj["asset"])
        key = ("svg-tree", asset.sha256)
        artwork = self.cache.drawings.get(key)
        if artwork is None:
            artwork = parse_xml(asset.data)
            _keep(self.cache.drawings, key, artwork, _ARTWORKS_KEPT)
        recolor = obj.get("recolor")
        if self.single_colour:
            repaint = _single_ink_paint
        elif recolor:
            repaint = functools.partial(_recolored, self.paint(recolor))
        else:
            repaint = None
        frame = SubElement(
            group,
            "svg",
            {
                **_box_attrs(obj),
                "viewBox": _ns(*_view_box(artwork)),
                "preserveAspectRatio": "xMidYMid meet",
                "overflow": "hidden",
            },
        )
        _Artwork(artwork, prefix, repaint, self.inks).copy_into(frame)

    # Shapes -------------------------------------------------------------------------------

    def _shape(self, group, obj, prefix):
        # As print.pdf draws them: the outline inside the box, a line only with a stroke.
        fill, stroke, weight = obj.get("fill"), obj.get("stroke"), obj.get("stroke_width", 0)
        if weight <= 0:
            stroke = None
        if obj["shape"] == "line":
            fill = None
        if fill is None and stroke is None:
            return
        attrs = {"fill": self.paint(fill), "stroke": self.paint(stroke)}
        if stroke is not None:
            attrs["stroke-width"] = _n(weight)
        x, y, width, height = obj["x"], obj["y"], obj["width"], obj["height"]
        if obj["shape"] == "line":
            # Through the middle of the box, from its left edge to its right edge, butt ends.
            middle = _n(y + height / 2)
            geometry = {"x1": _n(x), "y1": middle, "x2": _n(x + width), "y2": middle}
            SubElement(group, "line", {**geometry, **attrs})
            return
        inset = min(weight / 2 if stroke is not None else 0, width / 2, height / 2)
        x, y, width, height = x + inset, y + inset, width - 2 * inset, height - 2 * inset
        if obj["shape"] == "ellipse":
            geometry = {"cx": _n(x + width / 2), "cy": _n(y + height / 2)}
            geometry.update(rx=_n(width / 2), ry=_n(height / 2))
            SubElement(group, "ellipse", {**geometry, **attrs})
            return
        # The outer edge keeps the radius asked for; the stroke's centre line runs inside it.
        radius = min(max(obj.get("corner_radius", 0) - inset, 0), width / 2, height / 2)
        geometry = {"x": _n(x), "y": _n(y), "width": _n(width), "height": _n(height)}
        if radius > 0:
            geometry.update(rx=_n(radius), ry=_n(radius))
        SubElement(group, "rect", {**geometry, **attrs})

    # Codes --------------------------------------------------------------------------------

    def _code(self, group, obj, prefix):
        # The modules and quiet zones of print.pdf: a square QR centred, bars as high as the box.
        columns, rows, dark = symbol(obj["symbology"], obj["data"])
        x, y, width, height = obj["x"], obj["y"], obj["width"], obj["height"]
        scale_x, scale_y = width / columns, height / rows
        if obj["symbology"] == "qr":
            scale_x = scale_y = min(scale_x, scale_y)
        left = x + (width - columns * scale_x) / 2
        base = y + (height + rows * scale_y) / 2  # the symbol's bottom edge: its rows count up
        bars = [
            f"M{_ns(left + bx * scale_x, base - (by + bh) * scale_y)}"
            f"h{_n(bw * scale_x)}v{_n(bh * scale_y)}h{_n(-bw * scale_x)}z"
            for bx, by, bw, bh in dark
        ]
        # One path for all bars or modules: no seams between neighbours, one object to burn.
        SubElement(group, "path", {"d": "".join(bars), "fill": self.paint(obj["color"])})


# Text ---------------------------------------------------------------------------------------


def _straight_text(group, layout, to_area, attrs, align):
    text = SubElement(group, "text", attrs)
    for row in layout.rows:
        if not row.text:
            continue
        span = {}
        x = row.x
        # Anchored by alignment, so a viewer that substitutes the font still centres the line.
        if align in ("center", "right"):
            width = string_width(layout.font, row.text, layout.size, layout.letter_spacing)
            x += width / 2 if align == "center" else width
            span["text-anchor"] = "middle" if align == "center" else "end"
        area_x, area_y = _apply(to_area, x, row.y)
        span["x"], span["y"] = _n(area_x), _n(area_y)
        if row.word_space:
            span["word-spacing"] = _n(_mm(row.word_space))
        SubElement(text, "tspan", span).text = _xml_text(row.text)


def _curved_text(group, layout, to_area, attrs):
    # One text per glyph, turned to the arc's tangent where the print file puts it: every viewer
    # draws this, where textPath and per-character rotate are missing from some (librsvg).
    arc = SubElement(group, "g", attrs)
    for glyph in layout.glyphs:
        if glyph.char.isspace():
            continue
        x, y = _apply(to_area, glyph.x, glyph.y)
        # The layout turns anticlockwise in y-up space; SVG's rotate turns clockwise in y-down.
        SubElement(
            arc, "text", {"transform": f"translate({_ns(x, y)}) rotate({_n(-glyph.angle)})"}
        ).text = _xml_text(glyph.char)


class _Outlines:
    """A font's glyph outlines by character, recorded once per font file."""

    def __init__(self, data):
        font = OpenTypeFont(io.BytesIO(data), lazy=True)
        self.units_per_em = font["head"].unitsPerEm
        self.cmap = font.getBestCmap() or {}
        self.glyphs = font.getGlyphSet()
        self.recorded = {}

    def outline(self, char):
        name = self.cmap.get(ord(char), ".notdef")
        recorded = self.recorded.get(name)
        if recorded is None:
            # Accented letters are often composites (e + acute): drawn out as plain contours.
            recorded = DecomposingRecordingPen(self.glyphs)
            if name in self.glyphs:
                self.glyphs[name].draw(recorded)
            self.recorded[name] = recorded
        return recorded


def _outlines(font_file, cache):
    key = ("svg-outlines", font_file.sha256)
    outlines = cache.fonts.get(key)
    if outlines is None:
        outlines = _Outlines(font_file.data)
        cache.fonts[key] = outlines
    return outlines


def _text_outlines(outlines, layout, to_area):
    """Path data of every glyph of the layout, placed as the print file places it."""
    scale = layout.size / outlines.units_per_em
    pen = SVGPathPen(None, ntos=_n)
    for char, x, y, angle in _placed_glyphs(layout):
        turn = math.radians(angle)
        cos, sin = math.cos(turn) * scale, math.sin(turn) * scale
        matrix = _multiply(to_area, (cos, sin, -sin, cos, x, y))
        outlines.outline(char).replay(TransformPen(pen, matrix))
    return pen.getCommands()


def _placed_glyphs(layout):
    """(char, x, y, angle) of each glyph in box points, straight rows spelled out glyph by glyph."""
    if layout.glyphs:
        for glyph in layout.glyphs:
            yield glyph.char, glyph.x, glyph.y, glyph.angle
        return
    for row in layout.rows:
        pen = row.x
        for char, place in zip(
            row.text, positions(layout.font, row.text, layout.size), strict=True
        ):
            yield char, pen + place.x_offset, row.y + place.y_offset, 0.0
            # As PDF's Tc and Tw: letter spacing after every character, word spacing per space.
            pen += place.advance + layout.letter_spacing + (row.word_space if char == " " else 0)


# Images -------------------------------------------------------------------------------------


def _picture(data, inks):
    """(width, height, media type, bytes to embed or None for the file's own bytes)."""
    with warnings.catch_warnings():
        # Uploads were checked against Monogram's own pixel limit, which is above Pillow's.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if inks is not None:
                return width, height, "image/png", _one_bit(image, inks)
            if image.format in _SCREEN_FORMATS and image.mode != "CMYK":
                return width, height, _SCREEN_FORMATS[image.format], None
            return (width, height, *_screen_copy(image))


def _screen_copy(image):
    """A copy every SVG viewer shows: RGB JPEG for photos, PNG for the rest."""
    out = io.BytesIO()
    if image.format in ("JPEG", "MPO"):
        # Pillow's CMYK to RGB is a naive inversion, enough for a screen preview.
        image.convert("RGB").save(out, "JPEG", quality=SCREEN_JPEG_QUALITY)
        return "image/jpeg", out.getvalue()
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    image.convert("RGBA" if has_alpha else "RGB").save(out, "PNG")
    return "image/png", out.getvalue()


def _one_bit(image, inks):
    """A 1-bit PNG of the pixels the tool burns, as print.pdf's stencil has them, on nothing."""
    burned = inks.image(image)  # mode "1": 0 where the tool acts
    out = io.BytesIO()
    # The paper value is transparent: only the burned pixels are drawn.
    burned.save(out, "PNG", transparency=1)
    return out.getvalue()


def _keep(store, key, value, kept):
    """Store value in a RenderCache dict, dropping this module's oldest entries past kept."""
    store[key] = value
    ours = [other for other in store if isinstance(other, tuple) and other[0] == key[0]]
    for other in ours[:-kept]:
        del store[other]


def _data_uri(media_type, data):
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


# Vector artwork -----------------------------------------------------------------------------

_TEXT_ELEMENTS = {"text", "tspan", "textPath", "title", "desc"}
# Never copied: they run code, fetch content or are styles folded into the elements already.
_LEFT_OUT = {"script", "style", "foreignObject", "metadata", "iframe", "embed", "object", "handler"}
# Single-colour output has no gradients, patterns or filters: laser software cannot burn them.
_SHADES = {"linearGradient", "radialGradient", "pattern", "filter", "mask"}
_SHADING_ATTRS = {"opacity", "fill-opacity", "stroke-opacity", "filter", "mask"}
_OWN_GEOMETRY = {"x", "y", "width", "height", "viewBox", "preserveAspectRatio", "version"}
_PAINTS = {"fill", "stroke", "color"}
# Paint values kept as they are when artwork is repainted: they name no colour of their own.
_NO_COLOUR = {"none", "transparent", "currentcolor", "inherit"}
_WHITES = {"white", "#fff", "#ffffff", "rgb(255,255,255)", "rgb(100%,100%,100%)"}
_URL_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
_CSS_BRACE = re.compile(r"[{};]")
_SIMPLE_SELECTOR = re.compile(r"([A-Za-z][\w-]*|\*)?((?:\.[\w-]+)*)(?:#([\w-]+))?")
_LENGTH = re.compile(r"\s*([0-9.eE+-]+)\s*(mm|cm|in|pt|pc|px)?\s*")
_PX_PER_UNIT = {"px": 1.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "pt": 96 / 72}


class _Artwork:
    """Copies a sanitised SVG's elements into ours: ids prefixed, styles inlined, repainted."""

    def __init__(self, root, prefix, repaint, inks):
        self.root = root
        self.prefix = prefix
        self.repaint = repaint  # paint value → the value drawn, or None to keep the artwork's
        self.inks = inks
        self.single_colour = inks is not None
        self.css = _style_sheet(root)

    def copy_into(self, frame):
        # The artwork's root may carry presentation attributes (fill, stroke…) its children inherit.
        attrs = {
            key: value
            for key, value in self._attributes(self.root).items()
            if key not in _OWN_GEOMETRY and key != "id"
        }
        if self.repaint:
            # Unpainted shapes fill black by default, and currentColor follows color.
            attrs.setdefault("fill", self.repaint(BLACK))
            attrs.setdefault("color", self.repaint(BLACK))
        wrapper = SubElement(frame, "g", attrs)
        self._copy_children(self.root, wrapper)

    def _copy_children(self, source, target):
        holds_text = _local(source.tag) in _TEXT_ELEMENTS
        for child in source:
            name = _local(child.tag)
            if name is None or name in _LEFT_OUT or (self.single_colour and name in _SHADES):
                continue
            element = SubElement(target, name, self._attributes(child))
            if name in _TEXT_ELEMENTS and child.text:
                element.text = _xml_text(child.text)
            if holds_text and child.tail:
                element.tail = _xml_text(child.tail)
            self._copy_children(child, element)

    def _attributes(self, element):
        attrs = {}
        for key, value in element.attrib.items():
            name = _attribute_name(key)
            if name is None or name.lower().startswith("on") or name == "class":
                continue
            if name == "xlink:href":
                value = self._href(value)
                if value is None:
                    continue
            elif name == "style":
                continue  # merged with the style sheet's declarations below
            elif name == "id":
                value = self.prefix + value
            elif name in _PAINTS and self.repaint:
                value = self.repaint(value)
            elif self.single_colour and name in _SHADING_ATTRS:
                continue
            attrs[name] = _xml_text(_URL_REF.sub(self._url, value))
        declarations = [*self.css.get(element, ()), *_declarations(element.get("style", ""))]
        style = self._style(declarations)
        if style:
            attrs["style"] = style
        return attrs

    def _style(self, declarations):
        kept = {}
        for prop, value in declarations:
            if prop in _PAINTS and self.repaint:
                value = self.repaint(value)
            elif self.single_colour and prop in _SHADING_ATTRS:
                continue
            kept[prop] = _URL_REF.sub(self._url, value)
        return ";".join(f"{prop}:{value}" for prop, value in kept.items())

    def _url(self, match):
        return f"url(#{self.prefix}{match[1]})"

    def _href(self, value):
        value = value.strip()
        if value.startswith("#"):
            return f"#{self.prefix}{value[1:]}"
        if value.startswith("data:image/") and self.single_colour:
            _, _, payload = value.partition("base64,")
            picture = Image.open(io.BytesIO(base64.b64decode(payload)))
            return _data_uri("image/png", _one_bit(picture, self.inks))
        # The sanitiser only lets embedded images through; anything else is not followed.
        return value if value.startswith("data:image/") else None


def _recolored(paint, value):
    """recolor: every colour of the artwork becomes the one colour."""
    return value if value.strip().lower() in _NO_COLOUR else paint


def _single_ink_paint(value):
    """One tool: white is paper (tool off), every other colour burns; gradients burn solid."""
    colour = value.strip().lower()
    if colour in _NO_COLOUR:
        return value
    return PAPER if colour.replace(" ", "") in _WHITES else BLACK


def _local(tag):
    """An SVG element's name without its namespace; None for any other namespace."""
    if tag.startswith(f"{{{SVG}}}"):
        return tag[len(SVG) + 2 :]
    return None if tag.startswith("{") else tag


def _attribute_name(key):
    if key == f"{{{XLINK}}}href" or key == "href":
        return "xlink:href"  # SVG 1.1 viewers only know the xlink form
    if key == f"{{{XML}}}space":
        return "xml:space"
    return None if key.startswith("{") else key


def _declarations(css):
    pairs = []
    for declaration in css.split(";"):
        prop, colon, value = declaration.partition(":")
        if colon and prop.strip() and value.strip():
            pairs.append((prop.strip().lower(), value.strip()))
    return pairs


def _style_sheet(root):
    """Declarations from the artwork's <style> for each element they select, by specificity.

    A <style> inside nested artwork would apply to the whole document, so its rules are folded
    into the elements instead. Simple selectors (tag, .class, #id, and their combinations) are
    understood; rules with others are left out.
    """
    css = _without_comments("".join(style.text or "" for style in root.iter(f"{{{SVG}}}style")))
    # Rules by the one key an element must have for them: its id, a class, or its tag.
    by_key = {}
    for order, (selectors, body) in enumerate(_css_rules(css)):
        declarations = _declarations(body)
        for selector in selectors.split(","):
            found = _SIMPLE_SELECTOR.fullmatch(selector.strip())
            if not (found and selector.strip()):
                continue
            tag, classes, ident = found.groups()
            tag = None if tag == "*" else tag
            wanted = frozenset(filter(None, classes.split(".")))
            specificity = (bool(ident), len(wanted), bool(tag))
            key = ("#", ident) if ident else (".", min(wanted)) if wanted else ("", tag)
            by_key.setdefault(key, []).append(
                (specificity, order, tag, wanted, ident, declarations)
            )
    matched = {}
    for element in root.iter() if by_key else ():
        classes = set((element.get("class") or "").split())
        keys = [("#", element.get("id")), ("", None), ("", _local(element.tag))]
        keys += [(".", name) for name in sorted(classes)]
        candidates = {id(rule): rule for key in keys for rule in by_key.get(key, ())}
        for _, _, tag, wanted, ident, declarations in sorted(
            candidates.values(), key=lambda rule: rule[:2]
        ):
            if tag and _local(element.tag) != tag:
                continue
            if wanted - classes or (ident and element.get("id") != ident):
                continue
            matched.setdefault(element, []).extend(declarations)
    return matched


def _without_comments(css):
    kept, _, rest = css.partition("/*")
    parts = [kept]
    while rest:
        _, closed, rest = rest.partition("*/")
        if not closed:
            break  # an unclosed comment runs to the end
        kept, _, rest = rest.partition("/*")
        parts.append(kept)
    return "".join(parts)


def _css_rules(css):
    """(selectors, declarations) of each top-level rule, in one pass; @-rules are left out."""
    depth, start, body_start, prelude = 0, 0, 0, ""
    for brace in _CSS_BRACE.finditer(css):
        mark, at = brace[0], brace.start()
        if mark == ";" and depth == 0:
            start = at + 1  # a statement such as @charset
        elif mark == "{":
            depth += 1
            if depth == 1:
                prelude, body_start = css[start:at].strip(), at + 1
        elif mark == "}" and depth:
            depth -= 1
            if depth == 0:
                if not prelude.startswith("@"):
                    yield prelude, css[body_start:at]
                start = at + 1


def _view_box(root):
    """The artwork's viewBox, or one from its width and height read as CSS pixels."""
    numbers = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    try:
        x, y, width, height = (float(number) for number in numbers)
        if width > 0 and height > 0:
            return x, y, width, height
    except ValueError:
        pass
    return 0.0, 0.0, _length_px(root.get("width"), 300.0), _length_px(root.get("height"), 150.0)


def _length_px(value, default):
    found = _LENGTH.fullmatch(value or "")
    try:
        number = float(found[1]) * _PX_PER_UNIT[(found[2] or "px").lower()] if found else 0
    except ValueError:
        number = 0
    # Without a size, a viewer's default for replaced content: 300 × 150.
    return number if number > 0 else default


# Geometry and numbers -----------------------------------------------------------------------


def _box_to_area(obj):
    """Affine matrix from the object's box (points, y up, bottom-left) to area mm (y down)."""
    return (MM_PER_PT, 0.0, 0.0, -MM_PER_PT, obj["x"], obj["y"] + obj["height"])


def _box_attrs(obj):
    return {key: _n(obj[key]) for key in ("x", "y", "width", "height")}


def _multiply(m, n):
    """The affine m after n: apply n first, then m (PDF/SVG matrix order a b c d e f)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + c * q,
        b * p + d * q,
        a * r + c * s,
        b * r + d * s,
        a * t + c * u + e,
        b * t + d * u + f,
    )


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _mm(points):
    return points * MM_PER_PT


def _cmyk_to_rgb(cmyk):
    # A naive conversion for screens: the print file keeps the CMYK values themselves.
    c, m, y, k = (value / 100 for value in cmyk)
    channels = (round(255 * (1 - ink) * (1 - k)) for ink in (c, m, y))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _n(value):
    """A number with at most four decimals (0.1 µm in mm) and no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _ns(*values):
    return " ".join(_n(value) for value in values)


def _xml_text(text):
    return _NOT_XML.sub("", text)
