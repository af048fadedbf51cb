"""Stores, outbound endpoints and users in Chromium: install steps, secrets, redelivery, invites.

Screenshots of each step are kept under test-results/console-stores-N.png for a person to look at.
"""

import email
import email.policy
import re
import time
import uuid
from pathlib import Path

import pytest
from werkzeug.wrappers import Request, Response

from monogram.extensions.db import db
from monogram.services import outbound
from tests.browser.conftest import DESKTOP
from tests.browser.console import new_account, screenshot, sign_in
from tests.servers import serving

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

OWNER = "lea@atelier-monogram.example"
PASSWORD = "le fer à dorer chaud"
WAIT = 20  # s: a redelivery is attempted in-process after its answer


class Receiver:
    """The merchant's ERP on loopback: answers `status`, keeps what it got."""

    def __init__(self):
        self.status, self.bodies = 500, []

    @Request.application
    def wsgi(self, request):
        self.bodies.append(request.get_data())
        return Response("ok" if self.status < 300 else "busy", status=self.status)


@pytest.fixture
def receiver():
    receiver = Receiver()
    with serving(receiver.wsgi) as base:
        receiver.url = f"{base}/monogram-events"
        yield receiver


@pytest.fixture(scope="module")
def owner(live_server, api):
    """A merchant of its own: the stores it adds must not become the demo shop's other tests'."""
    return new_account(live_server, api, "Atelier des Franchises", {OWNER: "owner"}, PASSWORD)


def invite_link(live_server, address):
    """The link of the newest invitation mailed to `address`, from the outbox folder."""
    outbox = Path(live_server.app.config["MONOGRAM"].INSTANCE_DIR) / "outbox"
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if mail["To"] == address:
            text = mail.get_body(("plain",)).get_content()
            return re.search(r"https?://\S+/console/reset/\S+", text).group(0)
    raise AssertionError(f"no mail to {address}")


def test_an_owner_connects_a_store_and_an_endpoint_and_redelivers(
    new_page, owner, live_server, receiver
):
    page = new_page("owner", **DESKTOP)
    sign_in(page, OWNER, PASSWORD)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Stores").click()
    expect(page.get_by_role("heading", name="Stores", exact=True)).to_be_visible()
    screenshot(page, "stores-1")

    # A PrestaShop franchise store: its key once, its steps, its webhook address.
    suffix = uuid.uuid4().hex[:6]
    domain, name = f"lyon-{suffix}.example.fr", f"Franchise Lyon {suffix}"
    page.get_by_label("Store name").fill(name)
    page.get_by_label("Platform").select_option(label="PrestaShop")
    page.get_by_label("Shop domain").fill(domain)
    page.get_by_label("Kind of store").select_option(label="Brand store")
    page.get_by_role("button", name="Add the store").click()
    expect(page.get_by_role("heading", name=f"Store {name}")).to_be_visible()
    key = page.locator(".new-key code.secret").inner_text()
    assert key.startswith("pk_")
    expect(page.locator('[data-value="api-url"]')).to_have_text(live_server.url)
    expect(page.locator('[data-value="webhook-address"]')).to_have_text(
        f"https://{domain}/module/monogram/webhook"
    )
    expect(page.locator("ol.steps li")).to_have_count(7)
    screenshot(page, "stores-2")

    # Its webhook secret: shown once, gone on the next visit.
    page.get_by_role("button", name="Create the webhook secret").click()
    secret = page.locator(".new-key code.secret").inner_text()
    assert secret.startswith("whsec_")
    expect(page.get_by_role("button", name="Rotate the webhook secret")).to_be_visible()
    screenshot(page, "stores-3")
    page.get_by_role("link", name="All stores").click()
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=f"Store {name}")).to_be_visible()
    expect(page.get_by_text("Set; last changed on")).to_be_visible()
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(page.get_by_text(key)).to_have_count(0)

    # The connector's endpoint, prefilled from the store page, pointed at the ERP on loopback.
    page.get_by_role("link", name="Add this endpoint").click()
    expect(page.get_by_role("heading", name="Outbound endpoints")).to_be_visible()
    expect(page.get_by_label("Address (URL)")).to_have_value(
        f"https://{domain}/module/monogram/webhook"
    )
    expect(page.get_by_label("Print files are ready")).to_be_checked()
    page.get_by_label("Address (URL)").fill(receiver.url)
    for label in ("Print files are ready", "A job was shipped", "A job changed state"):
        page.get_by_label(label).uncheck()
    page.get_by_label("A quote was ordered").check()
    page.get_by_role("button", name="Add the endpoint").click()
    expect(page.get_by_role("heading", name=f"Endpoint {receiver.url}")).to_be_visible()
    assert page.locator(".new-key code.secret").inner_text().startswith("whsec_")
    screenshot(page, "stores-4")

    # An event the ERP refuses, then a redelivery of the same event once it is back.
    with live_server.app.app_context():
        event = outbound.emit(owner["merchant"], "quote.ordered", {"quote": "quo_1"})
        db.session.commit()
        event_id = event.id
    page.get_by_role("link", name="All endpoints").click()
    page.get_by_role("link", name=receiver.url).click()
    delivery = page.locator("table.deliveries tbody tr").first
    expect(delivery.locator("[data-code]")).to_have_text("500")
    expect(delivery).to_contain_text(event_id)
    screenshot(page, "stores-5")
    receiver.status = 200
    delivery.get_by_role("button", name="Redeliver").click()
    expect(page.get_by_role("status")).to_have_text(
        "The delivery is being sent again, with the same event id."
    )
    # The attempt runs once the redirect is answered: the page shows it on a later visit. A visit
    # during the attempt may already list its answer beside the claimed, still pending, delivery:
    # the delivery's own state says when it is over.
    deadline = time.monotonic() + WAIT
    delivery = page.locator("table.deliveries tbody tr").first
    while delivery.get_attribute("data-status") != "succeeded":
        assert time.monotonic() < deadline, "the redelivery was not attempted"
        time.sleep(0.2)
        page.reload()
    expect(delivery.locator("[data-code]")).to_have_text("200")
    expect(delivery).to_contain_text("Delivered")
    screenshot(page, "stores-6")
    assert len(receiver.bodies) == 2 and receiver.bodies[0] == receiver.bodies[1]
    assert f'"id":"{event_id}"'.encode() in receiver.bodies[1]

    # Deleted, so the other browser tests' events do not go to an ERP that is gone.
    page.get_by_role("button", name="Delete the endpoint").click()
    expect(page.get_by_role("status")).to_contain_text("The endpoint is deleted")


def test_an_owner_adds_a_user_who_chooses_a_password(new_page, owner, live_server):
    page = new_page("owner", **DESKTOP)
    sign_in(page, OWNER, PASSWORD)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()

    newcomer = f"noe-{uuid.uuid4().hex[:6]}@atelier-monogram.example"
    page.get_by_label("E-mail", exact=True).fill(newcomer)
    page.get_by_label("Role", exact=True).select_option(label="Designer")
    page.get_by_role("button", name="Add the user").click()
    expect(page.get_by_role("status")).to_contain_text("The user is added")
    row = page.locator("tr", has_text=newcomer)
    expect(row).to_contain_text("Invited: has not chosen a password yet")
    screenshot(page, "stores-7")

    row.get_by_label(f"Role of {newcomer}", exact=True).select_option(label="Operator")
    row.get_by_role("button", name="Change the role").click()
    expect(page.get_by_role("status")).to_contain_text("The role is changed")

    # The same address twice: refused, said plainly, the form kept.
    page.get_by_label("E-mail", exact=True).fill(newcomer)
    page.get_by_role("button", name="Add the user").click()
    expect(page.get_by_role("alert")).to_have_text(
        f"{newcomer} already has a console account. Each e-mail signs in to one account only."
    )
    expect(page.get_by_label("E-mail", exact=True)).to_have_value(newcomer)
    screenshot(page, "stores-8")

    invited = new_page("newcomer", **DESKTOP)
    invited.goto(invite_link(live_server, newcomer).replace(live_server.url, ""))
    invited.get_by_label("New password").fill("mon mot de passe à moi")
    invited.get_by_label("The same password again").fill("mon mot de passe à moi")
    invited.get_by_role("button", name="Save and sign in").click()
    expect(invited.get_by_text(f"{newcomer} · Operator")).to_be_visible()

    page.reload()
    row = page.locator("tr", has_text=newcomer)
    expect(row).to_contain_text("Active")
    row.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("status")).to_contain_text("The user is removed")
    expect(page.locator("tr", has_text=newcomer)).to_have_count(0)
