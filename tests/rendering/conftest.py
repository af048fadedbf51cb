"""A business card to render: product, files and a design using every kind of object."""

import hashlib
import io
from pathlib import Path

import pytest
import reportlab
from PIL import Image

from monogram.rendering import Area, AssetFile, FontFile, MissingFile, Mockup, RenderProduct

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
VERA_BOLD = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"

LOGO_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"
 width="20mm" height="20mm"><circle cx="50" cy="50" r="45" fill="#0033a0"/>
<rect x="30" y="30" width="40" height="40" fill="#ffcc00"/></svg>"""


class DictResolver:
    """Files held in memory, as a real resolver hands them over."""

    def __init__(self):
        self.assets, self.fonts = {}, {}

    def add_asset(self, asset_id, data, media_type, kind="raster"):
        sha = hashlib.sha256(data).hexdigest()
        self.assets[asset_id] = AssetFile(asset_id, sha, media_type, kind, data)

    def add_font(self, font_id, data):
        self.fonts[font_id] = FontFile(font_id, hashlib.sha256(data).hexdigest(), data)

    def asset(self, asset_id):
        try:
            return self.assets[asset_id]
        except KeyError:
            raise MissingFile(asset_id) from None

    def font(self, font_id):
        try:
            return self.fonts[font_id]
        except KeyError:
            raise MissingFile(font_id) from None


def jpeg(size, mode="RGB", color=(200, 60, 40)):
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, "JPEG", quality=92)
    return out.getvalue()


def png(size, color=(30, 120, 200)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def resolver():
    files = DictResolver()
    files.add_font("fnt_vera", VERA.read_bytes())
    files.add_font("fnt_verabd", VERA_BOLD.read_bytes())
    # 1063 × 709 px over 90 × 60 mm (85 × 55 + bleed... placed on 45 × 30 mm): 600 dpi.
    files.add_asset("ast_photo", jpeg((1063, 709)), "image/jpeg")
    files.add_asset("ast_logo", LOGO_SVG, "image/svg+xml", kind="vector")
    files.add_asset("ast_mockup", png((800, 500), (235, 235, 235)), "image/png")
    return files


def card_area(area_id="front", **overrides):
    values = dict(
        id=area_id,
        name="Recto" if area_id == "front" else "Verso",
        width=85,
        height=55,
        bleed=3,
        safe=3,
        min_dpi=250,
    )
    values.update(overrides)
    return Area(**values)


@pytest.fixture
def product():
    return RenderProduct(
        id="prd_card",
        name="Business card",
        areas=(card_area("front"), card_area("back")),
        mockups={"front": Mockup("ast_mockup", ((100, 80), (700, 80), (700, 468), (100, 468)))},
    )


BLACK = {"cmyk": [0, 0, 0, 100]}


def card_document():
    return {
        "format": "monogram.design/1",
        "product": "prd_card",
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {
                        "id": "name",
                        "type": "text",
                        "x": 8,
                        "y": 8,
                        "width": 60,
                        "height": 9,
                        "text": "Jeanne Dupont",
                        "font": "fnt_verabd",
                        "size": 14,
                        "color": BLACK,
                        "align": "left",
                        "valign": "middle",
                        "line_height": 1.2,
                        "letter_spacing": 0,
                        "fit": "shrink",
                        "curve": None,
                    },
                    {
                        "id": "role",
                        "type": "text",
                        "x": 8,
                        "y": 18,
                        "width": 60,
                        "height": 12,
                        "text": "Directrice d'atelier\nImprimerie Dupont",
                        "font": "fnt_vera",
                        "size": 9,
                        "color": BLACK,
                        "align": "left",
                        "valign": "top",
                        "line_height": 1.2,
                        "letter_spacing": 0,
                        "fit": "wrap",
                        "curve": None,
                    },
                    {
                        "id": "logo",
                        "type": "vector",
                        "asset": "ast_logo",
                        "x": 64,
                        "y": 6,
                        "width": 15,
                        "height": 15,
                        "recolor": None,
                    },
                    {
                        "id": "band",
                        "type": "shape",
                        "shape": "rect",
                        "x": -3,
                        "y": 45,
                        "width": 91,
                        "height": 13,
                        "fill": {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]},
                        "stroke": None,
                        "stroke_width": 0,
                        "corner_radius": 0,
                    },
                    {
                        "id": "qr",
                        "type": "code",
                        "symbology": "qr",
                        "data": "https://monogram.example/c/jd",
                        "x": 68,
                        "y": 30,
                        "width": 12,
                        "height": 12,
                        "color": BLACK,
                    },
                ],
            },
            {
                "area": "back",
                "objects": [
                    {
                        "id": "photo",
                        "type": "image",
                        "asset": "ast_photo",
                        "x": 20,
                        "y": 12,
                        "width": 45,
                        "height": 30,
                        "fit": "cover",
                        "crop": None,
                        "opacity": 1,
                    },
                ],
            },
        ],
    }


@pytest.fixture
def document():
    return card_document()
