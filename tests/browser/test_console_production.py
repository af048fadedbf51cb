"""The console's production pages in Chromium: workshops and rules, a job's bundle and render
again, a batch started from a spreadsheet upload. Screenshots go to test-results/.

The pages are walked for an account of their own: the demo shop's jobs, which other browser
tests follow, must not meet these workshops and rules.
"""

import io
import time
import zipfile

import pytest

from tests import samples
from tests.api.test_batches import EXCEL_ROWS, excel_csv, template_document
from tests.browser.conftest import DESKTOP
from tests.browser.console import created, new_account, screenshot, sign_in

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

OWNER = "odile@gravure-lyon.example"
PASSWORD = "la gravure au burin fin"
WAIT = 60  # s


@pytest.fixture(scope="module")
def account(live_server, api):
    """A merchant with an owner, a font and a card product: (secret headers, product, font)."""
    account = new_account(live_server, api, "Gravure Lyon", {OWNER: "owner"}, PASSWORD)
    secret, font = account["secret"], account["font"]
    product = created(api.post("/v1/products", headers=secret, data=samples.card_product([font])))
    return secret, product["id"], font


def wait_for(api, secret, path, status):
    deadline = time.monotonic() + WAIT
    while created(api.get(path, headers=secret))["status"] != status:
        assert time.monotonic() < deadline, f"{path} never reached {status}"
        time.sleep(0.2)


def test_an_owner_sets_up_workshops_and_dispatch_rules(new_page, account):
    page = new_page("workshops", **DESKTOP)
    sign_in(page, OWNER, PASSWORD)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Workshops").click()
    expect(page.get_by_role("heading", name="Workshops", exact=True).first).to_be_visible()
    expect(page.get_by_text("No workshop yet.")).to_be_visible()

    page.get_by_label("Name").fill("Atelier Croix-Rousse")
    page.get_by_label("Kind").select_option(label="In-house")
    page.get_by_label("Contact e-mail").fill("atelier@gravure-lyon.example")
    page.get_by_label("Default workshop").check()
    page.get_by_role("button", name="Add the workshop").click()
    expect(page.get_by_role("heading", name="Workshop Atelier Croix-Rousse")).to_be_visible()
    expect(page.get_by_text("The workshop is added.")).to_be_visible()

    page.get_by_label("E-mail", exact=True).fill("malik@gravure-lyon.example")
    page.get_by_label("Name", exact=True).last.fill("Malik")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("The invitation is sent by e-mail.")).to_be_visible()
    expect(page.get_by_text("Invited, has not chosen a password yet")).to_be_visible()
    screenshot(page, "production-1-workshop")

    page.get_by_role("link", name="All workshops and dispatch rules").click()
    page.get_by_label("Name").fill("Brodeuse Vaise")
    page.get_by_label("Kind").select_option(label="Subcontractor")
    page.get_by_role("button", name="Add the workshop").click()
    page.get_by_role("link", name="All workshops and dispatch rules").click()

    rule = page.get_by_role("group", name="Add a dispatch rule")
    rule.get_by_label("Workshop").select_option(label="Brodeuse Vaise")
    rule.get_by_label("Technique").select_option(label="Embroidery")
    rule.get_by_role("button", name="Add the rule").click()
    expect(page.get_by_text("The rule is added")).to_be_visible()
    rule.get_by_label("Workshop").select_option(label="Atelier Croix-Rousse")
    rule.get_by_label("Technique").select_option(label="Engraving")
    rule.get_by_role("button", name="Add the rule").click()
    page.get_by_role("button", name="Move rule 2 up").click()
    expect(page.get_by_text("The rule is moved.")).to_be_visible()
    rows = page.locator("table.rules tbody tr")
    expect(rows.nth(0)).to_contain_text("Engraving")
    expect(rows.nth(1)).to_contain_text("Embroidery")
    expect(page.locator("table.workshops")).to_contain_text("everything no rule matches")
    screenshot(page, "production-2-workshops-and-rules")

    page.get_by_role("link", name="Change rule 2").click()
    page.get_by_label("Technique").select_option(label="Any technique")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The rule is saved.")).to_be_visible()
    page.get_by_role("button", name="Delete rule 2").click()
    expect(page.get_by_text("The rule is deleted.")).to_be_visible()
    expect(rows).to_have_count(1)


def test_an_owner_downloads_a_jobs_bundle_and_renders_it_again(new_page, account, api, live_server):
    secret, product, font = account
    design = created(api.post("/v1/designs", headers=secret, data=samples.design(product, font)))
    line = {"platform_line_id": "1", "quantity": 40, "design": design["id"],
            "design_token": design["token"]}  # fmt: skip
    body = {"platform_order_id": "LYON-1", "name": "#LYON-1", "lines": [line]}
    job = created(api.post("/v1/orders", headers=secret, data=body))["lines"][0]["job"]
    wait_for(api, secret, f"/v1/jobs/{job}", "ready")

    page = new_page("job", **DESKTOP)
    sign_in(page, OWNER, PASSWORD)
    page.get_by_role("link", name="Production").click()
    page.get_by_role("link", name=job).click()
    expect(page.get_by_role("heading", name=f"Job {job}")).to_be_visible()
    bundle = page.get_by_role("link", name="Download the bundle")
    response = page.context.request.get(bundle.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.body())).namelist()
    assert f"{job}/print.pdf" in names and f"{job}/manifest.json" in names
    screenshot(page, "production-3-job-ready")

    page.get_by_role("button", name="Render again").click()
    expect(page.get_by_text("The job is queued to render again")).to_be_visible()
    wait_for(api, secret, f"/v1/jobs/{job}", "ready")
    page.reload()
    expect(page.locator("[data-job-status]")).to_have_text("Ready")
    expect(page.locator('tr[data-from="ready"][data-to="queued"]')).to_contain_text(OWNER)
    screenshot(page, "production-4-job-rendered-again")


def test_an_owner_starts_a_batch_from_a_spreadsheet(new_page, account, api):
    secret, product, font = account
    document = template_document(product, font)
    created(
        api.post("/v1/templates", headers=secret, data={"name": "Badges", "document": document})
    )
    rows = [(*EXCEL_ROWS[0], "Copies"), *((*row, "2") for row in EXCEL_ROWS[1:])]

    page = new_page("batch", **DESKTOP)
    sign_in(page, OWNER, PASSWORD)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Batches").click()
    form = page.get_by_role("group", name="New batch")
    form.get_by_label("Template").select_option(label="Badges")
    form.get_by_label("Data file (CSV or Excel)").set_input_files(
        {"name": "equipe.csv", "mimeType": "text/csv", "buffer": excel_csv(rows)}
    )
    form.get_by_label("Name (optional)").fill("Badges équipe")
    form.get_by_label("Column with the number of copies (optional)").fill("Copies")
    screenshot(page, "production-5-new-batch")
    form.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", name="Batch Badges équipe")).to_be_visible()
    # Validation runs after the upload's response; the page's script reloads it when done.
    expect(page.locator("[data-progress-status]")).to_have_text("Validated")
    expect(page.get_by_text("4 records: 3 valid, 1 with errors, 0 warnings.")).to_be_visible()
    render = page.get_by_role("button", name="Render")
    expect(render).to_be_disabled()
    expect(page.get_by_label("Field “nom”")).to_have_value("Nom")
    screenshot(page, "production-6-batch-validated")

    # The long name goes to the field without a limit: every record prints.
    page.get_by_label("Field “nom”").select_option("Fonction")
    page.get_by_label("Field “fonction”").select_option("Nom")
    page.get_by_role("button", name="Check again").click()
    expect(page.get_by_text("4 records: 4 valid, 0 with errors, 0 warnings.")).to_be_visible()
    expect(render).to_be_enabled()
    render.click()
    download = page.get_by_role("link", name="Download print.pdf")
    expect(download).to_be_visible(timeout=WAIT * 1000)
    expect(page.locator("[data-progress-status]")).to_have_text("Ready")
    screenshot(page, "production-7-batch-ready")
    response = page.context.request.get(download.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF-")
