"""From order to doorstep in one run: Shopify order, proof by e-mail, changes, second proof,
approval, the right workshop, shipping with tracking, and Shopify told — every step logged."""

import os
import re
import time
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests import samples
from tests.browser.conftest import CHROMIUM, RESULTS
from tests.browser.shopify_shop import api, monogram_for_shopify, shopify_delivery
from tests.connectors.test_shop_status import ShopifyAdmin

SHOP = "atelier-dupont.myshopify.com"
TOKEN = "shpat_order_to_doorstep_0123456789"
ORDER, LINE = 7001, 70011
WORKER = ("marc@graveur-nantes.example", "burin et gouge 2026")


@pytest.fixture
def shop(tmp_path, smtp_server):
    """Monogram on loopback with SMTP, talking to a Shopify Admin stand-in for one shop."""
    admin = ShopifyAdmin(TOKEN)
    admin.add_order(ORDER, [(LINE, 250)])
    with monogram_for_shopify(tmp_path, smtp_server, admin, SHOP, TOKEN) as running:
        yield running


def next_mail(smtp_server, seen, timeout=60):
    """The next e-mail the SMTP server receives after the `seen` first ones."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(smtp_server.messages) > seen:
            return smtp_server.messages[seen]
        time.sleep(0.2)
    raise AssertionError(f"no e-mail after the first {seen} within {timeout} s")


def proof_link(message, base):
    text = message.get_body(("plain",)).get_content()
    (link,) = set(re.findall(re.escape(base) + r"/proof/prf_[A-Za-z0-9_-]+", text))
    return link


def wait_for(page, path, key, ready, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document = api(page, "GET", path, key).json()
        if ready(document):
            return document
        time.sleep(0.2)
    raise AssertionError(f"{path} never got there: {document}")


def test_order_to_doorstep(shop, smtp_server, playwright_driver, tmp_path):

    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    context = browser.new_context(base_url=shop["url"], locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sk, pk = shop["keys"]["secret"], shop["keys"]["publishable"]
    shots = RESULTS / "order-to-doorstep"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        # The merchant's set-up: a card needing the customer's proof, two workshops, one rule.
        font = page.request.post(
            "/v1/fonts",
            headers={"Authorization": f"Bearer {sk}"},
            multipart={
                "file": {
                    "name": "Vera.ttf",
                    "mimeType": "font/ttf",
                    "buffer": samples.VERA.read_bytes(),
                },
                "licence_note": "Bitstream Vera",
            },
        ).json()["id"]
        card = api(page, "POST", "/v1/products", sk, samples.card_product([font], proof="customer"))
        card = card.json()["id"]
        api(page, "POST", "/v1/workshops", sk, {"name": "Atelier Lyon", "is_default": True})
        nantes = api(page, "POST", "/v1/workshops", sk, {"name": "Graveur Nantes"}).json()["id"]
        api(page, "POST", "/v1/dispatch-rules", sk, {"workshop": nantes, "product": card})
        api(
            page,
            "POST",
            f"/v1/workshops/{nantes}/users",
            sk,
            {"email": WORKER[0], "name": "Marc", "password": WORKER[1]},
        )

        # The shopper's design, then Shopify's order webhook with it on the line.
        design = api(page, "POST", "/v1/designs", pk, samples.design(card, font)).json()
        shopify_delivery(
            page,
            {
                "id": ORDER,
                "name": "#7001",
                "email": "jeanne@example.fr",
                "customer_locale": "fr",
                "currency": "EUR",
                "customer": {"id": 501, "email": "jeanne@example.fr"},
                "shipping_address": {"name": "Jeanne Dupont", "city": "Lyon", "country_code": "FR"},
                "line_items": [
                    {
                        "id": LINE,
                        "product_id": 1,
                        "variant_id": 2,
                        "title": "Carte de visite",
                        "quantity": 250,
                        "properties": [
                            {"name": "_monogram_design", "value": design["id"]},
                            {"name": "_monogram_token", "value": design["token"]},
                        ],
                    }
                ],
            },
            SHOP,
        )

        # First proof, e-mailed to the customer in French; changes requested in Chromium.
        first = next_mail(smtp_server, 0)
        assert first["To"] == "jeanne@example.fr"
        page.goto(proof_link(first, shop["url"]))
        expect(page.get_by_role("heading", level=1)).to_contain_text("BAT de la commande #7001")
        expect(page.locator("img[src*='proof-front']")).to_be_visible()
        page.get_by_label("Que faut-il modifier ?").fill("Le nom en plus grand, s'il vous plaît.")
        page.get_by_role("button", name="Demander des modifications").click()
        expect(page.get_by_text("votre demande a été envoyée")).to_be_visible()
        page.screenshot(path=shots / "1-changes-requested.png", full_page=True)

        # The merchant edits the design and sends the next revision: same job, no new order.
        jobs = wait_for(
            page, "/v1/jobs", sk, lambda jobs: jobs and jobs[0]["status"] == "changes_requested"
        )
        job_id = jobs[0]["id"]
        current = api(page, "GET", f"/v1/designs/{design['id']}", sk)
        edited = samples.design(card, font, text="JEANNE DUPONT")
        api(
            page,
            "PUT",
            f"/v1/designs/{design['id']}",
            sk,
            edited,
            {"If-Match": current.headers["etag"]},
        )
        api(page, "POST", f"/v1/jobs/{job_id}/proofs", sk)

        # Second proof, approved in Chromium.
        second = next_mail(smtp_server, 1)
        assert proof_link(second, shop["url"]) != proof_link(first, shop["url"])
        page.goto(proof_link(second, shop["url"]))
        expect(page.get_by_text("2", exact=True).first).to_be_visible()
        page.get_by_label("Je valide ce BAT pour la fabrication").check()
        page.get_by_role("button", name="Valider pour la fabrication").click()
        expect(page.get_by_text("le BAT est validé")).to_be_visible()
        page.screenshot(path=shots / "2-approved.png", full_page=True)

        job = wait_for(page, f"/v1/jobs/{job_id}", sk, lambda job: job["status"] == "ready")
        assert job["workshop"] == nantes
        assert job["version"] == 2

        # The workshop: signs in, starts production, ships with tracking.
        page.goto("/workshop")
        page.get_by_label("E-mail").fill(WORKER[0])
        page.get_by_label("Mot de passe").fill(WORKER[1])
        page.get_by_role("button", name="Se connecter").click()
        row = page.get_by_role("row").filter(has_text="#7001")
        expect(row).to_contain_text("Prêt")
        row.get_by_role("link", name=job_id).click()
        page.get_by_role("button", name="Lancer la fabrication").click()
        expect(page.get_by_text("Fabrication lancée.")).to_be_visible()
        page.get_by_label(re.compile("^Transporteur")).fill("Colissimo")
        page.get_by_label(re.compile("^Numéro de suivi")).fill("6A12345678901")
        page.get_by_label(re.compile("^Lien de suivi")).fill(
            "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"
        )
        page.get_by_role("button", name=re.compile("expédié")).click()
        expect(page.get_by_text("la boutique est prévenue")).to_be_visible()
        page.screenshot(path=shots / "3-shipped.png", full_page=True)

        # Shopify is told: one fulfillment of the line, with the tracking.
        deadline = time.monotonic() + 30
        while not shop["admin"].fulfillments and time.monotonic() < deadline:
            time.sleep(0.2)
        (fulfillment,) = shop["admin"].fulfillments
        assert fulfillment["trackingInfo"] == {
            "company": "Colissimo",
            "number": "6A12345678901",
            "url": "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901",
        }
        (group,) = fulfillment["lineItemsByFulfillmentOrder"]
        assert group["fulfillmentOrderLineItems"] == [
            {"id": f"gid://shopify/FulfillmentOrderLineItem/{LINE}0", "quantity": 250}
        ]

        # The audit log: every step, in order, with who and when.
        job = api(page, "GET", f"/v1/jobs/{job_id}", sk).json()
        steps = [(e["from"], e["to"]) for e in job["events"] if e["from"] != e["to"]]
        assert steps == [
            (None, "received"),
            ("received", "rendering"),
            ("rendering", "awaiting_proof"),
            ("awaiting_proof", "proof_sent"),
            ("proof_sent", "changes_requested"),
            ("changes_requested", "received"),
            ("received", "rendering"),
            ("rendering", "awaiting_proof"),
            ("awaiting_proof", "proof_sent"),
            ("proof_sent", "approved"),
            ("approved", "ready"),
            ("ready", "in_production"),
            ("in_production", "shipped"),
        ]
        (dispatched,) = [e for e in job["events"] if e["source"] == "dispatch"]
        assert dispatched["note"] == "dispatched to Graveur Nantes (rule 1)"
        by_step = {(e["from"], e["to"]): e for e in job["events"]}
        assert by_step[("proof_sent", "changes_requested")]["actor"] == "customer:jeanne@example.fr"
        assert by_step[("proof_sent", "changes_requested")]["note"] == (
            "Le nom en plus grand, s'il vous plaît."
        )
        assert by_step[("in_production", "shipped")]["actor"] == f"workshop:{WORKER[0]}"
        times = [datetime.fromisoformat(e["at"]) for e in job["events"]]
        assert times == sorted(times)
        assert [p["status"] for p in job["proofs"]] == ["changes_requested", "approved"]
    except BaseException:
        page.screenshot(path=shots / "failure.png", full_page=True)
        raise
    finally:
        context.close()
        browser.close()
