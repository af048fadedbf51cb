"""Transactional e-mail: render a template in the recipient's language, queue it for sending."""

import functools
import re
from datetime import UTC
from pathlib import Path

import jinja2

from monogram.extensions import mail
from monogram.extensions.queue import queue

TEMPLATES = Path(__file__).resolve().parents[1] / "console" / "templates" / "email"
DEFAULT_LOCALE = "en"
# One attempt plus three retries over about six minutes (the queue's intervals) rides out a
# relay restart; a mail still refused after that is in rq's failed registry for a person to see.
SEND_TIMEOUT = 120
SEND_RETRIES = 3

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}


def long_date(moment, locale):
    """A date and time as people write them in `locale`, in UTC and saying so."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    month = MONTHS[locale].split()[moment.month - 1]
    if locale == "fr":
        return f"{moment.day} {month} {moment.year} à {moment:%H:%M} (UTC)"
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M} UTC"


@functools.cache
def _environment():
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Merchant and shopper names are untrusted: escaped in HTML, left as typed in text.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        # A missing variable is a bug to raise, not a blank in a customer's mail.
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = long_date
    return environment


def language_of(locale):
    """The language part of a customer's locale ("fr-CA", "fr_FR", "FR" → "fr"), or English."""
    language = (locale or "").replace("_", "-").partition("-")[0].lower()
    return language if _LANGUAGE.match(language) else DEFAULT_LOCALE


def render(to, template_name, locale, attachments=(), **context):
    """The mail as a plain dict (what the job receives): to, subject, text, html, id and date,
    and attachments ((filename, media type, bytes) each) when there are some.

    The text template sets `subject`; both bodies see the same context plus `locale`.
    """
    if not _NAME.match(template_name):
        raise ValueError(f"invalid e-mail template name {template_name!r}")
    environment = _environment()
    language = language_of(locale)
    try:
        text_template = environment.get_template(f"{template_name}.{language}.txt")
    except jinja2.TemplateNotFound:
        # A language we have not translated yet: English rather than no mail at all.
        language = DEFAULT_LOCALE
        text_template = environment.get_template(f"{template_name}.{language}.txt")
    html_template = environment.get_template(f"{template_name}.{language}.html")
    context = {**context, "locale": language}
    text = text_template.make_module(context)
    subject = " ".join(str(text.subject).split())  # one line, whatever the template did
    html = html_template.render(**context, subject=subject)
    mail_from = mail.sender().mail_from
    message = {
        "to": to,
        "subject": subject,
        "text": str(text).strip() + "\n",
        "html": html,
        "message_id": mail.new_message_id(mail_from),
        "date": mail.date_header(),
    }
    if attachments:
        message["attachments"] = [tuple(attachment) for attachment in attachments]
    return message


def send_template(to, template_name, locale, attachments=(), **context):
    """Render now, send from the "email" queue once the current transaction commits.

    Rendering here means a template error fails the request that caused it, and the job only
    talks to the relay. Returns the Message-ID, which the caller may record.
    """
    message = render(to, template_name, locale, attachments, **context)
    queue.enqueue(
        "email",
        "monogram.jobs.email.send",
        message,
        timeout=SEND_TIMEOUT,
        retries=SEND_RETRIES,
    )
    return message["message_id"]
