"""Proof e-mails: rendered in the customer's language, queued at commit, received over SMTP."""

import email
import email.policy
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from rq import Queue

from monogram import create_app
from monogram.extensions.db import db
from monogram.jobs import email as email_job
from monogram.services import mailer
from tests.conftest import make_config
from tests.servers import free_port

FROM = "Imprimerie Dupont <bat@imprimerie-dupont.fr>"
PROOF_URL = "https://shop.example/proof/eyJqb2IiOjQyfQ.sig_-xyz"
PROOF = {
    "order_name": "#1001",
    "product_name": "Carte de visite",
    "quantity": 250,
    "proof_url": PROOF_URL,
    "expires_at": datetime(2026, 12, 4, 17, 30, tzinfo=UTC),
    "merchant_name": "Imprimerie Dupont",
}


@pytest.fixture
def make_app(tmp_path):
    """Apps on SQLite under tmp_path with the given settings; mail needs no tables."""
    apps = []

    def make(**settings):
        root = tmp_path / str(len(apps))
        (root / "instance").mkdir(parents=True)  # where the SQLite file goes
        app = create_app(make_config(root, MAIL_FROM=FROM, **settings))
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def smtp_app(make_app, smtp_server):
    return make_app(SMTP_HOST=smtp_server.host, SMTP_PORT=smtp_server.port, SMTP_SECURITY="none")


def send_and_commit(app, to, template, locale, **context):
    with app.app_context():
        message_id = mailer.send_template(to, template, locale, **context)
        db.session.commit()  # the job runs in-process once the transaction commits
    return message_id


def bodies(message):
    text, html = message.iter_parts()
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    return text.get_content(), html.get_content()


@pytest.mark.parametrize(
    ("locale", "subject", "expiry"),
    [
        ("fr-FR", "Votre bon à tirer est prêt – commande #1001", "4 décembre 2026 à 17:30 (UTC)"),
        ("en", "Your proof is ready – order #1001", "4 December 2026, 17:30 UTC"),
    ],
)
def test_a_proof_mail_reaches_the_smtp_server_in_the_customers_language(
    smtp_app, smtp_server, locale, subject, expiry
):
    message_id = send_and_commit(smtp_app, "client@example.com", "proof_ready", locale, **PROOF)

    [received] = smtp_server.messages
    assert received["To"] == "client@example.com"
    assert received["From"] == FROM
    assert received["Subject"] == subject
    assert received["Message-ID"] == message_id
    text, html = bodies(received)
    for body in (text, html):
        assert PROOF_URL in body
        assert expiry in body
        assert "Carte de visite" in body and "250" in body and "Imprimerie Dupont" in body
    assert f'href="{PROOF_URL}"' in html
    assert f'<html lang="{locale[:2]}">' in html


def test_the_reminder_says_the_proof_is_still_waiting(smtp_app, smtp_server):
    send_and_commit(smtp_app, "client@example.com", "proof_reminder", "fr", **PROOF)

    [received] = smtp_server.messages
    assert received["Subject"].startswith("Rappel : votre bon à tirer attend votre accord")
    text, html = bodies(received)
    assert "attend toujours votre réponse" in text and PROOF_URL in text
    assert f'href="{PROOF_URL}"' in html


def test_names_typed_by_merchants_arrive_escaped_in_html_and_as_typed_in_text(
    smtp_app, smtp_server
):
    hostile = "Dupont <script>alert('x')</script> & fils"
    send_and_commit(
        smtp_app, "client@example.com", "proof_ready", "en", **{**PROOF, "merchant_name": hostile}
    )

    text, html = bodies(smtp_server.messages[0])
    assert "<script>" not in html
    assert "Dupont &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; fils" in html
    assert hostile in text


def test_an_untranslated_locale_falls_back_to_english(smtp_app, smtp_server):
    send_and_commit(smtp_app, "kunde@example.de", "proof_ready", "de", **PROOF)

    [received] = smtp_server.messages
    assert received["Subject"] == "Your proof is ready – order #1001"
    assert '<html lang="en">' in bodies(received)[1]


def test_a_missing_template_variable_fails_the_caller_not_the_customer(smtp_app, smtp_server):
    context = {k: v for k, v in PROOF.items() if k != "proof_url"}
    with smtp_app.app_context(), pytest.raises(Exception, match="proof_url"):
        mailer.send_template("client@example.com", "proof_ready", "en", **context)
    assert smtp_server.messages == []


def test_nothing_is_sent_when_the_transaction_rolls_back(smtp_app, smtp_server):
    with smtp_app.app_context():
        db.session.execute(sa.text("SELECT 1"))  # the work that would have been rolled back
        mailer.send_template("client@example.com", "proof_ready", "fr", **PROOF)
        db.session.rollback()
        db.session.commit()
    assert smtp_server.messages == []


def test_without_an_smtp_host_the_mail_lands_in_the_outbox(make_app, tmp_path):
    app = make_app()  # the embedded default: no MONOGRAM_SMTP_HOST
    send_and_commit(app, "client@example.com", "proof_ready", "fr", **PROOF)

    [eml] = (tmp_path / "0" / "instance" / "outbox").glob("*.eml")
    written = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert written["Subject"] == "Votre bon à tirer est prêt – commande #1001"
    assert PROOF_URL in bodies(written)[0]


def test_a_refusing_server_fails_the_job_and_a_retry_sends_the_same_mail(make_app, smtp_server):
    down = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_SECURITY="none")
    with down.app_context():
        message = mailer.render("client@example.com", "proof_ready", "en", **PROOF)
        with pytest.raises(ConnectionRefusedError):
            email_job.send(message)

    # The relay is back (here: another app pointing at a live one); rq retries with the same dict.
    up = make_app(SMTP_HOST=smtp_server.host, SMTP_PORT=smtp_server.port, SMTP_SECURITY="none")
    with up.app_context():
        email_job.send(message)

    [received] = smtp_server.messages
    assert received["Message-ID"] == message["message_id"]
    assert received["Date"] == message["date"]


@pytest.mark.redis
def test_with_redis_the_mail_goes_to_the_email_queue_with_retries(make_app, redis_server):
    app = make_app(REDIS_URL=redis_server.url)
    send_and_commit(app, "client@example.com", "proof_ready", "en", **PROOF)

    with app.app_context():
        from monogram.extensions.queue import queue

        [job] = Queue("email", connection=queue.connection).jobs
    assert job.func_name == "monogram.jobs.email.send"
    assert job.args[0]["subject"] == "Your proof is ready – order #1001"
    assert job.retries_left == mailer.SEND_RETRIES
    assert job.timeout == mailer.SEND_TIMEOUT
