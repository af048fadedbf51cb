"""customer_then_manager proofs: the buyer approves, then their company's manager decides."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import ProductionJob, Proof, WebhookEvent
from monogram.services import proofs
from tests import samples
from tests.api.test_proofs import PUBLIC_URL, moved, nonce_in, shopper, token_in
from tests.conftest import mailing_app

BUYER = "jeanne@acme.example"
MANAGER = "claire.martin@acme.example"


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


@pytest.fixture
def b2b_product(client, merchant, font_id):
    body = samples.card_product([font_id], proof="customer_then_manager")
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def acme(client, merchant):
    response = client.post(
        "/v1/companies",
        headers=merchant.sk,
        json={
            "name": "Société Acme",
            "manager_email": MANAGER,
            "manager_name": "Claire Martin",
            "locale": "fr",
        },
    )
    assert response.status_code == 201, response.json
    return response.json


def b2b_order(client, merchant, product_id, font_id, company="SOCIÉTÉ ACME"):
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, font_id)
    ).json
    placed = client.post(
        "/v1/orders",
        headers=merchant.sk,
        json={
            "platform_order_id": "3001",
            "name": "#3001",
            "customer": {"email": BUYER, "name": "Jeanne Dupont", "company": company},
            "lines": [{"quantity": 250, "design": design["id"], "design_token": design["token"]}],
        },
    )
    assert placed.status_code == 201, placed.json
    return placed.json["lines"][0]["job"], design


def decide(client, token, approved, comment=""):
    page = shopper(client).get(f"/proof/{token}")
    if approved:
        return client.post(
            f"/proof/{token}/approve", data={"nonce": nonce_in(page), "approve": "yes"}
        )
    return client.post(
        f"/proof/{token}/changes", data={"nonce": nonce_in(page), "comment": comment}
    )


def job_of(client, merchant, job_id):
    return client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json


def stages(job):
    return [(p["revision"], p["stage"], p["email"], p["status"]) for p in job["proofs"]]


def text_of(message):
    return message.get_body(("plain",)).get_content()


def test_the_managers_approval_alone_makes_the_job_ready(
    client, app, merchant, b2b_product, font_id, acme, smtp_server
):
    job_id, _ = b2b_order(client, merchant, b2b_product, font_id)
    [to_buyer] = smtp_server.messages
    assert smtp_server.envelopes[0][1] == [BUYER]
    assert to_buyer["Subject"] == "Your proof is ready – order #3001"

    approved = decide(client, token_in(to_buyer), approved=True)
    assert approved.status_code == 200
    assert f"The proof now goes to {MANAGER}" in approved.text
    # The buyer's approval does not start production.
    job = job_of(client, merchant, job_id)
    assert job["status"] == "proof_sent"
    assert client.get(f"/v1/jobs/{job_id}/files/print.pdf", headers=merchant.sk).status_code == 409
    assert stages(job) == [(1, "customer", BUYER, "approved"), (1, "manager", MANAGER, "sent")]
    step = moved(job, "proof_sent", "proof_sent")  # a step in the log, not a status change
    assert (step["actor"], step["source"]) == (f"customer:{BUYER}", "203.0.113.9")
    assert step["note"] == f"revision 1 approved by the buyer; sent to the manager {MANAGER}"

    # The manager's mail, in the company's language, says who ordered and that they approved.
    [_, to_manager] = smtp_server.messages
    assert smtp_server.envelopes[1][1] == [MANAGER]
    assert to_manager["Subject"] == (
        "BAT validé par Jeanne Dupont, en attente de votre accord – commande #3001"
    )
    body = text_of(to_manager)
    assert body.startswith("Bonjour Claire Martin,")
    assert "Jeanne Dupont (Société Acme) a commandé l'article ci-dessous et validé son" in body
    assert f"Commandé par : Jeanne Dupont <{BUYER}>" in body
    assert "Quantité    : 250" in body
    manager_token = token_in(to_manager)
    assert manager_token != token_in(to_buyer)

    page = client.get(f"/proof/{manager_token}")
    assert '<html lang="fr">' in page.text
    assert "Jeanne Dupont a validé ce BAT. En tant que responsable de Société Acme" in page.text
    assert "<dt>Commandé par</dt><dd>Jeanne Dupont (jeanne@acme.example)</dd>" in page.text
    assert "Validé par l&#39;acheteur" in page.text
    assert "Modifier mon design" not in page.text  # the manager decides, the buyer designs
    # The buyer's link has had its say: no form left to decide with.
    buyer_page = client.get(f"/proof/{token_in(to_buyer)}")
    assert "already been decided" in buyer_page.text
    assert 'name="nonce"' not in buyer_page.text

    assert decide(client, manager_token, approved=True).status_code == 200
    job = job_of(client, merchant, job_id)
    assert job["status"] == "ready"
    assert stages(job) == [(1, "customer", BUYER, "approved"), (1, "manager", MANAGER, "approved")]
    assert moved(job, "proof_sent", "approved")["actor"] == f"customer:{MANAGER}"
    assert moved(job, "approved", "ready")["actor"] == "system"
    with app.app_context():
        events = db.session.scalars(
            sa.select(WebhookEvent)
            .where(WebhookEvent.type.like("proof.%"))
            .order_by(WebhookEvent.created_at, WebhookEvent.id)
        ).all()
        assert [(e.type, e.payload["stage"]) for e in events] == [
            ("proof.sent", "customer"),
            ("proof.approved", "customer"),
            ("proof.sent", "manager"),
            ("proof.approved", "manager"),
        ]


def test_a_managers_change_request_sends_the_buyer_back_to_the_editor(
    client, merchant, b2b_product, font_id, acme, smtp_server
):
    job_id, design = b2b_order(client, merchant, b2b_product, font_id)
    decide(client, token_in(smtp_server.messages[0]), approved=True)
    requested = decide(
        client, token_in(smtp_server.messages[1]), approved=False, comment="Ajoutez le logo."
    )
    assert requested.status_code == 200
    assert job_of(client, merchant, job_id)["status"] == "changes_requested"

    # The buyer hears it in their own language (none given: English), with a link to edit.
    [notice] = smtp_server.messages[2:]
    assert smtp_server.envelopes[2][1] == [BUYER]
    assert notice["Subject"] == "Changes requested on your proof – order #3001"
    assert "Claire Martin asked for changes to the proof of your order #3001" in text_of(notice)
    assert "“Ajoutez le logo.”" in text_of(notice)
    link = token_in(notice)
    page = client.get(f"/proof/{link}")
    assert "Changes were requested: “Ajoutez le logo.”" in page.text
    assert f'href="/proof/{link}/edit">Edit my design</a>' in page.text

    # The buyer edits with that link, and asks for the new proof.
    as_link = {"Authorization": f"Bearer {link}", "Monogram-Design-Token": link}
    current = client.get(f"/v1/designs/{design['id']}", headers=as_link)
    assert current.status_code == 200
    saved = client.put(
        f"/v1/designs/{design['id']}",
        headers={**as_link, "If-Match": current.headers["ETag"]},
        json=samples.design(b2b_product, font_id, text="Jeanne Dupont · Acme"),
    )
    assert saved.status_code == 200, saved.json
    edit_page = client.get(f"/proof/{link}/edit")
    revised = client.post(f"/proof/{link}/revise", data={"nonce": nonce_in(edit_page)})
    assert revised.status_code == 200

    # Revision 2 goes to the buyer, then to the manager, whose approval ends it.
    assert smtp_server.envelopes[3][1] == [BUYER]
    decide(client, token_in(smtp_server.messages[3]), approved=True)
    assert smtp_server.envelopes[4][1] == [MANAGER]
    assert job_of(client, merchant, job_id)["status"] == "proof_sent"
    decide(client, token_in(smtp_server.messages[4]), approved=True)
    job = job_of(client, merchant, job_id)
    assert (job["status"], job["version"]) == ("ready", 2)
    assert stages(job) == [
        (1, "customer", BUYER, "approved"),
        (1, "manager", MANAGER, "changes_requested"),
        (2, "customer", BUYER, "approved"),
        (2, "manager", MANAGER, "approved"),
    ]
    assert len(smtp_server.messages) == 5


def test_without_a_manager_email_the_buyers_approval_is_final(
    client, app, merchant, b2b_product, font_id, acme, smtp_server
):
    job_id, _ = b2b_order(client, merchant, b2b_product, font_id, company="Gamma SARL")
    with app.app_context():
        assert db.session.get(ProductionJob, job_id).manager_email is None
    approved = decide(client, token_in(smtp_server.messages[0]), approved=True)
    assert "the proof is approved and goes into production" in approved.text
    job = job_of(client, merchant, job_id)
    assert job["status"] == "ready"
    assert stages(job) == [(1, "customer", BUYER, "approved")]
    decided = moved(job, "proof_sent", "approved")
    assert (decided["from"], decided["to"], decided["actor"]) == (
        "proof_sent",
        "approved",
        f"customer:{BUYER}",
    )
    assert decided["note"] == (
        "no manager e-mail is known for the buyer's company: the buyer's approval is final"
    )
    assert len(smtp_server.messages) == 1


def test_the_merchant_can_approve_while_the_manager_has_not(
    client, merchant, b2b_product, font_id, acme, smtp_server
):
    job_id, _ = b2b_order(client, merchant, b2b_product, font_id)
    decide(client, token_in(smtp_server.messages[0]), approved=True)
    approved = client.post(f"/v1/jobs/{job_id}/approve", headers=merchant.sk)
    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "ready"
    assert stages(approved.json) == [
        (1, "customer", BUYER, "approved"),
        (1, "manager", MANAGER, "approved"),
    ]
    assert approved.json["proofs"][1]["decided_by"] == f"merchant:{merchant.secret[:10]}"
    manager_page = client.get(f"/proof/{token_in(smtp_server.messages[1])}")
    assert "déjà fait l&#39;objet d&#39;une décision" in manager_page.text


def test_a_waiting_manager_is_reminded_in_their_language(
    client, app, merchant, b2b_product, font_id, acme, smtp_server
):
    b2b_order(client, merchant, b2b_product, font_id)
    decide(client, token_in(smtp_server.messages[0]), approved=True)
    with app.app_context():
        manager_proof = db.session.scalar(sa.select(Proof).where(Proof.stage == "manager"))
        proof_id, sent_at = manager_proof.id, manager_proof.created_at
        # Only the manager's proof waits: the buyer's is decided.
        assert proofs.send_reminders(sent_at + timedelta(hours=48)) == [proof_id]
    [*_, reminder] = smtp_server.messages
    assert len(smtp_server.messages) == 3
    assert smtp_server.envelopes[2][1] == [MANAGER]
    assert reminder["Subject"] == (
        "Rappel : BAT validé par Jeanne Dupont, en attente de votre accord – commande #3001"
    )
    assert "Ce bon à tirer attend toujours votre réponse." in text_of(reminder)
    page = client.get(f"/proof/{token_in(reminder)}")
    assert decide(client, token_in(reminder), approved=True).status_code == 200
    assert "Jeanne Dupont a validé ce BAT" in page.text


def test_a_buyer_who_is_their_companys_manager_approves_once(
    client, merchant, b2b_product, font_id, acme, smtp_server
):
    changed = client.patch(
        f"/v1/companies/{acme['id']}",
        headers=merchant.sk,
        json={"manager_email": "Jeanne@Acme.example"},
    )
    assert changed.status_code == 200
    job_id, _ = b2b_order(client, merchant, b2b_product, font_id)
    decide(client, token_in(smtp_server.messages[0]), approved=True)
    job = job_of(client, merchant, job_id)
    assert job["status"] == "ready"
    assert moved(job, "proof_sent", "approved")["note"] == (
        "the buyer is their company's manager: their approval is final"
    )
    assert len(smtp_server.messages) == 1
