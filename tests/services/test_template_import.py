"""SVG and PDF import: fields, image slots and locked artwork, checked against rsvg-convert."""

import base64
import io
import subprocess

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageStat

from monogram.extensions.db import db
from monogram.models import Product
from monogram.rendering import RenderCache, Slug
from monogram.rendering.pdf import page_geometry, render_pdf
from monogram.rendering.proof import rasterise_pages, trim_of
from monogram.services.resolving import StorageResolver, render_product
from tests import samples

DPI = 254  # 10 px per mm: the SVG's 0.1 mm user units land on whole pixels
BLEED = 3


def data_uri(image):
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def placeholder_photo():
    """A photo stand-in with broad areas of colour, as a designer's placeholder would be."""
    image = Image.new("RGB", (300, 200), (90, 140, 190))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 120, 300, 200), fill=(60, 110, 60))
    draw.ellipse((200, 20, 260, 80), fill=(250, 220, 90))
    return image


def logo_picture():
    image = Image.new("RGB", (64, 64), (200, 40, 40))
    ImageDraw.Draw(image).rectangle((16, 16, 48, 48), fill=(255, 255, 255))
    return image


def business_card_svg():
    """91 × 61 mm (85 × 55 trim and 3 mm bleed) in 0.1 mm user units: 3 fields, 1 slot, art."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="9.1cm" height="61mm" viewBox="0 0 910 610">
  <defs>
    <linearGradient id="band" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#1d3557"/><stop offset="1" stop-color="#457b9d"/>
    </linearGradient>
  </defs>
  <rect width="910" height="610" fill="#f4efe6"/>
  <rect x="0" y="470" width="910" height="140" fill="url(#band)"/>
  <g transform="translate(760 130)">
    <circle r="70" fill="none" stroke="#e63946" stroke-width="12"/>
    <path d="M -40 20 L 0 -45 L 40 20 Z" fill="#1d3557"/>
  </g>
  <image x="60" y="500" width="80" height="80" xlink:href="{data_uri(logo_picture())}"/>
  <image data-monogram-slot="photo" x="60" y="60" width="300" height="200"
         preserveAspectRatio="xMidYMid slice" xlink:href="{data_uri(placeholder_photo())}"/>
  <g font-family="Bitstream Vera Sans" fill="#1d3557">
    <text data-monogram-field="name" data-monogram-max-chars="30" x="60" y="340"
          font-size="50" font-weight="bold">Jeanne Dupont</text>
    <text data-monogram-field="job_title" x="60" y="395" font-size="32">Directrice</text>
    <text data-monogram-field="phone" x="850" y="560" font-size="30" text-anchor="end"
          fill="#ffffff">+33 1 23 45 67 89</text>
  </g>
</svg>""".encode()


@pytest.fixture
def rgb_product(client, merchant, font_id):
    body = samples.card_product([font_id])
    for area in body["areas"]:
        area["color_mode"] = "rgb"
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def import_file(client, merchant, product, data, filename, **form):
    return client.post(
        "/v1/templates/import",
        headers=merchant.sk,
        data={"file": (io.BytesIO(data), filename), "product": product, **form},
    )


def rendered_bleed_box(app, merchant, template):
    """The template rendered like a proof (print.pdf, rasterised), cut to its bleed box."""
    with app.app_context():
        product = render_product(db.session.get(Product, template["product"]))
        area = product.area("front")
        pdf = render_pdf(
            template["document"], product, StorageResolver(merchant.merchant_id), RenderCache(),
            Slug(),
        )  # fmt: skip
    page = rasterise_pages(pdf, DPI)[0]
    size, (ox, oy) = page_geometry(area)
    bleed = BLEED * 72 / 25.4
    trim = (ox - bleed, oy - bleed, ox + (85 + BLEED) * 72 / 25.4, oy + (55 + BLEED) * 72 / 25.4)
    return trim_of(page, size, trim, DPI), pdf


def rsvg(svg_bytes, tmp_path):
    source, target = tmp_path / "card.svg", tmp_path / "card.png"
    source.write_bytes(svg_bytes)
    subprocess.run(
        ["rsvg-convert", "-d", str(DPI), "-p", str(DPI), "-b", "white", "-o", target, source],
        check=True,
    )
    return Image.open(target).convert("RGB")


def test_an_svg_template_renders_as_rsvg_draws_it_outside_its_fields(
    app, client, merchant, rgb_product, tmp_path
):
    svg = business_card_svg()
    response = import_file(
        client, merchant, rgb_product, svg, "card.svg", name="Carte",
        categories='{"sector": ["hotel"]}', tags="classic,blue", status="published",
    )  # fmt: skip
    assert response.status_code == 201, response.json
    template = response.json
    assert (template["name"], template["status"]) == ("Carte", "published")
    assert (template["categories"], template["tags"]) == (
        {"sector": ["hotel"]},
        ["classic", "blue"],
    )
    objects = template["document"]["surfaces"][0]["objects"]

    fields = {o["field"]: o for o in objects if o.get("field")}
    assert set(fields) == {"name", "job_title", "phone", "photo"}
    assert {fields[name]["type"] for name in ("name", "job_title", "phone")} == {"text"}
    assert fields["name"]["text"] == "Jeanne Dupont" and fields["name"]["max_chars"] == 30
    assert fields["phone"]["align"] == "right"
    assert fields["phone"]["color"] == {"rgb": "#ffffff"}
    assert fields["name"]["size"] == pytest.approx(5 * 72 / 25.4, abs=0.01)  # 5 mm type
    assert fields["name"]["lock"] == {
        "move": True, "resize": True, "rotate": True, "delete": True, "edit": False
    }  # fmt: skip
    slot = fields["photo"]
    assert slot["type"] == "image" and slot["fit"] == "cover" and slot["min_dpi"] > 0
    # 0.1 mm user units, 3 mm of bleed: the slot at 6 - 3 mm from the trim's corner.
    assert (slot["x"], slot["y"], slot["width"], slot["height"]) == pytest.approx((3, 3, 30, 20))
    locked = [o for o in objects if not o.get("field")]
    assert {o["type"] for o in locked} == {"vector", "image"}
    assert all(o["lock"] == {k: True for k in slot["lock"]} for o in locked)
    # Paint order kept: the background art under the slot, the logo picture over the band.
    types = [o["type"] for o in objects]
    assert types.index("vector") < types.index("image")
    # The product offers Vera in Roman only: the bold name is set in it, and the designer told.
    assert template["import_report"] == [
        {
            "element": '<text data-monogram-field="name">',
            "message": "Bitstream Vera Sans Bold is not among this product's fonts; the field "
            "uses Roman.",
        }
    ]

    ours, printed = rendered_bleed_box(app, merchant, template)
    # Vectors stay vectors: the print file holds the two pictures of the SVG and nothing else.
    (tmp_path / "print.pdf").write_bytes(printed)
    listing = subprocess.run(
        ["pdfimages", "-list", tmp_path / "print.pdf"], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    assert sorted((line.split()[3], line.split()[4]) for line in listing) == [
        ("300", "200"), ("64", "64")
    ]  # fmt: skip
    theirs = rsvg(svg, tmp_path)
    # rsvg-convert rounds 9.1 cm at 254 dpi up to 911 px: the extra column is past the page.
    assert ours.size == (910, 610) and theirs.size[0] - 910 in (0, 1)
    theirs = theirs.crop((0, 0, 910, 610))
    outside = Image.new("L", ours.size, 255)
    for field in ("name", "job_title", "phone"):
        box = fields[field]
        left, top = round((box["x"] + BLEED) * 10), round((box["y"] + BLEED) * 10)
        right = round((box["x"] + box["width"] + BLEED) * 10)
        bottom = round((box["y"] + box["height"] + BLEED) * 10)
        ImageDraw.Draw(outside).rectangle((left, top, right - 1, bottom - 1), fill=0)
    assert ImageStat.Stat(outside).mean[0] > 0.8 * 255  # the fields are a small part of the card
    per_band = ImageStat.Stat(ImageChops.difference(ours, theirs), outside).mean
    difference = sum(per_band) / 3
    assert difference < 4, f"mean absolute difference {difference:.2f}/255 outside the fields"


def test_what_cannot_be_converted_is_reported_and_the_rest_imported(client, merchant, rgb_product):
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
        width="85mm" height="55mm" viewBox="0 0 85 55">
      <defs><pattern id="dots" width="2" height="2"><circle r="1"/></pattern>
        <mask id="half"><rect width="40" height="55" fill="white"/></mask></defs>
      <script>alert(1)</script>
      <rect width="85" height="10" fill="url(#dots)" mask="url(#half)"/>
      <rect width="85" height="55" fill="#eeeeee" filter="url(#blur)"/>
      <image x="0" y="0" width="10" height="10" xlink:href="https://example.com/logo.png"/>
      <text x="5" y="50" font-size="4">Since 1920</text>
      <text data-monogram-field="first name" x="5" y="20" font-size="6"
            font-family="Brand Serif">Ana</text>
      <rect data-monogram-lock="false" x="60" y="5" width="20" height="10" fill="#336699"/>
      <rect data-monogram-slot="logo" x="60" y="30" width="20" height="15" fill="#cccccc"/>
    </svg>"""
    response = import_file(client, merchant, rgb_product, svg, "odd.svg")
    assert response.status_code == 201, response.json
    assert response.json["name"] == "odd" and response.json["status"] == "draft"
    report = response.json["import_report"]
    messages = " | ".join(f"{n['element']}: {n['message']}" for n in report)
    assert "<script>: Left out: scripts do not print." in messages
    assert "linked image" in messages
    assert "filter" in messages
    assert "pattern fill is not printed" in messages and "mask is not applied" in messages
    assert "<text>: Text left as artwork" in messages
    assert "'first name' became 'first_name'" in messages
    assert "Brand Serif" in messages  # the font the field asked for is not offered
    objects = response.json["document"]["surfaces"][0]["objects"]
    free = [o for o in objects if o["type"] == "vector" and o.get("lock") is None]
    assert len(free) == 1
    # Cut to what it draws (half a millimetre of room for strokes each side).
    assert (free[0]["x"], free[0]["y"], free[0]["width"], free[0]["height"]) == pytest.approx(
        (59.5, 4.5, 21, 11), abs=0.05
    )
    assert [o["field"] for o in objects if o.get("field")] == ["first_name", "logo"]
    # A shape marked as a slot: a placeholder picture exactly in its place.
    slot = objects[-1]
    assert slot["type"] == "image" and slot["asset"].startswith("ast_")
    assert (slot["x"], slot["y"], slot["width"], slot["height"]) == pytest.approx(
        (60, 30, 20, 15), abs=0.05
    )


def test_a_page_without_physical_size_is_fitted_and_said_so(client, merchant, rgb_product):
    svg = samples.svg(attrs="").replace(b'width="10mm" height="10mm" ', b"")
    response = import_file(client, merchant, rgb_product, svg, "screen.svg")
    assert response.status_code == 201, response.json
    assert "no physical size" in response.json["import_report"][0]["message"]
    art = response.json["document"]["surfaces"][0]["objects"][0]
    assert (art["x"], art["y"], art["width"], art["height"]) == (0, 0, 85, 55)


def test_a_pdf_first_page_becomes_a_locked_vector_background(
    app, client, merchant, rgb_product, tmp_path
):
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(85 * mm, 55 * mm))
    pdf.setFillColorRGB(0.1, 0.2, 0.5)
    pdf.rect(10 * mm, 10 * mm, 30 * mm, 20 * mm, fill=1, stroke=0)
    pdf.showPage()
    pdf.rect(0, 0, 10, 10)
    pdf.showPage()
    pdf.save()
    response = import_file(client, merchant, rgb_product, out.getvalue(), "menu.pdf")
    assert response.status_code == 201, response.json
    (background,) = response.json["document"]["surfaces"][0]["objects"]
    assert background["type"] == "vector" and background["lock"]["edit"] is True
    assert (background["width"], background["height"]) == pytest.approx((85, 55), abs=0.01)
    assert "first of its 2 pages" in response.json["import_report"][0]["message"]
    # Vectors stay vectors: the print file draws a filled path, with no image in it.
    with app.app_context():
        product = render_product(db.session.get(Product, rgb_product))
        printed = render_pdf(
            response.json["document"], product, StorageResolver(merchant.merchant_id),
            RenderCache(), Slug(),
        )  # fmt: skip
    (tmp_path / "print.pdf").write_bytes(printed)
    images = subprocess.run(
        ["pdfimages", "-list", tmp_path / "print.pdf"], capture_output=True, check=True, text=True
    ).stdout.splitlines()
    assert len(images) == 2  # the header lines of an empty list


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<svg><rect/></svg>", "not an SVG image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'", "not well-formed"),
        (samples.SVG_WITH_ENTITIES, "DOCTYPE"),
        (b"%PDF-1.4 broken", "damaged"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" width="1in" height="1in"/>', "draws nothing"),
    ],
)
def test_files_that_are_not_templates_are_refused_and_nothing_is_stored(
    client, merchant, rgb_product, data, message
):
    response = import_file(client, merchant, rgb_product, data, "bad.svg")
    assert response.status_code == 422, response.json
    assert message in response.json["message"]
    assert client.get("/v1/templates", headers=merchant.sk).json == []


def test_text_styled_by_class_and_placed_by_matrix_as_illustrator_writes_it(
    client, merchant, rgb_product
):
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" width="85mm" height="55mm"
        viewBox="0 0 85 55">
      <style>.st0{fill:#E63946;font-family:'BitstreamVeraSans', 'Bitstream Vera Sans';}
        .st1, .big{font-size:8px;}</style>
      <text data-monogram-field="city" class="st0 st1" transform="matrix(1 0 0 1 10 30)">Lyon</text>
    </svg>"""
    response = import_file(client, merchant, rgb_product, svg, "illustrator.svg")
    assert response.status_code == 201, response.json
    assert response.json["import_report"] == []
    (field,) = response.json["document"]["surfaces"][0]["objects"]
    assert field["color"] == {"rgb": "#e63946"}
    assert field["size"] == pytest.approx(8 * 72 / 25.4, abs=0.01)
    assert field["x"] == pytest.approx(10)
    # The renderer sets the first baseline half the spare leading plus the ascent below the
    # box top (OS/2 typographic metrics): that baseline must be the SVG's, 30 mm down.
    vera = TTFont(samples.VERA)
    em = vera["head"].unitsPerEm
    ascent, descent = vera["OS/2"].sTypoAscender / em, -vera["OS/2"].sTypoDescender / em
    above = 8 * ((1.2 - ascent - descent) / 2 + ascent)
    assert field["y"] + above == pytest.approx(30, abs=0.01)


def test_a_bad_picture_after_good_artwork_stores_nothing(app, client, merchant, rgb_product):
    import sqlalchemy as sa

    from monogram.models import Asset, Template

    broken = base64.b64encode(b"\x89PNG\r\n\x1a\nnot really").decode()
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="85mm" height="55mm">
      <rect width="100" height="100" fill="#123456"/>
      <image data-monogram-slot="photo" x="0" y="0" width="50" height="50"
             href="data:image/png;base64,{broken}"/>
    </svg>""".encode()
    response = import_file(client, merchant, rgb_product, svg, "broken.svg")
    assert response.status_code == 422, response.json
    with app.app_context():
        kinds = db.session.scalars(sa.select(Asset.kind).where(Asset.kind != "font")).all()
        assert kinds == []
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Template)) == 0
