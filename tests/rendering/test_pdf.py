"""print.pdf as a prepress tool sees it: boxes, fonts, plates, repeatability, proofs that match."""

import io
import re
import subprocess

import pytest
from PIL import Image, ImageChops, ImageStat

from monogram.rendering import RenderCache, Slug, render_bundle
from monogram.rendering.pdf import render_pdf
from monogram.rendering.proof import proof_dpi
from tests.rendering.conftest import BLACK, card_area
from tests.rendering.tools import plates, run

MM = 72 / 25.4


def boxes(pdf_path, page):
    """{box name: (x0, y0, x1, y1)} as pdfinfo prints them."""
    out = run("pdfinfo", "-box", "-f", str(page), "-l", str(page), str(pdf_path))
    found = {}
    for name, numbers in re.findall(r"Page +\d+ (\w+): +([-\d. ]+)", out):
        found[name] = tuple(float(n) for n in numbers.split())
    return found


@pytest.fixture
def card_pdf(tmp_path, document, product, resolver):
    path = tmp_path / "print.pdf"
    slug = Slug(order="1042", line="1", quantity=250)
    path.write_bytes(render_pdf(document, product, resolver, RenderCache(), slug))
    return path


def test_page_boxes_are_trim_plus_bleed_plus_marks(card_pdf):
    for page in (1, 2):
        found = boxes(card_pdf, page)
        margin = (3 + 12) * MM  # bleed, then room for marks
        trim = (margin, margin, margin + 85 * MM, margin + 55 * MM)
        bleed = (trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM)
        media = (0, 0, trim[2] + margin, trim[3] + margin)
        for name, expected in (("TrimBox", trim), ("BleedBox", bleed), ("MediaBox", media)):
            assert found[name] == pytest.approx(expected, abs=0.01), name


def test_every_font_is_embedded_and_subset(card_pdf):
    lines = run("pdffonts", str(card_pdf)).splitlines()[2:]
    names = {line.split()[0].split("+")[1] for line in lines}
    assert {"BitstreamVeraSans-Bold", "BitstreamVeraSans-Roman"} <= names
    for line in lines:
        name, emb, sub = line.split()[0], line.split()[-5], line.split()[-4]
        assert (emb, sub) == ("yes", "yes"), line
        assert re.match(r"[A-Z]{6}\+", name), line


def test_pages_follow_the_product_areas_and_carry_the_slug(card_pdf):
    assert re.search(r"Pages:\s+2\n", run("pdfinfo", str(card_pdf)))
    front = run("pdftotext", "-f", "1", "-l", "1", "-layout", str(card_pdf), "-")
    assert "Jeanne Dupont" in front
    assert "Order 1042 · line 1 · qty 250 · Business card" in front
    assert "area Recto (front) · 85×55 mm + 3 mm bleed" in front
    back = run("pdftotext", "-f", "2", "-l", "2", str(card_pdf), "-")
    assert "area Verso (back)" in back


def test_plates_black_spot_and_cut_contour(tmp_path, resolver):
    from monogram.rendering import RenderProduct

    area = card_area("front", cut_contour="trim")
    product = RenderProduct("prd_card", "Business card", (area,))
    document = {
        "format": "monogram.design/1",
        "product": "prd_card",
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {
                        "id": "k",
                        "type": "shape",
                        "shape": "rect",
                        "x": 10,
                        "y": 10,
                        "width": 30,
                        "height": 20,
                        "fill": BLACK,
                        "stroke": None,
                        "stroke_width": 0,
                        "corner_radius": 0,
                    },
                    {
                        "id": "t",
                        "type": "text",
                        "x": 45,
                        "y": 10,
                        "width": 35,
                        "height": 10,
                        "text": "Noir 100",
                        "font": "fnt_vera",
                        "size": 12,
                        "color": BLACK,
                        "align": "left",
                        "valign": "top",
                        "line_height": 1.2,
                        "letter_spacing": 0,
                        "fit": "none",
                        "curve": None,
                    },
                    {
                        "id": "s",
                        "type": "shape",
                        "shape": "rect",
                        "x": 10,
                        "y": 35,
                        "width": 30,
                        "height": 10,
                        "fill": {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]},
                        "stroke": None,
                        "stroke_width": 0,
                        "corner_radius": 0,
                    },
                ],
            }
        ],
    }
    pdf = tmp_path / "plates.pdf"
    pdf.write_bytes(render_pdf(document, product, resolver))
    found = plates(pdf, tmp_path)
    assert {"Cyan", "Magenta", "Yellow", "Black", "PANTONE 286 C", "CutContour"} <= set(found)

    px = 72 / 25.4  # pixels per mm at 72 dpi
    origin = 15  # mm from the page's left and top edges to the trim

    def window(plate, x0, y0, x1, y1):
        """(least, most) ink in a rectangle given in mm from the trim's top-left."""
        box = [round((origin + v) * px) for v in (x0, y0, x1, y1)]
        return plate.crop(box).getextrema()

    # Inside the bleed box only Black, the spot and the contour carry ink: 100 K stays 100 K.
    for name in ("Cyan", "Magenta", "Yellow"):
        assert window(found[name], -3, -3, 88, 58)[1] == 0, name
    assert window(found["Black"], 12, 12, 38, 28)[0] > 250
    assert window(found["PANTONE 286 C"], 12, 37, 38, 43)[0] > 250
    assert window(found["PANTONE 286 C"], 12, 12, 38, 28)[1] == 0
    # The contour follows the trim: ink on the trim's left edge, none in the middle of the card.
    contour = found["CutContour"]
    assert window(contour, -1, 20, 1, 35)[1] > 100
    assert window(contour, 5, 5, 80, 50)[1] == 0
    assert (
        set(found) - {"Cyan", "Magenta", "Yellow", "Black", "PANTONE 286 C", "CutContour"} == set()
    )


def test_same_design_same_bytes(document, product, resolver):
    version = {"design": "dsn_x", "number": 3, "document": document}
    first = render_bundle(version, product, resolver, slug=Slug("1042", "1", 250))
    second = render_bundle(version, product, resolver, slug=Slug("1042", "1", 250))
    assert first.files.keys() == second.files.keys()
    for name in first.files:
        assert first.files[name] == second.files[name], name
    assert sorted(first.files) == [
        "design.json",
        "manifest.json",
        "mockup-front.png",
        "print.pdf",
        "proof-back.png",
        "proof-front.png",
    ]


def test_proof_matches_ghostscript_rendering(tmp_path, document, product, resolver):
    version = {"design": "dsn_x", "number": 1, "document": document}
    bundle = render_bundle(version, product, resolver)
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(bundle.files["print.pdf"])
    for page, area in ((1, "front"), (2, "back")):
        out = tmp_path / f"gs-{page}.png"
        dpi = proof_dpi(boxes(pdf, page)["MediaBox"][2:])
        assert dpi == 300  # a business card is proofed at print resolution
        run(
            "gs",
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-dSAFER",
            "-sDEVICE=png16m",
            f"-r{dpi}",
            "-dTextAlphaBits=4",
            "-dGraphicsAlphaBits=4",
            f"-dFirstPage={page}",
            f"-dLastPage={page}",
            f"-sOutputFile={out}",
            str(pdf),
        )
        ours = Image.open(io.BytesIO(bundle.files[f"proof-{area}.png"])).convert("RGB")
        theirs = Image.open(out).convert("RGB")
        assert ours.size == theirs.size
        difference = sum(ImageStat.Stat(ImageChops.difference(ours, theirs)).mean) / 3
        assert difference < 2, f"page {page}: mean difference {difference:.2f}/255"


def test_engraving_is_one_ink_and_a_vector_file(tmp_path, document, resolver):
    from monogram.rendering import RenderProduct

    area = card_area("front", technique="engraving", cut_contour="none")
    product = RenderProduct("prd_card", "Engraved plate", (area,))
    document["surfaces"] = document["surfaces"][:1]
    version = {"design": "dsn_x", "number": 1, "document": document}
    bundle = render_bundle(version, product, resolver)
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(bundle.files["print.pdf"])
    found = plates(pdf, tmp_path)
    # Inside the bleed box (12 mm from the page edge) only the engraving ink is used.
    bleed_box = [round(v * 72 / 25.4) for v in (12, 12, 12 + 91, 12 + 61)]
    for name in ("Cyan", "Magenta", "Yellow", "Black"):
        assert found[name].crop(bleed_box).getextrema()[1] == 0, name
    assert set(found) == {"Cyan", "Magenta", "Yellow", "Black", "Engrave"}
    assert found["Engrave"].getextrema()[1] > 250

    # The laser's file: an SVG another renderer draws in black and nothing else.
    (tmp_path / "front.svg").write_bytes(bundle.files["front.svg"])
    rendered = run_bytes("rsvg-convert", "-d", "96", "-p", "96", str(tmp_path / "front.svg"))
    image = Image.open(io.BytesIO(rendered)).convert("RGBA")
    colours = {colour for _, colour in image.getcolors(1 << 22) if colour[3] > 0}
    assert colours and {colour[:3] for colour in colours} == {(0, 0, 0)}


def run_bytes(*command):
    return subprocess.run(command, check=True, capture_output=True).stdout
