"""Shapes and codes on the plates, as Ghostscript separates them: right inks, right places."""

import pytest
from reportlab.pdfgen.canvas import Canvas

from monogram.rendering.cache import RenderCache
from monogram.rendering.codes import draw_code, symbol
from monogram.rendering.context import DrawContext
from monogram.rendering.inks import Inks
from monogram.rendering.model import Area, Box, pt
from monogram.rendering.shapes import draw_shape
from tests.rendering.conftest import DictResolver
from tests.rendering.tools import ink, listed_images, plates, rgb_operators

PAGE = 200  # pt square; at 72 dpi one plate pixel is one point
PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
BLACK = {"cmyk": [0, 0, 0, 100]}
PANTONE = {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}
CARD = Area("front", "Recto", 85, 55)


def page(tmp_path, *placements, area=CARD):
    """A one-page PDF; each placement is (drawer, object, (left, bottom, width, height))."""
    path = tmp_path / "page.pdf"
    ctx = DrawContext(DictResolver(), area, Inks(area), RenderCache())
    canvas = Canvas(str(path), pagesize=(PAGE, PAGE), invariant=1)
    for drawer, obj, (left, bottom, width, height) in placements:
        canvas.saveState()
        canvas.translate(left, bottom)
        if obj.get("opacity", 1) < 1:  # as pdf.py does before calling a drawer
            canvas.setFillAlpha(obj["opacity"])
            canvas.setStrokeAlpha(obj["opacity"])
        drawer(canvas, obj, Box(width, height), ctx)
        canvas.restoreState()
    canvas.save()
    return path


def rect(**fields):
    return {
        "type": "shape",
        "shape": "rect",
        "fill": None,
        "stroke": None,
        "stroke_width": 0,
        "corner_radius": 0,
        **fields,
    }


# Shapes ---------------------------------------------------------------------------------------


def test_black_shape_prints_on_the_black_plate_only(tmp_path):
    pdf = page(tmp_path, (draw_shape, rect(fill=BLACK), (50, 50, 100, 100)))
    found = plates(pdf, tmp_path)
    assert set(found) == set(PROCESS)
    assert ink(found["Black"], 50, 50, 150, 150) == (255, 255)
    assert ink(found["Black"], 0, 0, 200, 49) == (0, 0)  # nothing outside the box
    for name in ("Cyan", "Magenta", "Yellow"):
        assert found[name].getextrema() == (0, 0)


def test_spot_colour_gets_its_own_named_plate(tmp_path):
    pdf = page(tmp_path, (draw_shape, rect(fill=PANTONE), (50, 50, 100, 100)))
    found = plates(pdf, tmp_path)
    assert set(found) == {*PROCESS, "PANTONE 286 C"}
    assert ink(found["PANTONE 286 C"], 50, 50, 150, 150) == (255, 255)
    for name in PROCESS:
        assert found[name].getextrema() == (0, 0)


def test_rgb_red_is_converted_to_magenta_and_yellow(tmp_path):
    pdf = page(tmp_path, (draw_shape, rect(fill={"rgb": "#ff0000"}), (50, 50, 100, 100)))
    found = plates(pdf, tmp_path)
    assert ink(found["Magenta"], 50, 50, 150, 150)[0] > 230
    assert ink(found["Yellow"], 50, 50, 150, 150)[0] > 230
    assert found["Cyan"].getextrema() == (0, 0)
    assert found["Black"].getextrema() == (0, 0)
    assert rgb_operators(pdf, tmp_path) == []


def test_outline_stays_inside_the_box(tmp_path):
    # 2.8222 mm is 8 pt: the whole outline lies in the box's outer 8 points.
    shape = rect(stroke=BLACK, stroke_width=8 / pt(1))
    found = plates(page(tmp_path, (draw_shape, shape, (50, 50, 100, 100))), tmp_path)["Black"]
    assert ink(found, 50, 50, 150, 58) == (255, 255)  # top edge, inside the box
    assert ink(found, 50, 50, 58, 150) == (255, 255)  # left edge
    assert ink(found, 59, 59, 141, 141) == (0, 0)  # no fill inside the outline
    assert ink(found, 0, 0, 200, 50) == (0, 0)  # nothing outside the box
    assert ink(found, 151, 0, 200, 200) == (0, 0)  # (gs inks the pixel an edge touches)


def test_rounded_corners_leave_the_corner_unprinted(tmp_path):
    shape = rect(fill=BLACK, corner_radius=20 / pt(1))  # 20 pt
    found = plates(page(tmp_path, (draw_shape, shape, (50, 50, 100, 100))), tmp_path)["Black"]
    assert ink(found, 50, 50, 54, 54) == (0, 0)  # the corner is cut away
    assert ink(found, 70, 50, 130, 150) == (255, 255)  # straight sides are full


def test_ellipse_fills_its_box_without_its_corners(tmp_path):
    shape = {**rect(fill=BLACK), "shape": "ellipse"}
    found = plates(page(tmp_path, (draw_shape, shape, (50, 50, 100, 60))), tmp_path)["Black"]
    # Box: x 50..150, plate y 90..150.
    assert ink(found, 95, 118, 105, 122) == (255, 255)  # the centre
    assert ink(found, 50, 90, 58, 96) == (0, 0)  # a corner of the box
    assert ink(found, 51, 119, 53, 121)[1] == 255  # touches the left edge, halfway up
    assert ink(found, 0, 0, 200, 89) == (0, 0)


def test_line_runs_through_the_middle_from_left_to_right_edge(tmp_path):
    line = {**rect(stroke=BLACK, stroke_width=4 / pt(1), fill=BLACK), "shape": "line"}
    found = plates(page(tmp_path, (draw_shape, line, (50, 50, 100, 40))), tmp_path)["Black"]
    # Box: x 50..150, plate y 110..150, middle at 130: 4 pt from 128 to 132.
    assert ink(found, 50, 128, 150, 132) == (255, 255)
    assert ink(found, 0, 0, 200, 127) == (0, 0)  # fill is not used by a line
    assert ink(found, 0, 133, 200, 200) == (0, 0)
    assert ink(found, 0, 0, 49, 200) == (0, 0)  # butt ends: not past the box
    assert ink(found, 151, 0, 200, 200) == (0, 0)


def test_line_without_stroke_width_draws_nothing(tmp_path):
    line = {**rect(stroke=BLACK, stroke_width=0), "shape": "line"}
    found = plates(page(tmp_path, (draw_shape, line, (50, 50, 100, 0))), tmp_path)
    assert found["Black"].getextrema() == (0, 0)


def test_opacity_set_for_the_object_is_kept(tmp_path):
    shape = rect(fill=BLACK, opacity=0.5)
    found = plates(page(tmp_path, (draw_shape, shape, (50, 50, 100, 100))), tmp_path)["Black"]
    least, most = ink(found, 50, 50, 150, 150)
    assert least == most and 120 <= least <= 135


def test_engraving_prints_every_colour_in_its_one_ink(tmp_path):
    engraving = Area("lid", "Lid", 60, 60, technique="engraving")
    pdf = page(
        tmp_path,
        (draw_shape, rect(fill={"rgb": "#336699"}), (20, 20, 60, 60)),
        (draw_shape, rect(fill=PANTONE), (120, 120, 60, 60)),
        area=engraving,
    )
    found = plates(pdf, tmp_path)
    assert set(found) == {*PROCESS, "Engrave"}
    assert ink(found["Engrave"], 20, 120, 80, 180) == (255, 255)
    assert ink(found["Engrave"], 120, 20, 180, 80) == (255, 255)
    for name in PROCESS:
        assert found[name].getextrema() == (0, 0)


# Codes ----------------------------------------------------------------------------------------


def code(symbology, data, color=BLACK):
    return {"type": "code", "symbology": symbology, "data": data, "color": color}


def test_qr_code_is_vector_modules_in_black_with_its_quiet_zone(tmp_path):
    data = "https://monogram.example/c/jd"
    columns, rows, _ = symbol("qr", data)
    pdf = page(tmp_path, (draw_code, code("qr", data), (50, 50, 2 * columns, 2 * rows + 20)))
    assert listed_images(pdf) == []  # modules are vectors, not a picture
    found = plates(pdf, tmp_path, dpi=144)  # 4 plate pixels per module
    for name in ("Cyan", "Magenta", "Yellow"):
        assert found[name].getextrema() == (0, 0)
    black = found["Black"]
    # Square and centred: box is 2·columns wide, 20 pt taller; plate y from the top at 144 dpi.
    left, top = 100, 2 * (PAGE - 50 - (2 * rows + 20)) + 20
    quiet = 4 * 4  # 4 modules of 4 pixels
    size = 4 * columns
    assert ink(black, left, top, left + quiet - 1, top + size) == (0, 0)
    assert ink(black, left, top, left + size, top + quiet - 1) == (0, 0)
    assert ink(black, left + size - quiet + 1, top, left + size, top + size) == (0, 0)
    # The three finder patterns: a dark 7-module ring around a light ring around a dark core.
    finder = columns - 2 * 4 - 7  # where the far finder patterns start, in modules
    for corner_x, corner_y in ((0, 0), (finder, 0), (0, finder)):
        x, y = left + quiet + 4 * corner_x, top + quiet + 4 * corner_y
        assert ink(black, x + 1, y + 1, x + 3, y + 27) == (255, 255)  # outer ring, left side
        assert ink(black, x + 5, y + 9, x + 7, y + 19) == (0, 0)  # light ring
        assert ink(black, x + 9, y + 9, x + 19, y + 19) == (255, 255)  # 3×3 core


@pytest.mark.parametrize(
    ("symbology", "data", "quiet"),
    [("code128", "MONO-42", (10, 10)), ("ean13", "4006381333931", (11, 7))],
)
def test_barcode_fills_its_box_with_quiet_zones_clear(tmp_path, symbology, data, quiet):
    columns, _, bars = symbol(symbology, data)
    pdf = page(tmp_path, (draw_code, code(symbology, data, PANTONE), (20, 50, 2 * columns, 60)))
    assert listed_images(pdf) == []
    found = plates(pdf, tmp_path, dpi=144)
    for name in PROCESS:
        assert found[name].getextrema() == (0, 0)
    spot = found["PANTONE 286 C"]
    # Box in plate pixels (144 dpi, 4 per module): x from 40, y from 2·(200 - 110) = 180.
    left, top, width = 40, 180, 4 * columns
    assert ink(spot, left, top, left + 4 * quiet[0] - 1, top + 120) == (0, 0)
    assert ink(spot, left + width - 4 * quiet[1] + 1, top, left + width, top + 120) == (0, 0)
    first = bars[0]
    assert first[0] == quiet[0]
    # The first bar runs the full height of the box.
    x = left + 4 * first[0] + 1
    assert ink(spot, x, top + 1, x + 2, top + 119) == (255, 255)
    assert ink(spot, 0, 0, PAGE * 2, top - 1) == (0, 0)


def test_ean13_has_the_standard_95_modules_and_guard_bars():
    columns, rows, bars = symbol("ean13", "4006381333931")
    assert (columns, rows) == (11 + 95 + 7, 1)
    modules = [0] * columns
    for x, _, width, _ in bars:
        for i in range(int(x), int(x + width)):
            modules[i] = 1
    assert modules[11:14] == [1, 0, 1]  # left guard
    assert modules[11 + 45 : 11 + 50] == [0, 1, 0, 1, 0]  # centre guard
    assert modules[11 + 92 : 11 + 95] == [1, 0, 1]  # right guard
    # Left half of 4006381333931 encodes 006381 with parity of the leading 4 (LGLLGG):
    # 0 in L is 0001101.
    assert modules[14:21] == [0, 0, 0, 1, 1, 0, 1]


def test_codes_on_an_engraving_area_burn_in_its_one_ink(tmp_path):
    engraving = Area("lid", "Lid", 60, 60, technique="engraving")
    pdf = page(tmp_path, (draw_code, code("qr", "lid-7"), (50, 50, 100, 100)), area=engraving)
    found = plates(pdf, tmp_path)
    assert ink(found["Engrave"], 50, 50, 150, 150)[1] == 255
    assert found["Black"].getextrema() == (0, 0)
