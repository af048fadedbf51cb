"""Photo previews: made in-process on the embedded default, or by an rq worker on a real Redis."""

import io

import pytest
from PIL import Image
from rq import SimpleWorker

from monogram import create_app
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.extensions.storage import storage
from monogram.models import Asset
from monogram.services.previews import make_preview
from tests.conftest import _account, make_config


def big_photo():
    out = io.BytesIO()
    Image.linear_gradient("L").resize((3000, 2000)).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def upload(client, account, data):
    response = client.post(
        "/v1/assets", headers=account.pk, data={"file": (io.BytesIO(data), "photo.jpg")}
    )
    assert response.status_code == 201, response.json
    return response.json


def test_in_process_preview_is_ready_right_after_the_upload(client, merchant):
    asset = upload(client, merchant, big_photo())
    assert (
        client.get(f"/v1/assets/{asset['id']}", headers=merchant.pk).json["preview_status"]
        == "ready"
    )
    preview = client.get(f"/v1/assets/{asset['id']}/preview", headers=merchant.pk)
    assert preview.status_code == 200 and preview.mimetype == "image/webp"
    image = Image.open(io.BytesIO(preview.data))
    assert (image.format, image.size) == ("WEBP", (1600, 1067))


def test_the_preview_job_is_idempotent(app, client, merchant):
    asset = upload(client, merchant, big_photo())
    with app.app_context():
        before = storage().keys()
        make_preview(asset["id"])
        make_preview(asset["id"])
        assert storage().keys() == before
        assert db.session.get(Asset, asset["id"]).preview_status == "ready"


@pytest.mark.redis
def test_with_redis_the_worker_makes_the_preview(redis_url, database_url, tmp_path):
    app = create_app(make_config(tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url))
    account = _account(app, "Avec Redis")
    client = app.test_client()
    asset = upload(client, account, big_photo())
    # Queued, not done: the web process does not render.
    assert (
        client.get(f"/v1/assets/{asset['id']}", headers=account.pk).json["preview_status"]
        == "pending"
    )
    waiting = client.get(f"/v1/assets/{asset['id']}/preview", headers=account.pk)
    assert waiting.status_code == 409 and waiting.headers["Retry-After"] == "2"
    with app.app_context():
        render = queue.queue("render")
        assert render.count == 1
        job = render.jobs[0]
        assert (job.func_name, job.args, job.timeout) == (
            "monogram.jobs.assets.make_preview",
            (asset["id"],),
            300,
        )
        assert job.retries_left == 3
        SimpleWorker([render], connection=queue.connection).work(burst=True)
        assert render.count == 0
    ready = client.get(f"/v1/assets/{asset['id']}/preview", headers=account.pk)
    assert ready.status_code == 200
    assert Image.open(io.BytesIO(ready.data)).size == (1600, 1067)
    with app.app_context():
        queue.connection.flushdb()


@pytest.mark.redis
def test_a_rejected_upload_queues_nothing(redis_url, database_url, tmp_path):
    app = create_app(make_config(tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url))
    account = _account(app, "Rien")
    response = app.test_client().post(
        "/v1/assets", headers=account.pk, data={"file": (io.BytesIO(b"not an image"), "x.png")}
    )
    assert response.status_code == 415
    with app.app_context():
        assert queue.queue("render").count == 0
