"""What the shopper's editor weighs and how soon it answers, in headless Chromium on loopback.

Run: .venv/bin/python bench/widget.py [--runs N]   (after `cd widget && npm ci && npm run build`)

Sizes: the built files named in widget/dist/manifest.json, as esbuild minified and the backend
serves them, and gzip -9 of each, against the issues' budgets (loader 10 KB, editor 80 KB, and
200 KB for the 3D viewer chunk, three.js, fetched only when the shopper opens the 3D view).
Times: the app runs in a thread on a loopback port (SQLite and local files in a temp folder,
demo shop seeded), and each run opens /demo in a fresh browser context, so caches start empty.
The page itself notes, on every animation frame (so to within one frame, ~17 ms):
(1) navigation start → the loader's Personalise button visible;
(2) the click's pointerdown → [part="stage"] visible and the "Add text" button enabled.
One warm-up run first; medians of --runs after it.
"""

import argparse
import datetime
import gzip
import json
import logging
import os
import platform
import secrets
import statistics
import sys
import tempfile
import threading
from importlib.metadata import version
from pathlib import Path

from werkzeug.serving import make_server

from monogram import create_app
from monogram.extensions.db import db
from monogram.migrations import upgrade
from monogram.services.demo import seed_demo
from monogram.settings import Config

BUDGETS = {"loader": 10 * 1024, "editor": 80 * 1024, "viewer": 200 * 1024}  # bytes, gzip -9
PEERS = """\
For scale, gzip: Konva alone 57 KB, fabric.js 89 KB; a well-known hosted editor ships ~340 KB."""
# Runs in the page before its own scripts: notes when each milestone is first true.
PROBE = """
(() => {
  const deep = (root, found = []) => {
    for (const element of root.querySelectorAll("*")) {
      found.push(element);
      if (element.shadowRoot) deep(element.shadowRoot, found);
    }
    return found;
  };
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
  };
  const named = (element, name) =>
    (element.getAttribute("aria-label") || element.textContent || "").trim() === name;
  const button = (elements, name) =>
    elements.find((e) => e.localName === "button" && named(e, name));
  addEventListener("pointerdown", (event) => {
    window.__clickAt = window.__clickAt ?? event.timeStamp;
  }, true);
  const watch = () => {
    const elements = deep(document);
    if (window.__buttonAt === undefined) {
      const personalise = button(elements, "Personalise");
      if (personalise && shown(personalise)) window.__buttonAt = performance.now();
    }
    if (window.__clickAt !== undefined && window.__editableAt === undefined) {
      const stage = elements.find((e) => e.getAttribute("part") === "stage");
      const addText = button(elements, "Add text");
      if (stage && shown(stage) && addText && !addText.disabled &&
          addText.getAttribute("aria-disabled") !== "true") {
        window.__editableAt = performance.now();
      }
    }
    if (window.__editableAt === undefined) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();
"""


def sizes(widget_dir):
    manifest = json.loads((widget_dir / "manifest.json").read_text())
    rows = []
    for role in BUDGETS:
        if role not in manifest:  # a build from before the 3D viewer
            continue
        data = (widget_dir / manifest[role]).read_bytes()
        packed = len(gzip.compress(data, compresslevel=9, mtime=0))
        rows.append(
            (
                f"{role} {manifest[role]}",
                str(len(data)),
                str(packed),
                str(BUDGETS[role]),
                f"{packed / BUDGETS[role]:.0%}",
            )
        )
    return rows


def serve(folder, widget_dir):
    config = Config.from_env(
        environ={},
        INSTANCE_DIR=str(folder),
        SECRET_KEY=secrets.token_urlsafe(48),
        WIDGET_DIR=str(widget_dir),
        LOG_LEVEL="WARNING",
    )
    app = create_app(config)
    with app.app_context():
        with db.engine.begin() as connection:
            upgrade(connection)
        seed_demo()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def one_run(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(f"{url}/demo")
        page.wait_for_function("window.__buttonAt !== undefined", timeout=30_000)
        page.get_by_role("button", name="Personalise", exact=True).click()
        page.wait_for_function("window.__editableAt !== undefined", timeout=30_000)
        button_at, click_at, editable_at = page.evaluate(
            "[window.__buttonAt, window.__clickAt, window.__editableAt]"
        )
        return button_at, editable_at - click_at
    finally:
        context.close()


def timings(widget_dir, runs, chromium):
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as driver:
        server, url = serve(folder, widget_dir)
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = driver.chromium.launch(executable_path=chromium, headless=True, args=args)
        try:
            one_run(browser, url)  # warm-up: Chromium's own first-start costs
            results = [one_run(browser, url) for _ in range(runs)]
            browser_version = browser.version
        finally:
            browser.close()
            server.shutdown()
    rows = []
    for label, values in (
        ("navigation → Personalise button visible", [r[0] for r in results]),
        ("click → editable stage", [r[1] for r in results]),
    ):
        rows.append(
            (
                label,
                f"{statistics.median(values):.0f}",
                f"{min(values):.0f}",
                f"{max(values):.0f}",
            )
        )
    return rows, browser_version


def print_table(header, rows):
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument(
        "--widget-dir", type=Path, default=Path(Config.from_env(environ={}).WIDGET_DIR)
    )
    args = parser.parse_args()
    if not (args.widget_dir / "manifest.json").is_file():
        sys.exit(f"{args.widget_dir} holds no build: run `cd widget && npm ci && npm run build`")

    size_rows = sizes(args.widget_dir)
    time_rows, browser_version = timings(args.widget_dir, args.runs, args.chromium)
    print(
        f"Widget benchmark, {args.runs} runs · {datetime.date.today().isoformat()} · "
        f"{os.cpu_count()} cores · Python {platform.python_version()} · "
        f"Chromium {browser_version} (headless) · playwright {version('playwright')}"
    )
    print_table(("file", "minified B", "gzip -9 B", "budget B", "of budget"), size_rows)
    print()
    print_table(("step", "median ms", "min ms", "max ms"), time_rows)
    print(PEERS)


if __name__ == "__main__":
    main()
