"""Keys: every /v1 route needs one, revoked and unknown keys are refused, one error envelope."""

import pytest

from monogram.extensions.db import db
from monogram.services.keys import revoke_key


def v1_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/v1/"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                path = rule.rule.replace("<int:number>", "1").replace("<int:version>", "1")
                for argument in rule.arguments - {"number", "version"}:
                    path = path.replace(f"<{argument}>", "xyz_0")
                yield method, path


# Opened by AR viewers, which send no header: the link's signature is the key.
SIGNED = "/v1/ar/"


def test_every_v1_route_needs_a_key(app, client):
    routes = list(v1_routes(app))
    assert len(routes) >= 12
    for method, path in routes:
        if path.startswith(SIGNED):
            continue
        response = client.open(path, method=method)
        assert response.status_code == 401, (method, path)
        assert response.json["code"] == 401 and "Authorization: Bearer" in response.json["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_signed_routes_need_their_signature(app, client):
    signed = [path for method, path in v1_routes(app) if path.startswith(SIGNED)]
    assert len(signed) == 4  # the GLB and USDZ of a design and of a product
    for path in signed:
        for query in ("", "?expires=4102444800&signature=" + "0" * 64):
            response = client.get(path + query)
            assert response.status_code == 403, path
            assert "press AR again for a new one" in response.json["message"]


@pytest.mark.parametrize("token", ["sk_unknown", "pk_" + "x" * 43, "Basic abc", "dt_design-token"])
def test_unknown_keys_are_401(client, token):
    response = client.get("/v1/products", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json == {
        "code": 401,
        "status": "Unauthorized",
        "message": "This API key is unknown or has been revoked.",
    }


def test_a_revoked_key_stops_working(app, client, merchant):
    assert client.get("/v1/products", headers=merchant.sk).status_code == 200
    with app.app_context():
        revoke_key(merchant.merchant_id, merchant.secret[:10])
        db.session.commit()
    assert client.get("/v1/products", headers=merchant.sk).status_code == 401
    assert client.get("/v1/products", headers=merchant.pk).status_code == 200


def test_unknown_paths_and_methods_use_the_envelope(client, merchant):
    missing = client.get("/v1/nothing-here", headers=merchant.sk)
    assert (
        missing.status_code == 404
        and missing.json["code"] == 404
        and missing.json["status"] == "Not Found"
    )
    wrong_method = client.patch("/v1/products", headers=merchant.sk)
    assert wrong_method.status_code == 405 and wrong_method.json["code"] == 405


def test_malformed_json_is_a_4xx_envelope(client, merchant):
    response = client.post(
        "/v1/products",
        headers={**merchant.sk, "Content-Type": "application/json"},
        data=b"{not json",
    )
    assert response.status_code in (400, 422)
    assert response.json["code"] == response.status_code


def test_a_crash_is_500_without_internals(app, client, merchant, monkeypatch):
    from monogram.services import products

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(products, "list_products", explode)
    # As in production: the test app otherwise re-raises errors into the test.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/v1/products", headers=merchant.sk)
    assert response.status_code == 500
    assert response.json["code"] == 500
    assert "secret internal detail" not in response.text and "Traceback" not in response.text
    assert response.headers["X-Request-Id"]
