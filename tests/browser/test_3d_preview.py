"""A shopper turns their personalised mug and box in 3D, in Chromium's software WebGL.

The products carry the demo's models (made in code, in metres). The design's text is pure red:
the test finds red where the model's print area faces the camera, and none once the model has
turned away or the text is cleared, so the textures are the editor's live drawing of the design.
"""

import io
import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from monogram.extensions.db import db
from monogram.rendering import models3d_demo
from monogram.services.merchants import create_merchant
from tests import samples
from tests.browser.conftest import CHROMIUM, RESULTS
from tests.browser.shop import editor, editor_button, personalise_button

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

RED = {"rgb": "#ff0000"}
GLB = "model/gltf-binary"
# Chromium without a GPU: WebGL on SwiftShader, which newer builds only allow when asked.
WEBGL_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"]
VIEW = {"viewport": {"width": 1280, "height": 800}, "reduced_motion": "reduce"}
ANDROID = {
    "viewport": {"width": 412, "height": 915},
    # One pixel a CSS pixel: SwiftShader drawing a turning model at 2× starves screenshots.
    "device_scale_factor": 1,
    "has_touch": True,
    "is_mobile": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
}


@pytest.fixture(scope="module")
def browser(live_server, playwright_driver):
    """Debian's Chromium with software WebGL (conftest's has none in some builds)."""
    args = WEBGL_ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    yield browser
    browser.close()


def ok(response, status=200):
    assert response.status == status, f"{response.status} {response.url}: {response.text()}"
    return response.json()


def area(code, name, width, height, color_mode="cmyk"):
    return {
        "id": code,
        "name": name,
        "width": width,
        "height": height,
        "bleed": 0,
        "safe": 3,
        "color_mode": color_mode,
    }


def red_text(object_id, text, width, height, size):
    """A line of pure red text filling the middle of an area."""
    return {
        "id": object_id,
        "type": "text",
        "x": width * 0.1,
        "y": height * 0.25,
        "width": width * 0.8,
        "height": height * 0.5,
        "text": text,
        "font": None,
        "size": size,
        "color": RED,
        "align": "center",
        "valign": "middle",
        "fit": "shrink",
    }


@pytest.fixture(scope="module")
def shop(live_server, api):
    """A merchant with a mug (one wrap-around area) and a box (six panels), each with its model,
    and for each a saved design whose red text sits in the middle of one area."""
    with live_server.app.app_context():
        _, _, keys = create_merchant("Atelier en Relief")
        db.session.commit()
    sk = {"Authorization": f"Bearer {keys['secret']}"}
    font = ok(
        api.post(
            "/v1/fonts",
            headers=sk,
            multipart={
                "file": {
                    "name": "VeraBd.ttf",
                    "mimeType": "font/ttf",
                    "buffer": samples.VERA_BOLD.read_bytes(),
                },
                "licence_note": "Bitstream Vera",
            },
        ),
        201,
    )["id"]
    mug_size, box_size = models3d_demo.MUG, models3d_demo.BOX
    products = {
        "mug": (
            [area("wrap", "Wrap", mug_size.wrap_width, mug_size.wrap_height, "rgb")],
            models3d_demo.mug_glb(mug_size, "wrap"),
            "wrap",
        ),
        "box": (
            [area(code, code.title(), w, h) for code, (w, h) in box_size.panels().items()],
            models3d_demo.box_glb(box_size),
            "front",
        ),
    }
    made = {}
    for name, (areas, glb, printed) in products.items():
        body = {"name": name.title(), "areas": areas, "fonts": [font], "palette": []}
        product = ok(api.post("/v1/products", headers=sk, data=body), 201)
        upload = {"file": {"name": f"{name}.glb", "mimeType": GLB, "buffer": glb}}
        product = ok(api.put(f"/v1/products/{product['id']}/model", headers=sk, multipart=upload))
        assert product["model"]["url"] == f"/v1/products/{product['id']}/model.glb"
        assert set(product["model"]["areas"]) == {a["id"] for a in areas}
        target = next(a for a in areas if a["id"] == printed)
        text = red_text("greeting", "MONOGRAM", target["width"], target["height"], 40)
        text["font"] = font
        document = {
            "format": "monogram.design/1",
            "product": product["id"],
            "surfaces": [{"area": printed, "objects": [text]}],
        }
        design = ok(api.post("/v1/designs", headers=sk, data=document), 201)
        made[name] = {"product": product["id"], "design": design, "area": printed}
    return {"keys": keys, **made}


def product_page(shop, item, locale="en"):
    design = shop[item]["design"]
    return f"""<!doctype html>
<html lang="{locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{item}</title></head>
<body><form method="post" action="/demo/cart">
<script src="/widget/monogram.js" data-key="{shop["keys"]["publishable"]}"
 data-product="{shop[item]["product"]}" data-design="{design["id"]}"
 data-token="{design["token"]}" data-locale="{locale}" async></script>
</form></body></html>"""


def open_3d(page, live_server, shop, item, locale="en", personalise="Personalise"):
    address = f"{live_server.url}/test-pages/{item}.html"
    html = product_page(shop, item, locale)
    page.route(
        address,
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto(address)
    personalise_button(page, personalise).click()
    expect(editor(page)).to_have_attribute("data-ready", "")
    button = editor_button(page, "3D")
    expect(button).to_be_visible()
    button.click()
    viewer = editor(page).locator("monogram-viewer")
    # On screen: data-painted counts the repaints from the editor's drawing; data-textures says
    # whether the areas show the design's baked GLB (its proof) or that live drawing.
    expect(viewer).to_have_attribute("data-painted", re.compile(r"\d+"))
    return viewer


def red_pixels(png, box=None):
    """(count of clearly red pixels, their bounding box) in a screenshot, within box if given."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if box:
        image = image.crop(box)
    pixels = image.tobytes()
    xs, ys = [], []
    for index in range(0, len(pixels), 3):
        r, g, b = pixels[index], pixels[index + 1], pixels[index + 2]
        # Lit red: strong red, little green or blue, whatever the shading.
        if r > 120 and g < 0.35 * r and b < 0.35 * r:
            xs.append(index // 3 % image.width)
            ys.append(index // 3 // image.width)
    return len(xs), ((min(xs), min(ys), max(xs), max(ys)) if xs else None)


def shot(viewer, name):
    RESULTS.mkdir(exist_ok=True)
    png = viewer.screenshot()
    (RESULTS / f"3d-{name}.png").write_bytes(png)
    return png


def drawn(page):
    """Waits two animation frames: the viewer renders on the next one after a change."""
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def middle(png):
    """The middle half of the view, both ways: where the model's faced area is drawn."""
    width, height = Image.open(io.BytesIO(png)).size
    return (width // 4, height // 4, width * 3 // 4, height * 3 // 4)


def red_in_the_middle(png, name):
    """Asserts the red text is in the middle of the view, centred across it."""
    count, bounds = red_pixels(png, middle(png))
    assert count > 400, f"only {count} red pixels in the middle of the {name}'s view"
    width = Image.open(io.BytesIO(png)).width
    centre = (bounds[0] + bounds[2]) / 2 + width // 4
    assert abs(centre - width / 2) < width * 0.1, f"the red text is centred at {centre} of {width}"


def test_mug_shows_the_red_text_on_its_front_and_follows_edits(new_page, live_server, shop):
    page = new_page("mug", **VIEW)
    viewer = open_3d(page, live_server, shop, "mug")
    # The saved design, unchanged: the mug wears the textures baked from its proof.
    expect(viewer).to_have_attribute("data-textures", "baked")
    png = shot(viewer, "mug")
    page.screenshot(path=RESULTS / "3d-mug-editor.png")
    # The camera faces the middle of the wrap, where the text is.
    red_in_the_middle(png, "mug")

    # Live: clearing the text in the side panel repaints the mug from the editor, no red left.
    editor(page).locator('[data-select="greeting"]').click()
    editor(page).get_by_label("Text", exact=True).fill("")
    expect(viewer).to_have_attribute("data-painted", "1")
    expect(viewer).to_have_attribute("data-textures", "live")
    cleared = shot(viewer, "mug-cleared")
    assert red_pixels(cleared)[0] < 20, "the cleared text still shows on the mug"

    # Typed again, it comes back; Escape closes the 3D view and gives the focus back.
    editor(page).get_by_label("Text", exact=True).fill("ZOÉ")
    expect(viewer).to_have_attribute("data-painted", "2")
    red_in_the_middle(shot(viewer, "mug-typed"), "mug")
    page.keyboard.press("Escape")
    expect(editor(page).locator("monogram-viewer")).to_have_count(0)
    expect(editor_button(page, "3D")).to_be_focused()

    # Opened again on the changed design: drawn by the editor from the start.
    editor_button(page, "3D").click()
    viewer = editor(page).locator("monogram-viewer")
    expect(viewer).to_have_attribute("data-painted", "1")
    expect(viewer).to_have_attribute("data-textures", "live")
    red_in_the_middle(shot(viewer, "mug-live"), "mug")


def test_box_shows_the_front_panel_and_turns_with_the_keyboard(new_page, live_server, shop):
    page = new_page("box", **VIEW)
    viewer = open_3d(page, live_server, shop, "box")
    png = shot(viewer, "box")
    count, _ = red_pixels(png, middle(png))
    assert count > 400, f"only {count} red pixels on the box's front"

    # Half a turn with the arrow keys (15° a press): the back panel, unprinted, faces the camera.
    canvas = viewer.locator("canvas")
    canvas.focus()
    for _ in range(12):
        canvas.press("ArrowLeft")
    drawn(page)
    back = shot(viewer, "box-back")
    assert red_pixels(back)[0] < 20, "the text shows from behind the box"

    # The Lid tab turns the model to the lid: still no red there.
    editor(page).get_by_role("tab", name="Top").click()
    drawn(page)
    top = shot(viewer, "box-top")
    assert red_pixels(top)[0] < 20
    # And back to the front.
    editor(page).get_by_role("tab", name="Front").click()
    drawn(page)
    assert red_pixels(shot(viewer, "box-front-again"), middle(png))[0] > 400


def test_on_an_android_phone_the_model_turns_by_itself_until_touched_and_offers_ar(
    new_page, live_server, shop, api
):
    page = new_page("android", **ANDROID)
    viewer = open_3d(page, live_server, shop, "mug", locale="fr", personalise="Personnaliser")
    ar = viewer.get_by_role("button", name="Voir chez vous")
    expect(ar).to_be_visible()

    first = shot(viewer, "mug-android")
    drawn(page)
    page.wait_for_function(
        "() => new Promise((done) => setTimeout(() => done(true), 400))"
    )  # the model keeps turning on its own
    assert viewer.screenshot() != first, "the model does not turn by itself"

    # A touch stops it: two frames later the view is still.
    box = viewer.locator("canvas").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function(
        "() => new Promise((done) => setTimeout(() => done(true), 700))"
    )  # the glide after a touch comes to rest
    still = viewer.screenshot()
    drawn(page)
    assert viewer.screenshot() == still, "the model still turns after a touch"
    page.screenshot(path=RESULTS / "3d-mug-android-editor.png")

    # Pressed, AR asks for a signed link to the saved design's GLB (in metres) and hands it to
    # Scene Viewer, which fetches it without a key and shows the mug at its real size.
    with page.expect_request(lambda request: request.url.startswith("intent://")) as intent:
        ar.click()
    query = parse_qs(urlsplit(intent.value.url).query)
    assert intent.value.url.startswith("intent://arvr.google.com/scene-viewer/1.0?")
    assert query["mode"] == ["ar_preferred"] and query["resizable"] == ["false"]
    design = shop["mug"]["design"]["id"]
    model_url = query["file"][0]
    assert model_url.startswith(f"{live_server.url}/v1/ar/designs/{design}/1.glb?expires="), (
        model_url
    )
    assert "&signature=" in model_url
    model = api.get(model_url)  # no key, no design token: the link alone
    assert model.status == 200 and model.headers["content-type"] == GLB
    keyed = api.get(
        f"/v1/designs/{design}/model.glb",
        headers={
            "Authorization": f"Bearer {shop['keys']['publishable']}",
            "Monogram-Design-Token": shop["mug"]["design"]["token"],
        },
    )
    assert model.body() == keyed.body()
