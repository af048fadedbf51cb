"""Security headers on every answer: nosniff everywhere, and a CSP with a nonce on HTML pages."""

import base64
import hashlib
import re
import secrets
from urllib.parse import urlsplit

from flask import current_app, g, request

# An HTML page that sets no policy of its own: scripts and styles from Monogram or carrying this
# response's nonce, nothing inline otherwise, never inside a frame.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
# A page that embeds the editor widget: the widget styles its shadow root inline and draws
# pictures and fonts from blob: and data: URLs, as on a shop's page.
WIDGET_PAGE_POLICY = (
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; font-src 'self' blob: data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

# The API reference (/docs) is flask-smorest's Swagger UI page: its scripts and styles come from
# the CDN, and its one inline script is allowed by its hash, as the template cannot carry a nonce.
DOCS_ENDPOINT = "api-docs.openapi_swagger_ui"
DOCS_POLICY = (
    "default-src 'none'; script-src {cdn} {hashes}; style-src {cdn} 'unsafe-inline'; "
    "img-src 'self' data: {cdn}; font-src data: {cdn}; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def csp_nonce():
    """This response's nonce: the one inline script or style a page may carry must bear it."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def page_policy(policy):
    """This response gets `policy` ({nonce} filled in) instead of PAGE_POLICY."""
    g.security_policy = policy


def _docs_policy(response):
    cdn = urlsplit(current_app.config["OPENAPI_SWAGGER_UI_URL"])
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in INLINE_SCRIPT.findall(response.get_data())
    )
    return DOCS_POLICY.format(cdn=f"{cdn.scheme}://{cdn.netloc}", hashes=hashes or "'none'")


def _headers(response):
    # Browsers must take every answer, JSON and files included, for the type it says it is.
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype != "text/html":
        return response
    if request.endpoint == DOCS_ENDPOINT:
        response.headers["Content-Security-Policy"] = _docs_policy(response)
    elif "Content-Security-Policy" not in response.headers:
        policy = g.get("security_policy", PAGE_POLICY)
        response.headers["Content-Security-Policy"] = policy.format(nonce=csp_nonce())
    if "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]:
        response.headers.setdefault("X-Frame-Options", "DENY")  # for browsers older than CSP 2
    # Links carry tokens (proofs, quotes, resets): no page tells another site where it was.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def init_app(app):
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    # Registered before the blueprints' own hooks, so it runs after them: a page's own policy
    # (console, workshop portal, quote page) is kept as it is.
    app.after_request(_headers)
