"""A worker in Chromium with JavaScript off: the queue, a job, its ticket, then shipping.

Screenshots of each step are kept under test-results/ for a person to look at.
"""

import re
import subprocess
import time
from datetime import timedelta

import pytest

from monogram.extensions.db import db
from monogram.models import ProductionJob
from monogram.models.base import utcnow
from tests import samples
from tests.browser.conftest import DESKTOP, PHONE, RESULTS

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

EMAIL = "marc@atelier-gravure.example"
PASSWORD = "burin et plaque de laiton"
RENDER_WAIT = 60  # s: jobs render in-process after the order response


def created(response):
    assert response.status in (200, 201), response.text()
    return response.json()


def ready(api, live_server, job_id):
    deadline = time.monotonic() + RENDER_WAIT
    while time.monotonic() < deadline:
        job = created(api.get(f"/v1/jobs/{job_id}", headers=live_server.secret))
        if job["status"] == "ready":
            return job
        time.sleep(0.25)
    raise AssertionError(f"job {job_id} is still {job['status']} after {RENDER_WAIT} s")


@pytest.fixture(scope="module")
def engraving(api, live_server):
    """An engraving workshop of the demo merchant, with its own product, user and two jobs."""
    secret = live_server.secret
    stamp = str(int(time.time() * 1000))
    fonts = created(api.get("/v1/fonts", headers=secret))
    body = samples.card_product([fonts[0]["id"]])
    body["name"] = f"Plaque gravée {stamp}"
    for area in body["areas"]:
        area["technique"] = "engraving"
    product = created(api.post("/v1/products", headers=secret, data=body))["id"]
    workshop = created(api.post("/v1/workshops", headers=secret, data={"name": "Atelier Gravure"}))[
        "id"
    ]
    created(
        api.post(
            "/v1/dispatch-rules",
            headers=secret,
            data={"workshop": workshop, "product": product, "position": 0},
        )
    )
    created(
        api.post(
            f"/v1/workshops/{workshop}/users",
            headers=secret,
            data={"email": EMAIL, "name": "Marc", "password": PASSWORD},
        )
    )
    orders = {}
    for suffix in ("1", "2"):
        number = f"G{stamp[-6:]}{suffix}"
        design = created(
            api.post(
                "/v1/designs",
                headers=secret,
                data=samples.design(product, fonts[0]["id"], text=f"Plaque {suffix}"),
            )
        )
        order = created(
            api.post(
                "/v1/orders",
                headers=secret,
                data={
                    "platform_order_id": number,
                    "name": f"#{number}",
                    "lines": [
                        {
                            "platform_line_id": "1",
                            "title": "Plaque de porte",
                            "quantity": 3,
                            "design": design["id"],
                            "design_token": design["token"],
                        }
                    ],
                },
            )
        )
        orders[f"#{number}"] = ready(api, live_server, order["lines"][0]["job"])["id"]
    late_order = next(iter(orders))
    with live_server.app.app_context():
        db.session.get(ProductionJob, orders[late_order]).due_at = utcnow() - timedelta(days=1)
        db.session.commit()
    return {"orders": orders, "late_order": late_order, "late_job": orders[late_order]}


def poppler(*command):
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def shot(page, name):
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / f"workshop-portal-{name}.png", full_page=True)


def test_a_worker_ships_a_late_job_with_its_tracking(new_page, engraving, tmp_path):
    page = new_page("worker", java_script_enabled=False, **DESKTOP)
    late_job = engraving["late_job"]

    # Signing in, from the job's QR code link: the portal brings the worker back to the job.
    page.goto(f"/workshop/jobs/{late_job}?lang=en")
    expect(page.get_by_role("heading", name="Sign in to the workshop portal")).to_be_visible()
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong e-mail or password.")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=f"Job {late_job}")).to_be_visible()

    # The queue, filtered to late jobs: only the late one, with its badge.
    page.get_by_role("link", name="All jobs").click()
    expect(page.get_by_role("heading", name="Jobs — Atelier Gravure")).to_be_visible()
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_label("Ship by").select_option(label="Late")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(engraving["late_order"])
    expect(rows.first.locator(".badge")).to_have_text("Late")
    expect(rows.first.locator(".badge")).to_be_visible()
    shot(page, "1-queue-late")

    # By order name instead: the other job, not late.
    page.get_by_role("link", name="Clear filters").click()
    other_order = next(name for name in engraving["orders"] if name != engraving["late_order"])
    page.get_by_label("Order").fill(other_order)
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".badge")).to_have_count(0)

    # The late job: its proof image, its files, its ticket.
    page.get_by_label("Order").fill(engraving["late_order"])
    page.get_by_role("button", name="Show").click()
    rows.first.get_by_role("link", name=late_job).click()
    expect(page.get_by_role("heading", name=f"Job {late_job}")).to_be_visible()
    proof = page.get_by_role("img", name="Proof of Recto (Engraving)")
    expect(proof).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", proof.element_handle()) > 100
    expect(page.locator(".facts .badge")).to_have_text("Late")
    expect(page.get_by_role("link", name="print.pdf")).to_be_visible()

    # The ticket opens in a tab of its own, for the browser's print dialog.
    ticket = page.get_by_role("link", name="Print the job ticket (PDF)")
    with page.context.expect_page() as opened:
        ticket.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == f"{page.url.split('/workshop/')[0]}/workshop/jobs/{late_job}/ticket.pdf"
    tab.close()
    # What the printer gets, as poppler reads it (headless Chromium draws no PDF viewer).
    response = page.context.request.get(ticket.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "ticket.pdf"
    pdf.write_bytes(response.body())
    text = poppler("pdftotext", "-layout", str(pdf), "-")
    assert "JOB TICKET" in text and late_job in text and "Recto — Engraving" in text
    poppler(
        "pdftoppm",
        "-r",
        "80",
        "-png",
        "-singlefile",
        str(pdf),
        str(RESULTS / "workshop-portal-2-ticket"),
    )
    shot(page, "3-job-ready")

    # Into production, then shipped: first without a tracking number, which is refused.
    page.get_by_role("button", name="Start production").click()
    expect(page.get_by_role("status")).to_have_text("Production started.")
    expect(page.locator("#job-status")).to_have_text("In production")
    page.get_by_label("Carrier").fill("Colissimo")
    page.get_by_role("button", name="Mark as shipped").click()
    expect(page.get_by_role("alert")).to_have_text(
        "The shipment is missing details; nothing was changed."
    )
    number = page.get_by_label("Tracking number")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#tracking_number-error")).to_have_text(
        "Enter the parcel’s tracking number."
    )
    expect(page.get_by_label("Carrier")).to_have_value("Colissimo")
    shot(page, "4-shipment-refused")
    number.fill("6A12345678901")
    page.get_by_label("Tracking link").fill("https://www.laposte.fr/outils/suivre?code=6A123")
    page.get_by_role("button", name="Mark as shipped").click()
    expect(page.get_by_role("status")).to_have_text("Marked as shipped; the shop is told.")
    expect(page.locator("#job-status")).to_have_text("Shipped")
    expect(
        page.get_by_text("Shipped with Colissimo, tracking number 6A12345678901.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Follow the parcel")).to_have_attribute(
        "href", "https://www.laposte.fr/outils/suivre?code=6A123"
    )
    # Shipped work is no longer late, and has left the to-do list.
    expect(page.locator(".facts .badge")).to_have_count(0)
    history = page.locator("table.history tbody tr")
    expect(history.last).to_contain_text("In production → Shipped")
    expect(history.last).to_contain_text(f"workshop:{EMAIL}")
    shot(page, "5-shipped")
    page.get_by_role("link", name="All jobs").click()
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name=late_job)).to_have_count(0)


def test_the_queue_reads_on_a_phone_in_french(new_page, engraving):
    page = new_page("phone", java_script_enabled=False, **PHONE)
    page.goto("/workshop/signin?lang=fr")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Travaux — Atelier Gravure")).to_be_visible()
    page.get_by_label("Statut").select_option(label="Tous")
    page.get_by_role("button", name="Afficher").click()
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(2)
    for index in range(2):
        expect(rows.nth(index).locator(".status")).to_have_text(
            re.compile(r"^(Prêt|En production|Expédié)$")
        )
    expect(page.get_by_role("columnheader", name="À expédier le")).to_be_visible()
    # Nothing wider than the screen but the table, which scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "6-phone-fr")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("status")).to_have_text("Vous êtes déconnecté.")
    assert re.search(r"/workshop/signin$", page.url)
