"""The REST API (flask-smorest) and the one error envelope every error goes out in."""

import logging

import marshmallow as ma
from flask import jsonify
from flask_smorest import Api
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from monogram.document.pointers import messages_to_pointers
from monogram.errors import MonogramError

log = logging.getLogger(__name__)


class FieldErrorSchema(ma.Schema):
    path = ma.fields.String(metadata={"description": "JSON pointer to the faulty value"})
    location = ma.fields.String(
        metadata={
            "description": "Where the value was sent when not in the JSON body: "
            "query, headers or form"
        }
    )
    message = ma.fields.String(metadata={"description": "What is wrong and what to do"})


class ErrorSchema(ma.Schema):
    code = ma.fields.Integer(metadata={"description": "HTTP status code"})
    status = ma.fields.String(metadata={"description": "HTTP status name"})
    message = ma.fields.String(metadata={"description": "What went wrong, for a person"})
    errors = ma.fields.List(
        ma.fields.Nested(FieldErrorSchema), metadata={"description": "One entry per faulty field"}
    )


CRASH_MESSAGE = "Something went wrong on our side. The error is logged; try again shortly."


def envelope(code, message=None, errors=None):
    body = {"code": code, "status": HTTP_STATUS_CODES.get(code, "Error")}
    if message:
        body["message"] = message
    if errors:
        body["errors"] = errors
    return body


def webargs_errors(messages):
    """webargs reports {location: {field: [msg]}}; turn it into the envelope's list of pointers."""
    errors = []
    for location, nested in messages.items():
        for item in messages_to_pointers(nested):
            if location != "json":
                # Uploads are read as one multipart form (api.common.MultipartParser).
                item["location"] = "form" if location == "files" else location
            errors.append(item)
    return errors


class MonogramApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        data = getattr(error, "data", None) or {}
        message = data.get("message") or error.description
        errors = data.get("errors")
        if errors is None and "messages" in data:
            errors = webargs_errors(data["messages"])
            message = data.get("message") or "The request is not valid; see errors for each field."
        if isinstance(error, InternalServerError):
            # Never show a stack trace or internal detail to the client.
            message = CRASH_MESSAGE
        return envelope(error.code, message, errors), error.code, data.get("headers", {})

    def handle_domain_error(self, error):
        response = jsonify(envelope(error.status, error.message, error.errors))
        response.status_code = error.status
        response.headers.update(error.headers)
        return response


api = MonogramApi()


def _is_duplicate(error):
    # psycopg reports SQLSTATE 23505; sqlite3 only has the message.
    return getattr(error.orig, "sqlstate", None) == "23505" or str(error.orig).startswith(
        "UNIQUE constraint failed"
    )


def _integrity_error(error):
    from monogram.extensions.db import db

    db.session.rollback()
    if not _is_duplicate(error):
        # Any other broken constraint means a check in our code is missing: a bug, not a conflict.
        log.error("integrity error", exc_info=error)
        return jsonify(envelope(500, CRASH_MESSAGE)), 500
    log.info("duplicate turned into 409: %s", error.orig)
    body = envelope(
        409, "This conflicts with something that already exists (a duplicate id or reference)."
    )
    return jsonify(body), 409


def _database_unavailable(error):
    from monogram.extensions.db import db

    db.session.rollback()
    log.error("database unavailable: %s", error)
    body = envelope(503, "The database is unavailable for a moment; try again shortly.")
    response = jsonify(body)
    response.status_code = 503
    response.headers["Retry-After"] = "5"
    return response


def init_app(app):
    app.config.update(
        API_TITLE="Monogram",
        API_VERSION="1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
    )
    spec_kwargs = {
        "info": {
            "description": (
                "Monogram turns shoppers' personalised designs into print-ready production files. "
                "Authenticate with `Authorization: Bearer <key>`: "
                "a secret key (`sk_…`) for servers, "
                "a publishable key (`pk_…`) for the editor widget."
            )
        }
    }
    api.init_app(app, spec_kwargs=spec_kwargs)
    api.spec.components.security_scheme(
        "secretKey", {"type": "http", "scheme": "bearer", "description": "Secret key sk_…"}
    )
    api.spec.components.security_scheme(
        "publishableKey",
        {"type": "http", "scheme": "bearer", "description": "Publishable key pk_…"},
    )
    app.register_error_handler(MonogramError, api.handle_domain_error)
    # Integrity errors are conflicts, in one place rather than in every route.
    app.register_error_handler(IntegrityError, _integrity_error)
    app.register_error_handler(OperationalError, _database_unavailable)
