"""Logging to stdout with the request id or the job id on every record."""

import logging
import sys
import uuid

from flask import g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"


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
