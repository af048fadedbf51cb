"""The merchant console in Chromium: sign in, the dashboard, a batch rendering, the keys' 403.

Screenshots of each step are kept under test-results/ for a person to look at.
"""

import re
import time
from datetime import timedelta

import pytest

from monogram.extensions.db import db
from monogram.models import Batch
from monogram.models.base import utcnow
from monogram.services import batches
from tests.api.test_batches import EXCEL_ROWS, excel_csv, template_document
from tests.browser.conftest import DESKTOP
from tests.browser.console import add_people, created, screenshot, sign_in

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

OWNER = "claire@atelier-monogram.example"
OPERATOR = "yann@atelier-monogram.example"
PASSWORD = "le fer à dorer chaud"
RECORDS = 240
WAIT = 60  # s: validation and rendering run in-process after the API's response


@pytest.fixture(scope="module")
def people(live_server):
    """An owner and an operator of the demo merchant."""
    people = {OWNER: "owner", OPERATOR: "operator"}
    add_people(live_server, live_server.demo["merchant"], people, PASSWORD)


@pytest.fixture(scope="module")
def batch(api, live_server):
    """A validated batch of the demo merchant: 240 records, one name too long (row 4)."""
    secret = live_server.secret
    font = created(api.get("/v1/fonts", headers=secret))[0]["id"]
    document = template_document(live_server.demo["product"], font)
    template = created(
        api.post("/v1/templates", headers=secret, data={"name": "Badges", "document": document})
    )
    rows = EXCEL_ROWS[:1] + [EXCEL_ROWS[1 + n % 4] for n in range(RECORDS)]
    made = created(
        api.post(
            "/v1/batches",
            headers=secret,
            multipart={
                "template": template["id"],
                "name": "Badges salon 2027",
                "file": {"name": "salon.csv", "mimeType": "text/csv", "buffer": excel_csv(rows)},
            },
        )
    )
    deadline = time.monotonic() + WAIT
    while created(api.get(f"/v1/batches/{made['id']}", headers=secret))["status"] == "validating":
        assert time.monotonic() < deadline, "the batch is still validating"
        time.sleep(0.2)
    return made["id"]


def hold(live_server, batch_id, done=None, until=None):
    """Play the worker that renders the batch: its lease, and how far it has come."""
    with live_server.app.app_context():
        row = db.session.get(Batch, batch_id)
        if until is not None:
            row.lease_owner, row.lease_until = "another-worker", until
        if done is not None:
            row.done = done
        db.session.commit()


def test_an_owner_watches_a_batch_render_and_downloads_it(
    new_page, people, batch, api, live_server
):
    page = new_page("owner", **DESKTOP)
    polls = []
    page.on("request", lambda request: "/progress" in request.url and polls.append(request.url))

    sign_in(page, OWNER, PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text(f"{OWNER} · Owner")).to_be_visible()
    # Other browser tests order from the same demo shop: the figures are theirs to set.
    for figure in ("orders_today", "jobs_today", "waiting", "failed"):
        expect(page.locator(f'[data-figure="{figure}"]')).to_have_text(re.compile(r"^\d+$"))
    screenshot(page, "1-dashboard")

    page.get_by_role("navigation", name="Console").get_by_role("link", name="Batches").click()
    expect(page.get_by_role("heading", name="Batches")).to_be_visible()
    page.get_by_role("link", name="Badges salon 2027").click()
    expect(page.get_by_role("heading", name="Batch Badges salon 2027")).to_be_visible()
    expect(page.locator("[data-progress-status]")).to_have_text("Validated")
    expect(page.get_by_text("240 records: 180 valid, 60 with errors, 0 warnings.")).to_be_visible()
    report = page.locator("table.report tbody tr")
    expect(report).to_have_count(60)
    expect(report.first.locator("td").first).to_have_text("4")
    expect(page.get_by_text("The first 60 of 60 issues.")).to_be_visible()
    screenshot(page, "2-batch-validated")

    # Another worker holds the batch, as a worker rendering it would: the render the API asks
    # for waits, and the test moves the figures that worker would move.
    hold(live_server, batch, until=utcnow() + timedelta(hours=1))
    render = api.post(
        f"/v1/batches/{batch}/render", headers=live_server.secret, data={"skip_invalid": True}
    )
    assert render.status == 202, render.text()
    page.reload()
    bar = page.locator("progress#bar")
    expect(page.locator("[data-progress-status]")).to_have_text("Rendering")
    expect(bar).to_have_attribute("max", "180")
    expect(page.locator("[data-progress-count]")).to_have_text("0 / 180")
    hold(live_server, batch, done=90)
    # The script asks every second: the bar moves without a reload.
    expect(page.locator("[data-progress-count]")).to_have_text("90 / 180")
    assert page.evaluate("document.querySelector('progress#bar').value") == 90
    assert polls, "the progress bar was never refreshed"
    screenshot(page, "3-batch-rendering")

    # That worker stops; the recovery duty hands the batch to a new one, which renders it all.
    hold(live_server, batch, done=0, until=utcnow() - timedelta(seconds=1))
    with live_server.app.app_context():
        assert batches.recover_interrupted() == [batch]

    # Done: the script reloads the page, which now offers the files.
    download = page.get_by_role("link", name="Download print.pdf")
    expect(download).to_be_visible(timeout=WAIT * 1000)
    expect(page.locator("[data-progress-status]")).to_have_text("Ready")
    expect(bar).to_have_attribute("value", "180")
    expect(page.locator("[data-progress-count]")).to_have_text("180 / 180")
    screenshot(page, "4-batch-ready")
    response = page.context.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_an_operator_gets_the_403_page_on_the_keys(new_page, people):
    page = new_page("operator", **DESKTOP)
    sign_in(page, OPERATOR, PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("link", name="API keys")).to_have_count(0)
    response = page.goto("/console/keys")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not for your role")).to_be_visible()
    expect(
        page.get_by_text(
            "Only these roles can open this page: Owner. You are signed in as Operator"
        )
    ).to_be_visible()
    screenshot(page, "5-operator-keys-403")
    page.goto("/console/keys?lang=fr")
    expect(page.get_by_role("heading", name="Pas pour votre rôle")).to_be_visible()


def test_an_operator_approves_a_proof_on_behalf_and_follows_the_job(
    api, live_server, new_page, people
):
    from tests import samples

    secret = live_server.secret
    public = {"Authorization": f"Bearer {live_server.demo['keys']['publishable']}"}
    font = created(api.get("/v1/fonts", headers=secret))[0]["id"]
    body = {**samples.card_product([font], proof="customer"), "name": "Carte avec BAT"}
    product = created(api.post("/v1/products", headers=secret, data=body))["id"]
    design = created(api.post("/v1/designs", headers=public, data=samples.design(product, font)))
    line = {"platform_line_id": "1", "quantity": 250, "design": design["id"],
            "design_token": design["token"]}  # fmt: skip
    order = {"platform_order_id": "CONSOLE-1", "name": "#CONSOLE-1", "lines": [line],
             "customer": {"email": "jeanne@example.fr"}}  # fmt: skip
    job = created(api.post("/v1/orders", headers=secret, data=order))["lines"][0]["job"]
    wait_for_job(api, secret, job, "proof_sent")

    page = new_page("operator-orders", **DESKTOP)
    sign_in(page, OPERATOR, PASSWORD)
    page.get_by_role("link", name="Orders").click()
    page.get_by_role("link", name="#CONSOLE-1").click()
    expect(page.get_by_role("heading", name="Order #CONSOLE-1")).to_be_visible()
    expect(page.get_by_text("jeanne@example.fr").first).to_be_visible()
    screenshot(page, "6-order-waiting-for-proof")
    page.get_by_role("button", name="Approve on behalf of the customer").click()
    expect(page.get_by_text("The proof is approved on the customer’s behalf")).to_be_visible()
    screenshot(page, "7-order-approved")

    wait_for_job(api, secret, job, "ready")
    page.get_by_role("link", name="Production").click()
    page.get_by_role("link", name=job).click()
    expect(page.get_by_role("heading", name=f"Job {job}")).to_be_visible()
    # The approval is in the job's history, in the operator's name.
    expect(page.get_by_text(OPERATOR).first).to_be_visible()
    expect(page.get_by_role("link", name="print.pdf")).to_be_visible()
    screenshot(page, "8-job-ready")


def wait_for_job(api, secret, job, status):
    deadline = time.monotonic() + WAIT
    while created(api.get(f"/v1/jobs/{job}", headers=secret))["status"] != status:
        assert time.monotonic() < deadline, f"job {job} never reached {status}"
        time.sleep(0.2)
