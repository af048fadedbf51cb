"""Fidelity: a saved design reopened in the editor looks like the proof the backend prints from it.

Three text lines in two merchant fonts, a photo and an SVG logo: the editor's trim, guides hidden,
against the trim of proof-front.png (rasterised from print.pdf), and every text line's box against
where the PDF set it.
"""

import io
import re
import subprocess

import defusedxml.ElementTree as ElementTree
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from monogram.extensions.db import db
from monogram.services.merchants import create_merchant
from tests import samples
from tests.browser.conftest import RESULTS
from tests.browser.shop import editor, editor_button, personalise_button, poll, tool

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

MM_PER_PT = 25.4 / 72
TRIM_W, TRIM_H = 85.0, 55.0  # the card of samples.card_product
MAX_MEAN_DIFFERENCE = 6 / 255
MAX_LINE_OFFSET = 0.5  # mm
DEVICE_SCALE = 2
BLACK = {"cmyk": [0, 0, 0, 100]}
LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" width="12mm" height="12mm" viewBox="0 0 12 12">
<circle cx="6" cy="6" r="5.5" fill="#1f3d7a"/>
<path d="M3 8.5V3.5l3 3 3-3v5" fill="none" stroke="#ffffff" stroke-width="1"/></svg>"""
LINES = {
    # id: (font index, size pt, text, align, box y, box height)
    "name": (1, 14, "Jeanne Dupont", "left", 24.0, 8.0),
    "title": (0, 9, "Graphic designer · Lyon", "left", 33.0, 6.0),
    "email": (0, 8, "jeanne.dupont@example.fr", "right", 44.0, 6.0),
}
XHTML = "{http://www.w3.org/1999/xhtml}"


def photo():
    """A 1200 × 800 px photo: smooth light, a warm disc, some texture; sharp enough for print."""
    across = Image.linear_gradient("L").rotate(90).resize((1200, 800))
    down = Image.linear_gradient("L").resize((1200, 800))
    image = Image.merge("RGB", [across, down, Image.new("L", (1200, 800), 160)])
    # Toned down towards grey, as photos mostly are: colours a press can print look alike on
    # screen and on the proof, while a neon gradient would measure the CMYK gamut instead.
    image = Image.blend(image, Image.new("RGB", image.size, (128, 128, 128)), 0.3)
    draw = ImageDraw.Draw(image)
    draw.ellipse([420, 180, 860, 620], fill=(214, 120, 64))
    for x in range(0, 1200, 80):
        draw.line([(x, 0), (x + 200, 800)], fill=(60, 90, 120), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def text_object(object_id, font_ids):
    font, size, text, align, y, height = LINES[object_id]
    return {
        "id": object_id,
        "type": "text",
        "x": 6.0,
        "y": y,
        "width": 73.0,
        "height": height,
        "text": text,
        "font": font_ids[font],
        "size": size,
        "color": BLACK,
        "align": align,
        "valign": "middle",
        "line_height": 1.2,
        "letter_spacing": 0,
        "fit": "none",
    }


def card_design(product_id, font_ids, photo_id, logo_id):
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {
                        "id": "photo",
                        "type": "image",
                        "asset": photo_id,
                        "x": 52.0,
                        "y": 5.0,
                        "width": 27.0,
                        "height": 18.0,
                        "fit": "cover",
                    },
                    {
                        "id": "logo",
                        "type": "vector",
                        "asset": logo_id,
                        "x": 6.0,
                        "y": 6.0,
                        "width": 12.0,
                        "height": 12.0,
                    },
                    *(text_object(object_id, font_ids) for object_id in LINES),
                ],
            }
        ],
    }


def created(response):
    assert response.status in (200, 201), f"{response.status} {response.url}: {response.text()}"
    return response.json()


def upload(api, headers, route, filename, data, media_type, **fields):
    file = {"name": filename, "mimeType": media_type, "buffer": data}
    return created(api.post(route, headers=headers, multipart={"file": file, **fields}))["id"]


@pytest.fixture
def merchant_keys(live_server):
    with live_server.app.app_context():
        _, _, keys = create_merchant("Papeterie Fidèle")
        db.session.commit()
    return keys


@pytest.fixture
def saved_card(api, merchant_keys):
    """The design made through the API as a merchant's integration would, and its print files."""
    sk = {"Authorization": f"Bearer {merchant_keys['secret']}"}
    font_ids = [
        upload(api, sk, "/v1/fonts", path.name, path.read_bytes(), "font/ttf", licence_note="Vera")
        for path in (samples.VERA, samples.VERA_BOLD)
    ]
    body = samples.card_product(font_ids)
    for area in body["areas"]:
        # The proof would draw the cut line along the trim, which the editor shows only as a guide.
        area["cut_contour"] = "none"
    product = created(api.post("/v1/products", headers=sk, data=body))
    photo_id = upload(api, sk, "/v1/assets", "atelier.png", photo(), "image/png")
    logo_id = upload(api, sk, "/v1/assets", "logo.svg", LOGO, "image/svg+xml")
    design = created(
        api.post(
            "/v1/designs",
            headers=sk,
            data=card_design(product["id"], font_ids, photo_id, logo_id),
        )
    )
    job = created(api.post("/v1/jobs", headers=sk, data={"design": design["id"], "order": "F1"}))

    def finished():
        state = created(api.get(f"/v1/jobs/{job['id']}", headers=sk))
        return state if state["status"] not in ("queued", "rendering") else None

    job = poll(finished, "the production job")
    assert job["status"] == "ready", job
    # The editor draws the photo from its preview, made in the background after the upload.
    poll(
        lambda: api.get(f"/v1/assets/{photo_id}/preview", headers=sk).status == 200,
        "the photo's preview",
    )
    files = {
        name: api.get(f"/v1/jobs/{job['id']}/files/{name}", headers=sk).body()
        for name in ("print.pdf", "proof-front.png")
    }
    return {"product": product["id"], "design": design, "files": files, "keys": merchant_keys}


def reopen_page(live_server, card):
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reorder</title></head>
<body><form method="post" action="/demo/cart">
<script src="/widget/monogram.js" data-key="{card["keys"]["publishable"]}"
 data-product="{card["product"]}" data-design="{card["design"]["id"]}"
 data-token="{card["design"]["token"]}" data-locale="en" async></script>
</form></body></html>"""


def pdf_boxes(pdfinfo, pdf_path):
    """MediaBox and TrimBox of page 1, in points, PDF coordinates (origin bottom-left)."""
    out = subprocess.run(
        [pdfinfo, "-box", "-f", "1", "-l", "1", str(pdf_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = {}
    for name in ("MediaBox", "TrimBox"):
        match = re.search(rf"{name}:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", out)
        assert match, f"pdfinfo shows no {name}:\n{out}"
        boxes[name] = tuple(float(v) for v in match.groups())
    return boxes["MediaBox"], boxes["TrimBox"]


def pdf_lines(pdftotext, pdf_path, media, trim):
    """{text: (left, top, right, bottom) in mm from the trim's top-left} for each text line."""
    out = subprocess.run(
        [pdftotext, "-bbox-layout", "-f", "1", "-l", "1", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # pdftotext measures from the top-left of the page (the MediaBox), y down.
    left_edge, top_edge = trim[0] - media[0], media[3] - trim[3]
    lines = {}
    for line in ElementTree.fromstring(out).iter(f"{XHTML}line"):
        text = " ".join(word.text for word in line.iter(f"{XHTML}word"))
        x0, y0, x1, y1 = (float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        lines[text] = (
            (x0 - left_edge) * MM_PER_PT,
            (y0 - top_edge) * MM_PER_PT,
            (x1 - left_edge) * MM_PER_PT,
            (y1 - top_edge) * MM_PER_PT,
        )
    return lines


def proof_trim(proof_png, media, trim, size):
    """The proof's trim box (fractional pixels kept), scaled to size."""
    proof = Image.open(io.BytesIO(proof_png)).convert("RGB")
    scale = proof.width / (media[2] - media[0])  # pixels per point
    box = (
        (trim[0] - media[0]) * scale,
        (media[3] - trim[3]) * scale,
        (trim[2] - media[0]) * scale,
        (media[3] - trim[1]) * scale,
    )
    return proof.resize(size, Image.Resampling.BOX, box=box)


def settled_screenshot(page, attempts=30):
    """The viewport once two screenshots in a row agree: fonts and images drawn."""
    page.evaluate("document.fonts.ready.then(() => true)")
    previous = page.screenshot(animations="disabled")
    for _ in range(attempts):
        page.wait_for_timeout(250)
        current = page.screenshot(animations="disabled")
        if current == previous:
            return Image.open(io.BytesIO(current)).convert("RGB")
        previous = current
    raise AssertionError("the editor never stopped changing on screen")


def to_mm(box, trim_box):
    """A CSS-pixel box as (left, top, right, bottom) mm from the trim's top-left."""
    sx, sy = TRIM_W / trim_box["width"], TRIM_H / trim_box["height"]
    left, top = box["x"] - trim_box["x"], box["y"] - trim_box["y"]
    return (left * sx, top * sy, (left + box["width"]) * sx, (top + box["height"]) * sy)


def test_the_editor_shows_what_the_proof_prints(new_page, live_server, saved_card, tmp_path):
    pdfinfo, pdftotext = tool("pdfinfo"), tool("pdftotext")
    pdf_path = tmp_path / "print.pdf"
    pdf_path.write_bytes(saved_card["files"]["print.pdf"])
    media, trim = pdf_boxes(pdfinfo, pdf_path)

    page = new_page(
        "fidelity", viewport={"width": 1280, "height": 900}, device_scale_factor=DEVICE_SCALE
    )
    html = reopen_page(live_server, saved_card)
    page.route(
        f"{live_server.url}/test-pages/reorder.html",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto("/test-pages/reorder.html")
    personalise_button(page).click()
    expect(editor_button(page, "Add text")).to_be_enabled()
    expect(editor(page).locator('[part="object"]')).to_have_count(5)
    expect(editor(page).locator('[part="text-line"]')).to_have_count(3)
    editor(page).evaluate("element => { element.guides = false; }")

    shot = settled_screenshot(page)
    trim_box = editor(page).locator('[part="trim"]').bounding_box()
    assert trim_box and trim_box["width"] > 0, "[part=trim] has no box on screen"
    # Both sides keep their fractional edges and are scaled to the editor's own pixel size.
    size = (round(trim_box["width"] * DEVICE_SCALE), round(trim_box["height"] * DEVICE_SCALE))
    on_screen = shot.resize(
        size,
        Image.Resampling.BOX,
        box=tuple(
            v * DEVICE_SCALE
            for v in (
                trim_box["x"],
                trim_box["y"],
                trim_box["x"] + trim_box["width"],
                trim_box["y"] + trim_box["height"],
            )
        ),
    )
    printed = proof_trim(saved_card["files"]["proof-front.png"], media, trim, size)
    difference = sum(ImageStat.Stat(ImageChops.difference(on_screen, printed)).mean) / 3 / 255
    if difference >= MAX_MEAN_DIFFERENCE:
        RESULTS.mkdir(exist_ok=True)
        on_screen.save(RESULTS / "fidelity-editor.png")
        printed.save(RESULTS / "fidelity-proof.png")
    assert difference < MAX_MEAN_DIFFERENCE, (
        f"editor and proof differ by {difference * 255:.2f}/255 on average "
        f"(images kept in {RESULTS})"
    )

    # pdftotext boxes are glyph boxes: from the first glyph's origin to the last glyph's advance
    # across, and the font's ascent to descent (FontDescriptor) up and down. The editor's line box
    # runs over the same advances across but is line_height × size tall with the glyphs centred in
    # it, so its left and right edges and its vertical centre are what the two share; its height is
    # checked against the document instead.
    printed_lines = pdf_lines(pdftotext, pdf_path, media, trim)
    for object_id, (_, size_pt, text, _, _, _) in LINES.items():
        line = editor(page).locator(f'[part="text-line"][data-id="{object_id}"]')
        expect(line).to_have_count(1)
        left, top, right, bottom = to_mm(line.bounding_box(), trim_box)
        assert text in printed_lines, f"{text!r} not among the PDF's lines {list(printed_lines)}"
        p_left, p_top, p_right, p_bottom = printed_lines[text]
        offsets = {
            "left": left - p_left,
            "right": right - p_right,
            "centre": (top + bottom) / 2 - (p_top + p_bottom) / 2,
            "height": (bottom - top) - 1.2 * size_pt * MM_PER_PT,
        }
        wrong = {k: round(v, 3) for k, v in offsets.items() if abs(v) >= MAX_LINE_OFFSET}
        assert not wrong, f"line {object_id!r} is off by (mm) {wrong}"
