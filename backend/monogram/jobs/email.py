"""Job of the "email" queue: hand one rendered mail to the configured sender."""

from monogram.extensions import mail
from monogram.jobs import in_app_context


@in_app_context
def send(message):
    """Send a mail rendered by `services.mailer.render`; a refusal raises so rq retries it.

    Safe to retry: the mail was rendered once, so every attempt sends the same bytes with the
    same Message-ID and Date. A relay that refuses the connection, the login or the recipient
    has accepted nothing, so the retry is the first delivery. Only a failure after the relay took
    the data (its reply to the message lost, say) can deliver twice, and then both copies share
    their Message-ID, which mail clients use to show them once. The outbox overwrites the file
    named after that id.
    """
    sender = mail.sender()
    sender.send(mail.compose(sender.mail_from, **message))
