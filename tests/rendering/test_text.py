"""Text drawing: fonts embedded and subset, line breaks, alignment, spacing, shrink and curves."""

import ctypes
import io
import itertools
import math
import re
import subprocess
from hashlib import sha256
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import reportlab
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont
from reportlab.pdfgen.canvas import Canvas

from monogram.rendering.cache import RenderCache
from monogram.rendering.context import DrawContext
from monogram.rendering.fonts import font_name, load_font, truetype_outlines
from monogram.rendering.inks import Inks
from monogram.rendering.model import Area, Box, FontFile, MissingFile, pt
from monogram.rendering.text import draw_text, layout_text

FONTS = Path(reportlab.__file__).parent / "fonts"
PAGE = (320.0, 220.0)  # pt
# Where the drawer's origin, the box's bottom-left, sits on the test page.
LEFT, BOTTOM = 20.0, 30.0
BLACK = {"cmyk": [0, 0, 0, 100]}
FONT_DATE = 3_000_000_000  # seconds since 1904, as the head table counts


def font_file(data, font_id):
    return FontFile(font_id, sha256(data).hexdigest(), data)


def cff_font_data():
    """A small OpenType font with CFF (cubic) outlines: A, B, C and the space."""
    builder = FontBuilder(1000, isTTF=False)
    widths = {".notdef": 500, "space": 250, "A": 600, "B": 640, "C": 580}
    builder.setupGlyphOrder(list(widths))
    builder.setupCharacterMap({32: "space", 65: "A", 66: "B", 67: "C"})
    charstrings = {name: _cff_glyph(name, width) for name, width in widths.items()}
    builder.setupCFF("TestCFF-Regular", {"FullName": "Test CFF"}, charstrings, {})
    builder.setupHorizontalMetrics({name: (width, 50) for name, width in widths.items()})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable(
        {"familyName": "Test CFF", "styleName": "Regular", "psName": "TestCFF-Regular"}
    )
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.updateHead(created=FONT_DATE, modified=FONT_DATE)
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _cff_glyph(name, width):
    pen = T2CharStringPen(width, None)
    if name != "space":
        # A block with a curved top: a cubic curve that must become quadratic ones.
        pen.moveTo((50, 0))
        pen.lineTo((50, 600))
        pen.curveTo((150, 760), (width - 150, 760), (width - 50, 600))
        pen.lineTo((width - 50, 0))
        pen.closePath()
    return pen.getCharString()


VERA = font_file((FONTS / "Vera.ttf").read_bytes(), "fnt_vera")
VERA_BOLD = font_file((FONTS / "VeraBd.ttf").read_bytes(), "fnt_verabold")
CFF = font_file(cff_font_data(), "fnt_cff")


class Fonts:
    """A resolver holding the test fonts."""

    files = {file.id: file for file in (VERA, VERA_BOLD, CFF)}

    def font(self, font_id):
        return self.files[font_id]

    def asset(self, asset_id):
        raise MissingFile(asset_id)


def text_object(**fields):
    obj = {
        "id": "t1",
        "type": "text",
        "x": 0,
        "y": 0,
        "width": 60,
        "height": 20,
        "text": "Jeanne Dupont",
        "font": VERA.id,
        "size": 12,
        "color": BLACK,
        "align": "left",
        "valign": "top",
        "line_height": 1.2,
        "letter_spacing": 0,
        "fit": "none",
        "curve": None,
    }
    obj.update(fields)
    return obj


def render(tmp_path, *objects):
    """A one-page PDF with each object's box at (LEFT, BOTTOM), drawn by draw_text."""
    cache = RenderCache()
    area = Area("front", "Front", 100, 70)
    ctx = DrawContext(Fonts(), area, Inks(area), cache)
    path = tmp_path / "text.pdf"
    # A TrueType initial font keeps reportlab from naming an unembedded Helvetica on the page.
    canvas = Canvas(str(path), pagesize=PAGE, invariant=1, initialFontName=load_font(VERA, cache))
    for obj in objects:
        canvas.saveState()
        canvas.translate(LEFT, BOTTOM)
        draw_text(canvas, obj, Box(pt(obj["width"]), pt(obj["height"])), ctx)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return path


def box_edges(obj):
    """(left, right, bottom, top) of the object's box on the test page, PDF coordinates."""
    return LEFT, LEFT + pt(obj["width"]), BOTTOM, BOTTOM + pt(obj["height"])


def pdffonts(path):
    """(name, type, embedded, subset) for each font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = re.findall(
        r"^(\S+)\s+(.+?)\s+\S+\s+(yes|no)\s+(yes|no)\s+(?:yes|no)\s+\d+\s+\d+$",
        out.stdout,
        re.MULTILINE,
    )
    return [(name, kind, emb == "yes", sub == "yes") for name, kind, emb, sub in rows]


def text_lines(path):
    """The page's text lines as pdftotext -layout reads them, stripped."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def words(path):
    """pdftotext -bbox words as (text, xMin, yMin, xMax, yMax), page y measured downwards."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        (text, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, out.stdout)
    ]


def word_rows(path):
    """pdftotext -bbox words grouped into lines by their top, top line first."""
    rows = {}
    for word in words(path):
        rows.setdefault(round(word[2], 1), []).append(word)
    return [sorted(rows[top], key=lambda word: word[1]) for top in sorted(rows)]


def glyphs(path):
    """pdfium's reading of each drawn character: (char, origin x, origin y, size, angle)."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        textpage = page.get_textpage()
        found = []
        for index in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage, index):
                continue  # line ends pdfium adds itself
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
            found.append(
                (
                    chr(pdfium_c.FPDFText_GetUnicode(textpage, index)),
                    x.value,
                    y.value,
                    pdfium_c.FPDFText_GetFontSize(textpage, index),
                    pdfium_c.FPDFText_GetCharAngle(textpage, index),
                )
            )
        textpage.close()
        page.close()
        return found
    finally:
        document.close()


def ink_boxes(path):
    """pdfium's box (left, bottom, right, top) of each drawn glyph's ink, spaces left out."""
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[0].get_textpage()
        return [
            textpage.get_charbox(index)
            for index in range(textpage.count_chars())
            if chr(pdfium_c.FPDFText_GetUnicode(textpage, index)).strip()
        ]
    finally:
        document.close()


def metrics(file):
    """The font's own numbers, read with fontTools, in ems: advance per character, kerning per
    pair of characters, ascent and descent."""
    font = TTFont(io.BytesIO(file.data))
    per_em = font["head"].unitsPerEm
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    advances = {chr(code): hmtx[glyph][0] / per_em for code, glyph in cmap.items()}
    by_glyph = font["kern"].kernTables[0].kernTable if "kern" in font else {}
    names = {glyph: chr(code) for code, glyph in cmap.items()}
    kerning = {
        names[left] + names[right]: value / per_em
        for (left, right), value in by_glyph.items()
        if left in names and right in names
    }
    os2 = font["OS/2"]
    return advances, kerning, os2.sTypoAscender / per_em, -os2.sTypoDescender / per_em


def pen_moves(file, text, size, letter_spacing=0.0):
    """How far the pen moves from each character to the next: advance, kerning and spacing."""
    advances, kerning, _, _ = metrics(file)
    return [
        (advances[char] + kerning.get(char + following, 0)) * size + letter_spacing
        for char, following in itertools.pairwise(text)
    ]


def set_width(file, text, size, letter_spacing=0.0):
    advances, _, _, _ = metrics(file)
    return sum(pen_moves(file, text, size, letter_spacing)) + advances[text[-1]] * size


# Fonts


def test_fonts_are_embedded_as_subsets(tmp_path):
    path = render(
        tmp_path,
        text_object(text="Jeanne Dupont"),
        text_object(text="Atelier", font=VERA_BOLD.id, valign="bottom"),
    )

    fonts = pdffonts(path)
    assert {re.sub(r"^[A-Z]{6}\+", "", name) for name, *_ in fonts} == {
        "BitstreamVeraSans-Roman",
        "BitstreamVeraSans-Bold",
    }
    for name, kind, embedded, subset in fonts:
        assert re.fullmatch(r"[A-Z]{6}\+BitstreamVeraSans-(Roman|Bold)", name)
        assert (kind, embedded, subset) == ("TrueType", True, True)
    assert text_lines(path) == ["Jeanne Dupont", "Atelier"]


def test_cff_opentype_font_is_converted_embedded_and_subset(tmp_path):
    path = render(tmp_path, text_object(text="CAB BAC", font=CFF.id, size=30))

    [(name, kind, embedded, subset)] = pdffonts(path)
    assert re.fullmatch(r"[A-Z]{6}\+TestCFF-Regular", name)
    assert (kind, embedded, subset) == ("TrueType", True, True)
    assert text_lines(path) == ["CAB BAC"]
    # The outlines came through: the glyphs put ink on the page.
    document = pdfium.PdfDocument(str(path))
    try:
        image = document[0].render(scale=1).to_pil().convert("L")
        assert sum(image.histogram()[:128]) > 1000
    finally:
        document.close()


def test_cff_outlines_become_quadratic_truetype_outlines():
    font = TTFont(io.BytesIO(truetype_outlines(CFF.data)))

    assert "glyf" in font
    assert "CFF " not in font
    bounds = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()["A"].draw(bounds)
    x_min, y_min, x_max, y_max = bounds.bounds
    assert (x_min, y_min, x_max) == (50, 0, 550)
    # The cubic top reaches y = 720; its quadratic replacement stays within a unit of it.
    assert abs(y_max - 720) <= 1
    glyph = font["glyf"]["A"]
    assert any(flag & 1 == 0 for flag in glyph.flags)  # off-curve points: real curves
    assert font["hmtx"]["B"] == (640, 50)
    # Converting is repeatable: the font keeps its own date, so the print file does not change.
    assert font["head"].modified == FONT_DATE
    assert truetype_outlines(CFF.data) == truetype_outlines(CFF.data)


def test_a_font_file_is_registered_once_under_a_name_from_its_content():
    cache = RenderCache()

    name = load_font(VERA, cache)

    assert name == font_name(VERA.sha256) == "F" + VERA.sha256[:16]
    assert cache.fonts == {VERA.sha256: name}
    # The same bytes under another id, in another render, are the same font.
    assert load_font(font_file(VERA.data, "fnt_again"), RenderCache()) == name
    assert load_font(VERA_BOLD, cache) != name


def test_accents_typed_as_two_characters_print_as_the_fonts_accented_letter(tmp_path):
    path = render(tmp_path, text_object(text="Cafe\u0301 Ame\u0301lie"))

    assert text_lines(path) == ["Café Amélie"]
    assert "".join(glyph[0] for glyph in glyphs(path)) == "Café Amélie"


# Lines and fit


def test_lines_break_at_newlines_and_overflow_without_fit(tmp_path):
    obj = text_object(text="Jeanne Dupont\nRue des Lilas 12, 75011 Paris, France", width=40)

    path = render(tmp_path, obj)

    assert text_lines(path) == ["Jeanne Dupont", "Rue des Lilas 12, 75011 Paris, France"]
    layout = layout_text(obj, VERA, RenderCache())
    assert layout.lines == ["Jeanne Dupont", "Rue des Lilas 12, 75011 Paris, France"]
    assert layout.size == 12
    assert layout.overflows
    assert layout.width_pt == pytest.approx(
        set_width(VERA, "Rue des Lilas 12, 75011 Paris, France", 12), abs=0.01
    )


def test_wrap_breaks_at_spaces_as_late_as_the_box_width_allows(tmp_path):
    text = "The quick brown fox jumps over the lazy dog and keeps running"
    obj = text_object(text=text, fit="wrap", width=40, height=30)
    left, right, _, _ = box_edges(obj)

    path = render(tmp_path, obj)

    rows = word_rows(path)
    assert len(rows) > 2
    assert [" ".join(word[0] for word in row) for row in rows] == text_lines(path)
    assert " ".join(text_lines(path)) == text
    space = set_width(VERA, " ", 12)
    for row, following in itertools.pairwise(rows):
        assert row[0][1] == pytest.approx(left, abs=0.5)
        assert row[-1][3] <= right + 0.01
        # Greedy: the next line's first word would not have fitted after a space.
        next_word = following[0][3] - following[0][1]
        assert row[-1][3] + space + next_word > right
    layout = layout_text(obj, VERA, RenderCache())
    assert layout.lines == text_lines(path)
    assert not layout.overflows


def test_wrap_breaks_a_word_longer_than_the_box(tmp_path):
    word = "Supercalifragilisticexpialidocious"
    obj = text_object(text=word, fit="wrap", width=25, height=20)
    _, right, _, _ = box_edges(obj)

    path = render(tmp_path, obj)

    lines = text_lines(path)
    assert len(lines) > 1
    assert "".join(lines) == word
    assert all(row[-1][3] <= right + 0.01 for row in word_rows(path))


def test_wrap_reports_overflow_when_the_lines_run_past_the_box_bottom():
    text = "The quick brown fox jumps over the lazy dog"
    tall = layout_text(text_object(text=text, fit="wrap", width=40, height=20), VERA, RenderCache())
    short = layout_text(text_object(text=text, fit="wrap", width=40, height=8), VERA, RenderCache())

    assert len(tall.lines) == len(short.lines) == 3
    assert tall.height_pt == pytest.approx(3 * 1.2 * 12)
    assert not tall.overflows
    assert short.overflows


def test_shrink_picks_the_largest_tenth_of_a_point_at_which_the_line_fits(tmp_path):
    text = "Jeanne-Marguerite Dupont-Delacroix"
    obj = text_object(text=text, fit="shrink", size=8.5, width=50, height=15)
    _, right, _, _ = box_edges(obj)

    layout = layout_text(obj, VERA, RenderCache())
    path = render(tmp_path, obj)

    size = layout.size
    assert size < 8.5
    assert round(size * 10) == pytest.approx(size * 10)
    assert set_width(VERA, text, size) <= pt(50) + 0.01
    assert set_width(VERA, text, size + 0.1) > pt(50)
    assert not layout.overflows
    assert layout.lines == [text]
    drawn = glyphs(path)
    assert {round(glyph[3], 3) for glyph in drawn} == {round(size, 3)}
    assert text_lines(path) == [text]
    assert words(path)[-1][3] <= right + 0.01


def test_shrink_keeps_the_size_when_the_text_fits(tmp_path):
    path = render(tmp_path, text_object(text="Jeanne", fit="shrink", size=14))

    assert {glyph[3] for glyph in glyphs(path)} == {14}


def test_shrink_breaks_only_at_newlines_and_fits_the_lines_in_the_height(tmp_path):
    text = "Jeanne\nDupont\n12 rue\nParis"
    obj = text_object(text=text, fit="shrink", size=20, width=80, height=20)

    layout = layout_text(obj, VERA, RenderCache())
    path = render(tmp_path, obj)

    assert layout.lines == text.split("\n")
    assert 4 * 1.2 * layout.size <= pt(20) + 0.01
    assert 4 * 1.2 * (layout.size + 0.1) > pt(20)
    assert text_lines(path) == text.split("\n")
    assert {round(glyph[3], 3) for glyph in glyphs(path)} == {round(layout.size, 3)}


def test_shrink_stops_at_four_points_and_reports_the_overflow():
    obj = text_object(text="A name far too long for such a small box", fit="shrink", width=10)

    layout = layout_text(obj, VERA, RenderCache())

    assert layout.size == 4
    assert layout.overflows


# Placement in the box


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_alignment_puts_the_line_against_its_edge_or_centre(tmp_path, align):
    obj = text_object(text="Jeanne Dupont\nParis", align=align, width=70)
    left, right, _, _ = box_edges(obj)

    path = render(tmp_path, obj)

    for row in word_rows(path):
        start, end = row[0][1], row[-1][3]
        expected = {"left": (start, left), "center": ((start + end) / 2, (left + right) / 2)}
        actual, edge = expected.get(align, (end, right))
        assert actual == pytest.approx(edge, abs=0.5)


def test_justify_stretches_wrapped_lines_to_both_edges_but_not_paragraph_ends(tmp_path):
    text = "The quick brown fox jumps over the lazy dog and keeps on\nSee you soon"
    obj = text_object(text=text, align="justify", fit="wrap", width=45, height=30)
    left, right, _, _ = box_edges(obj)

    path = render(tmp_path, obj)

    rows = word_rows(path)
    assert [len(row) for row in rows] == [4, 4, 4, 3]
    for row in rows[:2]:
        assert row[0][1] == pytest.approx(left, abs=0.5)
        assert row[-1][3] == pytest.approx(right, abs=0.5)
    for row in rows[2:]:
        assert row[0][1] == pytest.approx(left, abs=0.5)
        assert row[-1][3] < right - 10
    assert " ".join(word[0] for row in rows for word in row) == text.replace("\n", " ")


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_valign_places_the_lines_at_the_top_middle_or_bottom(tmp_path, valign):
    obj = text_object(text="Jeanne\nDupont", valign=valign, size=10, line_height=1.5)
    _, _, bottom, top = box_edges(obj)
    _, _, rise, fall = metrics(VERA)
    # Each line is a leading high, the glyphs centred in it: half the spare leading each side.
    leading = 1.5 * 10
    above = (leading - (rise + fall) * 10) / 2 + rise * 10
    block_top = {"top": top, "middle": (top + bottom + 2 * leading) / 2, "bottom": bottom + 30}

    path = render(tmp_path, obj)

    baselines = sorted({round(glyph[2], 3) for glyph in glyphs(path)}, reverse=True)
    first = block_top[valign] - above
    assert baselines == pytest.approx([first, first - leading], abs=0.01)


def test_letter_spacing_adds_points_after_each_character(tmp_path):
    obj = text_object(text="ABCD", letter_spacing=3, size=10, align="right")
    _, right, _, _ = box_edges(obj)
    advances, _, _, _ = metrics(VERA)

    path = render(tmp_path, obj)

    drawn = glyphs(path)
    assert "".join(glyph[0] for glyph in drawn) == "ABCD"
    moves = [following[1] - glyph[1] for glyph, following in itertools.pairwise(drawn)]
    assert moves == pytest.approx(pen_moves(VERA, "ABCD", 10, letter_spacing=3), abs=0.01)
    # The last letter's advance, not the spacing after it, meets the right edge.
    assert drawn[-1][1] + advances["D"] * 10 == pytest.approx(right, abs=0.5)


def test_pairs_are_kerned_as_the_font_says(tmp_path):
    _, kerning, _, _ = metrics(VERA)

    path = render(tmp_path, text_object(text="AVATAR To", size=20))

    drawn = glyphs(path)
    moves = [following[1] - glyph[1] for glyph, following in itertools.pairwise(drawn)]
    # pdfium keeps glyph widths in whole thousandths of an em: 0.02 pt at 20 pt.
    assert moves == pytest.approx(pen_moves(VERA, "AVATAR To", 20), abs=0.025)
    assert kerning["To"] * 20 < -3  # a pair the font pulls together by more than 3 pt
    assert text_lines(path) == ["AVATAR To"]


def test_text_is_painted_in_the_colour_inks_give(tmp_path):
    path = render(tmp_path, text_object(text="Jeanne Dupont", size=24))

    out = subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=inkcov", "-o", "-", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    cyan, magenta, yellow, black = (float(value) for value in out.stdout.split()[:4])
    assert (cyan, magenta, yellow) == (0, 0, 0)
    assert black > 0


def _darkest(path):
    document = pdfium.PdfDocument(str(path))
    try:
        darkest, _ = document[0].render(scale=2).to_pil().convert("L").getextrema()
        return darkest
    finally:
        document.close()


def test_text_keeps_the_objects_opacity(tmp_path):
    opaque = _darkest(render(tmp_path, text_object(text="IIII", size=60)))
    half = _darkest(render(tmp_path, text_object(text="IIII", size=60, opacity=0.5)))

    # Half the ink over white paper: halfway between the opaque text and the paper.
    assert opaque < 64
    assert half == pytest.approx((opaque + 255) / 2, abs=3)


# Curved text


def _arc_points(path, file, size):
    """Each glyph's baseline middle: its origin moved half an advance along its turned baseline."""
    advances, _, _, _ = metrics(file)
    points = []
    for char, x, y, _, angle in glyphs(path):
        # pdfium measures the angle clockwise; the baseline runs at minus that angle.
        half = advances[char] * size / 2
        points.append((char, x + half * math.cos(angle), y - half * math.sin(angle)))
    return points


@pytest.mark.parametrize("radius", [30, -30])
def test_curved_text_lays_each_glyph_on_the_arc(tmp_path, radius):
    text = "ABRACADABRA"
    obj = text_object(text=text, curve={"radius": radius}, valign="middle")
    left, right, _, _ = box_edges(obj)
    middle_x = (left + right) / 2

    path = render(tmp_path, obj)

    points = _arc_points(path, VERA, 12)
    assert "".join(char for char, _, _ in points) == text
    xs = [x for _, x, _ in points]
    assert xs == sorted(xs)
    ys = [y for _, _, y in points]
    # The text's middle glyph sits at the top of the arc for a positive radius, the bottom for a
    # negative one, on the box's vertical midline.
    _, top_x, top_y = points[len(points) // 2]
    assert top_x == pytest.approx(middle_x, abs=0.5)
    assert top_y == (max(ys) if radius > 0 else min(ys))
    centre_y = top_y - pt(radius)
    for _, x, y in points:
        assert math.hypot(x - middle_x, y - centre_y) == pytest.approx(pt(abs(radius)), abs=0.5)
    # Real text in the embedded font, glyph by glyph.
    [(name, _, embedded, subset)] = pdffonts(path)
    assert embedded and subset
    assert re.fullmatch(r"[A-Z]{6}\+BitstreamVeraSans-Roman", name)


@pytest.mark.parametrize("radius", [25, -25])
def test_curved_text_turns_each_glyph_along_the_arc(tmp_path, radius):
    obj = text_object(text="ABRACADABRA", curve={"radius": radius})
    left, right, _, _ = box_edges(obj)

    path = render(tmp_path, obj)

    points = _arc_points(path, VERA, 12)
    _, _, top_y = points[len(points) // 2]
    centre = ((left + right) / 2, top_y - pt(radius))
    for (_, x, y), glyph in zip(points, glyphs(path), strict=True):
        # Upright on the arc: the baseline is square to the radius through the glyph.
        outward = math.atan2(y - centre[1], x - centre[0])
        baseline = -glyph[4]
        assert math.cos(outward - baseline) == pytest.approx(0, abs=0.01)


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_curved_text_sits_in_the_box_by_valign(tmp_path, valign):
    obj = text_object(text="ABRACADABRA", curve={"radius": 30}, valign=valign, height=25)
    _, _, bottom, top = box_edges(obj)

    path = render(tmp_path, obj)

    boxes = ink_boxes(path)
    ink_bottom, ink_top = min(box[1] for box in boxes), max(box[3] for box in boxes)
    assert bottom <= ink_bottom
    assert ink_top <= top
    # The set block is the glyphs' line boxes, a little taller than their ink.
    gap = {
        "top": top - ink_top,
        "middle": abs((ink_top + ink_bottom) / 2 - (top + bottom) / 2),
        "bottom": ink_bottom - bottom,
    }[valign]
    assert gap < 5


def test_shrink_on_a_curve_fits_the_curved_block_in_the_box():
    obj = text_object(
        text="ABRACADABRA ABRACADABRA", curve={"radius": 20}, fit="shrink", size=20, height=15
    )

    layout = layout_text(obj, VERA, RenderCache())
    larger = layout_text(dict(obj, size=layout.size + 0.1, fit="none"), VERA, RenderCache())

    assert layout.size < 20
    assert not layout.overflows
    assert layout.width_pt <= pt(60) + 0.01
    assert layout.height_pt <= pt(15) + 0.01
    assert larger.overflows
