"""A buyer opens the proof e-mailed to them, edits the design in the editor, gets a new proof."""

import re
import time

import pytest

from monogram import create_app
from monogram.extensions.db import db
from monogram.migrations import upgrade
from monogram.services.demo import seed_demo
from monogram.settings import Config
from tests import samples
from tests.browser.conftest import TIMEOUT_MS, LiveServer
from tests.browser.shop import editor, editor_button
from tests.conftest import TEST_SECRET
from tests.servers import free_port, serving

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

MAIL_WAIT = 30  # s: the proof renders in-process after the order, then the mail is sent


@pytest.fixture
def proof_server(tmp_path, smtp_server, live_server):
    """The app on its own loopback port, mailing through the test's SMTP server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    (tmp_path / "instance").mkdir()
    app = create_app(
        Config.from_env(
            environ={},
            INSTANCE_DIR=str(tmp_path / "instance"),
            SECRET_KEY=TEST_SECRET,
            PUBLIC_URL=url,
            WIDGET_DIR=live_server.app.config["MONOGRAM"].WIDGET_DIR,
            LOG_LEVEL="WARNING",
            SMTP_HOST=smtp_server.host,
            SMTP_PORT=smtp_server.port,
            SMTP_SECURITY="none",
        )
    )
    with app.app_context():
        with db.engine.begin() as connection:
            upgrade(connection)
        demo = seed_demo()
    with serving(app, port):
        yield LiveServer(url, app, demo)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(browser, proof_server):
    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(
        base_url=proof_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def http(playwright_driver, proof_server):
    context = playwright_driver.request.new_context(base_url=proof_server.url)
    yield context
    context.dispose()


def created(response):
    assert response.status in (200, 201), response.text()
    return response.json()


def mail(smtp_server, count):
    """The count-th mail received, waiting for it."""
    deadline = time.monotonic() + MAIL_WAIT
    while len(smtp_server.messages) < count:
        assert time.monotonic() < deadline, f"{len(smtp_server.messages)} mail(s), not {count}"
        time.sleep(0.1)
    return smtp_server.messages[count - 1]


def proof_path(message, server):
    text = message.get_body(("plain",)).get_content()
    (link,) = set(re.findall(re.escape(server.url) + r"(/proof/prf_[A-Za-z0-9_-]+)", text))
    return link


def text_of(document):
    return [obj["text"] for surface in document["surfaces"] for obj in surface["objects"]]


def ordered_design(http, server, locale):
    """A product that needs a proof, a design of it, and an order for it: the design."""
    secret = {"Authorization": f"Bearer {server.demo['keys']['secret']}"}
    publishable = {"Authorization": f"Bearer {server.demo['keys']['publishable']}"}
    fonts = created(http.get("/v1/fonts", headers=secret))
    body = samples.card_product([fonts[0]["id"]], proof="customer")
    product = created(http.post("/v1/products", headers=secret, data=body))["id"]
    design = created(
        http.post(
            "/v1/designs",
            headers=publishable,
            data=samples.design(product, fonts[0]["id"], text="Jeanne Dupont"),
        )
    )
    created(
        http.post(
            "/v1/orders",
            headers=secret,
            data={
                "platform_order_id": "5001",
                "name": "#5001",
                "customer": {"email": "jeanne@example.fr", "locale": locale},
                "lines": [{"design": design["id"], "design_token": design["token"]}],
            },
        )
    )
    return design


def stored(http, server, design_id):
    """(version count, texts) of the design, and (status, version, proofs) of its job."""
    secret = {"Authorization": f"Bearer {server.demo['keys']['secret']}"}
    design = created(http.get(f"/v1/designs/{design_id}", headers=secret))
    job_id = created(http.get("/v1/jobs", headers=secret))[0]["id"]
    job = created(http.get(f"/v1/jobs/{job_id}", headers=secret))
    return (
        (design["version"], text_of(design["document"])),
        (job["status"], job["version"], [(p["revision"], p["status"]) for p in job["proofs"]]),
    )


def test_the_buyer_edits_the_design_from_the_proof_and_gets_the_next_revision(
    page, http, proof_server, smtp_server, tmp_path
):
    design = ordered_design(http, proof_server, "en-GB")

    first = mail(smtp_server, 1)
    assert first["Subject"] == "Your proof is ready – order #5001"
    page.goto(proof_path(first, proof_server))
    expect(page.get_by_role("heading", level=1)).to_have_text("Proof for order #5001")
    expect(page.get_by_role("img", name="Proof — front")).to_be_visible()
    page.get_by_role("link", name="Edit my design").click()

    # The editor opens by itself on the ordered design.
    expect(page).to_have_url(re.compile(r"/proof/prf_[^/]+/edit$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your design for order #5001")
    expect(editor(page)).to_have_attribute("data-ready", "")
    expect(editor(page).locator('[part="status"]')).to_have_text("Your design is loaded.")
    send = page.get_by_role("button", name="Send me the new proof")
    expect(send).to_be_hidden()  # nothing changed yet
    editor_button(page, "Text 1").click()
    text = editor(page).get_by_label("Text", exact=True)
    expect(text).to_have_value("Jeanne Dupont")
    text.fill("Jeanne Martin")
    editor_button(page, "Save").click()
    expect(editor(page).locator('[part="status"]')).to_have_text("Saved")
    page.screenshot(path=tmp_path / "editor.png")
    editor_button(page, "Close").click()
    expect(editor(page)).to_be_hidden()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    page.screenshot(path=tmp_path / "edit-page.png", full_page=True)

    send.click()
    expect(page.get_by_role("status")).to_have_text(
        "Thank you: the new proof is being prepared and will reach you by e-mail in a few minutes."
    )
    second = mail(smtp_server, 2)
    assert second["Subject"] == "Your proof is ready – order #5001"
    assert proof_path(second, proof_server) != proof_path(first, proof_server)
    page.goto(proof_path(second, proof_server))
    revision = page.locator("dt", has_text="Revision").locator("xpath=following-sibling::dd[1]")
    expect(revision).to_have_text("2")
    expect(page.get_by_role("img", name="Proof — front")).to_be_visible()
    expect(page.get_by_role("button", name="Approve for production")).to_be_visible()
    page.screenshot(path=tmp_path / "second-proof.png", full_page=True)
    assert (tmp_path / "edit-page.png").stat().st_size > 0

    # What the buyer saved is what the second proof was made from.
    assert stored(http, proof_server, design["id"]) == (
        (2, ["Jeanne Martin"]),
        ("proof_sent", 2, [(1, "changes_requested"), (2, "sent")]),
    )


def test_add_to_cart_in_the_proof_editor_saves_and_asks_for_the_new_proof(
    page, http, proof_server, smtp_server, tmp_path
):
    design = ordered_design(http, proof_server, "fr")
    first = mail(smtp_server, 1)
    assert first["Subject"] == "Votre bon à tirer est prêt – commande #5001"
    page.goto(proof_path(first, proof_server) + "/edit")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Modifier votre design pour la commande #5001"
    )
    expect(editor(page)).to_have_attribute("data-ready", "")
    editor_button(page, "Texte 1").click()
    editor(page).get_by_label("Texte", exact=True).fill("Jeanne Martin")
    with page.expect_navigation(url=re.compile(r"/proof/prf_[^/]+/revise$")):
        editor_button(page, "Ajouter au panier").click()
    expect(page.get_by_role("status")).to_have_text(
        "Merci : le nouveau BAT est en préparation et vous parviendra par e-mail dans quelques "
        "minutes."
    )
    page.screenshot(path=tmp_path / "revised.png", full_page=True)
    assert mail(smtp_server, 2)["Subject"] == "Votre bon à tirer est prêt – commande #5001"
    assert stored(http, proof_server, design["id"]) == (
        (2, ["Jeanne Martin"]),
        ("proof_sent", 2, [(1, "changes_requested"), (2, "sent")]),
    )
