"""A host page whose global CSS restyles everything leaves the widget looking and working alike."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.browser.conftest import DESKTOP, RESULTS
from tests.browser.shop import editor, editor_button, personalise_button

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

HOSTILE = "* { all: unset; font: 40px serif } button { display: none }"
PAGE = "/test-pages/host.html"
# Every control the editor shows, and its stage: the area both screenshots must agree on.
CONTROLS = """editor => {
  const root = editor.shadowRoot;
  const found = root.querySelectorAll(
    'button, input:not([type=file]), select, textarea, [role=tab], [part="stage"]');
  let box = null;
  for (const element of found) {
    const r = element.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    box = box ? {left: Math.min(box.left, r.left), top: Math.min(box.top, r.top),
                 right: Math.max(box.right, r.right), bottom: Math.max(box.bottom, r.bottom)}
              : {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  }
  if (!box) return null;
  const left = Math.max(0, Math.floor(box.left)), top = Math.max(0, Math.floor(box.top));
  const right = Math.min(innerWidth, Math.ceil(box.right));
  const bottom = Math.min(innerHeight, Math.ceil(box.bottom));
  return {x: left, y: top, width: right - left, height: bottom - top};
}"""


# What makes the loader's button look as it does. Compared as styles rather than pixels: the
# host's own layout may put the button at a fractional pixel, which shifts its antialiasing.
BUTTON_LOOK = """button => {
  const style = getComputedStyle(button);
  const box = button.getBoundingClientRect();
  const look = {width: Math.round(box.width * 4) / 4, height: Math.round(box.height * 4) / 4};
  for (const name of ["display", "visibility", "opacity", "font-family", "font-size",
                      "font-weight", "line-height", "color", "background-color", "padding",
                      "border", "border-radius", "text-transform", "letter-spacing"]) {
    look[name] = style.getPropertyValue(name);
  }
  return look;
}"""


def host_page(live_server, style):
    """A merchant's product page, served from the live server's origin by the test itself."""
    demo = live_server.demo
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host page</title>
<style>{style}</style></head>
<body><h1>A shop with opinions about CSS</h1>
<form method="post" action="/demo/cart">
<input type="number" name="quantity" value="1">
<script src="/widget/monogram.js" data-key="{demo["keys"]["publishable"]}"
 data-product="{demo["product"]}" data-locale="en" async></script>
<button type="submit">Add to cart</button>
</form></body></html>"""


def serve(page, live_server, html):
    page.route(
        f"{live_server.url}{PAGE}",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )


def settled(page, shoot, attempts=20):
    """A screenshot once two in a row agree: fonts loaded, transitions over."""
    page.evaluate("document.fonts.ready.then(() => true)")
    previous = shoot()
    for _ in range(attempts):
        page.wait_for_timeout(150)
        current = shoot()
        if current == previous:
            return Image.open(io.BytesIO(current)).convert("RGB")
        previous = current
    raise AssertionError("the editor never stopped changing on screen")


def mean_difference(a, b):
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3 / 255


def assert_same_look(plain, hostile, what):
    if plain.size == hostile.size and mean_difference(plain, hostile) <= 1 / 255:
        return
    RESULTS.mkdir(exist_ok=True)
    plain.save(RESULTS / f"host-css-{what}-plain.png")
    hostile.save(RESULTS / f"host-css-{what}-hostile.png")
    difference = mean_difference(plain, hostile) * 255 if plain.size == hostile.size else None
    raise AssertionError(
        f"the {what} look different on the hostile page: sizes {plain.size} and {hostile.size}, "
        f"mean difference {difference} / 255; both kept in {RESULTS}"
    )


def open_and_capture(page, live_server, style):
    serve(page, live_server, host_page(live_server, style))
    page.goto(PAGE)
    personalise = personalise_button(page)
    expect(personalise).to_be_visible()
    button = personalise.evaluate(BUTTON_LOOK)
    personalise.click()
    expect(editor_button(page, "Add text")).to_be_enabled()
    clip = editor(page).evaluate(CONTROLS)
    assert clip, "no visible control in the editor"
    controls = settled(page, lambda: page.screenshot(clip=clip, animations="disabled"))
    return button, clip, controls


def test_global_css_does_not_restyle_or_break_the_editor(new_page, live_server):
    plain = new_page("plain", **DESKTOP)
    hostile = new_page("hostile", **DESKTOP)
    plain_button, plain_clip, plain_controls = open_and_capture(plain, live_server, "")
    button, clip, controls = open_and_capture(hostile, live_server, HOSTILE)

    assert button == plain_button, "the Personalise button is restyled by the host page"
    assert clip == plain_clip, "the editor's controls are laid out differently on the host page"
    assert_same_look(plain_controls, controls, "editor controls")

    # And the controls still work there.
    objects = editor(hostile).locator('[part="object"]')
    editor_button(hostile, "Add text").click()
    expect(objects).to_have_count(1)
    editor_button(hostile, "Undo").click()
    expect(objects).to_have_count(0)
    editor_button(hostile, "Redo").click()
    expect(objects).to_have_count(1)
    objects.first.click()  # select it: the text field edits the selected object
    text = editor(hostile).get_by_label("Text", exact=True)
    text.fill("Still works")
    expect(text).to_have_value("Still works")
    editor_button(hostile, "Close").click()
    expect(editor_button(hostile, "Add text")).to_be_hidden()
