"""Uploads over HTTP: typed by content, stored once, rejected cleanly, served to the owner only."""

import hashlib
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Asset, Font
from tests import samples


def upload(client, headers, data, name, url="/v1/assets", **form):
    return client.post(url, headers=headers, data={"file": (io.BytesIO(data), name), **form})


def stored_nothing(app):
    with app.app_context():
        assets = db.session.scalar(sa.select(sa.func.count()).select_from(Asset))
        # The shipped library's fonts (no merchant) are there from the start.
        uploaded = sa.select(sa.func.count()).select_from(Font).where(Font.merchant_id.is_not(None))
        font_rows = db.session.scalar(uploaded)
        return assets == 0 and font_rows == 0 and storage().keys() == []


def test_png_upload_is_described_from_its_pixels(client, merchant):
    response = upload(client, merchant.pk, samples.png(300, 200), "logo.png")
    assert response.status_code == 201, response.json
    body = response.json
    assert body["id"].startswith("ast_")
    assert (body["kind"], body["media_type"], body["width_px"], body["height_px"]) == (
        "raster",
        "image/png",
        300,
        200,
    )
    assert body["color_mode"] == "rgb" and body["filename"] == "logo.png"


def test_type_comes_from_content_not_name_or_header(client, merchant):
    response = client.post(
        "/v1/assets",
        headers=merchant.pk,
        data={"file": (io.BytesIO(samples.png()), "photo.jpg", "image/jpeg")},
    )
    assert response.status_code == 201
    assert response.json["media_type"] == "image/png"


def test_cmyk_jpeg_stays_cmyk_byte_for_byte(client, merchant):
    original = samples.jpeg(mode="CMYK")
    created = upload(client, merchant.sk, original, "cmyk.jpg").json
    assert created["color_mode"] == "cmyk"
    content = client.get(f"/v1/assets/{created['id']}/content", headers=merchant.sk)
    assert content.data == original
    assert content.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(content.data)).mode == "CMYK"


def test_identical_content_is_stored_once(app, client, merchant):
    first = upload(client, merchant.pk, samples.png(), "a.png").json
    second = upload(client, merchant.pk, samples.png(), "b.png").json
    assert first["id"] == second["id"]
    with app.app_context():
        originals = [key for key in storage().keys("merchants/") if "/assets/" in key]
    assert originals == [
        f"merchants/{merchant.merchant_id}/assets/{first['sha256'][:2]}/{first['sha256']}.png"
    ]


def test_download_is_the_stored_file_with_safe_headers(client, merchant):
    data = samples.svg()
    created = upload(client, merchant.pk, data, "logo.svg").json
    response = client.get(f"/v1/assets/{created['id']}/content", headers=merchant.pk)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert hashlib.sha256(response.data).hexdigest() == created["sha256"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["ETag"] == f'"{created["sha256"]}"'


def test_there_is_no_public_path_to_a_file(client, merchant):
    created = upload(client, merchant.pk, samples.png(), "a.png").json
    assert client.get(f"/v1/assets/{created['id']}/content").status_code == 401
    for guess in (
        f"/storage/merchants/{merchant.merchant_id}/assets/{created['sha256'][:2]}/{created['sha256']}.png",
        f"/instance/storage/merchants/{merchant.merchant_id}/assets/{created['sha256']}.png",
    ):
        assert client.get(guess).status_code == 404


REJECTED = [
    ("svg-entities.svg", samples.SVG_WITH_ENTITIES, "/v1/assets", 422, "DOCTYPE"),
    ("script.svg", samples.SVG_WITH_SCRIPT, "/v1/assets", 422, "script"),
    ("onload.svg", samples.SVG_WITH_ONLOAD, "/v1/assets", 422, "onload"),
    ("bomb.png", samples.png_bomb(), "/v1/assets", 422, "megapixels"),
    ("truncated.jpg", samples.jpeg(800, 600)[:1500], "/v1/assets", 422, "truncated"),
    ("notes.png", b"just some text, not an image\n", "/v1/assets", 415, "PNG"),
    ("broken.ttf", samples.malformed_ttf(), "/v1/fonts", 422, "damaged"),
]


@pytest.mark.parametrize(
    ("name", "data", "url", "status", "phrase"), REJECTED, ids=[r[0] for r in REJECTED]
)
def test_bad_files_get_a_clear_4xx_and_nothing_is_stored(
    app, client, merchant, name, data, url, status, phrase
):
    if name == "bomb.png":
        assert len(data) < 1_000_000
    response = upload(client, merchant.sk, data, name, url=url, licence_note="test")
    assert response.status_code == status, response.json
    assert response.is_json
    assert response.json["code"] == status
    assert phrase.lower() in response.json["message"].lower()
    assert "Traceback" not in response.text
    assert stored_nothing(app)


def test_a_font_is_not_an_asset_upload(app, client, merchant):
    response = upload(client, merchant.pk, samples.VERA.read_bytes(), "Vera.ttf")
    assert response.status_code == 415
    assert "font" in response.json["message"].lower()
    assert stored_nothing(app)


def test_files_over_the_size_caps_are_413(tmp_path, database_url):
    from monogram import create_app
    from tests.conftest import _account, make_config

    config = make_config(
        tmp_path,
        DATABASE_URL=database_url,
        MAX_RASTER_BYTES=2000,
        MAX_VECTOR_BYTES=2000,
        MAX_FONT_BYTES=2000,
    )
    small = create_app(config)
    account = _account(small, "Petit")
    client = small.test_client()
    # Over the cap for photos, but within what the server accepts as a request.
    noisy = Image.effect_noise((64, 64), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert 2000 < len(out.getvalue()) < 60_000
    over_kind_cap = upload(client, account.pk, out.getvalue(), "noise.png")
    assert over_kind_cap.status_code == 413
    assert over_kind_cap.json["code"] == 413
    # Over any upload size: refused before the body is read.
    whole_request = upload(client, account.pk, b"\x89PNG" + b"\0" * 80_000, "big.png")
    assert whole_request.status_code == 413
    assert whole_request.json["status"] == "Request Entity Too Large"
    assert stored_nothing(small)


def test_missing_file_field_is_422_pointing_at_it(client, merchant):
    response = client.post("/v1/assets", headers=merchant.pk, data={})
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": "/file", "location": "form", "message": "Missing data for required field."}
    ]


@pytest.mark.parametrize("key", ["sk", "pk"])
def test_another_merchants_asset_is_404(client, merchant, other_merchant, key):
    created = upload(client, merchant.pk, samples.png(), "a.png").json
    headers = getattr(other_merchant, key)
    for path in ("", "/content", "/preview"):
        response = client.get(f"/v1/assets/{created['id']}{path}", headers=headers)
        assert response.status_code == 404, path
        assert response.json["code"] == 404
