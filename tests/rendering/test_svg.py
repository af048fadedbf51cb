"""The area SVG as other renderers see it: size in mm, placement, escaping, single-colour paints."""

import base64
import io
import re
import subprocess

import cairosvg
import defusedxml.ElementTree
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from monogram.rendering import RenderCache, RenderProduct
from monogram.rendering.pdf import MARKS_MARGIN, render_pdf
from monogram.rendering.svg import area_svg
from tests.rendering.conftest import (
    BLACK,
    VERA,
    VERA_BOLD,
    DictResolver,
    card_area,
    card_document,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# 254 dpi is 10 pixels per millimetre: pixel = (design mm + bleed) × 10.
DPI = 254
PX_PER_MM = 10

GRADIENT_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 viewBox="0 0 100 100" width="30mm" height="30mm">
<defs><linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="1"
 stop-color="#0000ff"/></linearGradient>
<style>.half { fill: #00ff00; } #bar { stroke: #ff00ff; }</style></defs>
<rect width="100" height="50" fill="url(#g)"/>
<rect class="half" y="50" width="100" height="50"/>
<line id="bar" x1="0" y1="75" x2="100" y2="75" stroke-width="4"/>
</svg>"""


def two_colour_png(size=(200, 100), left=(255, 0, 0), right=(0, 0, 255)):
    """Left half red, right half blue: where each half lands shows fit and crop."""
    image = Image.new("RGB", size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def grey_photo_jpeg():
    """A horizontal ramp from black to white: thresholding keeps the left half."""
    ramp = Image.linear_gradient("L").rotate(90).resize((256, 128))
    out = io.BytesIO()
    ramp.convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.fixture
def files():
    resolver = DictResolver()
    resolver.add_font("fnt_vera", VERA.read_bytes())
    resolver.add_font("fnt_verabd", VERA_BOLD.read_bytes())
    resolver.add_asset("ast_photo", grey_photo_jpeg(), "image/jpeg")
    resolver.add_asset("ast_halves", two_colour_png(), "image/png")
    split = two_colour_png(left=(0, 0, 0), right=(255, 255, 255))
    resolver.add_asset("ast_split", split, "image/png")
    resolver.add_asset("ast_ramp", grey_photo_jpeg(), "image/jpeg")
    resolver.add_asset("ast_logo", GRADIENT_LOGO, "image/svg+xml", kind="vector")
    return resolver


def box(kind, x, y, width, height, **fields):
    return {"id": f"{kind}-{x}-{y}", "type": kind, "x": x, "y": y, "width": width,
            "height": height, **fields}  # fmt: skip


def rect(x, y, width, height, fill=BLACK, **fields):
    return box(
        "shape", x, y, width, height, **{"shape": "rect", "fill": fill, "stroke": None, **fields}
    )


def text(x, y, width, height, words, **fields):
    values = dict(text=words, font="fnt_vera", size=12, color=BLACK, fit="none", curve=None)
    return box("text", x, y, width, height, **{**values, **fields})


def svg_of(objects, files, area=None, ink=None, cache=None):
    surface = {"area": "front", "objects": objects}
    area = area or card_area()
    return area_svg(surface, area, files, cache or RenderCache(), single_colour_ink=ink)


def rsvg(svg, tmp_path, dpi=DPI):
    """rsvg-convert's rendering on white paper, RGB."""
    source = tmp_path / "area.svg"
    source.write_bytes(svg)
    target = tmp_path / "area.png"
    subprocess.run(
        ["rsvg-convert", "-b", "white", "-d", str(dpi), "-p", str(dpi), str(source), "-o",
         str(target)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Image.open(target).convert("RGB")


def cairo(svg):
    png = cairosvg.svg2png(bytestring=svg, dpi=DPI, background_color="white")
    return Image.open(io.BytesIO(png)).convert("RGB")


def at(image, x_mm, y_mm, bleed=3):
    """The pixel under design coordinates (mm, trim origin), the bleed being left of 0."""
    return image.getpixel((round((x_mm + bleed) * PX_PER_MM), round((y_mm + bleed) * PX_PER_MM)))


def close(colour, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def parsed(svg):
    return defusedxml.ElementTree.fromstring(svg)


def test_page_is_trim_plus_bleed_in_millimetres(files, tmp_path):
    svg = svg_of([rect(10, 20, 30, 10)], files)
    root = parsed(svg)
    assert (root.get("width"), root.get("height")) == ("91mm", "61mm")
    assert root.get("viewBox") == "-3 -3 91 61"
    assert rsvg(svg, tmp_path).size == (910, 610)
    assert cairo(svg).size == (910, 610)


def test_black_rect_lands_at_its_design_position_in_both_renderers(files, tmp_path):
    svg = svg_of([rect(10, 20, 30, 10)], files)
    for image in (rsvg(svg, tmp_path), cairo(svg)):
        assert at(image, 11, 21) == (0, 0, 0)
        assert at(image, 39, 29) == (0, 0, 0)
        for outside in ((9, 25), (41, 25), (25, 19), (25, 31)):
            assert at(image, *outside) == (255, 255, 255), outside


def test_bleed_shows_artwork_past_the_trim(files, tmp_path):
    image = rsvg(svg_of([rect(-3, -3, 5, 5)], files), tmp_path)
    assert at(image, -2.5, -2.5) == (0, 0, 0)


def test_rotation_turns_clockwise_about_the_box_centre(files, tmp_path):
    # A 40 × 4 mm bar centred at (40, 30), turned 90°: it stands upright, 4 × 40 mm.
    image = rsvg(svg_of([rect(20, 28, 40, 4, rotation=90)], files), tmp_path)
    assert at(image, 40, 12) == (0, 0, 0)
    assert at(image, 40, 48) == (0, 0, 0)
    assert at(image, 25, 30) == (255, 255, 255)
    # 45° clockwise in y-down space: the right end goes down.
    image = rsvg(svg_of([rect(20, 28, 40, 4, rotation=45)], files), tmp_path)
    assert at(image, 50, 40) == (0, 0, 0)
    assert at(image, 50, 20) == (255, 255, 255)


def test_opacity_lets_the_paper_through(files, tmp_path):
    image = rsvg(svg_of([rect(10, 10, 20, 20, opacity=0.5)], files), tmp_path)
    assert close(at(image, 20, 20), (128, 128, 128), tolerance=3)


def test_colours_are_shown_in_rgb(files, tmp_path):
    objects = [
        rect(0, 0, 10, 10, fill={"rgb": "#336699"}),
        rect(20, 0, 10, 10, fill={"cmyk": [0, 100, 100, 0]}),
        rect(40, 0, 10, 10, fill={"spot": "PANTONE 286 C", "cmyk": [100, 0, 0, 0]}),
    ]
    image = rsvg(svg_of(objects, files), tmp_path)
    assert at(image, 5, 5) == (0x33, 0x66, 0x99)
    assert at(image, 25, 5) == (255, 0, 0)
    assert at(image, 45, 5) == (0, 255, 255)


def test_shapes_rect_corner_ellipse_and_line(files, tmp_path):
    objects = [
        rect(0, 0, 20, 20, corner_radius=5),
        box("shape", 30, 0, 20, 10, shape="ellipse", fill=BLACK, stroke=None),
        box("shape", 60, 10, 20, 0, shape="line", fill=None, stroke=BLACK, stroke_width=1),
    ]
    image = rsvg(svg_of(objects, files), tmp_path)
    assert at(image, 0.3, 0.3) == (255, 255, 255)  # the rounded corner is cut away
    assert at(image, 10, 0.3) == (0, 0, 0)
    assert at(image, 40, 5) == (0, 0, 0)
    assert at(image, 30.5, 0.5) == (255, 255, 255)  # outside the ellipse, inside its box
    assert at(image, 70, 10) == (0, 0, 0)
    assert at(image, 70, 11) == (255, 255, 255)


def test_image_fits_its_box(files, tmp_path):
    # The 2:1 picture in a 40 × 10 mm box (4:1).
    def placed(fit, crop=None):
        image = box("image", 10, 10, 40, 10, asset="ast_halves", fit=fit, crop=crop)
        return rsvg(svg_of([image], files), tmp_path)

    stretched = placed("stretch")
    assert close(at(stretched, 11, 11), (255, 0, 0)) and close(at(stretched, 49, 19), (0, 0, 255))
    contained = placed("contain")  # 20 × 10 mm, centred: white on both sides
    assert at(contained, 15, 15) == (255, 255, 255)
    assert close(at(contained, 21, 15), (255, 0, 0)) and close(at(contained, 39, 15), (0, 0, 255))
    covered = placed("cover")  # 40 × 20 mm, centred, cut at the box: nothing above or below
    assert close(at(covered, 11, 10.5), (255, 0, 0)) and close(at(covered, 49, 19.5), (0, 0, 255))
    assert at(covered, 30, 9) == (255, 255, 255) and at(covered, 30, 21) == (255, 255, 255)
    cropped = placed("stretch", {"x": 0.5, "y": 0, "width": 0.5, "height": 1})
    assert close(at(cropped, 11, 11), (0, 0, 255)) and close(at(cropped, 49, 19), (0, 0, 255))


def test_image_is_embedded_with_its_original_bytes(files):
    svg = svg_of([box("image", 0, 0, 20, 10, asset="ast_halves", fit="cover")], files)
    (image,) = parsed(svg).iter(f"{SVG}image")
    media, _, payload = image.get(XLINK_HREF).partition(";base64,")
    assert media == "data:image/png"
    assert base64.b64decode(payload) == files.asset("ast_halves").data


def test_cmyk_jpeg_and_webp_are_embedded_in_forms_every_viewer_shows(files, tmp_path):
    cmyk = io.BytesIO()
    Image.new("CMYK", (40, 20), (255, 0, 0, 0)).save(cmyk, "JPEG", quality=95)  # cyan
    webp = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 128, 0, 255)).save(webp, "WEBP", lossless=True)
    files.add_asset("ast_cmyk", cmyk.getvalue(), "image/jpeg")
    files.add_asset("ast_webp", webp.getvalue(), "image/webp")
    objects = [
        box("image", 0, 0, 20, 10, asset="ast_cmyk", fit="stretch"),
        box("image", 30, 0, 20, 10, asset="ast_webp", fit="stretch"),
    ]
    svg = svg_of(objects, files)
    media = [i.get(XLINK_HREF).split(";")[0] for i in parsed(svg).iter(f"{SVG}image")]
    assert media == ["data:image/jpeg", "data:image/png"]
    image = rsvg(svg, tmp_path)
    assert close(at(image, 10, 5), (0, 255, 255))
    assert close(at(image, 40, 5), (0, 128, 0))


def test_vector_keeps_its_colours_styles_and_gradient(files, tmp_path):
    logo = box("vector", 10, 10, 30, 30, asset="ast_logo", recolor=None)
    image = rsvg(svg_of([logo, dict(logo, id="again", x=50)], files), tmp_path)
    for left in (10, 50):
        assert close(at(image, left + 1, 12), (255, 0, 0), tolerance=40)  # gradient start
        assert close(at(image, left + 29, 12), (0, 0, 255), tolerance=40)  # gradient end
        assert at(image, left + 15, 28) == (0, 255, 0)  # the class rule of its <style>
        assert close(at(image, left + 15, 32.5), (255, 0, 255), tolerance=40)  # the id rule
    root = parsed(svg_of([logo, dict(logo, id="again", x=50)], files))
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) == 4  # two gradients and two bars, each its own
    assert not list(root.iter(f"{SVG}style"))  # folded into the elements, nothing global


def test_vector_recolor_paints_every_shape(files, tmp_path):
    logo = box("vector", 10, 10, 30, 30, asset="ast_logo", recolor={"rgb": "#123456"})
    image = rsvg(svg_of([logo], files), tmp_path)
    for point in ((11, 12), (39, 12), (25, 32), (25, 32.5)):
        assert at(image, *point) == (0x12, 0x34, 0x56), point


def test_text_is_escaped_and_never_markup(files, tmp_path):
    words = 'Dupont & Fils <b>\n<script>alert("x")</script>'
    svg = svg_of([text(5, 5, 70, 20, words, size=8)], files)
    root = parsed(svg)
    assert not [element for element in root.iter() if "script" in element.tag]
    assert b"<script" not in svg and b"&lt;script&gt;" in svg
    lines = ["".join(span.itertext()) for span in root.iter(f"{SVG}tspan")]
    assert lines == ["Dupont & Fils <b>", '<script>alert("x")</script>']
    image = rsvg(svg, tmp_path)
    assert image.crop((80, 80, 700, 250)).convert("L").getextrema()[0] < 64  # ink was drawn


def test_text_embeds_the_merchants_font(files):
    root = parsed(svg_of([text(5, 5, 70, 20, "Jeanne")], files))
    (style,) = root.iter(f"{SVG}style")
    found = re.search(r'font-family:"([^"]+)";src:url\(data:font/ttf;base64,([^)]+)\)', style.text)
    family, payload = found.groups()
    font = TTFont(io.BytesIO(base64.b64decode(payload)))
    assert font["name"].getDebugName(1) == "Bitstream Vera Sans"
    (element,) = root.iter(f"{SVG}text")
    assert element.get("font-family") == family
    # 12 pt is 12 × 25.4 / 72 mm.
    assert float(element.get("font-size")) == pytest.approx(12 * 25.4 / 72, abs=1e-4)


def test_text_alignment_and_line_breaks(files):
    root = parsed(svg_of([text(10, 10, 60, 20, "one\ntwo", align="right")], files))
    spans = list(root.iter(f"{SVG}tspan"))
    assert [span.text for span in spans] == ["one", "two"]
    assert {span.get("text-anchor") for span in spans} == {"end"}
    assert [float(span.get("x")) for span in spans] == pytest.approx([70, 70], abs=0.01)
    first, second = (float(span.get("y")) for span in spans)
    assert second - first == pytest.approx(12 * 1.2 * 25.4 / 72, abs=0.01)  # one leading


def test_nothing_outside_the_file_is_referenced(files):
    objects = [
        text(5, 5, 70, 10, "Hi"),
        box("image", 0, 20, 20, 10, asset="ast_ramp", fit="cover"),
        box("vector", 30, 20, 20, 20, asset="ast_logo", recolor=None),
    ]
    svg = svg_of(objects, files)
    for element in parsed(svg).iter():
        for key, value in element.attrib.items():
            if key.endswith("href"):
                assert value.startswith(("#", "data:image/")), value
    for target in re.findall(rb"url\(([^)]{0,40})", svg):
        assert target.startswith((b"#", b"data:")), target


def paints(root):
    """Every fill, stroke and colour the document sets, in attributes and in style."""
    found = []
    for element in root.iter():
        for key in ("fill", "stroke", "color", "stop-color"):
            if element.get(key) is not None:
                found.append(element.get(key))
        for declaration in (element.get("style") or "").split(";"):
            prop, _, value = declaration.partition(":")
            if prop.strip() in ("fill", "stroke", "color", "stop-color"):
                found.append(value.strip())
    return found


def burned_share(image, box_mm, bleed=3):
    """Share of black pixels in a box given in design mm (left, top, right, bottom)."""
    left, top, right, bottom = (round((v + bleed) * PX_PER_MM) for v in box_mm)
    grey = image.convert("L").crop((left, top, right, bottom))
    return sum(grey.histogram()[:128]) / (grey.width * grey.height)


def test_single_colour_uses_black_only_and_1_bit_rasters(files, tmp_path):
    objects = [
        rect(0, 0, 10, 10, fill={"rgb": "#ff0000"}, stroke={"cmyk": [0, 100, 0, 0]},
             stroke_width=0.5),
        box("vector", 20, 0, 20, 20, asset="ast_logo", recolor=None),
        box("image", 0, 25, 40, 20, asset="ast_ramp", fit="stretch"),
        text(45, 5, 35, 10, "Gravure", color={"spot": "Gold", "cmyk": [0, 20, 60, 20]}),
    ]  # fmt: skip
    svg = svg_of(objects, files, area=card_area(technique="engraving"), ink="Laser")
    root = parsed(svg)
    assert set(paints(root)) <= {"#000000", "none"}
    assert "#000000" in paints(root)
    assert not [e for e in root.iter() if e.tag.endswith(("Gradient", "pattern", "filter"))]
    # Text is outlined: laser software needs no font.
    assert not list(root.iter(f"{SVG}text")) and not list(root.iter(f"{SVG}style"))
    (image,) = root.iter(f"{SVG}image")
    png = base64.b64decode(image.get(XLINK_HREF).partition(";base64,")[2])
    assert png[12:16] == b"IHDR" and png[24] == 1  # bit depth 1
    rendered = rsvg(svg, tmp_path)
    # The ramp is dithered as print.pdf dithers it: mostly burned at its dark end, bare at its
    # light end.
    assert burned_share(rendered, (0, 25, 4, 45)) > 0.8
    assert burned_share(rendered, (36, 25, 40, 45)) < 0.1
    assert at(rendered, 30, 12) == (0, 0, 0)  # the logo, all of it black
    assert rendered.crop((480, 80, 830, 180)).convert("L").getextrema()[0] == 0  # the outlines


def test_single_colour_paper_white_knocks_out(files, tmp_path):
    # As on print.pdf's one ink: white is "tool off", so it clears what lies under it.
    objects = [rect(10, 10, 30, 30), rect(20, 20, 10, 10, fill={"cmyk": [0, 0, 0, 0]})]
    svg = svg_of(objects, files, area=card_area(technique="laser_cut"), ink="Cut")
    assert set(paints(parsed(svg))) == {"#000000", "#ffffff", "none"}
    rendered = rsvg(svg, tmp_path)
    assert at(rendered, 12, 12) == (0, 0, 0)
    assert at(rendered, 25, 25) == (255, 255, 255)


def test_outlined_text_sits_where_live_text_does(files, tmp_path):
    # DejaVu Sans, the fallback rsvg uses, shares Vera's Latin metrics: both set alike.
    objects = [text(10, 10, 60, 15, "Hamburgefonstiv", align="center", valign="middle")]
    live = rsvg(svg_of(objects, files), tmp_path).convert("L")
    outlined = rsvg(svg_of(objects, files, ink="black"), tmp_path).convert("L")

    def ink_box(image):
        return image.point(lambda v: 255 if v < 128 else 0).getbbox()

    for live_edge, outline_edge in zip(ink_box(live), ink_box(outlined), strict=True):
        assert abs(live_edge - outline_edge) <= 3  # 0.3 mm


def test_curved_text_is_drawn_by_every_renderer(files, tmp_path):
    arc = text(10, 5, 60, 30, "Bonne fête", curve={"radius": 25}, align="center",
               valign="middle")  # fmt: skip
    svg = svg_of([arc], files)
    for image in (rsvg(svg, tmp_path), cairo(svg)):
        ink = image.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox()
        assert ink is not None
        left, top, right, bottom = ink
        assert left >= 130 and right <= 730 and top >= 80 and bottom <= 380


def test_code_is_drawn_as_vectors_inside_its_box(files, tmp_path):
    qr = box("code", 20, 10, 20, 20, symbology="qr", data="https://monogram.example/c/42",
             color=BLACK)  # fmt: skip
    svg = svg_of([qr], files)
    root = parsed(svg)
    assert not list(root.iter(f"{SVG}image"))
    image = rsvg(svg, tmp_path).convert("L")
    ink = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink is not None
    left, top, right, bottom = ink
    assert left >= 230 and right <= 430 and top >= 130 and bottom <= 330


def test_same_design_gives_the_same_bytes(files):
    document = card_document()
    objects = document["surfaces"][0]["objects"] + [
        box("image", 20, 12, 45, 30, asset="ast_photo", fit="cover", crop=None),
        box("vector", 30, 20, 20, 20, asset="ast_logo", recolor=None),
    ]
    shared = RenderCache()
    for ink in (None, "black"):
        first = svg_of(objects, files, ink=ink, cache=shared)
        assert svg_of(objects, files, ink=ink, cache=shared) == first
        assert svg_of(objects, files, ink=ink) == first


def test_objects_land_where_print_pdf_puts_them(files, tmp_path):
    # Outlines, codes, turns and crops as both files have them: the SVG through rsvg-convert,
    # print.pdf through poppler's pdftoppm, compared as ink masks over trim plus bleed.
    objects = [
        rect(2, 2, 30, 15, stroke=BLACK, stroke_width=1.5, fill=None, corner_radius=4),
        box("shape", 36, 2, 20, 12, shape="ellipse", fill=None, stroke=BLACK, stroke_width=1),
        box("shape", 60, 8, 22, 0, shape="line", fill=None, stroke=BLACK, stroke_width=0.8),
        rect(8, 24, 30, 3, rotation=30),
        # A tall box: the square symbol sits in its middle.
        box("code", 4, 28, 16, 24, symbology="qr", data="https://monogram.example/x",
            color=BLACK),
        box("code", 26, 38, 22, 10, symbology="code128", data="MONO-42", color=BLACK),
        # The kept square is a quarter black half, three quarters white half of the picture.
        box("image", 50, 30, 20, 20, asset="ast_split", fit="cover",
            crop={"x": 0.375, "y": 0, "width": 0.5, "height": 1}),
    ]  # fmt: skip
    area = card_area(cut_contour="none")
    product = RenderProduct("prd_parity", "Parity", (area,))
    document = {"format": "monogram.design/1", "product": "prd_parity",
                "surfaces": [{"area": "front", "objects": objects}]}  # fmt: skip
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(render_pdf(document, product, files, RenderCache()))
    subprocess.run(
        ["pdftocairo", "-r", str(DPI), "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    margin = round(MARKS_MARGIN * PX_PER_MM)  # the page's bleed box starts past the marks
    page = Image.open(tmp_path / "page.png").crop((margin, margin, margin + 910, margin + 610))
    svg = rsvg(svg_of(objects, files, area=area), tmp_path)

    def ink(image):
        return image.convert("L").point(lambda value: 255 if value < 128 else 0)

    drawn, printed = ink(svg), ink(page)
    assert burned_share(svg, (50, 30, 70, 50)) == pytest.approx(0.25, abs=0.02)
    differing = ImageChops.difference(drawn, printed).histogram()[255]
    inked = printed.histogram()[255]
    assert inked > 20000
    assert differing / inked < 0.015  # anti-aliased edges only


def test_outlined_text_is_the_text_of_print_pdf(files, tmp_path):
    # Engraving: the SVG's glyph outlines against the PDF's embedded font, as ink masks.
    objects = [
        text(4, 4, 40, 20, "Gravé à la main\npour Jeanne", size=11, align="center"),
        text(48, 4, 34, 24, "Un texte justifié sur plusieurs lignes", size=9, fit="wrap",
             align="justify", letter_spacing=0.5),
        text(10, 28, 60, 24, "Joyeux anniversaire", size=14, curve={"radius": 30},
             valign="middle", rotation=-8),
    ]  # fmt: skip
    area = card_area(technique="engraving", cut_contour="none")
    product = RenderProduct("prd_engraved", "Engraved", (area,))
    document = {"format": "monogram.design/1", "product": "prd_engraved",
                "surfaces": [{"area": "front", "objects": objects}]}  # fmt: skip
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(render_pdf(document, product, files, RenderCache()))
    subprocess.run(
        ["pdftocairo", "-r", str(DPI), "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    margin = round(MARKS_MARGIN * PX_PER_MM)
    page = Image.open(tmp_path / "page.png").crop((margin, margin, margin + 910, margin + 610))
    svg = rsvg(svg_of(objects, files, area=area, ink="Engrave"), tmp_path)

    def ink(image):
        return image.convert("L").point(lambda value: 255 if value < 128 else 0)

    # Each object on its own, so that one misplaced text cannot hide behind the others.
    for box_mm in ((3, 3, 45, 25), (47, 3, 83, 29), (3, 26, 80, 57)):
        left, top, right, bottom = (round((v + 3) * PX_PER_MM) for v in box_mm)
        drawn, printed = (
            ink(svg.crop((left, top, right, bottom))),
            ink(page.crop((left, top, right, bottom))),
        )

        def differing(dx, dy, drawn=drawn, printed=printed):
            shifted = ImageChops.offset(drawn, dx, dy)
            return ImageChops.difference(shifted, printed).histogram()[255]

        # Two rasterisers draw glyph edges a little differently, but no shift of the outlines by
        # a pixel (0.1 mm) in any direction matches print.pdf better than where they are.
        shifted = [differing(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy]
        assert differing(0, 0) < min(shifted), box_mm
        inked = printed.histogram()[255]
        assert inked > 2000, box_mm
        assert differing(0, 0) < 0.3 * inked, box_mm  # edges only: a misplaced glyph is > 1
        assert drawn.histogram()[255] == pytest.approx(inked, rel=0.1), box_mm
