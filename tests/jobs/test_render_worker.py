"""A render worker killed mid-job: the next worker finds the job and finishes the whole bundle."""

import contextlib
import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from monogram import create_app
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import ProductionJob
from tests.conftest import TEST_SECRET, _account, make_config


def poster_photo():
    # Noise compresses like a real photo, so embedding it takes the worker a few seconds.
    out = io.BytesIO()
    Image.effect_noise((4000, 3000), 80).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


def job_state(app, job_id):
    with app.app_context():
        db.session.expire_all()
        job = db.session.get(ProductionJob, job_id)
        return job.status, job.attempts


def wait_for(app, job_id, statuses, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, attempts = job_state(app, job_id)
        if status in statuses:
            return status, attempts
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} never reached {statuses}; it is {status}")


def kill_session(session_id):
    """SIGKILL every process of a session, as a crashed machine would: rq puts its work horse in
    a process group of its own, so killing the worker's group alone would leave it running."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[3]) == session_id:  # the session id, after state, ppid and pgrp
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(stat.parent.name), signal.SIGKILL)


def worker_env(config, database_url, redis_url, **settings):
    """The environment `monogram worker` reads: the test app's instance, database and Redis."""
    env = {
        **os.environ,
        "MONOGRAM_INSTANCE_DIR": config.INSTANCE_DIR,
        "MONOGRAM_DATABASE_URL": database_url,
        "MONOGRAM_REDIS_URL": redis_url,
        "MONOGRAM_SECRET_KEY": TEST_SECRET,
        "MONOGRAM_LOG_LEVEL": "WARNING",
    }
    env.update({f"MONOGRAM_{name}": str(value) for name, value in settings.items()})
    return env


def start_worker(env, *args):
    # Its own session, so the kill takes the rq work horse with it, as a crashed machine would.
    return subprocess.Popen(
        [sys.executable, "-m", "monogram.cli", "worker", "--queue", "render", *args],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.redis
def test_sigkill_mid_render_then_the_next_worker_completes_the_bundle(
    redis_url, database_url, tmp_path
):
    config = make_config(tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_url)
    app = create_app(config)
    account = _account(app, "Imprimerie Kill")
    client = app.test_client()
    asset = client.post(
        "/v1/assets", headers=account.sk, data={"file": (io.BytesIO(poster_photo()), "p.jpg")}
    ).json["id"]
    product = client.post(
        "/v1/products",
        headers=account.sk,
        json={
            "name": "Poster A3",
            "areas": [
                {
                    "id": "front",
                    "name": "Poster",
                    "width": 297,
                    "height": 420,
                    "bleed": 3,
                    "safe": 5,
                    "min_dpi": 100,
                }
            ],
        },
    ).json["id"]
    design = client.post(
        "/v1/designs",
        headers=account.sk,
        json={
            "format": "monogram.design/1",
            "product": product,
            "surfaces": [
                {
                    "area": "front",
                    "objects": [
                        {
                            "id": "photo",
                            "type": "image",
                            "asset": asset,
                            "x": -3,
                            "y": -3,
                            "width": 303,
                            "height": 426,
                            "fit": "cover",
                        }
                    ],
                }
            ],
        },
    ).json["id"]
    job_id = client.post("/v1/jobs", headers=account.sk, json={"design": design}).json["id"]
    assert job_state(app, job_id) == ("queued", 0)

    env = worker_env(config, database_url, redis_url)
    worker = start_worker(env)
    try:
        wait_for(app, job_id, {"rendering"}, timeout=60)
        time.sleep(0.5)
        kill_session(worker.pid)
        worker.wait(timeout=10)
    finally:
        kill_session(worker.pid)
    assert job_state(app, job_id) == ("rendering", 1), "the render ended before the kill"

    second = start_worker(env, "--burst")
    output, _ = second.communicate(timeout=180)
    assert second.returncode == 0, output
    assert f"Queued again 1 stalled job(s): {job_id}" in output
    assert job_state(app, job_id) == ("ready", 2), output

    with app.app_context():
        job = db.session.get(ProductionJob, job_id)
        assert sorted(job.files) == ["design.json", "manifest.json", "print.pdf", "proof-front.png"]
        for name, facts in job.files.items():
            data = storage().get(f"{job.bundle_key}{name}")
            assert hashlib.sha256(data).hexdigest() == facts["sha256"], name
        pdf = tmp_path / "print.pdf"
        pdf.write_bytes(storage().get(f"{job.bundle_key}print.pdf"))
    info = subprocess.run(["pdfinfo", "-box", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"Pages:\s+1\n", info.stdout)
