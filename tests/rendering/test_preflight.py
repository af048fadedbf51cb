"""Preflight: effective DPI, safe zone and bleed, text fit, missing files and inks, as JSON."""

import hashlib
import io
import json

import pytest
from PIL import Image

from monogram.rendering import Area, AssetFile, RenderCache, RenderProduct
from monogram.rendering.preflight import preflight

BLACK = {"cmyk": [0, 0, 0, 100]}
NAVY = {"cmyk": [100, 66, 0, 2]}
RED = {"cmyk": [0, 100, 100, 0]}
TWO_COLOUR_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10mm" height="10mm">'
    b'<rect width="10" height="5" fill="#0033A0"/>'
    b'<rect y="5" width="10" height="5" style="fill: #ffcc00; stroke:none"/></svg>'
)


def raster(size, mode="CMYK"):
    """Image file bytes with a known pixel size: CMYK JPEG (press-ready), or PNG otherwise."""
    out = io.BytesIO()
    color = {"CMYK": (0, 40, 80, 0), "L": 120}.get(mode, (200, 60, 40))
    Image.new(mode, size, color).save(out, "JPEG" if mode == "CMYK" else "PNG")
    return out.getvalue()


@pytest.fixture
def files(resolver):
    def add(asset_id, data, kind="raster"):
        media_type = "image/svg+xml" if kind == "vector" else "image/png"
        sha = hashlib.sha256(data).hexdigest()
        resolver.assets[asset_id] = AssetFile(asset_id, sha, media_type, kind, data)

    add("ast_150dpi", raster((300, 150)))  # 150 dpi over 50.8 × 25.4 mm (2 × 1 in)
    add("ast_wide", raster((1200, 800)))
    add("ast_rgb", raster((1200, 800), "RGB"))
    add("ast_grey", raster((1200, 800), "L"))
    add("ast_svg", TWO_COLOUR_SVG, kind="vector")
    return resolver


def area(**overrides):
    values = dict(id="front", name="Front", width=85, height=55, bleed=3, safe=3, min_dpi=300)
    values.update(overrides)
    return Area(**values)


def product_of(*areas):
    return RenderProduct(id="prd_card", name="Card", areas=areas or (area(),))


def poster(**overrides):
    """Room for the 2 × 2 in test photos well inside the safe zone."""
    return product_of(area(width=200, height=150, **overrides))


def document(*objects):
    return {
        "format": "monogram.design/1",
        "product": "prd_card",
        "surfaces": [{"area": "front", "objects": list(objects)}],
    }


def image(asset="ast_wide", x=10, y=10, width=20, height=20, **rest):
    return {"id": "photo", "type": "image", "asset": asset, "x": x, "y": y, "width": width,
            "height": height, "fit": "cover", "crop": None, **rest}  # fmt: skip


def text(value="Jeanne Dupont", x=10, y=12, width=60, height=10, **rest):
    return {"id": "name", "type": "text", "x": x, "y": y, "width": width, "height": height,
            "text": value, "font": "fnt_vera", "size": 14, "color": BLACK, "align": "left",
            "valign": "top", "line_height": 1.2, "letter_spacing": 0, "fit": "none",
            "curve": None, **rest}  # fmt: skip


def code(x=60, y=30, width=12, height=12, **rest):
    return {"id": "qr", "type": "code", "symbology": "qr", "data": "https://monogram.example",
            "x": x, "y": y, "width": width, "height": height, "color": BLACK, **rest}  # fmt: skip


def shape(x=-3, y=-3, width=91, height=61, **rest):
    return {"id": "ground", "type": "shape", "shape": "rect", "x": x, "y": y, "width": width,
            "height": height, "fill": NAVY, "stroke": None, "stroke_width": 0,
            "corner_radius": 0, **rest}  # fmt: skip


def vector(**rest):
    return {"id": "logo", "type": "vector", "asset": "ast_svg", "x": 60, "y": 8, "width": 15,
            "height": 15, "recolor": None, **rest}  # fmt: skip


def run(files, *objects, product=None):
    report = preflight(document(*objects), product or product_of(), files, RenderCache())
    # Whatever the checks, the report must survive the trip to JSON unchanged.
    as_json = report.to_dict()
    assert json.loads(json.dumps(as_json)) == as_json
    return as_json


def codes(report):
    return [(check["code"], check["path"]) for check in report["checks"]]


def test_150_dpi_photo_on_a_300_dpi_area_blocks_production(files):
    report = run(files, image("ast_150dpi", width=50.8, height=25.4))
    [check] = report["checks"]
    assert report["ok"] is False
    assert check["code"] == "low_resolution"
    assert check["severity"] == "error"
    assert check["path"] == "/surfaces/0/objects/0"
    assert check["object"] == "photo" and check["area"] == "front"
    assert check["dpi"] == [150, 150] and check["min_dpi"] == 300
    assert "150 dpi" in check["message"] and "300 dpi" in check["message"]


def test_blocking_checks_are_the_errors(files):
    objects = (image("ast_150dpi", width=50.8, height=25.4), code(x=1))
    report = preflight(document(*objects), product_of(), files, RenderCache())
    assert [check.code for check in report.checks] == ["low_resolution", "outside_safe_zone"]
    assert [check.code for check in report.blocking] == ["low_resolution"]


@pytest.mark.parametrize(
    "fit, crop, dpi",
    [
        ("cover", None, [400, 400]),  # 800 px high over 2 in; the width overflows
        ("contain", None, [600, 600]),  # 1200 px wide over 2 in
        ("stretch", None, [600, 400]),
        ("cover", {"x": 0.25, "y": 0, "width": 0.5, "height": 1}, [300, 300]),
        ("contain", {"x": 0.25, "y": 0, "width": 0.5, "height": 1}, [400, 400]),
        ("stretch", {"x": 0.25, "y": 0, "width": 0.5, "height": 1}, [300, 400]),
        ("stretch", {"x": 0.1, "y": 0.2, "width": 0.3, "height": 0.4}, [180, 160]),
    ],
)
def test_effective_dpi_per_axis_after_crop_and_fit(files, fit, crop, dpi):
    obj = image(width=50.8, height=50.8, fit=fit, crop=crop, min_dpi=2000)
    [check] = run(files, obj, product=poster())["checks"]
    assert (check["code"], check["dpi"], check["min_dpi"]) == ("low_resolution", dpi, 2000)


def test_a_contained_image_is_only_as_wide_as_its_picture(files):
    # 3:2 contained in the trim's box (85 × 55 mm) is 82.5 mm wide: it meets the top and bottom
    # trim edges only, and only those need to run on into the bleed.
    obj = image(x=0, y=0, width=85, height=55, fit="contain")
    [check] = run(files, obj)["checks"]
    assert (check["code"], check["sides"]) == ("short_of_bleed", ["top", "bottom"])


def test_the_objects_min_dpi_wins_and_a_near_miss_only_warns(files):
    # 300 dpi: above the object's 260 but within 1.2 × 260 = 312; the area asks for 600.
    crop = {"x": 0.25, "y": 0, "width": 0.5, "height": 1}
    obj = image(width=50.8, height=50.8, crop=crop, min_dpi=260)
    report = run(files, obj, product=poster(min_dpi=600))
    [check] = report["checks"]
    assert (check["code"], check["severity"], check["dpi"]) == (
        "low_resolution",
        "warning",
        [300, 300],
    )
    assert check["min_dpi"] == 260
    assert report["ok"] is True


def test_a_photo_at_exactly_the_minimum_is_not_refused(files):
    report = run(files, image(width=50.8, height=50.8, min_dpi=400), product=poster())
    [check] = report["checks"]
    assert (check["severity"], check["dpi"]) == ("warning", [400, 400])


def test_pixel_size_is_read_once_per_file(files):
    cache = RenderCache()
    preflight(document(image()), product_of(), files, cache)
    sha = files.assets["ast_wide"].sha256
    assert cache.images[("size", sha)] == (1200, 800, "CMYK")


def test_a_clean_design_has_no_checks(files):
    objects = (
        shape(),  # a background out to the bleed on every side
        image(width=40, height=30),
        text(),
        code(),
        vector(recolor={"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}),
    )
    assert run(files, *objects) == {"ok": True, "checks": []}


def test_crossing_the_safe_margin_warns(files):
    report = run(files, code(x=2), text(x=10, y=44))
    assert codes(report) == [
        ("outside_safe_zone", "/surfaces/0/objects/0"),
        ("outside_safe_zone", "/surfaces/0/objects/1"),
    ]
    assert {check["severity"] for check in report["checks"]} == {"warning"}
    assert report["ok"] is True


def test_the_turned_box_is_what_counts(files):
    # 52 × 10 mm across the middle fits the safe zone; turned a quarter it spans 52 mm of 55 high.
    level = code(x=16.5, y=22.5, width=52, height=10)
    assert run(files, level)["checks"] == []
    assert codes(run(files, {**level, "rotation": 90})) == [
        ("outside_safe_zone", "/surfaces/0/objects/0")
    ]
    assert run(files, {**level, "rotation": 180})["checks"] == []


def test_a_background_short_of_the_bleed_warns_of_a_white_line(files):
    report = run(files, shape(x=0, y=0, width=85, height=55))
    [check] = report["checks"]
    assert (check["code"], check["severity"]) == ("short_of_bleed", "warning")
    assert check["sides"] == ["top", "right", "bottom", "left"]
    assert check["bleed_mm"] == 3


def test_a_band_out_to_the_bleed_only_on_some_sides(files):
    # Runs into the bleed at the bottom, but stops 1 mm past the trim on the left and right.
    [check] = run(files, shape(x=-1, y=45, width=87, height=13))["checks"]
    assert (check["code"], check["sides"]) == ("short_of_bleed", ["right", "left"])
    assert run(files, shape(x=-3, y=45, width=91, height=13))["checks"] == []


def test_a_turned_background_leaves_bleed_uncovered(files):
    # A bleed-sized background turned 2° no longer covers the corners of the bleed strips.
    [check] = run(files, shape(rotation=2))["checks"]
    assert check["code"] == "short_of_bleed"
    assert run(files, shape(x=-8, y=-8, width=101, height=71, rotation=2))["checks"] == []


def test_objects_that_never_print(files):
    # Wholly past the bleed; a diamond off the top-left corner whose bounding box overlaps the
    # bleed though its turned box does not; wholly within the bleed, so cut away.
    far = code(x=100)
    diamond = code(x=-14, y=-14, width=10, height=10, rotation=45)
    in_bleed = code(x=-2.5, y=20, width=2, height=2)
    report = run(files, far, diamond, in_bleed)
    assert codes(report) == [
        ("outside_bleed", "/surfaces/0/objects/0"),
        ("outside_bleed", "/surfaces/0/objects/1"),
        ("outside_safe_zone", "/surfaces/0/objects/2"),
    ]
    assert "cut away" in report["checks"][2]["message"]


def test_text_that_does_not_fit_its_box(files):
    report = run(files, text(width=10, height=5))
    assert codes(report) == [("text_overflow", "/surfaces/0/objects/0")]
    assert report["checks"][0]["severity"] == "error"


def test_shrunk_text_fits(files):
    assert run(files, text(width=30, height=10, fit="shrink"))["checks"] == []


def test_text_longer_than_its_field(files):
    report = run(files, text(max_chars=10))
    assert codes(report) == [("max_chars", "/surfaces/0/objects/0")]
    check = report["checks"][0]
    assert (check["severity"], check["chars"], check["max_chars"]) == ("error", 13, 10)
    # Line breaks are not characters.
    assert run(files, text("Jeanne\nDupont", height=20, max_chars=12))["checks"] == []


def test_missing_files(files):
    report = run(files, image("ast_gone"), text(y=35, font="fnt_gone"))
    assert codes(report) == [
        ("missing_asset", "/surfaces/0/objects/0"),
        ("missing_font", "/surfaces/0/objects/1"),
    ]
    assert [check["severity"] for check in report["checks"]] == ["error", "error"]
    assert report["checks"][0]["asset"] == "ast_gone"
    assert report["checks"][1]["font"] == "fnt_gone"


def test_rgb_content_on_a_cmyk_area(files):
    objects = (
        image("ast_rgb", width=40, height=30),
        text(y=35, color={"rgb": "#cc0000"}),
        vector(),
        code(x=45, color={"cmyk": [0, 0, 0, 100]}),
    )
    report = run(files, *objects)
    assert codes(report) == [
        ("rgb_in_cmyk_area", "/surfaces/0/objects/0"),
        ("rgb_in_cmyk_area", "/surfaces/0/objects/1"),
        ("rgb_in_cmyk_area", "/surfaces/0/objects/2"),
    ]
    assert {check["severity"] for check in report["checks"]} == {"warning"}
    assert run(files, *objects, product=product_of(area(color_mode="rgb")))["checks"] == []


def test_more_inks_than_a_screen_print_area_takes(files):
    screen = product_of(area(technique="screen_print", max_colors=2))
    same_two = (text(), text(y=30, color=NAVY), code(), shape(y=45, height=13, fill=NAVY))
    assert run(files, *same_two, product=screen)["checks"] == []
    report = run(
        files, *same_two, shape(y=45, height=13, stroke=RED, stroke_width=1), product=screen
    )
    assert codes(report) == [("too_many_colors", "/surfaces/0")]
    check = report["checks"][0]
    assert (check["severity"], check["colors"], check["max_colors"]) == ("error", 3, 2)


def test_an_svg_counts_the_paints_it_names(files):
    # Two paints in the logo and black text make three inks; the logo's colours are RGB.
    screen = product_of(area(technique="screen_print", max_colors=2))
    report = run(files, vector(), text(), product=screen)
    assert codes(report) == [
        ("rgb_in_cmyk_area", "/surfaces/0/objects/0"),
        ("too_many_colors", "/surfaces/0"),
    ]
    assert report["checks"][1]["colors"] == 3
    assert codes(run(files, vector(), product=screen)) == [
        ("rgb_in_cmyk_area", "/surfaces/0/objects/0")
    ]


def test_a_colour_photo_cannot_be_screen_printed_but_a_greyscale_one_can(files):
    screen = product_of(area(technique="screen_print", max_colors=3))
    report = run(files, image(width=40, height=30), product=screen)
    assert codes(report) == [("too_many_colors", "/surfaces/0/objects/0")]
    assert report["checks"][0]["max_colors"] == 3
    assert run(files, image("ast_grey", width=40, height=30), product=screen)["checks"] == []
