"""Inks: document colours and rasters as each kind of print area takes them."""

import subprocess

import pytest
from PIL import Image, ImageChops
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.pdfgen.canvas import Canvas

from monogram.rendering.inks import PRESS_PROFILE, Inks, cut_contour_color
from monogram.rendering.model import Area

CMYK_AREA = Area("front", "Recto", 85, 55)
RGB_AREA = Area("chest", "Chest", 300, 300, technique="sublimation", color_mode="rgb")
MONO_AREA = Area("seal", "Seal", 40, 40, color_mode="monochrome")
SPOT_AREA = Area("front", "Front", 100, 100, technique="screen_print", color_mode="spot")
ENGRAVING = Area("lid", "Lid", 60, 60, technique="engraving")
LASER = Area("sign", "Sign", 200, 100, technique="laser_cut")
SAMPLES = ["#ff0000", "#009933", "#3366cc", "#e6cc1a", "#663399"]


def ink_bytes(color):
    return [round(value * color.density * 255) for value in color.cmyk()]


def ghostscript_cmyk(hex_colors, tmp_path):
    """What Ghostscript's own colour management makes of sRGB colours with the shipped
    profile (relative colorimetric, black point compensation): ink bytes per colour."""
    pdf = tmp_path / "rgb.pdf"
    canvas = Canvas(str(pdf), pagesize=(10 * len(hex_colors), 10), invariant=1)
    for index, hex_color in enumerate(hex_colors):
        red, green, blue = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
        canvas.setFillColor(Color(red, green, blue))
        canvas.rect(10 * index, 0, 10, 10, fill=1, stroke=0)
    canvas.save()
    subprocess.run(
        [
            "gs",
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=tiffsep",
            "-r72",
            f"-sOutputICCProfile={PRESS_PROFILE}",
            "-dRenderIntent=1",
            "-dBlackPtComp=1",
            f"-sOutputFile={tmp_path / 'sep.tif'}",
            str(pdf),
        ],
        check=True,
    )
    plates = [
        ImageChops.invert(Image.open(tmp_path / f"sep({name}).tif").convert("L"))
        for name in ("Cyan", "Magenta", "Yellow", "Black")
    ]
    return [[plate.getpixel((10 * i + 5, 5)) for plate in plates] for i in range(len(hex_colors))]


def test_cmyk_passes_unchanged():
    color = Inks(CMYK_AREA).color({"cmyk": [12.5, 0, 100, 40]})
    assert type(color) is CMYKColor and color.spotName is None
    assert color.cmyk() == (0.125, 0, 1, 0.4)


def test_spot_colour_keeps_its_name_and_fallback():
    for area in (CMYK_AREA, SPOT_AREA):
        color = Inks(area).color({"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]})
        assert isinstance(color, CMYKColorSep)
        assert color.spotName == "PANTONE 286 C"
        assert color.cmyk() == (1, 0.66, 0, 0.02)


def test_rgb_is_converted_as_ghostscript_converts_it_through_the_press_profile(tmp_path):
    inks = Inks(CMYK_AREA)
    ours = [ink_bytes(inks.color({"rgb": sample})) for sample in SAMPLES]
    theirs = ghostscript_cmyk(SAMPLES, tmp_path)
    for sample, mine, reference in zip(SAMPLES, ours, theirs, strict=True):
        assert all(abs(a - b) <= 2 for a, b in zip(mine, reference, strict=True)), sample


def test_neutral_rgb_prints_on_the_black_plate_alone():
    inks = Inks(CMYK_AREA)
    assert inks.color({"rgb": "#000000"}).cmyk() == (0, 0, 0, 1)
    assert inks.color({"rgb": "#ffffff"}).cmyk() == (0, 0, 0, 0)
    blacks = [inks.color({"rgb": "#" + f"{level:02x}" * 3}).cmyk() for level in (0x40, 0x80, 0xC0)]
    assert all(c == m == y == 0 for c, m, y, _ in blacks)
    assert 1 > blacks[0][3] > blacks[1][3] > blacks[2][3] > 0  # lighter grey, less black


def test_opacity_travels_with_the_colour():
    assert Inks(CMYK_AREA).color({"cmyk": [0, 0, 0, 100]}, alpha=0.4).alpha == 0.4


def test_rgb_area_keeps_rgb_and_turns_process_black_into_black():
    inks = Inks(RGB_AREA)
    assert inks.color({"rgb": "#336699"}).rgb() == (0.2, 0.4, 0.6)
    assert inks.color({"cmyk": [0, 0, 0, 100]}).rgb() == (0, 0, 0)
    cyan = inks.color({"cmyk": [100, 0, 0, 0]})
    assert type(cyan) is Color and cyan.blue > cyan.green > cyan.red


def test_monochrome_area_prints_everything_in_black_only():
    inks = Inks(MONO_AREA)
    assert inks.color({"cmyk": [0, 0, 0, 35]}).cmyk() == (0, 0, 0, 0.35)
    for spec in (
        {"rgb": "#ff0000"},
        {"cmyk": [100, 0, 0, 0]},
        {"spot": "X", "cmyk": [0, 50, 0, 0]},
    ):
        cyan, magenta, yellow, black = inks.color(spec).cmyk()
        assert cyan == magenta == yellow == 0 and 0 < black < 1, spec
    assert inks.color({"rgb": "#000000"}).cmyk() == (0, 0, 0, 1)


@pytest.mark.parametrize(("area", "ink"), [(ENGRAVING, "Engrave"), (LASER, "Cut")])
def test_single_ink_areas_turn_every_colour_into_their_ink(area, ink):
    inks = Inks(area)
    assert inks.single_ink == ink
    for spec in (
        {"rgb": "#336699"},
        {"cmyk": [0, 0, 0, 10]},
        {"spot": "Gold", "cmyk": [0, 20, 80, 10]},
    ):
        color = inks.color(spec)
        assert (color.spotName, color.density) == (ink, 1), spec
    # Paper white means the tool stays off.
    assert inks.color({"rgb": "#ffffff"}).density == 0
    assert inks.color({"cmyk": [0, 0, 0, 0]}).density == 0


def test_cut_contour_is_the_trade_spot_with_a_magenta_fallback():
    color = cut_contour_color()
    assert (color.spotName, color.cmyk()) == ("CutContour", (0, 1, 0, 0))
    assert Inks(CMYK_AREA).cut_contour_color().spotName == "CutContour"


def test_rgb_image_becomes_cmyk_at_its_pixels_matching_its_colours():
    inks = Inks(CMYK_AREA)
    picture = Image.new("RGB", (7, 3), (51, 102, 204))
    converted = inks.image(picture)
    assert (converted.mode, converted.size) == ("CMYK", (7, 3))
    color = inks.color({"rgb": "#3366cc"})
    assert list(converted.getpixel((3, 1))) == ink_bytes(color)


def test_cmyk_and_grey_images_pass_unchanged_on_a_cmyk_area():
    inks = Inks(CMYK_AREA)
    cmyk = Image.new("CMYK", (4, 4), (10, 20, 30, 40))
    grey = Image.new("L", (4, 4), 90)
    assert inks.image(cmyk).tobytes() == cmyk.tobytes()
    assert inks.image(grey).mode == "L" and inks.image(grey).tobytes() == grey.tobytes()


def test_sixteen_bit_grey_is_scaled_not_clipped():
    picture = Image.new("I;16", (2, 2), 32768)
    assert Inks(CMYK_AREA).image(picture).getpixel((0, 0)) in (127, 128)


def test_rgb_area_gets_rgb_and_monochrome_gets_grey_rasters():
    cmyk = Image.new("CMYK", (4, 4), (0, 255, 255, 0))
    on_screen = Inks(RGB_AREA).image(cmyk)
    assert on_screen.mode == "RGB" and on_screen.getpixel((0, 0))[0] > 200
    grey = Inks(MONO_AREA).image(Image.new("RGB", (4, 4), (255, 0, 0)))
    assert grey.mode == "L" and 0 < grey.getpixel((0, 0)) < 255


def test_single_ink_rasters_are_one_bit_with_transparency_as_paper():
    picture = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    picture.paste((0, 0, 0, 255), (4, 0, 8, 8))
    bitmap = Inks(ENGRAVING).image(picture)
    assert bitmap.mode == "1" and bitmap.size == (8, 8)
    assert bitmap.getpixel((1, 1)) == 255  # paper: the tool is off
    assert bitmap.getpixel((6, 6)) == 0  # ink


def test_solid_black_raster_stays_solid_on_one_ink_and_black_only_areas():
    # Through the profile, black alone is lighter than the press's rich black: not dithered.
    black = Image.new("CMYK", (4, 4), (0, 0, 0, 255))
    assert Inks(ENGRAVING).image(black).getextrema() == (0, 0)
    assert Inks(MONO_AREA).image(black).getextrema() == (0, 0)  # DeviceGray 0: full black
