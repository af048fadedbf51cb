"""CORS on /v1: a publishable key answers pages of its own store's shop domains only."""

import pytest

from monogram.extensions.db import db
from monogram.models import Design, Store
from tests import samples
from tests.conftest import _account

SHOP = "https://boutique.example.fr"
STRANGER = "https://copycat.example.com"
ALL_HEADERS = "authorization, content-type, if-match, monogram-design-token, monogram-customer"


@pytest.fixture
def shop(app):
    """A merchant whose store is the shop at SHOP."""
    return _account(app, "Boutique Dupont", domain="boutique.example.fr")


def preflight(client, path, method, headers="authorization, content-type", origin=SHOP):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


def listed(value):
    return {item.strip().lower() for item in value.split(",")}


def designs(app):
    with app.app_context():
        return db.session.query(Design).count()


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/v1/designs", "POST", "authorization, content-type"),
        ("/v1/designs/dsg_unknown", "PUT", ALL_HEADERS),
        ("/v1/assets", "POST", "authorization"),
        ("/v1/no-such-resource", "GET", "authorization"),
    ],
)
def test_preflights_from_a_shop_domain_are_answered_without_a_key(
    client, shop, path, method, headers
):
    response = preflight(client, path, method, headers)
    assert response.status_code == 204
    assert response.data == b""
    assert response.headers["Access-Control-Allow-Origin"] == SHOP
    assert "Origin" in response.headers["Vary"]
    assert method.lower() in listed(response.headers["Access-Control-Allow-Methods"])
    assert listed(headers) <= listed(response.headers["Access-Control-Allow-Headers"])
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    # Nothing rides on cookies, so credentials are never allowed.
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize(
    "origin",
    [
        STRANGER,
        "http://boutique.example.fr",  # a shop page is https
        "https://boutique.example.fr:8443",  # the exact host, no other port
        "https://evil.boutique.example.fr",
        "null",
    ],
)
def test_preflights_from_other_origins_are_refused(client, shop, origin):
    response = preflight(client, "/v1/designs", "POST", origin=origin)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_the_shop_reads_answers_to_its_own_key(client, shop):
    response = client.get("/v1/fonts", headers={**shop.pk, "Origin": SHOP})
    assert response.status_code == 200, response.json
    assert response.headers["Access-Control-Allow-Origin"] == SHOP
    exposed = listed(response.headers["Access-Control-Expose-Headers"])
    assert {"etag", "location", "retry-after"} <= exposed


def test_a_key_used_on_another_shop_is_refused_and_says_where_to_fix_it(
    app, client, merchant, shop, product_id, font_id
):
    # `merchant`'s key on `shop`'s page: the origin is a known shop, but not this key's.
    before = designs(app)
    response = client.post(
        "/v1/designs",
        headers={**merchant.pk, "Origin": SHOP},
        json=samples.design(product_id, font_id),
    )
    assert response.status_code == 403
    assert response.json["code"] == 403
    assert SHOP in response.json["message"]
    assert "Stores page" in response.json["message"]
    assert response.json["errors"] == [
        {"path": "/headers/Origin", "message": f"{SHOP} is not allowed for this key."}
    ]
    # The widget on that page can read the refusal and show it.
    assert response.headers["Access-Control-Allow-Origin"] == SHOP
    assert designs(app) == before


def test_a_key_on_an_unknown_origin_is_refused(app, client, merchant, product_id, font_id):
    before = designs(app)
    response = client.post(
        "/v1/designs",
        headers={**merchant.pk, "Origin": STRANGER},
        json=samples.design(product_id, font_id),
    )
    assert response.status_code == 403
    assert STRANGER in response.json["message"]
    assert designs(app) == before


def test_the_apps_own_pages_may_use_any_key(client, merchant, product_id, font_id):
    # The demo shop and proof pages are served by the app itself and embed the widget.
    response = client.post(
        "/v1/designs",
        headers={**merchant.pk, "Origin": "http://localhost"},
        json=samples.design(product_id, font_id),
    )
    assert response.status_code == 201, response.json
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost"


def test_another_host_name_of_the_server_is_not_its_own_origin(client, merchant):
    # A name an attacker points at the server would otherwise pass for the app's own pages.
    response = client.get(
        "/v1/fonts",
        headers={**merchant.pk, "Origin": "http://rebound.example"},
        base_url="http://rebound.example",
    )
    assert response.status_code == 403


def test_a_new_shop_domain_is_allowed_at_once(app, client, shop):
    with app.app_context():
        store = db.session.get(Store, shop.store_id)
        store.domain = "www.boutique.example.fr"
        db.session.commit()
    response = client.get(
        "/v1/fonts", headers={**shop.pk, "Origin": "https://www.boutique.example.fr"}
    )
    assert response.status_code == 200
    assert client.get("/v1/fonts", headers={**shop.pk, "Origin": SHOP}).status_code == 403


def test_a_store_lists_the_other_origins_of_its_shop(app, client, shop):
    www = "https://www.boutique.example.fr"
    assert client.get("/v1/fonts", headers={**shop.pk, "Origin": www}).status_code == 403
    assert (
        "Access-Control-Allow-Origin"
        not in preflight(client, "/v1/fonts", "GET", origin=www).headers
    )
    changed = client.patch(
        f"/v1/stores/{shop.store_id}",
        headers=shop.sk,
        json={"allowed_origins": ["https://WWW.boutique.example.fr/", "http://localhost:5173"]},
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["allowed_origins"] == ["http://localhost:5173", www]
    response = client.get("/v1/fonts", headers={**shop.pk, "Origin": www})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == www
    answer = preflight(client, "/v1/fonts", "GET", origin="http://localhost:5173")
    assert answer.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    # The list is replaced whole: an origin left out is refused again.
    kept = client.patch(
        f"/v1/stores/{shop.store_id}", headers=shop.sk, json={"allowed_origins": [www]}
    )
    assert kept.json["allowed_origins"] == [www]
    refused = client.get("/v1/fonts", headers={**shop.pk, "Origin": "http://localhost:5173"})
    assert refused.status_code == 403
    assert f"PATCH /v1/stores/{shop.store_id}" in refused.json["message"]


@pytest.mark.parametrize(
    "origin",
    [
        "http://www.boutique.example.fr",  # a shop page is https
        "https://boutique.example.fr/products",  # an origin has no path
        "javascript:alert(1)",
        "*",
    ],
)
def test_only_real_origins_can_be_listed(client, shop, origin):
    changed = client.patch(
        f"/v1/stores/{shop.store_id}", headers=shop.sk, json={"allowed_origins": [origin]}
    )
    assert changed.status_code == 422
    assert changed.json["errors"][0]["path"] == "/allowed_origins/0"
    assert client.get(f"/v1/stores/{shop.store_id}", headers=shop.sk).json["allowed_origins"] == []


def test_secret_keys_are_not_held_to_an_origin(client, merchant):
    response = client.get("/v1/products", headers={**merchant.sk, "Origin": STRANGER})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_errors_are_readable_by_shops(client, shop):
    # Without the header a browser hides the error envelope from the widget.
    response = client.get("/v1/products", headers={"Origin": SHOP})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == SHOP
    assert response.json["code"] == 401
    response = client.get("/v1/products", headers={"Origin": STRANGER})
    assert response.status_code == 401
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_plain_options_request_is_not_a_preflight(client):
    response = client.options("/v1/products")
    assert response.status_code == 200
    assert "GET" in response.headers["Allow"]


def test_pages_outside_the_api_get_no_cors(client, shop):
    response = client.get("/healthz", headers={"Origin": SHOP})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert preflight(client, "/healthz", "GET").status_code != 204
