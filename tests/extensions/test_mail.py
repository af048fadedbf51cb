"""Mail sending: SMTP to a real server on loopback, or .eml files in the outbox without one."""

import smtplib

import pytest

from monogram.extensions.mail import (
    OutboxSender,
    SmtpSender,
    compose,
    date_header,
    new_message_id,
    sender_from_config,
)
from tests.conftest import make_config
from tests.servers import free_port

FROM = "Imprimerie Dupont <bat@imprimerie-dupont.fr>"


def proof_mail(to="client@example.com"):
    return compose(
        FROM,
        to,
        "Votre bon à tirer est prêt – commande #1001",
        "Bonjour,\nVérifiez le BAT : https://shop.example/proof/tok\n",
        '<p>Vérifiez le <a href="https://shop.example/proof/tok">BAT</a></p>\n',
        message_id=new_message_id(FROM),
        date=date_header(),
    )


def test_a_mail_reaches_the_smtp_server_with_both_bodies_and_its_headers(smtp_server):
    sent = proof_mail()
    SmtpSender(smtp_server.host, smtp_server.port, FROM, security="none").send(sent)

    [received] = smtp_server.messages
    assert smtp_server.envelopes == [("bat@imprimerie-dupont.fr", ["client@example.com"])]
    assert received["From"] == FROM
    assert received["To"] == "client@example.com"
    assert received["Subject"] == "Votre bon à tirer est prêt – commande #1001"
    assert received["Message-ID"] == sent["Message-ID"]
    assert received["Message-ID"].endswith("@imprimerie-dupont.fr>")
    assert received["Date"].datetime is not None
    assert received["Auto-Submitted"] == "auto-generated"
    assert received.get_content_type() == "multipart/alternative"
    text, html = received.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert text.get_content() == "Bonjour,\nVérifiez le BAT : https://shop.example/proof/tok\n"
    assert html.get_content_type() == "text/html"
    assert 'href="https://shop.example/proof/tok"' in html.get_content()


def test_accented_text_travels_7_bit_clean(smtp_server):
    SmtpSender(smtp_server.host, smtp_server.port, FROM, security="none").send(proof_mail())

    raw = smtp_server.messages[0].as_bytes()
    # Relays without 8BITMIME must not see raw UTF-8 bytes.
    assert all(byte < 128 for byte in raw)


def test_a_refused_connection_raises_so_the_job_is_retried():
    closed = SmtpSender("127.0.0.1", free_port(), FROM, security="none", timeout=5)
    with pytest.raises(ConnectionRefusedError):
        closed.send(proof_mail())


def test_starttls_never_falls_back_to_clear_text(smtp_server):
    # The test server offers no STARTTLS, as a misconfigured relay would.
    with pytest.raises(smtplib.SMTPNotSupportedError):
        SmtpSender(smtp_server.host, smtp_server.port, FROM, security="starttls").send(proof_mail())
    assert smtp_server.messages == []


def test_without_an_smtp_host_mails_land_in_the_instance_outbox(tmp_path):
    config = make_config(tmp_path, MAIL_FROM=FROM)
    outbox = sender_from_config(config)
    assert isinstance(outbox, OutboxSender)
    sent = proof_mail()

    path = outbox.send(sent)

    assert path.parent == tmp_path / "instance" / "outbox"
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert path.suffix == ".eml"
    assert path.read_bytes() == sent.as_bytes()


def test_sending_the_same_mail_twice_to_the_outbox_keeps_one_file(tmp_path):
    outbox = OutboxSender(tmp_path / "outbox", FROM)
    sent = proof_mail()
    outbox.send(sent)
    outbox.send(sent)
    assert len(list((tmp_path / "outbox").iterdir())) == 1


def test_an_smtp_host_in_the_settings_selects_smtp(tmp_path):
    config = make_config(
        tmp_path,
        SMTP_HOST="smtp.example.com",
        SMTP_PORT=465,
        SMTP_SECURITY="ssl",
        SMTP_USERNAME="monogram",
        SMTP_PASSWORD="secret",
    )
    sender = sender_from_config(config)
    assert isinstance(sender, SmtpSender)
    assert (sender.host, sender.port, sender.security) == ("smtp.example.com", 465, "ssl")
    assert (sender.username, sender.password) == ("monogram", "secret")
    assert sender.mail_from == "Monogram <no-reply@localhost>"
