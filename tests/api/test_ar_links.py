"""Signed model links for AR viewers, which fetch the GLB without any of our headers."""

import time
from datetime import datetime
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from monogram.services import signing
from tests import samples
from tests.api.test_product_models import card_design, card_model, upload

PUBLIC = "http://127.0.0.1:8000"  # the test config's PUBLIC_URL (the default)


def design_link(client, headers, design_id, **body):
    return client.post(f"/v1/designs/{design_id}/model-link", headers=headers, json=body or None)


def opened(client, url):
    """Fetches a link the way Scene Viewer does: its path and query, no key."""
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def with_query(url, **changes):
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    query.update(changes)
    return f"{parts.path}?" + "&".join(f"{name}={value}" for name, value in query.items())


def later(monkeypatch, seconds):
    """The clock the links are checked against, moved forward."""
    now = time.time() + seconds
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def design(client, merchant, product_id, font_id):
    assert upload(client, merchant, product_id, card_model()).status_code == 200
    return card_design(client, merchant, product_id, font_id)


def test_a_design_link_opens_without_a_key_with_the_same_bytes(client, merchant, design):
    token = {"Monogram-Design-Token": design["token"]}
    before = time.time()
    response = design_link(client, {**merchant.pk, **token}, design["id"])
    assert response.status_code == 201, response.json
    url = response.json["url"]
    assert url.startswith(f"{PUBLIC}/v1/ar/designs/{design['id']}/1.glb?expires=")
    expires_at = datetime.fromisoformat(response.json["expires_at"]).timestamp()
    # Half an hour: time to install AR Core or grant the camera before the viewer fetches it.
    assert before + 30 * 60 - 1 <= expires_at <= time.time() + 30 * 60
    expires = int(parse_qs(urlsplit(url).query)["expires"][0])
    assert expires == expires_at

    linked = opened(client, url)
    assert linked.status_code == 200
    authorised = client.get(
        f"/v1/designs/{design['id']}/model.glb", headers={**merchant.pk, **token}
    )
    assert linked.data == authorised.data and len(linked.data) > 1000
    assert linked.mimetype == "model/gltf-binary"
    assert linked.headers["Access-Control-Allow-Origin"] == "*"
    cache = linked.headers["Cache-Control"]
    assert cache.startswith("private, max-age=")
    # Kept no longer than the link lives.
    assert 30 * 60 - 60 <= int(cache.split("=")[1]) <= 30 * 60
    parts = urlsplit(url)
    assert client.head(f"{parts.path}?{parts.query}").status_code == 200


def test_a_design_link_opens_the_version_it_names(client, merchant, product_id, font_id, design):
    saved = client.put(
        f"/v1/designs/{design['id']}",
        headers={**merchant.sk, "If-Match": f'"{design["etag"]}"'},
        json=samples.design(product_id, font_id, text="Paul Martin"),
    )
    assert saved.status_code == 200
    latest = design_link(client, merchant.sk, design["id"]).json["url"]
    first = design_link(client, merchant.sk, design["id"], version=1).json["url"]
    assert f"/v1/ar/designs/{design['id']}/2.glb?" in latest
    assert f"/v1/ar/designs/{design['id']}/1.glb?" in first
    url = f"/v1/designs/{design['id']}/model.glb"
    assert opened(client, latest).data == client.get(url, headers=merchant.sk).data
    assert opened(client, first).data == client.get(f"{url}?version=1", headers=merchant.sk).data
    missing = design_link(client, merchant.sk, design["id"], version=9)
    assert missing.status_code == 404


def test_a_product_link_opens_its_model_without_a_key(client, merchant, product_id):
    data = card_model()
    assert upload(client, merchant, product_id, data).status_code == 200
    response = client.post(f"/v1/products/{product_id}/model-link", headers=merchant.pk)
    assert response.status_code == 201, response.json
    url = response.json["url"]
    assert url.startswith(f"{PUBLIC}/v1/ar/products/{product_id}.glb?expires=")
    linked = opened(client, url)
    assert linked.status_code == 200
    assert linked.data == data
    assert linked.mimetype == "model/gltf-binary"
    assert linked.headers["Access-Control-Allow-Origin"] == "*"
    assert linked.headers["Cache-Control"].startswith("private, max-age=")


def forbidden(response):
    assert response.status_code == 403, response.data[:200]
    assert response.json["code"] == 403
    assert "press AR again" in response.json["message"]
    return response


def test_a_tampered_link_is_refused(client, merchant, product_id, font_id, design):
    url = design_link(client, merchant.sk, design["id"]).json["url"]
    query = parse_qs(urlsplit(url).query)
    signature, expires = query["signature"][0], int(query["expires"][0])
    changed = ("0" if signature[0] != "0" else "1") + signature[1:]
    forbidden(opened(client, with_query(url, signature=changed)))
    # A later expiry under the same signature.
    forbidden(opened(client, with_query(url, expires=expires + 3600)))
    forbidden(opened(client, url.split("?")[0]))

    # The same query on another version or another design opens nothing.
    other = card_design(client, merchant, product_id, font_id, text="Paul Martin")
    query_part = urlsplit(url).query
    forbidden(client.get(f"/v1/ar/designs/{design['id']}/2.glb?{query_part}"))
    forbidden(client.get(f"/v1/ar/designs/{other['id']}/1.glb?{query_part}"))
    forbidden(client.get(f"/v1/ar/products/{product_id}.glb?{query_part}"))
    product_url = client.post(f"/v1/products/{product_id}/model-link", headers=merchant.sk)
    product_query = urlsplit(product_url.json["url"]).query
    forbidden(client.get(f"/v1/ar/designs/{design['id']}/1.glb?{product_query}"))
    assert opened(client, url).status_code == 200


def test_links_expire_after_half_an_hour(client, merchant, product_id, design, monkeypatch):
    url = design_link(client, merchant.sk, design["id"]).json["url"]
    product_url = client.post(f"/v1/products/{product_id}/model-link", headers=merchant.sk)
    later(monkeypatch, 29 * 60)
    assert opened(client, url).status_code == 200
    assert opened(client, product_url.json["url"]).status_code == 200
    later(monkeypatch, 31 * 60)
    forbidden(opened(client, url))
    forbidden(opened(client, product_url.json["url"]))


def test_the_design_token_is_needed_with_a_publishable_key(client, merchant, design):
    refused = design_link(client, merchant.pk, design["id"])
    assert refused.status_code == 403
    assert "Monogram-Design-Token" in refused.json["message"]
    wrong = design_link(client, {**merchant.pk, "Monogram-Design-Token": "nope"}, design["id"])
    assert wrong.status_code == 403
    assert client.post(f"/v1/designs/{design['id']}/model-link").status_code == 401


@pytest.mark.parametrize("key", ["sk", "pk"])
def test_another_merchants_design_or_product_is_404(
    client, merchant, other_merchant, product_id, design, key
):
    headers = {**getattr(other_merchant, key), "Monogram-Design-Token": design["token"]}
    assert design_link(client, headers, design["id"]).status_code == 404
    response = client.post(f"/v1/products/{product_id}/model-link", headers=headers)
    assert response.status_code == 404


def test_no_link_to_a_model_that_does_not_exist(client, merchant, product_id, font_id):
    design = card_design(client, merchant, product_id, font_id)
    response = design_link(client, merchant.sk, design["id"])
    assert response.status_code == 404
    assert "has no 3D model" in response.json["message"]
    response = client.post(f"/v1/products/{product_id}/model-link", headers=merchant.pk)
    assert response.status_code == 404
    assert "has no 3D model" in response.json["message"]
