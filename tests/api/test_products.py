"""Products over HTTP: secret-key CRUD, print areas checked, catalogue readable by the widget."""

import io

import pytest

from tests import samples


def test_create_and_read_back_with_defaults(client, merchant, font_id):
    response = client.post(
        "/v1/products", headers=merchant.sk, json=samples.card_product([font_id])
    )
    assert response.status_code == 201, response.json
    product = response.json
    assert product["id"].startswith("prd_")
    front = product["areas"][0]
    assert (front["id"], front["width"], front["height"], front["bleed"], front["safe"]) == (
        "front",
        85,
        55,
        3,
        3,
    )
    assert (front["technique"], front["color_mode"], front["cut_contour"], front["min_dpi"]) == (
        "digital_print",
        "cmyk",
        "trim",
        150,
    )
    assert product["fonts"] == [font_id]
    # The widget reads the catalogue with the publishable key.
    assert client.get(f"/v1/products/{product['id']}", headers=merchant.pk).json == product
    assert [p["id"] for p in client.get("/v1/products", headers=merchant.pk).json] == [
        product["id"]
    ]


def test_publishable_key_cannot_change_products(client, merchant):
    response = client.post("/v1/products", headers=merchant.pk, json=samples.card_product())
    assert response.status_code == 403
    assert "secret key" in response.json["message"]


def test_put_replaces_areas_and_keeps_the_id(client, merchant, product_id):
    body = samples.card_product()
    body["areas"] = [{"id": "front", "name": "Recto", "width": 90, "height": 50, "bleed": 2}]
    response = client.put(f"/v1/products/{product_id}", headers=merchant.sk, json=body)
    assert response.status_code == 200, response.json
    assert response.json["id"] == product_id
    assert [(a["id"], a["width"], a["height"]) for a in response.json["areas"]] == [
        ("front", 90, 50)
    ]
    assert response.json["fonts"] == []


@pytest.mark.parametrize(
    ("change", "path", "phrase"),
    [
        (lambda b: b["areas"][1].update(id="front"), "/areas/1/id", "used twice"),
        (lambda b: b["areas"][0].update(safe=30), "/areas/0/safe", "no room"),
        (lambda b: b["areas"][0].update(width=-1), "/areas/0/width", ""),
        (lambda b: b["areas"][0].update(technique="offset"), "/areas/0/technique", ""),
        (
            lambda b: b["areas"][0].update(cut_contour="offset:abc"),
            "/areas/0/cut_contour",
            "offset",
        ),
        (lambda b: b["areas"][0].update(colour="red"), "/areas/0/colour", "Unknown field"),
        (lambda b: b.update(fonts=["fnt_doesnotexist"]), "/fonts/0", "upload it first"),
        (
            lambda b: b.update(platform_refs=[{"store": "sto_other", "product": "1"}]),
            "/platform_refs/0/store",
            "No store",
        ),
        (
            lambda b: b["areas"][0].update(mockup={"asset": "ast_none", "quad": [[0, 0]] * 4}),
            "/areas/0/mockup/asset",
            "",
        ),
    ],
)
def test_invalid_products_are_422_with_a_pointer(client, merchant, change, path, phrase):
    body = samples.card_product()
    change(body)
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 422, response.json
    messages = {e["path"]: e["message"] for e in response.json["errors"]}
    assert path in messages and phrase in messages[path]
    assert client.get("/v1/products", headers=merchant.sk).json == []


def test_mockup_quad_must_lie_on_the_photo(client, merchant):
    photo = client.post(
        "/v1/assets",
        headers=merchant.sk,
        data={"file": (io.BytesIO(samples.png(200, 100)), "m.png")},
    )
    body = samples.card_product(mockup=photo.json["id"])
    body["areas"][0]["mockup"]["quad"][2] = [250, 90]
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 422
    assert [e["path"] for e in response.json["errors"]] == ["/areas/0/mockup/quad/2"]


def test_platform_refs_link_a_store_product_once(client, merchant):
    body = samples.card_product()
    body["platform_refs"] = [
        {"store": merchant.store_id, "product": "gid://shopify/Product/1", "variant": "42"}
    ]
    assert client.post("/v1/products", headers=merchant.sk, json=body).status_code == 201
    duplicate = client.post("/v1/products", headers=merchant.sk, json=body)
    assert duplicate.status_code == 409
    assert duplicate.json["code"] == 409


def test_delete_archives(client, merchant, product_id):
    assert client.delete(f"/v1/products/{product_id}", headers=merchant.sk).status_code == 204
    assert client.get("/v1/products", headers=merchant.sk).json == []
    # Designs and orders that point at it can still read it.
    assert (
        client.get(f"/v1/products/{product_id}", headers=merchant.sk).json["archived_at"]
        is not None
    )


@pytest.mark.parametrize("key", ["sk", "pk"])
def test_another_merchants_product_is_404(client, merchant, other_merchant, product_id, key):
    headers = getattr(other_merchant, key)
    assert client.get(f"/v1/products/{product_id}", headers=headers).status_code == 404
    assert client.get("/v1/products", headers=headers).json == []
    if key == "sk":
        assert (
            client.put(
                f"/v1/products/{product_id}", headers=headers, json=samples.card_product()
            ).status_code
            == 404
        )
        assert client.delete(f"/v1/products/{product_id}", headers=headers).status_code == 404
    assert client.get(f"/v1/products/{product_id}", headers=merchant.sk).json["archived_at"] is None
