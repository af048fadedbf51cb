"""Logging to stdout with the request id or the job id on every record, and no secret in any."""

import logging
import re
import sys
import uuid

from flask import g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"
MASK = "***"
# What gives access if read in a log, each kept up to where it stops being secret:
SECRETS = (
    # keys, webhook secrets, proof links, design tokens, quote line tokens, Shopify tokens;
    re.compile(r"\b((?:sk|pk|whsec|prf|dt|dq|shpat|shpca|shppa|shpss)_)[A-Za-z0-9_-]{6,}"),
    # whatever follows "Bearer" in a header;
    re.compile(r"(?i)\b(bearer\s+)[^\s,;\"']+"),
    # named fields in query strings, forms, JSON and reprs (signed links' signatures too);
    re.compile(
        r"(?i)(\b(?:password|new_password|passwd|secret|client_secret|access_token|token|"
        r"design_token|csrf|nonce|signature|sig|hmac)[\"']?\s*[=:]\s*[\"']?)"
        r"[^\s&\"',;}]+"
    ),
    # an OAuth grant in a query string;
    re.compile(r"([?&]code=)[^\s&\"']+"),
    # links whose path is the token: password resets, invitations, quotes.
    re.compile(r"(/(?:console/reset|workshop/welcome|quote)/)[^/\s?\"']+"),
)


def mask(text):
    """`text` with every secret it holds replaced by ***, its prefix kept for diagnosis."""
    for pattern in SECRETS:
        text = pattern.sub(lambda found: found.group(1) + MASK, text)
    return text


def _masking_factory(make_record):
    def make(*args, **kwargs):
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format is the handler's to report, as without masking
            return record
        record.msg, record.args = mask(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return record

    make.masks_secrets = True
    return make


def _mask_every_record():
    # At the making of each record, not in one handler: every logger and handler (werkzeug's
    # and gunicorn's access lines, rq, a test's capture) gets the masked text.
    current = logging.getLogRecordFactory()
    if not getattr(current, "masks_secrets", False):
        logging.setLogRecordFactory(_masking_factory(current))


class _ContextFilter(logging.Filter):
    def filter(self, record):
        record.request_id = "-"
        if has_request_context():
            record.request_id = getattr(g, "request_id", "-")
        else:
            from rq import get_current_job

            job = get_current_job()
            if job is not None:
                record.request_id = f"job:{job.id}"
        return True


def init_app(app):
    _mask_every_record()
    level = app.config["MONOGRAM"].LOG_LEVEL.upper()
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(_ContextFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    root = logging.getLogger("monogram")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False

    @app.before_request
    def _assign_request_id():
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        # Keep a caller's id only when it is short and plain, so logs cannot be forged.
        if incoming and len(incoming) <= 64 and incoming.replace("-", "").isalnum():
            g.request_id = incoming
        else:
            g.request_id = uuid.uuid4().hex

    @app.after_request
    def _echo_request_id(response):
        response.headers[REQUEST_ID_HEADER] = getattr(g, "request_id", "")
        return response
