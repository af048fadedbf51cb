"""A merchant's own OpenType (CFF) font: the shopper's editor sets text in it, loaded as WOFF2, and
the print file embeds it (as pdffonts, a tool that is not ours, reads the PDF)."""

import hashlib
import io
import subprocess

import pytest
from fontTools.ttLib import TTFont

from monogram.extensions.db import db
from monogram.fonts import LIBRARY
from monogram.rendering import FontFile
from monogram.rendering.cache import RenderCache
from monogram.rendering.fonts import load_font, string_width
from monogram.services.merchants import create_merchant
from tests import samples
from tests.browser.conftest import RESULTS
from tests.browser.shop import (
    RECORD_EVENTS,
    editor,
    editor_button,
    personalise_button,
    poll,
    saved_design,
    tool,
)

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

# A condensed display face: set in it, a name is about half as wide as in the sans fallback.
OTF = LIBRARY / "bebas-neue" / "BebasNeue-Regular.otf"
NAME = "JEANNE DUPONT"
MM_PER_PT = 25.4 / 72
# The editor measures with the browser's shaper, print with HarfBuzz: both kern the same pairs.
MAX_WIDTH_DIFFERENCE = 0.2  # mm


def ok(response, status=200):
    assert response.status == status, f"{response.status} {response.url}: {response.text()}"
    return response.json()


@pytest.fixture
def shop(live_server, api):
    """A store whose business card offers one font: the OTF the merchant uploaded."""
    with live_server.app.app_context():
        _, _, keys = create_merchant("Atelier Bebas")
        db.session.commit()
    sk = {"Authorization": f"Bearer {keys['secret']}"}
    file = {"name": OTF.name, "mimeType": "font/otf", "buffer": OTF.read_bytes()}
    font = ok(
        api.post(
            "/v1/fonts",
            headers=sk,
            multipart={"file": file, "licence_note": "SIL OFL 1.1, web and print use"},
        ),
        201,
    )
    assert font["outlines"] == "cff" and not font["library"]
    body = samples.card_product([font["id"]])
    product = ok(api.post("/v1/products", headers=sk, data=body), 201)
    return {"keys": keys, "sk": sk, "font": font, "product": product["id"]}


def product_page(shop):
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Business cards</title></head>
<body><h1>Business cards</h1><form method="post" action="/demo/cart">
<script src="/widget/monogram.js" data-key="{shop["keys"]["publishable"]}"
 data-product="{shop["product"]}" data-locale="en" async></script>
</form></body></html>"""


def print_width_mm(data, text, size):
    """The line's width as the print renderer sets it in the same file."""
    sha256 = hashlib.sha256(data).hexdigest()
    name = load_font(FontFile(id="measured", sha256=sha256, data=data), RenderCache())
    return string_width(name, text, size) * MM_PER_PT


def test_an_uploaded_otf_font_is_in_the_editor_and_embedded_in_print(
    desktop, live_server, api, shop, tmp_path
):
    page = desktop
    font_id = shop["font"]["id"]
    web_fonts = []
    page.on("response", lambda r: r.url.endswith(f"/{font_id}/woff2") and web_fonts.append(r))
    page.add_init_script(RECORD_EVENTS)
    page.route(
        f"{live_server.url}/test-pages/product.html",
        lambda route: route.fulfill(
            status=200, content_type="text/html; charset=utf-8", body=product_page(shop)
        ),
    )
    page.goto("/test-pages/product.html")
    personalise_button(page).click()
    expect(editor_button(page, "Add text")).to_be_enabled()
    editor_button(page, "Add text").click()
    text = editor(page).get_by_label("Text", exact=True)
    text.fill(NAME)
    line = editor(page).locator('[part="stage"] text.line')
    expect(line).to_have_text(NAME)

    # The font came as WOFF2 and the browser set the line in it, not in the fallback.
    family = f"mg-{font_id}"
    page.wait_for_function(
        "family => [...document.fonts].some(f => f.family === family && f.status === 'loaded')",
        arg=family,
    )
    assert [(r.status, r.headers["content-type"]) for r in web_fonts] == [(200, "font/woff2")]
    assert family in line.evaluate("node => getComputedStyle(node).fontFamily")
    font_menu = editor(page).get_by_label("Font", exact=True)
    expect(font_menu).to_have_value(font_id)
    expect(font_menu.locator("option")).to_have_text(["Bebas Neue"])

    editor_button(page, "Save").click()
    expect(editor(page).locator('[part="status"]')).to_contain_text("Saved")
    RESULTS.mkdir(exist_ok=True)
    editor(page).locator('[part="stage"]').screenshot(path=RESULTS / "uploaded-otf-editor.png")
    saved = saved_design(page)
    design = ok(api.get(f"/v1/designs/{saved['design']}", headers=shop["sk"]))
    obj = design["document"]["surfaces"][0]["objects"][0]
    assert (obj["font"], obj["text"]) == (font_id, NAME)

    # The editor measured the line in the real font: its box is as wide as print sets it.
    printed_file = api.get(f"/v1/fonts/{font_id}/file", headers=shop["sk"]).body()
    expected = print_width_mm(printed_file, NAME, obj["size"])
    measured = float(
        editor(page).locator('[part="stage"] rect[part="text-line"]').get_attribute("width")
    )
    assert abs(measured - expected) <= MAX_WIDTH_DIFFERENCE, (measured, expected)

    job = ok(
        api.post("/v1/jobs", headers=shop["sk"], data={"design": saved["design"], "order": "B1"}),
        201,
    )

    def finished():
        state = ok(api.get(f"/v1/jobs/{job['id']}", headers=shop["sk"]))
        return state if state["status"] not in ("queued", "rendering") else None

    assert poll(finished, "the production job")["status"] == "ready"
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(api.get(f"/v1/jobs/{job['id']}/files/print.pdf", headers=shop["sk"]).body())
    listing = subprocess.run(
        [tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    # name type encoding emb sub uni object ID; a subset is named "ABCDEF+<PostScript name>".
    postscript_name = TTFont(io.BytesIO(printed_file))["name"].getDebugName(6)
    rows = [row.split() for row in listing.splitlines()[2:]]
    ours = [row for row in rows if row[0].split("+")[-1] == postscript_name]
    assert ours, listing
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in ours), listing
