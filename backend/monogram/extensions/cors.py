"""CORS for /v1: the editor widget calls the API from merchants' shop domains."""

from flask import request

API_PREFIX = "/v1/"
# Any origin: keys travel in the Authorization header and no cookie is ever read, so a page on
# another site cannot act with a shopper's ambient credentials.
ALLOW_ORIGIN = "*"
ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE"
ALLOW_HEADERS = "Authorization, Content-Type, If-Match, Monogram-Design-Token, Monogram-Customer"
# The widget reads these: ETag for If-Match, Location after a create, Retry-After while waiting.
EXPOSE_HEADERS = "ETag, Location, Retry-After"
# Chromium caps the preflight cache at two hours.
PREFLIGHT_MAX_AGE = "7200"


def _is_api(path):
    return path.startswith(API_PREFIX) or path == API_PREFIX.rstrip("/")


def init_app(app):
    @app.before_request
    def answer_preflight():
        if (
            request.method != "OPTIONS"
            or "Access-Control-Request-Method" not in request.headers
            or not _is_api(request.path)
        ):
            return None
        # Answered before routing or auth: a preflight carries no key and only asks "may I".
        response = app.response_class(status=204)
        del response.headers["Content-Type"]  # no body
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response

    @app.after_request
    def allow_origin(response):
        if _is_api(request.path):
            response.headers["Access-Control-Allow-Origin"] = ALLOW_ORIGIN
            response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        return response
