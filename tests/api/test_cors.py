"""CORS on /v1: the widget calls the API from shop pages on any domain, with keys, never cookies."""

import pytest

from tests import samples

SHOP = "https://boutique.example.fr"
ALL_HEADERS = "authorization, content-type, if-match, monogram-design-token, monogram-customer"


def preflight(client, path, method, headers="authorization, content-type"):
    return client.options(
        path,
        headers={
            "Origin": SHOP,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


def listed(value):
    return {item.strip().lower() for item in value.split(",")}


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/v1/designs", "POST", "authorization, content-type"),
        ("/v1/designs/dsg_unknown", "PUT", ALL_HEADERS),
        ("/v1/assets", "POST", "authorization"),
        ("/v1/no-such-resource", "GET", "authorization"),
    ],
)
def test_preflights_are_answered_without_a_key(client, path, method, headers):
    response = preflight(client, path, method, headers)
    assert response.status_code == 204
    assert response.data == b""
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert method.lower() in listed(response.headers["Access-Control-Allow-Methods"])
    assert listed(headers) <= listed(response.headers["Access-Control-Allow-Headers"])
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    # Nothing rides on cookies, so credentials are never allowed.
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_responses_let_the_widget_read_etag_and_location(client, merchant, product_id, font_id):
    response = client.post(
        "/v1/designs",
        headers={**merchant.pk, "Origin": SHOP},
        json=samples.design(product_id, font_id),
    )
    assert response.status_code == 201, response.json
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = listed(response.headers["Access-Control-Expose-Headers"])
    assert {"etag", "location", "retry-after"} <= exposed
    assert "ETag" in response.headers


def test_errors_are_readable_cross_origin(client):
    # Without the header a browser hides the error envelope from the widget.
    response = client.get("/v1/products", headers={"Origin": SHOP})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json["code"] == 401


def test_a_plain_options_request_is_not_a_preflight(client):
    response = client.options("/v1/products")
    assert response.status_code == 200
    assert "GET" in response.headers["Allow"]


def test_pages_outside_the_api_get_no_cors(client):
    response = client.get("/healthz", headers={"Origin": SHOP})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert preflight(client, "/healthz", "GET").status_code != 204
