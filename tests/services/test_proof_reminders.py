"""Proof reminders: once per merchant delay while a proof waits, with a link that still works."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from monogram.cli import main
from monogram.extensions.db import db
from monogram.models import JobEvent, Merchant, Proof
from monogram.models.base import utcnow
from monogram.services import mailer, proofs
from tests import samples
from tests.api.test_proofs import PUBLIC_URL, nonce_in, token_in
from tests.conftest import TEST_SECRET, mailing_app


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


@pytest.fixture
def proof_product(client, merchant, font_id):
    body = samples.card_product([font_id], proof="customer")
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def order_job(client, merchant, product_id, font_id, locale=None):
    """An order whose line needs a proof: rendered in-process, its proof e-mailed."""
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, font_id)
    ).json
    customer = {"email": "jeanne@example.fr", **({"locale": locale} if locale else {})}
    placed = client.post(
        "/v1/orders",
        headers=merchant.sk,
        json={
            "platform_order_id": "9",
            "name": "#9",
            "customer": customer,
            "lines": [{"design": design["id"], "design_token": design["token"]}],
        },
    )
    assert placed.status_code == 201, placed.json
    return placed.json["lines"][0]["job"]


@pytest.fixture
def sent(client, app, merchant, proof_product, font_id, smtp_server):
    """The job's one proof, waiting: (proof id, when it was sent)."""
    order_job(client, merchant, proof_product, font_id)
    assert len(smtp_server.messages) == 1
    with app.app_context():
        proof = db.session.scalar(sa.select(Proof))
        return proof.id, proof.created_at


def remind(app, now):
    with app.app_context():
        return proofs.send_reminders(now)


def stored(app, proof_id):
    with app.app_context():
        proof = db.session.get(Proof, proof_id)
        events = db.session.scalar(
            sa.select(sa.func.count()).where(JobEvent.job_id == proof.job_id)
        )
        return proof.reminded_at, proof.expires_at, events


def body_of(message):
    return message.get_body(("plain",)).get_content()


def test_a_waiting_proof_is_reminded_once_per_delay(client, app, sent, smtp_server):
    proof_id, sent_at = sent
    _, expires_at, events_before = stored(app, proof_id)
    assert remind(app, sent_at + timedelta(hours=47, minutes=59)) == []
    assert remind(app, sent_at + timedelta(hours=48)) == [proof_id]
    [first, reminder] = smtp_server.messages
    assert smtp_server.envelopes[1][1] == ["jeanne@example.fr"]
    assert reminder["Subject"] == "Reminder: your proof is waiting for approval – order #9"
    # The first link dies in 12 days: the reminder's link lives as long, and no longer.
    assert f"valid until {mailer.long_date(expires_at, 'en')}" in body_of(reminder)
    link = token_in(reminder)
    assert link != token_in(first)
    assert "Proof for order #9" in client.get(f"/proof/{link}").text
    assert "Proof for order #9" in client.get(f"/proof/{token_in(first)}").text

    # Not again within the delay, counted from the reminder; once more after it.
    assert remind(app, sent_at + timedelta(hours=49)) == []
    assert remind(app, sent_at + timedelta(hours=95, minutes=59)) == []
    assert len(smtp_server.messages) == 2
    assert remind(app, sent_at + timedelta(hours=96)) == [proof_id]
    assert len(smtp_server.messages) == 3
    reminded_at, _, events_after = stored(app, proof_id)
    assert reminded_at == sent_at + timedelta(hours=96)
    assert events_after == events_before  # the proof row records it, the audit log does not


@pytest.mark.parametrize("approved", [True, False])
def test_a_decided_proof_is_not_reminded(client, app, sent, smtp_server, approved):
    proof_id, sent_at = sent
    token = token_in(smtp_server.messages[0])
    page = client.get(f"/proof/{token}")
    if approved:
        decided = client.post(
            f"/proof/{token}/approve", data={"nonce": nonce_in(page), "approve": "yes"}
        )
    else:
        decided = client.post(
            f"/proof/{token}/changes", data={"nonce": nonce_in(page), "comment": "Plus grand."}
        )
    assert decided.status_code == 200
    assert remind(app, sent_at + timedelta(days=30)) == []
    assert len(smtp_server.messages) == 1
    assert stored(app, proof_id)[0] is None


def test_the_merchants_delay_sets_when_and_zero_turns_reminders_off(
    app, merchant, sent, smtp_server
):
    proof_id, sent_at = sent
    with app.app_context():
        db.session.get(Merchant, merchant.merchant_id).proof_reminder_hours = 0
        db.session.commit()
    assert remind(app, sent_at + timedelta(days=60)) == []
    assert len(smtp_server.messages) == 1
    with app.app_context():
        db.session.get(Merchant, merchant.merchant_id).proof_reminder_hours = 4
        db.session.commit()
    assert remind(app, sent_at + timedelta(hours=3, minutes=59)) == []
    assert remind(app, sent_at + timedelta(hours=4)) == [proof_id]


def test_a_reminder_near_expiry_carries_a_link_that_outlives_the_first(
    client, app, merchant, proof_product, font_id, smtp_server
):
    job_id = order_job(client, merchant, proof_product, font_id, locale="fr-FR")
    with app.app_context():
        proof = db.session.scalar(sa.select(Proof))
        proof_id, sent_at, first_expiry = proof.id, proof.created_at, proof.expires_at
    now = sent_at + timedelta(days=13)  # the first link has a day left
    assert remind(app, now) == [proof_id]
    [first, reminder] = smtp_server.messages
    assert reminder["Subject"] == ("Rappel : votre bon à tirer attend votre accord – commande #9")
    new_expiry = (now + proofs.PROOF_TTL).replace(microsecond=0)
    assert f"valable jusqu'au {mailer.long_date(new_expiry, 'fr')}" in body_of(reminder)
    assert new_expiry > first_expiry + timedelta(days=12)

    # The first link works until its own expiry, and not after; the reminder's link goes on.
    original, link = token_in(first), token_in(reminder)
    assert client.get(f"/proof/{original}").status_code == 200
    with app.app_context():
        db.session.get(Proof, proof_id).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(f"/proof/{original}").status_code == 404
    page = client.get(f"/proof/{link}")
    assert page.status_code == 200 and "BAT de la commande #9" in page.text
    approved = client.post(
        f"/proof/{link}/approve", data={"nonce": nonce_in(page), "approve": "yes"}
    )
    assert approved.status_code == 200
    assert client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json["status"] == "ready"

    # A forged or altered signed link opens nothing.
    forged = link[:-1] + ("0" if link[-1] != "0" else "1")
    assert client.get(f"/proof/{forged}").status_code == 404
    later = link.replace(f"-{int(new_expiry.timestamp())}-", f"-{int(new_expiry.timestamp()) + 1}-")
    assert client.get(f"/proof/{later}").status_code == 404


def test_monogram_proofs_remind(app, database_url, tmp_path, sent, smtp_server):
    proof_id, _ = sent
    with app.app_context():
        # Sent two days and a minute ago, as far as the command's clock can tell.
        db.session.get(Proof, proof_id).created_at = utcnow() - timedelta(hours=48, minutes=1)
        db.session.commit()
    env = {
        "MONOGRAM_DATABASE_URL": database_url,
        "MONOGRAM_SECRET_KEY": TEST_SECRET,
        "MONOGRAM_INSTANCE_DIR": str(tmp_path / "cli-instance"),
        "MONOGRAM_PUBLIC_URL": PUBLIC_URL,
        "MONOGRAM_SMTP_HOST": smtp_server.host,
        "MONOGRAM_SMTP_PORT": str(smtp_server.port),
        "MONOGRAM_SMTP_SECURITY": "none",
        "MONOGRAM_LOG_LEVEL": "WARNING",
    }
    result = CliRunner().invoke(main, ["proofs", "remind"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == f"Sent 1 proof reminder(s).\n  {proof_id}\n"
    assert smtp_server.messages[-1]["Subject"].startswith("Reminder: your proof is waiting")
    again = CliRunner().invoke(main, ["proofs", "remind"], env=env, catch_exceptions=False)
    assert again.output == "Sent 0 proof reminder(s).\n"
    assert len(smtp_server.messages) == 2
