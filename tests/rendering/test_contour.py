"""Cut contours as the cutter's plate shows them: on the trim, offset from it, or around the art."""

from monogram.rendering import RenderProduct
from monogram.rendering.pdf import render_pdf
from tests.rendering.conftest import BLACK, card_area
from tests.rendering.tools import plates

PX = 150 / 25.4  # pixels per mm at 150 dpi
ORIGIN = 15  # mm from the page's top-left corner to the trim's


def contour_plate(tmp_path, resolver, rule, objects):
    area = card_area("front", cut_contour=rule, bleed=3)
    product = RenderProduct("prd_sticker", "Sticker", (area,))
    document = {
        "format": "monogram.design/1",
        "product": "prd_sticker",
        "surfaces": [{"area": "front", "objects": objects}],
    }
    pdf = tmp_path / "sticker.pdf"
    pdf.write_bytes(render_pdf(document, product, resolver))
    return plates(pdf, tmp_path, dpi=150)


def inked(plate, x_mm, y_mm, radius_mm=0.3):
    """Whether the plate carries ink within radius of a point given in trim millimetres."""
    box = [
        round((ORIGIN + x_mm - radius_mm) * PX),
        round((ORIGIN + y_mm - radius_mm) * PX),
        round((ORIGIN + x_mm + radius_mm) * PX) + 1,
        round((ORIGIN + y_mm + radius_mm) * PX) + 1,
    ]
    return plate.crop(box).getextrema()[1] > 64


DISC = {
    "id": "disc",
    "type": "shape",
    "shape": "ellipse",
    "x": 22.5,
    "y": 7.5,
    "width": 40,
    "height": 40,
    "fill": BLACK,
    "stroke": None,
    "stroke_width": 0,
    "corner_radius": 0,
}


def test_offset_contour_runs_outside_the_trim(tmp_path, resolver):
    plate = contour_plate(tmp_path, resolver, "offset:2", [DISC])["CutContour"]
    assert inked(plate, -2, 27.5) and inked(plate, 87, 27.5) and inked(plate, 42.5, -2)
    assert not inked(plate, 0, 27.5) and not inked(plate, 42.5, 27.5)


def test_shape_contour_follows_the_artwork_at_its_margin(tmp_path, resolver):
    found = contour_plate(tmp_path, resolver, "shape", [DISC])
    plate = found["CutContour"]
    # The disc (centre 42.5, 27.5; radius 20) is cut 1.5 mm outside its edge, all the way round.
    for x, y in ((42.5, 6), (42.5, 49), (21, 27.5), (64, 27.5)):
        assert inked(plate, x, y, radius_mm=0.5), (x, y)
    # Not along the trim, and never through the artwork.
    assert not inked(plate, 0, 27.5) and not inked(plate, 85, 5)
    assert not inked(plate, 42.5, 27.5, radius_mm=15)
    # The contour overprints: the black disc keeps its ink under the line.
    assert inked(found["Black"], 42.5, 27.5)


def test_no_contour_means_no_cutter_plate(tmp_path, resolver):
    found = contour_plate(tmp_path, resolver, "none", [DISC])
    assert "CutContour" not in found
