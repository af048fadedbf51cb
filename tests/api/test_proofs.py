"""Proofs ("bon à tirer"): e-mailed over SMTP, decided once on /proof/<token>, revised in place."""

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Proof
from monogram.models.base import utcnow
from tests import samples
from tests.conftest import mailing_app

PUBLIC_URL = "https://monogram.example"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/proof/(prf_[A-Za-z0-9_-]+)")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) ProofTest/1.0"


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


@pytest.fixture
def proof_product(client, merchant, font_id):
    body = samples.card_product([font_id], proof="customer")
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def design(client, merchant, proof_product, font_id):
    created = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(proof_product, font_id)
    )
    assert created.status_code == 201, created.json
    return created.json


def order(design):
    return {
        "platform_order_id": "2001",
        "name": "#2001",
        "customer": {"email": "jeanne@example.fr"},
        "lines": [
            {
                "platform_line_id": "1",
                "quantity": 100,
                "design": design["id"],
                "design_token": design["token"],
            }
        ],
    }


def token_in(message):
    (token,) = set(LINK.findall(message.get_body(("plain",)).get_content()))
    return token


def nonce_in(page):
    return re.search(r'name="nonce" value="([^"]+)"', page.text).group(1)


def moved(job, from_status, to_status):
    """The audit log entry of one status change (the last, if it happened more than once)."""
    [*_, event] = [e for e in job["events"] if (e["from"], e["to"]) == (from_status, to_status)]
    return event


def shopper(client):
    client.environ_base.update({"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": BROWSER})
    return client


def test_changes_then_a_second_revision_then_approval(
    client, merchant, design, proof_product, font_id, smtp_server, app
):
    placed = client.post("/v1/orders", headers=merchant.sk, json=order(design))
    assert placed.status_code == 201, placed.json
    job_id = placed.json["lines"][0]["job"]
    job = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json
    assert job["status"] == "proof_sent"
    # Nothing goes to production before approval.
    pdf = client.get(f"/v1/jobs/{job_id}/files/print.pdf", headers=merchant.sk)
    assert pdf.status_code == 409
    [first] = smtp_server.messages
    assert smtp_server.envelopes[0][1] == ["jeanne@example.fr"]
    assert first["Subject"] == "Your proof is ready – order #2001"
    first_token = token_in(first)

    # The approver opens the link, in French, and asks for a change.
    page = shopper(client).get(
        f"/proof/{first_token}", headers={"Accept-Language": "fr-FR,fr;q=0.9"}
    )
    assert page.status_code == 200
    assert "BAT de la commande #2001" in page.text and "100" in page.text
    image = re.search(r'<img src="([^"]+proof-front\.png)"', page.text).group(1)
    served = client.get(image)
    assert (served.status_code, served.mimetype) == (200, "image/png")
    assert served.data.startswith(b"\x89PNG")
    assert client.get(f"/proof/{first_token}/files/print.pdf").status_code == 404
    assert client.get(f"/proof/{first_token}/files/manifest.json").status_code == 404
    requested = client.post(
        f"/proof/{first_token}/changes",
        data={"nonce": nonce_in(page), "comment": "Le nom est Jeanne Martin."},
    )
    assert requested.status_code == 200
    assert client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json["status"] == (
        "changes_requested"
    )

    # The shopper edits the design; the merchant sends the new revision: same job, no new order.
    edited = samples.design(proof_product, font_id, text="Jeanne Martin")
    put = client.put(
        f"/v1/designs/{design['id']}",
        headers={
            **merchant.pk,
            "Monogram-Design-Token": design["token"],
            "If-Match": f'"{design["etag"]}"',
        },
        json=edited,
    )
    assert put.status_code == 200, put.json
    resent = client.post(f"/v1/jobs/{job_id}/proofs", headers=merchant.sk)
    assert resent.status_code == 202, resent.json
    assert len(smtp_server.messages) == 2
    second_token = token_in(smtp_server.messages[1])
    assert second_token != first_token

    # The old link cannot decide any more; the new one approves.
    stale = client.post(
        f"/proof/{first_token}/approve", data={"nonce": nonce_in(page), "approve": "yes"}
    )
    assert stale.status_code == 409
    assert "already been decided" in stale.text
    page = client.get(f"/proof/{second_token}")
    assert "Proof for order #2001" in page.text
    missing = client.post(f"/proof/{second_token}/approve", data={"nonce": nonce_in(page)})
    assert missing.status_code == 422
    approved = client.post(
        f"/proof/{second_token}/approve", data={"nonce": nonce_in(page), "approve": "yes"}
    )
    assert approved.status_code == 200
    assert "the proof is approved" in approved.text
    again = client.post(
        f"/proof/{second_token}/approve", data={"nonce": nonce_in(page), "approve": "yes"}
    )
    assert again.status_code == 409

    job = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json
    assert (job["status"], job["version"]) == ("ready", 2)
    assert "print.pdf" in {f["name"] for f in job["files"]}
    assert [(p["revision"], p["version"], p["status"]) for p in job["proofs"]] == [
        (1, 1, "changes_requested"),
        (2, 2, "approved"),
    ]
    customer = "customer:jeanne@example.fr"
    assert [(e["from"], e["to"], e["actor"]) for e in job["events"]] == [
        (None, "received", "system"),
        ("received", "rendering", "system"),
        ("rendering", "awaiting_proof", "system"),
        ("awaiting_proof", "proof_sent", "system"),
        ("proof_sent", "changes_requested", customer),
        ("changes_requested", "received", f"merchant:{merchant.secret[:10]}"),
        ("received", "rendering", "system"),
        ("rendering", "awaiting_proof", "system"),
        ("awaiting_proof", "proof_sent", "system"),
        ("proof_sent", "approved", customer),
        ("approved", "ready", "system"),
    ]
    assert job["events"][4]["note"] == "Le nom est Jeanne Martin."
    assert job["events"][4]["source"] == "203.0.113.9"
    moments = [e["at"] for e in job["events"]]
    assert moments == sorted(moments)

    with app.app_context():
        decisions = db.session.scalars(sa.select(Proof).order_by(Proof.revision)).all()
        assert [(d.ip, d.user_agent, d.decided_by) for d in decisions] == [
            ("203.0.113.9", BROWSER, customer)
        ] * 2
        assert decisions[0].comment == "Le nom est Jeanne Martin."
        assert all(d.decided_at is not None for d in decisions)
        assert second_token not in {d.token_hash for d in decisions}  # only its hash is kept
        decisions[1].status = "changes_requested"
        with pytest.raises(RuntimeError, match="cannot change"):
            db.session.commit()


@pytest.fixture
def sent_job(client, merchant, design):
    created = client.post(
        "/v1/jobs",
        headers=merchant.sk,
        json={"design": design["id"], "order": "#9", "proof_email": "buyer@example.com"},
    )
    assert created.status_code == 201, created.json
    assert created.json["status"] == "received"
    return created.json["id"]


def test_the_merchant_approves_on_the_customers_behalf(client, merchant, sent_job, smtp_server):
    [mail] = smtp_server.messages
    approved = client.post(f"/v1/jobs/{sent_job}/approve", headers=merchant.sk)
    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "ready"
    actor = f"merchant:{merchant.secret[:10]}"
    [proof] = approved.json["proofs"]
    assert (proof["status"], proof["decided_by"]) == ("approved", actor)
    assert proof["comment"] == "approved on the customer's behalf"
    decided = moved(approved.json, "proof_sent", "approved")
    assert (decided["from"], decided["to"], decided["actor"]) == ("proof_sent", "approved", actor)
    assert decided["note"] == "approved on the customer's behalf"
    # The customer's link now says it is decided, and cannot decide again.
    token = token_in(mail)
    page = client.get(f"/proof/{token}")
    assert page.status_code == 200 and "already been decided" in page.text
    assert 'name="nonce"' not in page.text


def test_another_merchants_job_is_404(client, other_merchant, sent_job):
    for method, path in (
        ("get", f"/v1/jobs/{sent_job}"),
        ("post", f"/v1/jobs/{sent_job}/approve"),
        ("post", f"/v1/jobs/{sent_job}/proofs"),
    ):
        assert getattr(client, method)(path, headers=other_merchant.sk).status_code == 404


def test_unknown_or_expired_links_say_what_to_do(client, app, sent_job, smtp_server):
    token = token_in(smtp_server.messages[0])
    unknown = client.get("/proof/prf_nothing-here?lang=fr")
    assert unknown.status_code == 404
    assert "contactez la boutique" in unknown.text
    with app.app_context():
        proof = db.session.scalar(sa.select(Proof))
        proof.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    expired = client.get(f"/proof/{token}")
    assert expired.status_code == 404
    assert "has expired" in expired.text
    assert client.post(f"/proof/{token}/approve", data={"approve": "yes"}).status_code == 404


def test_a_form_without_the_pages_nonce_is_refused(client, merchant, sent_job, smtp_server):
    token = token_in(smtp_server.messages[0])
    forged = client.post(f"/proof/{token}/approve", data={"approve": "yes", "nonce": "1.abc"})
    assert forged.status_code == 400
    assert client.get(f"/v1/jobs/{sent_job}", headers=merchant.sk).json["status"] == "proof_sent"


def test_without_an_approver_email_the_job_waits_for_the_merchant(client, merchant, design):
    created = client.post("/v1/jobs", headers=merchant.sk, json={"design": design["id"]})
    job = client.get(f"/v1/jobs/{created.json['id']}", headers=merchant.sk).json
    assert (job["status"], job["proofs"]) == ("awaiting_proof", [])
    approved = client.post(f"/v1/jobs/{job['id']}/approve", headers=merchant.sk)
    assert approved.json["status"] == "ready"


def place(client, merchant, body):
    placed = client.post("/v1/orders", headers=merchant.sk, json=body)
    assert placed.status_code == 201, placed.json
    return placed.json["lines"][0]["job"]


def test_mails_and_pages_speak_the_customers_language(client, merchant, design, smtp_server):
    body = order(design)
    body["customer"]["locale"] = "fr-CA"
    place(client, merchant, body)
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Votre bon à tirer est prêt – commande #2001"
    assert "Vérifier et valider le BAT" in mail.get_body(("plain",)).get_content()
    token = token_in(mail)
    # The order's language comes before the browser's; ?lang= before both.
    page = client.get(f"/proof/{token}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="fr">' in page.text
    assert "BAT de la commande #2001" in page.text
    english = client.get(f"/proof/{token}?lang=en", headers={"Accept-Language": "fr"})
    assert "Proof for order #2001" in english.text


def link_headers(token):
    """What the widget sends on the edit page: the proof link as key and as design token."""
    return {"Authorization": f"Bearer {token}", "Monogram-Design-Token": token}


def revise_form(page):
    return re.search(r'<form id="revise"[^>]*>', page.text).group(0)


def test_the_buyer_edits_the_design_from_the_proof_link_and_gets_the_next_revision(
    client, merchant, design, proof_product, font_id, smtp_server
):
    job_id = place(client, merchant, order(design))
    token = token_in(smtp_server.messages[0])
    page = client.get(f"/proof/{token}")
    edit = re.search(r'<a class="button" href="([^"]+)">Edit my design</a>', page.text).group(1)
    assert edit == f"/proof/{token}/edit"

    editor_page = client.get(edit)
    assert editor_page.status_code == 200
    assert "Edit your design for order #2001" in editor_page.text
    tag = re.search(r'<script src="/widget/monogram\.js"([^>]*)>', editor_page.text).group(1)
    for name, value in (
        ("key", token),
        ("token", token),
        ("design", design["id"]),
        ("product", proof_product),
        ("locale", "en"),
    ):
        assert f'data-{name}="{value}"' in tag
    assert " hidden" in revise_form(editor_page)  # nothing saved yet: nothing to send

    # What the widget loads with the link: the product, its font, the design.
    as_link = link_headers(token)
    assert client.get(f"/v1/products/{proof_product}", headers=as_link).status_code == 200
    assert client.get(f"/v1/fonts/{font_id}", headers=as_link).status_code == 200
    opened = client.get(f"/v1/designs/{design['id']}", headers=as_link)
    assert opened.status_code == 200, opened.json
    # Never more than a publishable key: jobs and companies stay closed.
    assert client.get(f"/v1/jobs/{job_id}", headers=as_link).status_code == 401
    assert client.get("/v1/companies", headers=as_link).status_code == 401

    unchanged = client.post(f"/proof/{token}/revise", data={"nonce": nonce_in(editor_page)})
    assert unchanged.status_code == 409
    assert "has not changed since this proof" in unchanged.text
    edited = samples.design(proof_product, font_id, text="Jeanne Martin")
    saved = client.put(
        f"/v1/designs/{design['id']}",
        headers={**as_link, "If-Match": opened.headers["ETag"]},
        json=edited,
    )
    assert saved.status_code == 200, saved.json
    editor_page = client.get(edit)
    assert " hidden" not in revise_form(editor_page)  # saved: the new proof is offered

    revised = shopper(client).post(f"/proof/{token}/revise", data={"nonce": nonce_in(editor_page)})
    assert revised.status_code == 200
    assert "the new proof is being prepared" in revised.text
    assert len(smtp_server.messages) == 2
    second = token_in(smtp_server.messages[1])
    job = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json
    assert (job["status"], job["version"]) == ("proof_sent", 2)
    assert [(p["revision"], p["version"], p["status"]) for p in job["proofs"]] == [
        (1, 1, "changes_requested"),
        (2, 2, "sent"),
    ]
    customer = "customer:jeanne@example.fr"
    assert [(e["from"], e["to"], e["actor"], e["note"]) for e in job["events"][4:6]] == [
        ("proof_sent", "changes_requested", customer, "the buyer changed the design in the editor"),
        ("changes_requested", "received", customer, "version 2"),
    ]
    assert job["events"][4]["source"] == "203.0.113.9"

    # The first link edits no more; the second does, until it is decided.
    assert client.get(f"/v1/designs/{design['id']}", headers=as_link).status_code == 401
    assert client.get(f"/proof/{token}/edit").status_code == 409
    assert (
        client.get(f"/v1/designs/{design['id']}", headers=link_headers(second)).status_code == 200
    )
    page = client.get(f"/proof/{second}")
    assert (
        client.post(
            f"/proof/{second}/approve", data={"nonce": nonce_in(page), "approve": "yes"}
        ).status_code
        == 200
    )
    assert client.get(
        f"/v1/products/{proof_product}", headers=link_headers(second)
    ).status_code == (401)
    assert "Edit my design" not in client.get(f"/proof/{second}").text


def test_a_proof_link_opens_its_own_design_only(
    client, app, merchant, other_merchant, design, proof_product, font_id, smtp_server
):
    place(client, merchant, order(design))
    token = token_in(smtp_server.messages[0])
    another = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(proof_product, font_id)
    ).json
    refused = client.get(f"/v1/designs/{another['id']}", headers=link_headers(token))
    assert refused.status_code == 403
    # A publishable key with the link as its design token opens this design, and no other.
    with_key = {**merchant.pk, "Monogram-Design-Token": token}
    assert client.get(f"/v1/designs/{design['id']}", headers=with_key).status_code == 200
    assert client.get(f"/v1/designs/{another['id']}", headers=with_key).status_code == 403
    foreign = {**other_merchant.pk, "Monogram-Design-Token": token}
    assert client.get(f"/v1/designs/{design['id']}", headers=foreign).status_code == 404

    with app.app_context():
        proof = db.session.scalar(sa.select(Proof))
        proof.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(f"/v1/designs/{design['id']}", headers=link_headers(token)).status_code == 401
    assert client.get(f"/proof/{token}/edit").status_code == 404


def test_the_lead_time_runs_from_the_approval(app, client, merchant, sent_job):
    from monogram.models import ProductionJob

    with app.app_context():
        # The customer took three weeks to answer: the order's own due date has passed.
        db.session.get(ProductionJob, sent_job).due_at = utcnow() - timedelta(days=7)
        db.session.commit()
    assert client.get(f"/v1/jobs/{sent_job}", headers=merchant.sk).json["flag"] == "late"
    approved = client.post(f"/v1/jobs/{sent_job}/approve", headers=merchant.sk).json
    due = datetime.fromisoformat(approved["due_at"])
    # Five working days from today: a week of calendar days or more, never in the past.
    assert timedelta(days=6) < due - utcnow() < timedelta(days=12)
    assert approved["flag"] is None
