"""Designs over HTTP: creation, tokens, versions and ETags, validation, and merchant scoping."""

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Design, DesignVersion
from tests import samples


def create(client, account, product_id, font_id, **kwargs):
    response = client.post(
        "/v1/designs", headers=account.pk, json=samples.design(product_id, font_id, **kwargs)
    )
    assert response.status_code == 201, response.json
    return response


def counts(app):
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(Design)),
            db.session.scalar(sa.select(sa.func.count()).select_from(DesignVersion)),
        )


def test_create_returns_id_token_etag_and_the_normalised_document(
    client, merchant, product_id, font_id
):
    response = create(client, merchant, product_id, font_id)
    body = response.json
    assert body["id"].startswith("dsn_") and body["token"].startswith("dt_")
    assert body["version"] == 1 and body["product"] == product_id
    assert response.headers["ETag"] == f'"{body["etag"]}"'
    assert response.headers["Location"].endswith(f"/v1/designs/{body['id']}")
    text = body["document"]["surfaces"][0]["objects"][0]
    # Defaults are written into the stored document, so a later default never changes an old order.
    assert (text["align"], text["fit"], text["rotation"], text["opacity"]) == ("left", "none", 0, 1)


def test_publishable_key_needs_the_design_token_to_read_or_change(
    client, merchant, product_id, font_id
):
    created = create(client, merchant, product_id, font_id).json
    url = f"/v1/designs/{created['id']}"
    assert client.get(url, headers=merchant.pk).status_code == 403
    wrong = {**merchant.pk, "Monogram-Design-Token": "dt_not-the-token"}
    assert client.get(url, headers=wrong).status_code == 403
    right = {**merchant.pk, "Monogram-Design-Token": created["token"]}
    assert client.get(url, headers=right).json["document"] == created["document"]
    # The merchant's servers read any of their designs with the secret key.
    assert client.get(url, headers=merchant.sk).status_code == 200


def test_put_makes_a_new_version_and_keeps_the_old_one(client, merchant, product_id, font_id):
    created = create(client, merchant, product_id, font_id).json
    url = f"/v1/designs/{created['id']}"
    headers = {
        **merchant.pk,
        "Monogram-Design-Token": created["token"],
        "If-Match": f'"{created["etag"]}"',
    }
    response = client.put(
        url, headers=headers, json=samples.design(product_id, font_id, text="Paul Martin")
    )
    assert response.status_code == 200, response.json
    assert response.json["version"] == 2
    assert response.headers["ETag"] == f'"{response.json["etag"]}"' != f'"{created["etag"]}"'
    versions = client.get(f"{url}/versions", headers=merchant.sk).json
    assert [v["number"] for v in versions] == [1, 2]
    first = client.get(f"{url}/versions/1", headers=merchant.sk).json
    assert first["document"]["surfaces"][0]["objects"][0]["text"] == "Jeanne Dupont"
    assert first["etag"] == created["etag"]


def test_put_with_a_stale_etag_is_412_and_changes_nothing(
    app, client, merchant, product_id, font_id
):
    created = create(client, merchant, product_id, font_id).json
    url = f"/v1/designs/{created['id']}"
    token = {"Monogram-Design-Token": created["token"]}
    first_save = client.put(
        url,
        headers={**merchant.pk, **token, "If-Match": f'"{created["etag"]}"'},
        json=samples.design(product_id, font_id, text="Second"),
    )
    assert first_save.status_code == 200
    stale = client.put(
        url,
        headers={**merchant.pk, **token, "If-Match": f'"{created["etag"]}"'},
        json=samples.design(product_id, font_id, text="Lost edit"),
    )
    assert stale.status_code == 412
    assert stale.json["code"] == 412 and "changed since you loaded it" in stale.json["message"]
    assert stale.headers["ETag"] == first_save.headers["ETag"]
    current = client.get(url, headers=merchant.sk)
    assert current.json["version"] == 2
    assert current.json["document"]["surfaces"][0]["objects"][0]["text"] == "Second"
    assert counts(app) == (1, 2)


def test_put_without_if_match_is_428(app, client, merchant, product_id, font_id):
    created = create(client, merchant, product_id, font_id).json
    response = client.put(
        f"/v1/designs/{created['id']}",
        headers={**merchant.pk, "Monogram-Design-Token": created["token"]},
        json=samples.design(product_id, font_id, text="No precondition"),
    )
    assert response.status_code == 428
    assert "If-Match" in response.json["message"]
    assert counts(app) == (1, 1)


def test_weak_etags_never_match(client, merchant, product_id, font_id):
    created = create(client, merchant, product_id, font_id).json
    response = client.put(
        f"/v1/designs/{created['id']}",
        headers={**merchant.sk, "If-Match": f'W/"{created["etag"]}"'},
        json=samples.design(product_id, font_id),
    )
    assert response.status_code == 412


def test_invalid_document_is_422_with_pointers_and_nothing_stored(
    app, client, merchant, product_id, font_id
):
    document = samples.design(product_id, font_id, max_chars=5)
    document["surfaces"][0]["objects"][0]["colour"] = "red"
    response = client.post("/v1/designs", headers=merchant.pk, json=document)
    assert response.status_code == 422
    assert response.json["code"] == 422 and response.json["status"] == "Unprocessable Entity"
    paths = {error["path"]: error["message"] for error in response.json["errors"]}
    assert "/surfaces/0/objects/0/colour" in paths
    assert counts(app) == (0, 0)


def test_document_checked_against_the_product(app, client, merchant, product_id, font_id):
    document = samples.design(product_id, font_id, max_chars=5)
    document["surfaces"].append({"area": "inside", "objects": []})
    response = client.post("/v1/designs", headers=merchant.pk, json=document)
    assert response.status_code == 422
    paths = {error["path"] for error in response.json["errors"]}
    assert paths == {"/surfaces/0/objects/0/text", "/surfaces/1/area"}
    assert counts(app) == (0, 0)


def test_a_design_cannot_use_another_merchants_asset_or_font(
    client, merchant, other_merchant, product_id, font_id
):
    photo = client.post(
        "/v1/assets", headers=other_merchant.pk, data={"file": (samples.png_io(), "p.png")}
    )
    assert photo.status_code == 201
    document = samples.design(product_id, font_id)
    document["surfaces"][0]["objects"].append(
        {
            "id": "photo",
            "type": "image",
            "x": 0,
            "y": 0,
            "width": 20,
            "height": 20,
            "asset": photo.json["id"],
        }
    )
    response = client.post("/v1/designs", headers=merchant.pk, json=document)
    assert response.status_code == 422
    assert [e["path"] for e in response.json["errors"]] == ["/surfaces/0/objects/1/asset"]
    # And a font of another merchant is unknown here, like an invented one.
    other_font = client.post(
        "/v1/fonts",
        headers=other_merchant.sk,
        data={"file": (samples.font_io(samples.VERA_BOLD), "VeraBd.ttf"), "licence_note": "Vera"},
    ).json["id"]
    response = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, other_font)
    )
    assert response.status_code == 422
    assert [e["path"] for e in response.json["errors"]] == ["/surfaces/0/objects/0/font"]


@pytest.mark.parametrize("key", ["sk", "pk"])
def test_another_merchants_design_is_404(
    client, merchant, other_merchant, product_id, font_id, key
):
    created = create(client, merchant, product_id, font_id).json
    headers = {**getattr(other_merchant, key), "Monogram-Design-Token": created["token"]}
    url = f"/v1/designs/{created['id']}"
    for response in (
        client.get(url, headers=headers),
        client.get(f"{url}/versions", headers=headers),
        client.get(f"{url}/versions/1", headers=headers),
        client.put(
            url, headers={**headers, "If-Match": f'"{created["etag"]}"'}, json=created["document"]
        ),
    ):
        assert response.status_code == 404
        assert (
            response.json["code"] == 404
            and created["document"]["surfaces"][0]["objects"][0]["text"] not in response.text
        )


def test_a_design_token_opens_only_its_own_design(client, merchant, product_id, font_id):
    first = create(client, merchant, product_id, font_id).json
    second = create(client, merchant, product_id, font_id).json
    response = client.get(
        f"/v1/designs/{second['id']}",
        headers={**merchant.pk, "Monogram-Design-Token": first["token"]},
    )
    assert response.status_code == 403


def test_a_design_cannot_move_to_another_product(client, merchant, product_id, font_id):
    created = create(client, merchant, product_id, font_id).json
    other = client.post(
        "/v1/products", headers=merchant.sk, json=samples.card_product([font_id])
    ).json["id"]
    response = client.put(
        f"/v1/designs/{created['id']}",
        headers={**merchant.sk, "If-Match": f'"{created["etag"]}"'},
        json=samples.design(other, font_id),
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["path"] == "/product"
