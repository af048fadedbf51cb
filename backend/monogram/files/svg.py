"""Vector artwork: SVG without DTDs, stripped of editor clutter, refused if it can act or fetch."""

import base64
import binascii
import math
import re
from collections import Counter
from io import BytesIO
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from svglib.svglib import svg2rlg

from monogram.errors import Invalid
from monogram.files.facts import InspectedFile
from monogram.files.raster import open_image
from monogram.files.sniff import sniff

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# Elements a renderer draws once every <use> is expanded; svglib needs about 0.1 ms for each,
# so this bounds the check at a few seconds while leaving room for detailed illustrations.
MAX_ELEMENTS = 50_000
MAX_DEPTH = 100

# Elements that run code, pull in other documents or move: (what it is, what to leave out).
_REFUSED = {
    "script": ("a script", "scripts"),
    "handler": ("a script", "scripts"),
    "foreignObject": ("embedded web content", "embedded HTML"),
    "iframe": ("an embedded document", "embedded documents"),
    "embed": ("an embedded document", "embedded documents"),
    "object": ("an embedded document", "embedded documents"),
    **dict.fromkeys(
        ("set", "animate", "animateTransform", "animateMotion", "animateColor", "discard"),
        ("animation", "animation"),
    ),
}

# Namespaces design applications write for their own use; nothing prints from them.
_EDITORS = {
    "http://www.inkscape.org/namespaces/inkscape": "Inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd": "Inkscape",
    "http://ns.adobe.com/AdobeIllustrator/10.0/": "Illustrator",
    "http://ns.adobe.com/Extensibility/1.0/": "Illustrator",
    "http://ns.adobe.com/Graphs/1.0/": "Illustrator",
    "http://ns.adobe.com/SaveForWeb/1.0/": "Illustrator",
    "http://ns.adobe.com/Variables/1.0/": "Illustrator",
    "http://ns.adobe.com/ImageReplacement/1.0/": "Illustrator",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/": "Illustrator",
    "http://www.bohemiancoding.com/sketch/ns": "Sketch",
    "http://www.serif.com/": "Affinity",
}

_FRAGMENT = re.compile(r"#[^\s#]+")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|webp);base64,([A-Za-z0-9+/=\s]*)", re.I)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_CSS_URL = re.compile(r"\b(?:url|src)\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))", re.I)
# CSS functions that fetch images without url(): never needed for print artwork.
_CSS_FETCH = re.compile(r"\b(?:image-set|image|cross-fade|element)\(", re.I)

_LENGTH = re.compile(
    r"\s*(\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(mm|cm|in|pt|pc|px)?\s*", re.I
)
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96}


def inspect_svg(data: bytes, limits) -> InspectedFile:
    """The SVG re-serialised without clutter, with its physical size; Invalid if it is unsafe."""
    root, builder = _parse(data)
    if root.tag != f"{{{SVG}}}svg":
        raise Invalid(
            "This file is not an SVG image (missing xmlns on its <svg> element); export it again "
            "as SVG from your design application."
        )
    removed = _clean(root, limits)
    _check_drawn_elements(root)
    cleaned = _serialise(root)
    _check_drawing(cleaned)
    width_mm, height_mm = _physical_size(root)
    return InspectedFile(
        kind="vector",
        media_type="image/svg+xml",
        extension="svg",
        data=cleaned,
        width_mm=width_mm,
        height_mm=height_mm,
        notes=_notes(builder, removed),
    )


class _ContentTreeBuilder(ElementTree.TreeBuilder):
    """Builds the element tree, counting the comments and processing instructions it leaves out."""

    def __init__(self):
        super().__init__()
        self.comments = 0
        self.instructions = 0

    def comment(self, text):
        self.comments += 1

    def pi(self, target, text=None):
        self.instructions += 1


def _parse(data):
    builder = _ContentTreeBuilder()
    # defusedxml's parser with DTDs, entities and external references all forbidden, as its
    # fromstring() would build it, but with a target that counts what it drops.
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise Invalid(
            "SVG files with a DOCTYPE or entities are not accepted; export as plain SVG."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise Invalid(
            f"This SVG is not well-formed XML (line {line}, column {column}); export it again "
            "and re-upload."
        ) from None
    return root, builder


def _clean(root, limits):
    """Refuse what can act or fetch; drop metadata and other applications' markup, counted."""
    removed = Counter()
    seen = 1
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Invalid(
                f"This SVG nests groups more than {MAX_DEPTH} levels deep; flatten or simplify "
                "it and export it again."
            )
        seen += len(element)
        if seen > MAX_ELEMENTS:
            raise Invalid(_too_many_elements())
        _clean_attributes(element, removed, limits)
        if element.tag == f"{{{SVG}}}style":
            _check_css(element.text or "", "<style>")
        kept = []
        for child in element:
            namespace, name = _split(child.tag)
            if name in _REFUSED:
                what, leave_out = _REFUSED[name]
                raise Invalid(
                    f"This SVG contains {what} (<{name}>); export it again as plain SVG "
                    f"without {leave_out}."
                )
            if namespace == SVG and name != "metadata":
                kept.append(child)
                stack.append((child, depth + 1))
                continue
            if namespace == SVG:
                removed[("metadata", None)] += 1
            else:
                removed[("element", _EDITORS.get(namespace))] += 1
            # Text after a removed element still belongs here (it may be words of a <text>).
            if child.tail and kept:
                kept[-1].tail = (kept[-1].tail or "") + child.tail
            elif child.tail:
                element.text = (element.text or "") + child.tail
        if len(kept) < len(element):
            element[:] = kept
    return removed


def _clean_attributes(element, removed, limits):
    where = f"<{_split(element.tag)[1]}>"
    for key, value in list(element.attrib.items()):
        namespace, name = _split(key)
        if namespace is None:
            if name.lower().startswith("on"):
                raise Invalid(
                    f'This SVG has an event handler ({name}="…" on {where}); scripts are not '
                    "allowed in printed artwork. Export it again without interactivity."
                )
            if name == "href":
                _check_href(value, where, limits)
            elif name == "style":
                _check_css(value, where)
            else:
                _check_css_urls(value, where)
        elif namespace == XLINK and name == "href":
            _check_href(value, where, limits)
        elif not (namespace == XML and name == "space"):
            del element.attrib[key]
            removed[("attribute", _EDITORS.get(namespace))] += 1


def _check_href(value, where, limits):
    """Only links within the file and embedded PNG, JPEG or WebP images are allowed."""
    target = value.strip()
    if _FRAGMENT.fullmatch(target):
        return
    embedded = _DATA_IMAGE.fullmatch(target)
    if embedded is None:
        raise Invalid(
            f"This SVG links to {_quoted(target)} from {where}; only images embedded in the file "
            "(PNG, JPEG or WebP) and links within the file are allowed. Embed linked images and "
            "export it again."
        )
    declared = embedded[1].lower()
    try:
        image = base64.b64decode(re.sub(r"\s+", "", embedded[2]), validate=True)
    except binascii.Error:
        raise Invalid(
            f"An image embedded in this SVG ({where}) is damaged; embed it again and export the "
            "SVG again."
        ) from None
    if not image or sniff(image) != declared:
        raise Invalid(
            f"An image embedded in this SVG ({where}) is not the {declared.upper()} it claims to "
            "be; embed it again as PNG or JPEG and export the SVG again."
        )
    try:
        with open_image(image, limits):
            pass
    except Invalid as error:
        raise Invalid(f"An image embedded in this SVG ({where}) cannot be used. {error}") from None


def _check_css(css, where):
    text = _css_unescaped(css)
    if "@import" in text.lower():
        raise Invalid(
            f"This SVG's styles ({where}) import another style sheet (@import); export it again "
            "with its styles inside the file."
        )
    _check_css_urls(css, where)


def _check_css_urls(value, where):
    text = _css_unescaped(value)
    for found in _CSS_URL.finditer(text):
        target = next(group for group in found.groups() if group is not None).strip()
        if not target.startswith("#"):
            raise Invalid(
                f"This SVG's styles ({where}) load {_quoted(target)}; only references within the "
                "file, like url(#gradient), are allowed. Export it again without linked files."
            )
    fetch = _CSS_FETCH.search(text)
    if fetch:
        raise Invalid(
            f"This SVG's styles ({where}) load images with {fetch[0]}…); export it again without "
            "linked files."
        )


def _css_unescaped(css):
    # CSS escapes (\69 mport, u\72l) would hide @import and url( from a plain search.
    def character(escape):
        if escape[2] is not None:
            return escape[2]
        code = int(escape[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"

    return _CSS_ESCAPE.sub(character, css) if "\\" in css else css


def _check_drawn_elements(root):
    """Refuse <use> loops, and SVGs whose <use> copies multiply beyond MAX_ELEMENTS."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}

    def drawn_children(element):
        children = list(element)
        if element.tag == f"{{{SVG}}}use":
            href = element.get(f"{{{XLINK}}}href") or element.get("href") or ""
            target = by_id.get(href.strip()[1:]) if href.strip().startswith("#") else None
            if target is not None:
                children.append(target)
        return children

    # Depth-first, without recursion: a chain of <use> can be longer than Python's stack.
    drawn = {}
    in_progress = set()
    stack = [(root, False)]
    while stack:
        element, finished = stack.pop()
        if finished:
            in_progress.discard(element)
            drawn[element] = 1 + sum(drawn[child] for child in drawn_children(element))
            continue
        if element in drawn:
            continue
        in_progress.add(element)
        stack.append((element, True))
        for child in drawn_children(element):
            if child in in_progress:
                raise Invalid(
                    "This SVG has a <use> element that refers to itself or to a group containing "
                    "it; fix the reference and export it again."
                )
            if child not in drawn:
                stack.append((child, False))
    if drawn[root] > MAX_ELEMENTS:
        raise Invalid(_too_many_elements())


def _too_many_elements():
    return (
        f"This SVG draws more than {MAX_ELEMENTS:,} shapes and groups (counting repeated "
        "<use> copies); simplify it and export it again."
    )


def _serialise(root):
    # ElementTree's prefix registry is process-wide: set ours each time, so that no other
    # module's registration gives the stored file ns0: or svg: prefixes.
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


class _StandardFonts:
    """svglib font map that resolves every family to Helvetica.

    The check needs the drawing, not the faces; svglib's own map would search the disk and run
    fc-match for each unknown family, and keep every face it finds registered in the process.
    """

    def find_font(self, font_name, weight="normal", style="normal"):
        return "Helvetica", False


def _check_drawing(cleaned):
    """Prove the stored SVG loads in svglib, which turns it into PDF drawing operations."""
    try:
        drawing = svg2rlg(BytesIO(cleaned), font_map=_StandardFonts())
    except Exception:  # svglib raises whatever its converters meet
        drawing = None
    if drawing is None:
        raise Invalid(
            "This SVG could not be read as a vector drawing; export it again as plain SVG "
            "(SVG 1.1) and re-upload."
        )


def _physical_size(root):
    """Width and height in mm from width/height units, or the viewBox read as CSS pixels."""
    width, height = _length_mm(root.get("width")), _length_mm(root.get("height"))
    box = _view_box(root.get("viewBox"))
    if box and not (width and height):
        box_width, box_height = box
        if width:
            height = width * box_height / box_width
        elif height:
            width = height * box_width / box_height
        else:
            width, height = box_width * _MM_PER_UNIT["px"], box_height * _MM_PER_UNIT["px"]
    if not (width and height):
        return None, None
    return round(width, 3), round(height, 3)


def _length_mm(value):
    found = _LENGTH.fullmatch(value or "")
    if found is None:
        return None  # absent, a percentage or a font-relative unit: no physical size
    number = float(found[1])
    if not (0 < number < math.inf):
        return None
    return number * _MM_PER_UNIT[(found[2] or "px").lower()]


def _view_box(value):
    try:
        _, _, width, height = (float(part) for part in re.split(r"[\s,]+", (value or "").strip()))
    except ValueError:
        return None
    if 0 < width < math.inf and 0 < height < math.inf:
        return width, height
    return None


def _notes(builder, removed):
    notes = []
    if builder.comments:
        notes.append(_counted(builder.comments, "comment"))
    if builder.instructions:
        notes.append(_counted(builder.instructions, "processing instruction"))
    if removed[("metadata", None)]:
        notes.append(_counted(removed[("metadata", None)], "metadata element"))
    for (what, editor), count in sorted(removed.items(), key=lambda item: str(item[0])):
        if what == "metadata":
            continue
        label = f"{editor} editor {what}" if editor else f"non-SVG {what}"
        notes.append(_counted(count, label))
    return tuple(notes)


def _counted(count, label):
    return f"removed {count} {label}{'' if count == 1 else 's'}"


def _split(tag):
    """(namespace or None, local name) of an ElementTree tag or attribute key."""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return None, tag


def _quoted(value):
    return f'"{value[:60]}…"' if len(value) > 60 else f'"{value}"'
