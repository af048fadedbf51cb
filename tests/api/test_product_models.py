"""Products' 3D models over HTTP: upload, refusal, download, a design's dressed model, scoping."""

import io
import json
import struct

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Asset
from monogram.rendering import models3d_demo
from tests import gltf as gltf_tools
from tests import samples

CARD = models3d_demo.BoxSize(width=85, height=55, depth=0.4)


def card_model():
    """A card-shaped box whose front and back materials match the sample card's areas."""
    return models3d_demo.box_glb(CARD)


def upload(client, account, product_id, data, filename="card.glb"):
    return client.put(
        f"/v1/products/{product_id}/model",
        headers=account.sk,
        data={"file": (io.BytesIO(data), filename)},
    )


def stored_models(app):
    with app.app_context():
        rows = db.session.scalars(sa.select(Asset).where(Asset.kind == "model")).all()
        return [(row.id, storage().exists(row.storage_key)) for row in rows]


def test_upload_gives_the_product_its_model_and_the_widget_its_url(client, merchant, product_id):
    data = card_model()
    response = upload(client, merchant, product_id, data)
    assert response.status_code == 200, response.json
    expected = {
        "url": f"/v1/products/{product_id}/model.glb",
        "areas": {"front": "front", "back": "back"},
    }
    assert response.json["model"] == expected
    # The editor reads the product with its publishable key and gets the same.
    shown = client.get(f"/v1/products/{product_id}", headers=merchant.pk)
    assert shown.json["model"] == expected
    listed = client.get("/v1/products", headers=merchant.pk).json
    assert listed[0]["model"] == expected

    shop = {"Origin": f"https://{merchant.merchant_id}.invalid"}  # the store's shop domain
    glb = client.get(expected["url"], headers={**merchant.pk, **shop})
    assert glb.status_code == 200
    assert glb.data == data
    assert glb.mimetype == "model/gltf-binary"
    # The viewer on the shop's page reads it.
    assert glb.headers["Access-Control-Allow-Origin"] == shop["Origin"]
    assert "no-cache" in glb.headers["Cache-Control"]
    again = client.get(
        expected["url"], headers={**merchant.pk, "If-None-Match": glb.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""


def test_a_product_without_a_model_says_null(client, merchant, product_id):
    assert client.get(f"/v1/products/{product_id}", headers=merchant.pk).json["model"] is None
    missing = client.get(f"/v1/products/{product_id}/model.glb", headers=merchant.pk)
    assert missing.status_code == 404
    assert "PUT /v1/products/" in missing.json["message"]


def test_delete_removes_the_model(client, merchant, product_id):
    assert upload(client, merchant, product_id, card_model()).status_code == 200
    deleted = client.delete(f"/v1/products/{product_id}/model", headers=merchant.sk)
    assert deleted.status_code == 204
    assert client.get(f"/v1/products/{product_id}", headers=merchant.sk).json["model"] is None
    glb = client.get(f"/v1/products/{product_id}/model.glb", headers=merchant.sk)
    assert glb.status_code == 404


def test_publishable_key_cannot_upload_or_delete(client, merchant, product_id):
    response = client.put(
        f"/v1/products/{product_id}/model",
        headers=merchant.pk,
        data={"file": (io.BytesIO(card_model()), "card.glb")},
    )
    assert response.status_code == 403
    deleted = client.delete(f"/v1/products/{product_id}/model", headers=merchant.pk)
    assert deleted.status_code == 403


def hostile(change):
    glb = card_model()
    length = struct.unpack_from("<I", glb, 12)[0]
    document = json.loads(glb[20 : 20 + length])
    bin_chunk = glb[20 + length + 8 :]
    change(document)
    body = json.dumps(document).encode()
    body += b" " * (-len(body) % 4)
    chunks = struct.pack("<II", len(body), 0x4E4F534A) + body
    chunks += struct.pack("<II", len(bin_chunk), 0x004E4942) + bin_chunk
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


HOSTILE = {
    "external URI": (
        hostile(lambda d: d["buffers"][0].update(uri="https://evil.example/x.bin")),
        422,
        "outside file",
    ),
    "data URI": (
        hostile(lambda d: d.update(images=[{"uri": "data:image/png;base64,AAAA"}])),
        422,
        "data: URI",
    ),
    "huge buffer declared": (
        hostile(lambda d: d["buffers"][0].update(byteLength=4_000_000_000)),
        422,
        "declares 4000000000 bytes",
    ),
    "truncated": (card_model()[:-64], 422, "truncated"),
    "wrong magic": (b"GIF89a" + card_model()[6:], 422, "signature"),
    "JSON garbage": (
        b"glTF" + struct.pack("<II", 2, 28) + struct.pack("<II", 8, 0x4E4F534A) + b"{{{{!!!!",
        422,
        "does not parse",
    ),
    "no material for an area": (
        models3d_demo.sign_glb(),  # its one material is "front": the card's "back" has none
        422,
        "'back'",
    ),
    "too large": (b"glTF" + b"\0" * (20 * 1024 * 1024), 413, "limit is 20 MB"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_glb_is_refused_and_nothing_is_kept(app, client, merchant, product_id, name):
    data, status, phrase = HOSTILE[name]
    response = upload(client, merchant, product_id, data)
    assert response.status_code == status, response.json
    assert response.json["code"] == status
    assert phrase in response.json["message"]
    assert stored_models(app) == []
    assert client.get(f"/v1/products/{product_id}", headers=merchant.sk).json["model"] is None


def test_a_refused_upload_keeps_the_previous_model(app, client, merchant, product_id):
    data = card_model()
    assert upload(client, merchant, product_id, data).status_code == 200
    assert upload(client, merchant, product_id, data[:-8]).status_code == 422
    assert client.get(f"/v1/products/{product_id}/model.glb", headers=merchant.sk).data == data
    assert len(stored_models(app)) == 1 and stored_models(app)[0][1]


def card_design(client, merchant, product_id, font_id, text="Jeanne Dupont"):
    response = client.post(
        "/v1/designs",
        headers=merchant.pk,
        json=samples.design(product_id, font_id, text=text, color={"rgb": "#c01010"}),
    )
    assert response.status_code == 201, response.json
    return response.json


def test_a_designs_model_carries_its_proof_as_textures(
    client, merchant, product_id, font_id, tmp_path
):
    assert upload(client, merchant, product_id, card_model()).status_code == 200
    design = card_design(client, merchant, product_id, font_id)
    url = f"/v1/designs/{design['id']}/model.glb"
    token = {"Monogram-Design-Token": design["token"]}

    assert client.get(url, headers=merchant.pk).status_code == 403  # the token is needed
    shop = {"Origin": f"https://{merchant.merchant_id}.invalid"}
    response = client.get(url, headers={**merchant.pk, **token, **shop})
    assert response.status_code == 200
    assert response.mimetype == "model/gltf-binary"
    assert response.headers["Access-Control-Allow-Origin"] == shop["Origin"]
    assert gltf_tools.errors_of(gltf_tools.validate(response.data, tmp_path)) == []
    front = gltf_tools.material_texture(response.data, "front").convert("RGB")
    # 85 × 55 mm: at the proof's 300 dpi already within 1024 px, so never enlarged.
    assert front.size == (round(85 / 25.4 * 300), round(55 / 25.4 * 300))
    # The red name on white card.
    pixels = front.tobytes()
    assert any(pixels[i] > 150 and pixels[i + 1] < 80 for i in range(0, len(pixels), 3))
    assert front.getpixel((front.width - 3, front.height - 3)) == (255, 255, 255)
    # The back has no artwork: its texture is the blank card, without the cutter's line.
    back = gltf_tools.material_texture(response.data, "back").convert("RGB")
    assert back.getextrema() == ((255, 255), (255, 255), (255, 255))

    # The secret key reads it too; a 304 when nothing changed.
    etag = response.headers["ETag"]
    same = client.get(url, headers={**merchant.sk, "If-None-Match": etag})
    assert same.status_code == 304


def test_a_new_version_gets_a_new_model_and_an_old_one_stays_readable(
    client, merchant, product_id, font_id
):
    assert upload(client, merchant, product_id, card_model()).status_code == 200
    design = card_design(client, merchant, product_id, font_id)
    url = f"/v1/designs/{design['id']}/model.glb"
    first = client.get(url, headers=merchant.sk)
    saved = client.put(
        f"/v1/designs/{design['id']}",
        headers={**merchant.sk, "If-Match": f'"{design["etag"]}"'},
        json=samples.design(product_id, font_id, text="Paul Martin"),
    )
    assert saved.status_code == 200
    latest = client.get(url, headers=merchant.sk)
    assert latest.headers["ETag"] != first.headers["ETag"] and latest.data != first.data
    pinned = client.get(f"{url}?version=1", headers=merchant.sk)
    assert pinned.data == first.data and pinned.headers["ETag"] == first.headers["ETag"]
    assert client.get(f"{url}?version=9", headers=merchant.sk).status_code == 404


def test_a_design_of_a_product_without_a_model_is_404(client, merchant, product_id, font_id):
    design = card_design(client, merchant, product_id, font_id)
    response = client.get(f"/v1/designs/{design['id']}/model.glb", headers=merchant.sk)
    assert response.status_code == 404
    assert "has no 3D model" in response.json["message"]


@pytest.mark.parametrize("key", ["sk", "pk"])
def test_another_merchants_product_or_design_is_404(
    client, merchant, other_merchant, product_id, font_id, key
):
    assert upload(client, merchant, product_id, card_model()).status_code == 200
    design = card_design(client, merchant, product_id, font_id)
    headers = {**getattr(other_merchant, key), "Monogram-Design-Token": design["token"]}
    assert client.get(f"/v1/products/{product_id}/model.glb", headers=headers).status_code == 404
    response = client.get(f"/v1/designs/{design['id']}/model.glb", headers=headers)
    assert response.status_code == 404
    if key == "sk":
        assert upload(client, other_merchant, product_id, card_model()).status_code == 404
        deleted = client.delete(f"/v1/products/{product_id}/model", headers=headers)
        assert deleted.status_code == 404
    assert client.get(f"/v1/products/{product_id}", headers=merchant.sk).json["model"]


def test_a_model_sent_as_a_text_field_is_refused_with_what_to_send(
    app, client, merchant, product_id
):
    response = client.put(
        f"/v1/products/{product_id}/model", headers=merchant.sk, data={"file": "model.glb"}
    )
    assert response.status_code == 422, response.json
    [error] = response.json["errors"]
    assert error["path"] == "/file" and "file" in error["message"].lower()
    assert stored_models(app) == []
