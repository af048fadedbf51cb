"""Outgoing e-mail: SMTP when a host is set, otherwise .eml files in the instance outbox."""

import logging
import os
import re
import smtplib
import ssl
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)

# Long enough for a slow relay, short enough that a dead one fails the job well within its timeout.
SMTP_TIMEOUT = 30
SECURITY_MODES = ("starttls", "ssl", "none")


def new_message_id(mail_from):
    """A Message-ID in the sender's domain; made once per mail, so a retried send keeps it."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    # An explicit domain also spares make_msgid a slow reverse DNS lookup of the host name.
    return make_msgid(domain=domain)


def date_header(moment=None):
    """The Date header for a mail completed at `moment` (now, by default)."""
    return format_datetime(moment or datetime.now(UTC))


def compose(mail_from, to, subject, text, html, message_id, date, attachments=()):
    """A multipart/alternative mail: the text part first, the HTML part preferred by clients.

    `date` is already in RFC 5322 form (see `date_header`), made when the mail was rendered.
    `attachments`: (filename, media type, bytes) each, after the two bodies (multipart/mixed).
    """
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = date
    message["Message-ID"] = message_id
    # RFC 3834: tells auto-responders (out-of-office…) not to answer a machine.
    message["Auto-Submitted"] = "auto-generated"
    # Quoted-printable keeps accented text 7-bit clean for relays without 8BITMIME.
    message.set_content(text, subtype="plain", cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    for filename, media_type, data in attachments:
        maintype, _, subtype = media_type.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


class SmtpSender:
    """Hands each mail to an SMTP relay over one short-lived connection."""

    def __init__(
        self,
        host,
        port,
        mail_from,
        username="",
        password="",
        security="starttls",
        timeout=SMTP_TIMEOUT,
    ):
        if security not in SECURITY_MODES:
            raise ValueError(f"unknown SMTP security {security!r}")
        self.host = host
        self.port = port
        self.mail_from = mail_from
        self.username = username
        self.password = password
        self.security = security
        self.timeout = timeout

    def describe(self):
        return f"SMTP {self.host}:{self.port} ({self.security})"

    def send(self, message):
        """Deliver or raise: a refused connection, login or recipient is an exception to retry."""
        if self.security == "ssl":
            client = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                # Raises when the server does not offer STARTTLS: never fall back to clear text.
                client.starttls(context=ssl.create_default_context())
            if self.username:
                client.login(self.username, self.password)
            refused = client.send_message(message)
        if refused:
            log.warning("mail %s refused for %s", message["Message-ID"], sorted(refused))
        log.info("mail %s sent to %s via %s", message["Message-ID"], message["To"], self.describe())


class OutboxSender:
    """Writes each mail as an .eml file, so development and `make run` need no mail server."""

    def __init__(self, folder, mail_from):
        self.folder = Path(folder)
        self.mail_from = mail_from

    def describe(self):
        return f"outbox folder {self.folder}"

    def path_for(self, message):
        # Named after the Message-ID: a retried send overwrites its file instead of adding one.
        name = re.sub(r"[^A-Za-z0-9._@-]", "_", message["Message-ID"].strip("<> "))
        return self.folder / f"{name}.eml"

    def send(self, message):
        path = self.path_for(message)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.as_bytes())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        log.info("mail %r to %s written to %s", message["Subject"], message["To"], path)
        return path


def sender_from_config(config):
    if not config.SMTP_HOST:
        return OutboxSender(Path(config.INSTANCE_DIR) / "outbox", config.MAIL_FROM)
    return SmtpSender(
        config.SMTP_HOST,
        config.SMTP_PORT,
        config.MAIL_FROM,
        username=config.SMTP_USERNAME,
        password=config.SMTP_PASSWORD,
        security=config.SMTP_SECURITY,
    )


def init_app(app):
    app.extensions["monogram.mail"] = sender_from_config(app.config["MONOGRAM"])


def sender():
    """The current app's sender: SmtpSender or OutboxSender, both with `.mail_from`, `.send()`."""
    return current_app.extensions["monogram.mail"]
