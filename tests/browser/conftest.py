"""Browser fixtures: the app on a loopback port, Debian's Chromium, desktop and phone pages.

A failed test leaves a screenshot of each of its pages, and what their consoles said, under
test-results/.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from monogram import create_app
from monogram.extensions.db import db
from monogram.migrations import upgrade
from monogram.services.demo import seed_demo
from monogram.settings import Config
from tests.conftest import TEST_SECRET
from tests.servers import free_port, serving, unavailable

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
CHROMIUM = os.environ.get("MONOGRAM_CHROMIUM", "/usr/bin/chromium")
# Long enough for a cold editor bundle and the first upload on a slow CI machine.
TIMEOUT_MS = 20_000
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "has_touch": True,
    "is_mobile": True,
}
REPORTS = pytest.StashKey[dict]()


@dataclass
class LiveServer:
    """The app served over HTTP on loopback, with the demo shop seeded."""

    url: str
    app: Flask
    demo: dict

    @property
    def secret(self):
        return {"Authorization": f"Bearer {self.demo['keys']['secret']}"}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"Chromium ({CHROMIUM})", "apt-get install chromium")
    widget_dir = Config.from_env(
        environ={k: v for k, v in os.environ.items() if k == "MONOGRAM_WIDGET_DIR"}
    ).WIDGET_DIR
    if not (Path(widget_dir) / "manifest.json").is_file():
        unavailable(f"the built widget ({widget_dir})", "cd widget && npm ci && npm run build")
    instance = tmp_path_factory.mktemp("live-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(
        Config.from_env(
            environ={},
            INSTANCE_DIR=str(instance),
            SECRET_KEY=TEST_SECRET,
            PUBLIC_URL=url,
            WIDGET_DIR=widget_dir,
            LOG_LEVEL="WARNING",
        )
    )
    with app.app_context():
        with db.engine.begin() as connection:
            upgrade(connection)
        # The demo gallery would open first in every editor; the gallery has its own tests.
        demo = seed_demo(templates=False)
    with serving(app, port):
        yield LiveServer(url, app, demo)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def playwright_driver():
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(live_server, playwright_driver):
    # Root (containers, CI) cannot use Chromium's user-namespace sandbox.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def api(live_server, playwright_driver):
    """HTTP calls to the live server, as a merchant's server makes them."""
    context = playwright_driver.request.new_context(base_url=live_server.url)
    yield context
    context.dispose()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def _failed(item):
    reports = item.stash.get(REPORTS, {})
    return any(report.failed for report in reports.values())


@pytest.fixture
def new_page(request, browser, live_server):
    """Open pages on the live server; on failure each leaves a screenshot and its console log."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    opened = []

    def open_page(name, **options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        log = []
        page.on("console", lambda message: log.append(f"console.{message.type}: {message.text}"))
        page.on("pageerror", lambda error: log.append(f"page error: {error}"))
        page.on(
            "requestfailed",
            lambda req: log.append(f"request failed: {req.method} {req.url} {req.failure}"),
        )
        page.on(
            "response",
            lambda res: res.status >= 400 and log.append(f"HTTP {res.status}: {res.url}"),
        )
        opened.append((name, context, page, log))
        return page

    yield open_page
    failed = _failed(request.node)
    if failed:
        RESULTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
    for name, context, page, log in opened:
        if failed:
            try:
                page.screenshot(path=RESULTS / f"{stem}-{name}.png", full_page=True)
            except Exception as error:  # a crashed page still leaves its log
                log.append(f"no screenshot: {error}")
            (RESULTS / f"{stem}-{name}.log").write_text("\n".join(log) + "\n")
        context.close()


@pytest.fixture
def desktop(new_page):
    return new_page("desktop", **DESKTOP)


@pytest.fixture
def phone(new_page):
    return new_page("phone", **PHONE)
