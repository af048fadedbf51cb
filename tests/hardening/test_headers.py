"""Every page Monogram serves is locked down: CSP with frame-ancestors, nosniff, no referrer."""

import base64
import hashlib
import re

import pytest

from tests import samples
from tests.api.test_proofs import PUBLIC_URL, place, token_in
from tests.api.test_proofs import order as proof_order
from tests.conftest import mailing_app

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL)
STYLE = re.compile(r"<style\b([^>]*)>", re.DOTALL)
NONCE_ATTRIBUTE = re.compile(r'\bnonce="([^"]+)"')


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


def policy_of(response):
    """The CSP as {directive: [sources]}."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def allows_inline(policy, directive, attributes, body=""):
    """Whether `policy` lets an inline <script> or <style> with these attributes run."""
    sources = policy.get(directive, policy.get("default-src", []))
    nonce = NONCE_ATTRIBUTE.search(attributes)
    if nonce and f"'nonce-{nonce[1]}'" in sources:
        return True
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    if f"'sha256-{digest}'" in sources:
        return True
    has_nonce_or_hash = any(s.startswith(("'nonce-", "'sha256-")) for s in sources)
    # CSP ignores 'unsafe-inline' once a nonce or hash is listed.
    return "'unsafe-inline'" in sources and not has_nonce_or_hash


def assert_locked_page(response, framed_by=("'none'",)):
    assert response.mimetype == "text/html"
    policy = policy_of(response)
    assert policy["frame-ancestors"] == list(framed_by)
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("script-src", [])
    assert "'unsafe-eval'" not in policy.get("script-src", [])
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    html = response.get_data(as_text=True)
    for attributes, body in SCRIPT.findall(html):
        if "src=" not in attributes:
            assert allows_inline(policy, "script-src", attributes, body), attributes
    for attributes in STYLE.findall(html):
        assert allows_inline(policy, "style-src", attributes), attributes


# The pages anyone may open: sign-in and reset forms, the demo shop, unknown links, the docs.
PUBLIC_PAGES = (
    "/console/signin",
    "/console/reset",
    "/workshop/signin",
    "/demo",  # not seeded here: the page that says how to seed it
    "/demo/cart",
    "/quote/quo_nothing",
    "/proof/prf_nothing",
    "/docs",
)


def test_pages_without_a_sign_in_are_locked(client):
    for path in PUBLIC_PAGES:
        assert_locked_page(client.get(path))


def test_the_proof_pages_are_locked(client, merchant, smtp_server, proof_design):
    place(client, merchant, proof_order(proof_design))
    token = token_in(smtp_server.messages[0])
    page = client.get(f"/proof/{token}")
    assert page.status_code == 200
    assert_locked_page(page)
    edit = client.get(f"/proof/{token}/edit")
    assert edit.status_code == 200
    assert_locked_page(edit)
    # The editor page's own script runs by its nonce; the widget comes from Monogram itself.
    html = edit.get_data(as_text=True)
    inline = [attributes for attributes, _ in SCRIPT.findall(html) if "src=" not in attributes]
    assert len(inline) == 1
    assert policy_of(edit)["script-src"][0] == "'self'"
    files = re.findall(r'<img src="([^"]+)"', page.get_data(as_text=True))
    assert files
    picture = client.get(files[0])
    assert picture.status_code == 200
    assert picture.headers["X-Content-Type-Options"] == "nosniff"


def test_each_response_has_its_own_nonce(client):
    first = policy_of(client.get("/demo/cart"))["script-src"]
    second = policy_of(client.get("/demo/cart"))["script-src"]
    assert [s for s in first if s.startswith("'nonce-")] != [
        s for s in second if s.startswith("'nonce-")
    ]


def test_the_docs_page_runs_only_its_own_inline_script(client):
    page = client.get("/docs")
    policy = policy_of(page)
    [(_, body)] = [found for found in SCRIPT.findall(page.get_data(as_text=True)) if not found[0]]
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy["script-src"]


def test_every_answer_says_nosniff(client):
    for method, path in (
        ("GET", "/healthz"),
        ("GET", "/v1/products"),  # a 401 envelope
        ("GET", "/openapi.json"),
        ("POST", "/webhooks/shopify/orders-create"),
        ("GET", "/widget/no-such-file.js"),
    ):
        response = client.open(path, method=method)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.mimetype != "text/html", path


def test_the_console_pages_keep_their_own_policy(client):
    # The console's policy allows no inline code at all: not even a nonce.
    policy = policy_of(client.get("/console/signin"))
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.fixture
def proof_design(client, merchant, font_id):
    body = samples.card_product([font_id], proof="customer")
    product = client.post("/v1/products", headers=merchant.sk, json=body)
    assert product.status_code == 201, product.json
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product.json["id"], font_id)
    )
    assert design.status_code == 201, design.json
    return design.json
