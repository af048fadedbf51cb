"""A batch worker killed mid-batch: the next worker resumes it, no page twice, none missing."""

import io
import re
import subprocess
import time

import pytest

from monogram import create_app
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Batch, BatchChunk
from tests import samples
from tests.api.test_batches import template_document
from tests.conftest import _account, make_config
from tests.jobs.test_render_worker import kill_session, start_worker, worker_env

RECORDS = 2000
CHUNK = 10
LEASE = 2  # seconds without a renewed lease before a batch counts as abandoned


def batch_state(app, batch_id):
    with app.app_context():
        db.session.expire_all()
        batch = db.session.get(Batch, batch_id)
        return batch.status, batch.done


def wait_for(app, batch_id, done, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, count = batch_state(app, batch_id)
        if done(status, count):
            return status, count
        time.sleep(0.02)
    raise AssertionError(f"batch {batch_id} is {status} with {count} done")


def _started_batch(client, account):
    """A batch of RECORDS cards in chunks of CHUNK, asked to render once validated."""
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = client.post(
        "/v1/products", headers=account.sk, json=samples.card_product([font])
    ).json["id"]
    template = client.post(
        "/v1/templates",
        headers=account.sk,
        json={"name": "Carte", "document": template_document(product, font)},
    ).json["id"]
    data = "Nom;Fonction;Code\r\n" + "".join(
        f"Client {n:04d};Vendeur;3760123456784\r\n" for n in range(1, RECORDS + 1)
    )
    return client.post(
        "/v1/batches",
        headers=account.sk,
        data={
            "template": template,
            "file": (io.BytesIO(data.encode("cp1252")), "clients.csv"),
            "chunk_size": str(CHUNK),
            "start": "true",
        },
    ).json["id"]


def _worker_env(config, database_url, redis_url):
    return worker_env(config, database_url, redis_url, BATCH_LEASE_SECONDS=LEASE)


@pytest.mark.redis
def test_sigkill_mid_batch_then_the_next_worker_finishes_every_page_in_data_order(
    redis_url, database_url, tmp_path
):
    config = make_config(
        tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url, BATCH_LEASE_SECONDS=LEASE
    )
    app = create_app(config)
    account = _account(app, "Réseau Kill")
    client = app.test_client()
    batch_id = _started_batch(client, account)
    env = _worker_env(config, database_url, redis_url)
    worker = start_worker(env, "--queue", "batch")
    try:
        # Killed once a good part is done, and long before the end.
        wait_for(app, batch_id, lambda status, done: done >= RECORDS // 10, timeout=120)
        kill_session(worker.pid)
        # What the console's progress bar reads: records done of the total, rate and time left.
        progress = client.get(f"/v1/batches/{batch_id}", headers=account.sk).json["progress"]
        worker.wait(timeout=10)
    finally:
        kill_session(worker.pid)
    status, done_at_kill = batch_state(app, batch_id)
    assert status == "rendering" and done_at_kill < RECORDS, "the batch ended before the kill"
    assert progress["total"] == RECORDS and RECORDS // 10 <= progress["done"] <= done_at_kill
    assert progress["percent"] == round(100 * progress["done"] / RECORDS, 1)
    assert progress["rate"] > 0
    left = RECORDS - progress["done"]
    # The rate shown is rounded to a tenth; the time left comes from the unrounded one.
    expected = left / progress["rate"]
    assert abs(progress["eta_seconds"] - expected) <= 1 + expected / 100

    time.sleep(LEASE + 0.5)
    second = start_worker(env, "--queue", "batch", "--burst")
    output, _ = second.communicate(timeout=300)
    assert second.returncode == 0, output
    assert f"Resuming 1 interrupted batch(es): {batch_id}" in output
    assert batch_state(app, batch_id) == ("ready", RECORDS), output

    with app.app_context():
        positions = db.session.scalars(
            db.select(BatchChunk.position).where(BatchChunk.batch_id == batch_id)
        ).all()
    assert sorted(positions) == list(range(RECORDS // CHUNK))

    response = client.get(f"/v1/batches/{batch_id}/files/print.pdf", headers=account.sk)
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(response.data)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(rf"Pages:\s+{RECORDS}\n", info.stdout)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Exactly one page per record, in data order: no chunk twice, none missing.
    numbers = [int(n) for n in re.findall(r"Client (\d{4})", text)]
    assert numbers == list(range(1, RECORDS + 1))


@pytest.mark.redis
def test_a_batch_cancelled_mid_render_stops_and_keeps_no_pages(redis_url, database_url, tmp_path):
    config = make_config(tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url)
    app = create_app(config)
    account = _account(app, "Réseau Stop")
    client = app.test_client()
    batch_id = _started_batch(client, account)
    worker = start_worker(_worker_env(config, database_url, redis_url), "--queue", "batch")
    try:
        wait_for(app, batch_id, lambda status, done: done >= RECORDS // 10, timeout=120)
        response = client.post(f"/v1/batches/{batch_id}/cancel", headers=account.sk)
        assert response.status_code == 200 and response.json["status"] == "cancelled"
        # The worker stops after the chunk it is on: nothing more is counted, nothing stored.
        time.sleep(2)
        status, done = batch_state(app, batch_id)
        time.sleep(1)
        assert batch_state(app, batch_id) == (status, done) == ("cancelled", done)
        assert done < RECORDS
    finally:
        kill_session(worker.pid)
    with app.app_context():
        assert storage().keys(f"batches/{batch_id}/chunks") == []
        assert db.session.get(Batch, batch_id).files == {}
    response = client.get(f"/v1/batches/{batch_id}/files/print.pdf", headers=account.sk)
    assert response.status_code == 404
    assert "cancelled" in response.json["message"]
