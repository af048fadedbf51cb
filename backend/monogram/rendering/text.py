"""Text objects: lines in the merchant's font, aligned, wrapped or shrunk, straight or on an arc."""

import math
import unicodedata
from dataclasses import dataclass

from monogram.rendering.fonts import (
    ascent,
    descent,
    load_font,
    positions,
    shaped_line,
    string_width,
)
from monogram.rendering.model import Box, pt

# The smallest size shrink goes down to: below it, text is unreadable in print.
MIN_SHRINK_SIZE = 4.0  # pt
# Shrink searches sizes in tenths of a point, the finest step a designer's size field offers.
SIZE_STEPS_PER_PT = 10
# Widths are sums of floats; a line that fits exactly must not be reported as overflowing.
TOLERANCE = 0.01  # pt
# An arc line closer to its centre than this would turn inside out; it is held at this radius.
MIN_ARC_RADIUS = 1.0  # pt


@dataclass(frozen=True)
class Row:
    """One straight line, set: its baseline origin in the box and its justify word spacing."""

    text: str
    x: float
    y: float
    word_space: float = 0.0


@dataclass(frozen=True)
class Glyph:
    """One character of curved text: its baseline origin in the box and its turn, in degrees."""

    char: str
    x: float
    y: float
    angle: float


@dataclass(frozen=True)
class TextLayout:
    """Text set in its box: the size used, its lines, the block's extent and whether it overflows.

    Straight text comes as rows, curved text as glyphs, in box coordinates (points, origin at
    the box's bottom-left, y up).
    """

    size: float
    lines: list[str]
    overflows: bool
    width_pt: float
    height_pt: float
    font: str = ""
    letter_spacing: float = 0.0
    rows: tuple[Row, ...] = ()
    glyphs: tuple[Glyph, ...] = ()


@dataclass(frozen=True)
class _Style:
    font: str
    text: str
    align: str
    valign: str
    line_height: float
    letter_spacing: float
    fit: str
    radius: float | None  # pt, signed as in the document

    @classmethod
    def of(cls, obj, font):
        curve = obj.get("curve")
        return cls(
            font=font,
            # Composed accents: fonts draw "é" as one glyph, seldom "e" and a combining accent.
            text=unicodedata.normalize("NFC", obj["text"].replace("\r\n", "\n")),
            align=obj.get("align", "left"),
            valign=obj.get("valign", "top"),
            line_height=obj.get("line_height", 1.2),
            letter_spacing=obj.get("letter_spacing", 0.0),
            fit=obj.get("fit", "none"),
            radius=pt(curve["radius"]) if curve else None,
        )


def layout_text(obj, font_file, cache):
    """How the text object sets in its own box, for preflight: size used, lines, overflow."""
    font = load_font(font_file, cache)
    return _layout(_Style.of(obj, font), obj["size"], Box(pt(obj["width"]), pt(obj["height"])))


def draw_text(canvas, obj, box, ctx):
    """Draw a text object as real text in its embedded font, origin at the box's bottom-left."""
    font = load_font(ctx.resolver.font(obj["font"]), ctx.cache)
    layout = _layout(_Style.of(obj, font), obj["size"], box)
    # reportlab sets the fill opacity from the colour's alpha: it must carry the object's own.
    canvas.setFillColor(ctx.inks.color(obj["color"], alpha=obj.get("opacity", 1.0)))
    text = canvas.beginText()
    text.setFont(layout.font, layout.size)
    if layout.glyphs:
        _curved_glyphs(text, layout)
    else:
        _straight_rows(text, layout)
    canvas.drawText(text)


def _straight_rows(text, layout):
    text.setCharSpace(layout.letter_spacing)
    word_space = 0.0
    for row in layout.rows:
        if not row.text:
            continue
        if row.word_space != word_space:
            word_space = row.word_space
            text.setWordSpace(word_space)
        text.setTextOrigin(row.x, row.y)
        text.textOut(shaped_line(layout.font, row.text))


def _curved_glyphs(text, layout):
    # Each glyph gets its own text matrix: turned to the arc's tangent, still a glyph of the font.
    for glyph in layout.glyphs:
        turn = math.radians(glyph.angle)
        cos, sin = math.cos(turn), math.sin(turn)
        text.setTextTransform(cos, sin, -sin, cos, glyph.x, glyph.y)
        text.textOut(glyph.char)


def _layout(style, size, box):
    if style.fit != "shrink":
        return _set(style, size, box)
    return _shrink(style, size, box)


def _shrink(style, size, box):
    """The largest size, in tenths of a point up to the document's, at which the text fits."""
    whole = _set(style, size, box)
    if not whole.overflows or size <= MIN_SHRINK_SIZE:
        return whole
    low = round(MIN_SHRINK_SIZE * SIZE_STEPS_PER_PT)
    smallest = _set(style, low / SIZE_STEPS_PER_PT, box)
    if smallest.overflows:
        return smallest
    # Bisection: the block only grows with the size, so sizes that fit form one run from low.
    best, high = smallest, math.ceil(size * SIZE_STEPS_PER_PT) - 1
    while low < high:
        middle = (low + high + 1) // 2
        candidate = _set(style, middle / SIZE_STEPS_PER_PT, box)
        if candidate.overflows:
            high = middle - 1
        else:
            low, best = middle, candidate
    return best


def _set(style, size, box):
    lines, wrapped = _lines(style, size, box.width)
    if style.radius is None:
        return _set_straight(style, size, box, lines, wrapped)
    return _set_curved(style, size, box, lines)


def _lines(style, size, width):
    """The text's lines and, for each, whether it ends at a wrap (where justify stretches it)."""
    lines, wrapped = [], []
    for paragraph in style.text.split("\n"):
        broken = _wrap(style, size, width, paragraph) if style.fit == "wrap" else [paragraph]
        lines.extend(broken)
        wrapped.extend([True] * (len(broken) - 1) + [False])
    return lines, wrapped


def _wrap(style, size, width, paragraph):
    """Break a paragraph at spaces to the width; a word longer than the width breaks anywhere."""

    def fits(line):
        return string_width(style.font, line, size, style.letter_spacing) <= width + TOLERANCE

    lines, line = [], None
    for word in paragraph.split(" "):
        if line is not None and fits(f"{line} {word}"):
            line = f"{line} {word}"
            continue
        if line is not None:
            lines.append(line)
        pieces = [word] if fits(word) else _break_word(style, size, width, word, fits)
        lines.extend(pieces[:-1])
        line = pieces[-1]
    lines.append(line)
    return lines


def _break_word(style, size, width, word, fits):
    """Pieces of a word too long for the width, each as long as fits, at least a character."""
    places = positions(style.font, word, size)
    pieces, start, run = [], 0, 0.0
    for index, place in enumerate(places):
        if index > start and run + place.advance > width + TOLERANCE:
            cut = index
            # Kerning across the cut is lost once the piece stands alone: check the piece itself.
            while cut - start > 1 and not fits(word[start:cut]):
                cut -= 1
            pieces.append(word[start:cut])
            start = cut
            run = sum(kept.advance + style.letter_spacing for kept in places[cut:index])
        run += place.advance + style.letter_spacing
    pieces.append(word[start:])
    return pieces


def _line_box(style, size):
    """Leading and the baseline's place in its line: half the spare leading above the ascent."""
    leading = style.line_height * size
    rise, fall = ascent(style.font, size), descent(style.font, size)
    half_spare = (leading - rise - fall) / 2
    return leading, half_spare + rise, half_spare + fall


def _set_straight(style, size, box, lines, wrapped):
    """Rows as browsers set them: each line one leading high, its glyphs centred in it."""
    leading, above, _ = _line_box(style, size)
    widths = [string_width(style.font, line, size, style.letter_spacing) for line in lines]
    width, height = max(widths), leading * len(lines)
    top = {"top": box.height, "middle": (box.height + height) / 2, "bottom": height}[style.valign]
    rows = tuple(
        Row(
            line,
            _line_x(style.align, box.width, line_width),
            top - index * leading - above,
            _justify_space(style.align, box.width, line, line_width, ends_at_wrap),
        )
        for index, (line, line_width, ends_at_wrap) in enumerate(
            zip(lines, widths, wrapped, strict=True)
        )
    )
    overflows = width > box.width + TOLERANCE or height > box.height + TOLERANCE
    return TextLayout(
        size, lines, overflows, width, height, style.font, style.letter_spacing, rows=rows
    )


def _line_x(align, box_width, line_width):
    if align == "center":
        return (box_width - line_width) / 2
    if align == "right":
        return box_width - line_width
    return 0.0  # left, and justify, whose lines run from the left edge


def _justify_space(align, box_width, line, line_width, ends_at_wrap):
    # Only lines that end at a wrap are stretched; a paragraph's last line stays ragged.
    spaces = line.count(" ")
    if align != "justify" or not ends_at_wrap or not spaces or line_width > box_width:
        return 0.0
    return (box_width - line_width) / spaces


def _set_curved(style, size, box, lines):
    """Glyphs laid one by one on arcs around one centre, the first line's baseline on the radius.

    A positive radius puts the centre below (the text bows up, reading round the outside of a
    circle); a negative one puts it above (the text sags, reading round the inside). Further
    lines sit on concentric arcs one leading lower. The set block is then placed in the box
    by valign, its arc centre on the box's vertical midline.
    """
    leading, above, below = _line_box(style, size)
    glyphs, corners = [], []
    for index, line in enumerate(lines):
        for glyph, width in _arc_line(style, size, line, index * leading):
            glyphs.append(glyph)
            corners.extend(_glyph_corners(glyph, width, above, below))
    xs = [x for x, _ in corners] or [0.0]
    ys = [y for _, y in corners] or [0.0]
    height = max(ys) - min(ys)
    centre_x = box.width / 2
    centre_y = {
        "top": box.height - max(ys),
        "middle": (box.height - max(ys) - min(ys)) / 2,
        "bottom": -min(ys),
    }[style.valign]
    placed = tuple(
        Glyph(glyph.char, glyph.x + centre_x, glyph.y + centre_y, glyph.angle) for glyph in glyphs
    )
    overflows = (
        centre_x + min(xs) < -TOLERANCE
        or centre_x + max(xs) > box.width + TOLERANCE
        or height > box.height + TOLERANCE
    )
    return TextLayout(
        size,
        lines,
        overflows,
        max(xs) - min(xs),
        height,
        style.font,
        style.letter_spacing,
        glyphs=placed,
    )


def _arc_line(style, size, line, drop):
    """(glyph, width) for each character of a line, around an arc centre at (0, 0)."""
    # Every line is centred on the top (or bottom) of its arc, whatever the align: measured along
    # a tight arc, a box edge has no place a left or right aligned line could start or end.
    pen = -string_width(style.font, line, size, style.letter_spacing) / 2
    bows_up = style.radius > 0
    radius = max(abs(style.radius) + (-drop if bows_up else drop), MIN_ARC_RADIUS)
    placed = []
    for char, position in zip(line, positions(style.font, line, size), strict=True):
        theta = (pen + position.x_offset + position.width / 2) / radius
        # Going right, the tangent turns clockwise over the top and anticlockwise under the bottom.
        turn = -theta if bows_up else theta
        # A glyph raised by the font stands further out from the centre, or further in below it.
        reach = radius + position.y_offset if bows_up else radius - position.y_offset
        mid_x = reach * math.sin(theta)
        mid_y = reach * math.cos(theta) * (1 if bows_up else -1)
        # The glyph's origin is half its width back along the tangent from its middle.
        x = mid_x - position.width / 2 * math.cos(turn)
        y = mid_y - position.width / 2 * math.sin(turn)
        placed.append((Glyph(char, x, y, math.degrees(turn)), position.width))
        pen += position.advance + style.letter_spacing
    return placed


def _glyph_corners(glyph, width, above, below):
    """The corners of a glyph's line box (its width wide, one leading high), turned with it."""
    turn = math.radians(glyph.angle)
    cos, sin = math.cos(turn), math.sin(turn)
    return [
        (glyph.x + u * cos - v * sin, glyph.y + u * sin + v * cos)
        for u in (0.0, width)
        for v in (-below, above)
    ]
