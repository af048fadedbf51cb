"""The starter clipart in print: every drawing goes through the upload sanitiser unchanged and
prints as CMYK vectors covering what librsvg draws of it."""

import io
import subprocess
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageChops
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from monogram.files import UploadLimits, inspect_upload
from monogram.rendering.cache import RenderCache
from monogram.rendering.context import DrawContext
from monogram.rendering.inks import Inks
from monogram.rendering.model import Area, Box
from monogram.rendering.vectors import draw_vector
from monogram.services.starter_media import STARTER, svg
from tests.rendering.conftest import DictResolver
from tests.rendering.tools import listed_images, plates, rgb_operators

PIECES = [piece for collection in STARTER for piece in collection.pieces]
CELL = 100  # pt
# Ghostscript's separations are not anti-aliased and paint every pixel a shape touches (white
# over ink grows by a pixel), librsvg's drawing is anti-aliased: at 4 px a point the edges where
# they differ are at most a few hundredths of a cell.
SCALE = 4
PX = CELL * SCALE
COLUMNS = 6
PAGE_FONT = "StarterTestPage"
LIMITS = UploadLimits(
    max_pixels=50_000_000, raster_bytes=50_000_000, vector_bytes=5_000_000, font_bytes=1
)


def test_there_are_two_dozen_pieces_in_three_categories_with_unique_slugs():
    assert len(PIECES) == 24
    assert [collection.category for collection in STARTER] == ["pictograms", "labels", "seasonal"]
    assert len({piece.slug for piece in PIECES}) == 24
    for piece in PIECES:
        assert piece.names["en"] and piece.names["fr"]
        assert piece.tags and all(tag == tag.lower() for tag in piece.tags)


@pytest.mark.parametrize("piece", PIECES, ids=lambda piece: piece.slug)
def test_each_drawing_passes_the_sanitiser_unchanged(piece):
    inspected = inspect_upload(svg(piece.body), LIMITS, frozenset({"vector"}))
    assert inspected.kind == "vector" and inspected.notes == ()
    assert (inspected.width_mm, inspected.height_mm) == (30.0, 30.0)


def rsvg_ink(piece, tmp_path):
    """Where librsvg puts paint other than white, drawn PX square."""
    path = tmp_path / f"{piece.slug}.svg"
    path.write_bytes(svg(piece.body))
    drawn = subprocess.run(
        ["rsvg-convert", "-w", str(PX), "-h", str(PX), "-b", "white", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    grey = Image.open(io.BytesIO(drawn)).convert("L")
    return grey.point(lambda value: 255 if value < 250 else 0)


def test_all_pieces_print_as_cmyk_vectors_where_librsvg_draws_them(tmp_path):
    if PAGE_FONT not in pdfmetrics.getRegisteredFontNames():
        vera = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
        pdfmetrics.registerFont(TTFont(PAGE_FONT, str(vera)))
    files = DictResolver()
    rows = -(-len(PIECES) // COLUMNS)
    width, height = COLUMNS * CELL, rows * CELL
    area = Area("front", "Recto", 85, 55)
    ctx = DrawContext(files, area, Inks(area), RenderCache())
    pdf = tmp_path / "starter.pdf"
    canvas = Canvas(str(pdf), pagesize=(width, height), invariant=1, initialFontName=PAGE_FONT)
    for index, piece in enumerate(PIECES):
        files.add_asset(piece.slug, svg(piece.body), "image/svg+xml", kind="vector")
        column, row = index % COLUMNS, index // COLUMNS
        canvas.saveState()
        canvas.translate(column * CELL, height - (row + 1) * CELL)
        obj = {"type": "vector", "asset": piece.slug, "recolor": None}
        draw_vector(canvas, obj, Box(CELL, CELL), ctx)
        canvas.restoreState()
    canvas.save()

    assert listed_images(pdf) == []
    assert rgb_operators(pdf, tmp_path) == []
    found = plates(pdf, tmp_path, dpi=72 * SCALE)
    union = None
    for plate in found.values():
        inked = plate.point(lambda value: 255 if value > 5 else 0)
        union = inked if union is None else ImageChops.lighter(union, inked)
    for index, piece in enumerate(PIECES):
        column, row = index % COLUMNS, index // COLUMNS
        printed = union.crop((column * PX, row * PX, (column + 1) * PX, (row + 1) * PX))
        expected = rsvg_ink(piece, tmp_path)
        printed_share = share(printed)
        assert printed_share > 0.03, piece.slug
        # The shapes agree; only their edges may differ.
        assert abs(printed_share - share(expected)) < 0.03, (piece.slug, printed_share)
        assert share(ImageChops.difference(printed, expected)) < 0.04, piece.slug


def share(mask):
    """The part of a black and white mask that is white."""
    return mask.histogram()[255] / (mask.width * mask.height)
