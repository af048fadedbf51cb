"""SVG artwork in print: vectors kept, colours in the area's inks, fitted to its box."""

import base64
import io
from pathlib import Path

import reportlab
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from monogram.rendering.cache import RenderCache
from monogram.rendering.context import DrawContext
from monogram.rendering.inks import Inks
from monogram.rendering.model import Area, Box
from monogram.rendering.vectors import draw_vector
from tests.rendering.conftest import DictResolver
from tests.rendering.tools import ink, listed_images, plates, rgb_operators, run

PAGE = 200  # pt square; at 72 dpi one plate pixel is one point
PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
CARD = Area("front", "Recto", 85, 55)
# A page font of our own, so the empty page names no unembedded standard font.
PAGE_FONT = "VectorTestPage"

# A 2:1 logo: a blue square on the left half, a yellow one on the right, grey text below.
LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">
<rect x="0" y="0" width="100" height="100" fill="#0033a0"/>
<rect x="100" y="0" width="100" height="100" fill="#ffcc00"/>
</svg>"""


def page(tmp_path, files, *placements, area=CARD, cache=None):
    """A one-page PDF; each placement is (object, (left, bottom, width, height))."""
    if PAGE_FONT not in pdfmetrics.getRegisteredFontNames():
        vera = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
        pdfmetrics.registerFont(TTFont(PAGE_FONT, str(vera)))
    path = tmp_path / "page.pdf"
    ctx = DrawContext(files, area, Inks(area), cache or RenderCache())
    canvas = Canvas(str(path), pagesize=(PAGE, PAGE), invariant=1, initialFontName=PAGE_FONT)
    for obj, (left, bottom, width, height) in placements:
        canvas.saveState()
        canvas.translate(left, bottom)
        if obj.get("opacity", 1) < 1:  # as pdf.py does before calling a drawer
            canvas.setFillAlpha(obj["opacity"])
            canvas.setStrokeAlpha(obj["opacity"])
        draw_vector(canvas, obj, Box(width, height), ctx)
        canvas.restoreState()
    canvas.save()
    return path


def files_with(svg):
    files = DictResolver()
    files.add_asset("ast_logo", svg, "image/svg+xml", kind="vector")
    return files


def vector(recolor=None, **fields):
    return {"type": "vector", "asset": "ast_logo", "recolor": recolor, **fields}


def test_logo_stays_vectors_in_cmyk_fitted_and_centred(tmp_path):
    pdf = page(tmp_path, files_with(LOGO), (vector(), (50, 50, 100, 100)))
    assert listed_images(pdf) == []
    assert rgb_operators(pdf, tmp_path) == []
    found = plates(pdf, tmp_path)
    assert set(found) == set(PROCESS)
    # 2:1 in a square box: 100 × 50 pt, plate rows 75..125; blue left, yellow right.
    assert ink(found["Cyan"], 51, 76, 99, 124)[0] > 230
    assert ink(found["Cyan"], 101, 76, 149, 124) == (0, 0)
    assert ink(found["Yellow"], 101, 76, 149, 124)[0] > 230
    assert ink(found["Yellow"], 51, 76, 99, 124) == (0, 0)
    for plate in found.values():
        assert ink(plate, 0, 0, PAGE, 74) == (0, 0)
        assert ink(plate, 0, 126, PAGE, PAGE) == (0, 0)


def test_recolor_paints_all_of_the_artwork_in_a_spot_ink(tmp_path):
    pantone = {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}
    pdf = page(tmp_path, files_with(LOGO), (vector(pantone), (50, 50, 100, 100)))
    found = plates(pdf, tmp_path)
    assert set(found) == {*PROCESS, "PANTONE 286 C"}
    assert ink(found["PANTONE 286 C"], 51, 76, 149, 124) == (255, 255)
    for name in PROCESS:
        assert found[name].getextrema() == (0, 0)


def test_grey_and_black_artwork_prints_on_the_black_plate_alone(tmp_path):
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
    <rect width="50" height="100" fill="#000"/><rect x="50" width="50" height="100" fill="#808080"/>
    </svg>"""
    found = plates(page(tmp_path, files_with(svg), (vector(), (50, 50, 100, 100))), tmp_path)
    assert ink(found["Black"], 51, 51, 99, 149) == (255, 255)
    least, most = ink(found["Black"], 101, 51, 149, 149)
    assert least == most and 100 < least < 200
    for name in ("Cyan", "Magenta", "Yellow"):
        assert found[name].getextrema() == (0, 0)


def test_gradients_and_embedded_pictures_are_converted_too(tmp_path):
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (255, 0, 0, 255)).save(out, "PNG")
    picture = base64.b64encode(out.getvalue()).decode()
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
    viewBox="0 0 100 100"><defs><linearGradient id="g"><stop offset="0" stop-color="#00ff00"/>
    <stop offset="1" stop-color="#0000ff"/></linearGradient></defs>
    <rect width="100" height="50" fill="url(#g)"/>
    <image x="0" y="50" width="100" height="50" xlink:href="data:image/png;base64,{picture}"/>
    </svg>""".encode()
    pdf = page(tmp_path, files_with(svg), (vector(), (50, 50, 100, 100)))
    [row] = listed_images(pdf)
    assert (row[3], row[4], row[5]) == ("8", "8", "cmyk")  # own pixels, in CMYK
    assert rgb_operators(pdf, tmp_path) == []
    found = plates(pdf, tmp_path)
    assert ink(found["Yellow"], 52, 101, 148, 148)[0] > 230  # the red picture, lower half
    assert ink(found["Cyan"], 52, 52, 60, 98)[0] > 150  # the gradient's green end


def test_text_in_artwork_is_set_in_an_embedded_font(tmp_path):
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40">
    <text x="5" y="30" font-family="Helvetica" font-size="24" fill="#000">Logo</text></svg>"""
    pdf = page(tmp_path, files_with(svg), (vector(), (50, 50, 100, 40)))
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5:-3] == ["yes", "yes"] for line in fonts)  # emb, sub
    assert plates(pdf, tmp_path)["Black"].getextrema()[1] == 255


def test_engraving_burns_all_artwork_in_one_ink(tmp_path):
    lid = Area("lid", "Lid", 60, 60, technique="engraving")
    pdf = page(tmp_path, files_with(LOGO), (vector(), (50, 50, 100, 100)), area=lid)
    found = plates(pdf, tmp_path)
    assert set(found) == {*PROCESS, "Engrave"}
    assert ink(found["Engrave"], 51, 76, 149, 124) == (255, 255)
    for name in PROCESS:
        assert found[name].getextrema() == (0, 0)


def test_opacity_of_the_object_is_kept(tmp_path):
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
    <rect width="10" height="10" fill="#000"/></svg>"""
    pdf = page(tmp_path, files_with(svg), (vector(opacity=0.5), (50, 50, 100, 100)))
    least, most = ink(plates(pdf, tmp_path)["Black"], 51, 51, 149, 149)
    assert least == most and 120 <= least <= 135


def test_artwork_is_parsed_once_and_the_parsed_drawing_is_left_untouched(tmp_path):
    cache = RenderCache()
    files = files_with(LOGO)
    pantone = {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}
    page(
        tmp_path,
        files,
        (vector(), (0, 0, 90, 90)),
        (vector(pantone), (100, 100, 90, 90)),
        cache=cache,
    )
    sha = files.asset("ast_logo").sha256
    parsed = cache.drawings[sha]
    # svglib's colours, not the inks: each use painted its own copy.
    fills = [shape.fillColor for shape in parsed.contents[0].contents]
    assert [fill.hexval() for fill in fills] == ["0x0033a0", "0xffcc00"]
    found = plates(page(tmp_path, files, (vector(), (50, 50, 100, 100)), cache=cache), tmp_path)
    assert cache.drawings[sha] is parsed
    assert "PANTONE 286 C" not in found
