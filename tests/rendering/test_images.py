"""Images in print: native pixels, CMYK kept, RGB converted, fitted, cropped and clipped."""

import io

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from monogram.rendering.cache import RenderCache
from monogram.rendering.context import DrawContext
from monogram.rendering.images import draw_image, effective_dpi
from monogram.rendering.inks import Inks
from monogram.rendering.model import Area, Box
from tests.rendering.conftest import DictResolver
from tests.rendering.tools import ink, plates, run

PAGE = 200  # pt square; at 72 dpi one plate pixel is one point
PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
CARD = Area("front", "Recto", 85, 55)
MAGENTA, BLACK = (0, 255, 0, 0), (0, 0, 0, 255)
RED, BLUE = (255, 0, 0), (0, 0, 255)


def halves(mode, left, right, size=(40, 20)):
    """A picture whose left half is one colour and right half another."""
    picture = Image.new(mode, size, right)
    picture.paste(left, (0, 0, size[0] // 2, size[1]))
    return picture


def encoded(picture, image_format, **options):
    out = io.BytesIO()
    picture.save(out, image_format, **options)
    return out.getvalue()


def page(tmp_path, files, *placements, area=CARD):
    """A one-page PDF; each placement is (object, (left, bottom, width, height))."""
    path = tmp_path / "page.pdf"
    ctx = DrawContext(files, area, Inks(area), RenderCache())
    canvas = Canvas(str(path), pagesize=(PAGE, PAGE), invariant=1)
    for obj, (left, bottom, width, height) in placements:
        canvas.saveState()
        canvas.translate(left, bottom)
        draw_image(canvas, obj, Box(width, height), ctx)
        canvas.restoreState()
    canvas.save()
    return path


def files_with(**assets):
    files = DictResolver()
    for asset_id, (data, media_type) in assets.items():
        files.add_asset(asset_id, data, media_type)
    return files


def image(asset, fit="cover", crop=None):
    return {"type": "image", "asset": asset, "fit": fit, "crop": crop, "opacity": 1}


def listed(pdf):
    """pdfimages -list rows as dicts: type, width, height, color, bpc, enc, object."""
    rows = []
    for line in run("pdfimages", "-list", str(pdf)).splitlines()[2:]:
        cells = line.split()
        rows.append(
            {
                "type": cells[2],
                "width": int(cells[3]),
                "height": int(cells[4]),
                "color": cells[5],
                "bpc": int(cells[7]),
                "enc": cells[8],
                "object": int(cells[10]),
            }
        )
    return rows


def test_cmyk_jpeg_is_embedded_as_is_at_its_pixels_with_inks_unchanged(tmp_path):
    photo = encoded(halves("CMYK", MAGENTA, BLACK), "JPEG", quality=95)
    files = files_with(ast_photo=(photo, "image/jpeg"))
    pdf = page(tmp_path, files, (image("ast_photo", "stretch"), (50, 50, 100, 100)))
    [embedded] = listed(pdf)
    assert embedded | {"object": 0} == {
        "type": "image",
        "width": 40,
        "height": 20,
        "color": "cmyk",
        "bpc": 8,
        "enc": "jpeg",
        "object": 0,
    }
    # The JPEG's own bytes are in the file: Adobe CMYK JPEGs are stored inverted, and the plates
    # show whether that was undone.
    assert photo[2:] in pdf.read_bytes()
    found = plates(pdf, tmp_path)
    assert ink(found["Magenta"], 52, 52, 98, 148)[0] > 240
    assert ink(found["Black"], 102, 52, 148, 148)[0] > 240
    assert ink(found["Black"], 52, 52, 98, 148)[1] < 15
    assert ink(found["Magenta"], 102, 52, 148, 148)[1] < 15
    assert found["Cyan"].getextrema()[1] < 15
    assert found["Yellow"].getextrema()[1] < 15


def test_rgb_png_is_converted_to_cmyk_at_its_native_pixels(tmp_path):
    files = files_with(ast_logo=(encoded(halves("RGB", RED, BLUE), "PNG"), "image/png"))
    pdf = page(tmp_path, files, (image("ast_logo", "stretch"), (50, 50, 100, 100)))
    [embedded] = listed(pdf)
    assert (embedded["width"], embedded["height"], embedded["color"]) == (40, 20, "cmyk")
    assert embedded["enc"] == "image"  # Flate: lossless, no resampling
    found = plates(pdf, tmp_path)
    assert ink(found["Magenta"], 51, 51, 99, 149)[0] > 230  # red: magenta and yellow
    assert ink(found["Yellow"], 51, 51, 99, 149)[0] > 230
    assert ink(found["Cyan"], 51, 51, 99, 149)[1] == 0
    assert ink(found["Cyan"], 101, 51, 149, 149)[0] > 200  # blue: cyan and magenta


def test_contain_fits_the_whole_image_centred(tmp_path):
    files = files_with(ast_logo=(encoded(halves("RGB", RED, BLUE), "PNG"), "image/png"))
    pdf = page(tmp_path, files, (image("ast_logo", "contain"), (50, 50, 100, 100)))
    magenta = plates(pdf, tmp_path)["Magenta"]
    # 2:1 in a square: 100 × 50 pt, rows 75..125 of the plate.
    assert ink(magenta, 51, 76, 149, 124)[0] > 150  # red and blue both carry magenta
    assert ink(magenta, 0, 0, PAGE, 74) == (0, 0)
    assert ink(magenta, 0, 126, PAGE, PAGE) == (0, 0)


def test_cover_fills_the_box_and_is_clipped_to_it(tmp_path):
    files = files_with(ast_logo=(encoded(halves("RGB", RED, BLUE), "PNG"), "image/png"))
    pdf = page(tmp_path, files, (image("ast_logo", "cover"), (50, 50, 100, 100)))
    found = plates(pdf, tmp_path)
    # Scaled to 200 × 100 pt and centred: the middle half of the image shows.
    assert ink(found["Yellow"], 51, 51, 99, 149)[0] > 200  # red left of centre
    assert ink(found["Yellow"], 101, 51, 149, 149)[1] == 0  # blue right of centre
    assert ink(found["Magenta"], 51, 51, 149, 149)[0] > 150
    for plate in found.values():
        assert ink(plate, 0, 0, 49, PAGE) == (0, 0)  # nothing past the box
        assert ink(plate, 151, 0, PAGE, PAGE) == (0, 0)


def test_crop_keeps_only_the_cropped_pixels(tmp_path):
    files = files_with(ast_logo=(encoded(halves("RGB", RED, BLUE), "PNG"), "image/png"))
    crop = {"x": 0.5, "y": 0, "width": 0.5, "height": 1}
    pdf = page(tmp_path, files, (image("ast_logo", "cover", crop), (50, 50, 100, 100)))
    [embedded] = listed(pdf)
    assert (embedded["width"], embedded["height"]) == (20, 20)
    found = plates(pdf, tmp_path)
    assert ink(found["Cyan"], 51, 51, 149, 149)[0] > 200  # all blue
    assert found["Yellow"].getextrema() == (0, 0)


def test_cropped_jpeg_keeps_its_stream_and_shows_only_the_crop(tmp_path):
    photo = encoded(halves("CMYK", MAGENTA, BLACK), "JPEG", quality=95)
    files = files_with(ast_photo=(photo, "image/jpeg"))
    crop = {"x": 0, "y": 0, "width": 0.5, "height": 1}
    pdf = page(tmp_path, files, (image("ast_photo", "stretch", crop), (50, 50, 100, 100)))
    [embedded] = listed(pdf)
    assert (embedded["width"], embedded["height"], embedded["enc"]) == (40, 20, "jpeg")
    found = plates(pdf, tmp_path)
    assert ink(found["Magenta"], 51, 51, 149, 149)[0] > 240
    assert found["Black"].getextrema()[1] < 15
    assert ink(found["Magenta"], 151, 0, PAGE, PAGE) == (0, 0)


def test_transparent_png_keeps_its_alpha_as_a_soft_mask(tmp_path):
    logo = halves("RGBA", (0, 0, 0, 0), (0, 0, 0, 255))
    files = files_with(ast_logo=(encoded(logo, "PNG"), "image/png"))
    pdf = page(tmp_path, files, (image("ast_logo", "stretch"), (50, 50, 100, 100)))
    kinds = [(row["type"], row["color"], row["width"]) for row in listed(pdf)]
    assert kinds == [("image", "cmyk", 40), ("smask", "gray", 40)]
    found = plates(pdf, tmp_path)
    assert ink(found["Black"], 51, 51, 99, 149) == (0, 0)  # transparent: paper shows
    assert ink(found["Black"], 101, 51, 149, 149)[0] > 200


def test_grey_jpeg_passes_through_on_the_black_plate(tmp_path):
    photo = encoded(Image.new("L", (16, 16), 0), "JPEG", quality=95)
    files = files_with(ast_photo=(photo, "image/jpeg"))
    pdf = page(tmp_path, files, (image("ast_photo"), (50, 50, 100, 100)))
    [embedded] = listed(pdf)
    assert (embedded["color"], embedded["enc"], embedded["width"]) == ("gray", "jpeg", 16)
    found = plates(pdf, tmp_path)
    assert ink(found["Black"], 51, 51, 149, 149)[0] > 240
    assert all(found[name].getextrema() == (0, 0) for name in ("Cyan", "Magenta", "Yellow"))


def test_rgb_area_keeps_an_rgb_jpeg_as_is(tmp_path):
    photo = encoded(halves("RGB", RED, BLUE), "JPEG", quality=95)
    files = files_with(ast_photo=(photo, "image/jpeg"))
    shirt = Area("chest", "Chest", 300, 300, technique="sublimation", color_mode="rgb")
    pdf = page(tmp_path, files, (image("ast_photo"), (50, 50, 100, 100)), area=shirt)
    [embedded] = listed(pdf)
    assert (embedded["color"], embedded["enc"], embedded["width"]) == ("rgb", "jpeg", 40)


def test_monochrome_area_gets_a_grey_image(tmp_path):
    files = files_with(ast_logo=(encoded(halves("RGB", RED, BLUE), "PNG"), "image/png"))
    stamp = Area("seal", "Seal", 40, 40, color_mode="monochrome")
    pdf = page(tmp_path, files, (image("ast_logo", "stretch"), (50, 50, 100, 100)), area=stamp)
    [embedded] = listed(pdf)
    assert (embedded["color"], embedded["width"], embedded["height"]) == ("gray", 40, 20)
    found = plates(pdf, tmp_path)
    assert ink(found["Black"], 51, 51, 149, 149)[0] > 60
    assert all(found[name].getextrema() == (0, 0) for name in ("Cyan", "Magenta", "Yellow"))


def test_engraving_gets_a_one_bit_stencil_in_its_ink(tmp_path):
    logo = halves("RGBA", (0, 0, 0, 0), (0, 0, 0, 255))
    files = files_with(ast_logo=(encoded(logo, "PNG"), "image/png"))
    lid = Area("lid", "Lid", 60, 60, technique="engraving")
    pdf = page(tmp_path, files, (image("ast_logo", "stretch"), (50, 50, 100, 100)), area=lid)
    [embedded] = listed(pdf)
    assert (embedded["type"], embedded["bpc"], embedded["width"]) == ("stencil", 1, 40)
    found = plates(pdf, tmp_path)
    assert ink(found["Engrave"], 101, 51, 149, 149) == (255, 255)
    assert ink(found["Engrave"], 51, 51, 99, 149) == (0, 0)  # transparent: the tool is off
    assert all(found[name].getextrema() == (0, 0) for name in PROCESS)


def test_same_image_twice_is_embedded_once_and_decoded_once(tmp_path):
    files = files_with(ast_logo=(encoded(halves("RGB", RED, BLUE), "PNG"), "image/png"))
    area = CARD
    ctx = DrawContext(files, area, Inks(area), RenderCache())
    canvas = Canvas(str(tmp_path / "twice.pdf"), pagesize=(PAGE, PAGE), invariant=1)
    for left in (10, 110):
        canvas.saveState()
        canvas.translate(left, 10)
        draw_image(canvas, image("ast_logo"), Box(80, 40), ctx)
        canvas.restoreState()
    canvas.save()
    rows = listed(tmp_path / "twice.pdf")
    assert len(rows) == 2 and rows[0]["object"] == rows[1]["object"]
    sha = files.asset("ast_logo").sha256
    assert (sha, "CMYK") in ctx.cache.images


@pytest.mark.parametrize(
    ("fit", "crop", "expected"),
    [
        # 3000 × 2000 px in a 254 × 127 mm (10 × 5 in) box.
        ("contain", None, (400, 400)),  # height-bound: placed 7.5 × 5 in
        ("cover", None, (300, 300)),  # width-bound: placed 10 × 6.67 in, overflow counted
        ("stretch", None, (300, 400)),
        # 1500 × 2000 px kept, covering the box: placed 10 × 13.33 in.
        ("cover", {"x": 0.25, "y": 0, "width": 0.5, "height": 1}, (150, 150)),
    ],
)
def test_effective_dpi_counts_the_pixels_used_per_inch_placed(fit, crop, expected):
    obj = {**image("ast_photo", fit, crop), "width": 254, "height": 127}
    assert tuple(round(value, 6) for value in effective_dpi(obj, 3000, 2000)) == expected
