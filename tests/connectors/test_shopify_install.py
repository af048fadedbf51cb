"""Installing the Shopify app: signed requests only, the state nonce, the token kept sealed."""

import hashlib
import hmac
import json
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from werkzeug.wrappers import Request, Response

from monogram import create_app
from monogram.extensions.db import db
from monogram.models import Store
from monogram.services.secrets_box import unseal
from monogram.services.signed_prices import price_key
from tests.conftest import TEST_SHOPIFY_SECRET, ServerLikeClient, make_config
from tests.servers import serving

SHOP = "brodeur-martin.myshopify.com"
TOKEN = "shpat_0123456789abcdef"


ADMIN_GRAPHQL = "/admin/api/2026-10/graphql.json"


@pytest.fixture
def token_endpoint():
    """Shopify's token endpoint and the Admin GraphQL calls of an install, played on loopback:
    Shopify itself cannot run here. Returns (url, token requests, GraphQL calls, outage)."""
    seen, calls, outage = [], [], {"graphql": False}

    @Request.application
    def answer(request):
        if request.path == ADMIN_GRAPHQL:
            return graphql(request)
        seen.append(json.loads(request.get_data()))
        if request.path != "/admin/oauth/access_token":
            return Response("not found", status=404)
        body = {"access_token": TOKEN, "scope": "read_products,read_orders"}
        return Response(json.dumps(body), content_type="application/json")

    def graphql(request):
        if request.headers.get("X-Shopify-Access-Token") != TOKEN or outage["graphql"]:
            return Response("unavailable", status=503)
        call = json.loads(request.get_data())
        name = call["query"].split("(")[0].split("{")[0].split()[-1]
        calls.append((name, call["variables"]))
        data = {
            "MonogramShop": {"shop": {"id": "gid://shopify/Shop/548380009"}},
            "MonogramPriceKey": {"metafieldsSet": {"metafields": [{}], "userErrors": []}},
            "MonogramCartTransform": {
                "cartTransformCreate": {
                    "cartTransform": None if len(calls) > 3 else {"id": "gid://x/CartTransform/1"},
                    # A second install finds the transform there already, as Shopify says.
                    "userErrors": [
                        {
                            "field": ["functionHandle"],
                            "code": "FUNCTION_ALREADY_REGISTERED",
                            "message": "The cart transform is already registered.",
                        }
                    ]
                    if len(calls) > 3
                    else [],
                }
            },
        }[name]
        return Response(json.dumps({"data": data}), content_type="application/json")

    with serving(answer) as url:
        yield url, seen, calls, outage


@pytest.fixture
def shop_app(tmp_path, database_url, token_endpoint):
    app = create_app(
        make_config(tmp_path, DATABASE_URL=database_url, SHOPIFY_ADMIN_URL=token_endpoint[0])
    )
    app.test_client_class = ServerLikeClient
    return app


def signed(params, secret=TEST_SHOPIFY_SECRET):
    message = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    return {
        **params,
        "hmac": hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest(),
    }


def proxy_signed(params, secret=TEST_SHOPIFY_SECRET):
    message = "".join(f"{k}={v}" for k, v in sorted(params.items()))
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
    return {**params, "signature": digest}


def test_install_then_callback_keeps_a_sealed_token(shop_app, token_endpoint):
    client = shop_app.test_client()
    started = client.get("/shopify/install?" + urlencode(signed({"shop": SHOP, "timestamp": "1"})))
    assert started.status_code == 302
    target = urlparse(started.headers["Location"])
    assert (target.netloc, target.path) == (SHOP, "/admin/oauth/authorize")
    query = parse_qs(target.query)
    assert query["client_id"] == ["test-shopify-client-id"]
    assert query["redirect_uri"] == ["http://localhost/shopify/callback"]
    state = query["state"][0]

    answer = signed({"shop": SHOP, "code": "one-time-code", "state": state, "timestamp": "2"})
    done = client.get("/shopify/callback?" + urlencode(answer))
    assert done.status_code == 200, done.json
    assert done.json["shop"] == SHOP and done.json["publishable_key"].startswith("pk_")
    assert token_endpoint[1] == [
        {
            "client_id": "test-shopify-client-id",
            "client_secret": TEST_SHOPIFY_SECRET,
            "code": "one-time-code",
        }
    ]
    with shop_app.app_context():
        store = db.session.query(Store).filter_by(platform="shopify", domain=SHOP).one()
        assert TOKEN not in store.access_token_encrypted
        assert unseal(store.access_token_encrypted) == TOKEN


def install(client, timestamp):
    started = client.get("/shopify/install?" + urlencode(signed({"shop": SHOP, "timestamp": "1"})))
    state = parse_qs(urlparse(started.headers["Location"]).query)["state"][0]
    answer = signed({"shop": SHOP, "code": "c", "state": state, "timestamp": timestamp})
    return client.get("/shopify/callback?" + urlencode(answer))


def test_install_turns_on_the_cart_transform_with_the_shops_price_key(shop_app, token_endpoint):
    calls = token_endpoint[2]
    assert install(shop_app.test_client(), "2").status_code == 200
    with shop_app.app_context():
        store = db.session.query(Store).filter_by(platform="shopify", domain=SHOP).one()
        key = price_key(store.id)
    assert [name for name, _ in calls] == [
        "MonogramShop",
        "MonogramPriceKey",
        "MonogramCartTransform",
    ]
    assert calls[1][1] == {
        "metafields": [
            {
                "ownerId": "gid://shopify/Shop/548380009",
                "namespace": "$app:monogram",
                "key": "price_key",
                "type": "single_line_text_field",
                "value": key,
            }
        ]
    }
    assert calls[2][1] == {"handle": "monogram-price"}  # the extension's handle
    # Installing again sets the same key and finds the transform registered: still a success.
    assert install(shop_app.test_client(), "3").status_code == 200
    assert calls[4][1] == calls[1][1] and len(calls) == 6


def test_an_install_goes_on_when_shopify_refuses_the_cart_transform(
    shop_app, token_endpoint, caplog
):
    token_endpoint[3]["graphql"] = True
    done = install(shop_app.test_client(), "2")
    assert done.status_code == 200 and done.json["shop"] == SHOP
    assert "Monogram's prices are not in its cart yet" in caplog.text


def test_install_refuses_unsigned_or_foreign_requests(shop_app):
    client = shop_app.test_client()
    forged = signed({"shop": SHOP, "timestamp": "1"}, secret="someone-else")
    assert client.get("/shopify/install?" + urlencode(forged)).status_code == 401
    evil = signed({"shop": "evil.example.com", "timestamp": "1"})
    response = client.get("/shopify/install?" + urlencode(evil))
    assert response.status_code == 422 and "myshopify.com" in response.json["message"]


def test_callback_needs_the_state_we_issued(shop_app, token_endpoint):
    client = shop_app.test_client()
    client.get("/shopify/install?" + urlencode(signed({"shop": SHOP, "timestamp": "1"})))
    answer = signed({"shop": SHOP, "code": "c", "state": "guessed", "timestamp": "2"})
    response = client.get("/shopify/callback?" + urlencode(answer))
    assert response.status_code == 403
    assert token_endpoint[1] == []  # no code was traded
    fresh = shop_app.test_client()  # no state cookie at all
    assert fresh.get("/shopify/callback?" + urlencode(answer)).status_code == 403


def test_app_proxy_calls_must_be_signed(shop_app, token_endpoint):
    client = shop_app.test_client()
    started = client.get("/shopify/install?" + urlencode(signed({"shop": SHOP, "timestamp": "1"})))
    state = parse_qs(urlparse(started.headers["Location"]).query)["state"][0]
    client.get(
        "/shopify/callback?"
        + urlencode(signed({"shop": SHOP, "code": "c", "state": state, "timestamp": "2"}))
    )
    params = {"shop": SHOP, "path_prefix": "/apps/monogram", "timestamp": "3"}
    good = client.get("/shopify/proxy/config?" + urlencode(proxy_signed(params)))
    assert good.status_code == 200 and good.json["widget"] == "/widget/monogram.js"
    bad = client.get("/shopify/proxy/config?" + urlencode(proxy_signed(params, "wrong")))
    assert bad.status_code == 401
