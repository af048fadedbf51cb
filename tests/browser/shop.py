"""What the browser tests do on a shop page: find the editor, tab through it, read its events."""

import io
import shutil
import time

from PIL import Image, ImageDraw

from tests.servers import unavailable

# Recorded from the first script on, so no event is missed; details copied as JSON so a test
# reads them after the fact.
RECORD_EVENTS = """
window.__monogramEvents = [];
for (const type of ["opened", "first-edit", "upload", "preflight-warning", "design-saved",
                    "price-changed", "added-to-cart", "abandoned"]) {
  document.addEventListener("monogram:" + type, (event) => {
    let detail = null;
    try { detail = JSON.parse(JSON.stringify(event.detail ?? null)); } catch (error) {}
    window.__monogramEvents.push({type: event.type, detail});
  });
}
"""

# The element that has focus, looked for through open shadow roots, described for a message.
FOCUSED = """() => {
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) {
    element = element.shadowRoot.activeElement;
  }
  if (!element) return "nothing";
  const name = element.getAttribute("aria-label") || element.textContent.trim().slice(0, 40);
  return `<${element.localName}> ${JSON.stringify(name)}`;
}"""


def editor(page):
    return page.locator("monogram-editor")


def personalise_button(page, name="Personalise"):
    return page.get_by_role("button", name=name, exact=True)


def editor_button(page, name):
    return editor(page).get_by_role("button", name=name, exact=True)


def events(page):
    return page.evaluate("window.__monogramEvents")


def event_types(page):
    return [event["type"] for event in events(page)]


def saved_design(page):
    """The detail of the last monogram:design-saved event: {design, token, etag}."""
    saved = [e["detail"] for e in events(page) if e["type"] == "monogram:design-saved"]
    assert saved, f"no monogram:design-saved event; events: {event_types(page)}"
    return saved[-1]


def low_resolution_photo(path, size=(300, 200)):
    """A photo far too small for print: 300 × 200 px over a business card is about 90 dpi."""
    width, height = size
    photo = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(photo)
    draw.ellipse([width * 0.3, height * 0.2, width * 0.7, height * 0.8], fill=(200, 60, 40))
    photo.save(path, "JPEG", quality=90)
    return path


def tab_to(page, target, key="Tab", limit=60):
    """Press Tab until the target has focus, as a keyboard user does; fail if it never gets it."""
    seen = []
    for _ in range(limit):
        if target.evaluate("element => element.matches(':focus')"):
            return len(seen)
        page.keyboard.press(key)
        seen.append(page.evaluate(FOCUSED))
    raise AssertionError(f"{limit} presses of {key} never reached the target; focus went: {seen}")


def image_bytes(image, fmt="PNG"):
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def tool(name, package="poppler-utils"):
    """A command-line tool a test needs, or a skip (a failure under `make test`)."""
    path = shutil.which(name)
    if path is None:
        unavailable(name, f"apt-get install {package}")
    return path


def poll(check, what, timeout=60.0, interval=0.25):
    """check() until it returns something true; fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(interval)
