"""Redis killed with render jobs queued and restarted empty: the SQL job rows bring them back.

The API keeps answering while Redis is down, the periodic duty re-enqueues what Redis lost once it
is back, and a real worker renders every job exactly once.
"""

import hashlib
import time

import pytest
import sqlalchemy as sa
from rq import Queue
from rq.registry import FailedJobRegistry, FinishedJobRegistry

from monogram import create_app
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.extensions.storage import storage
from monogram.models import JobEvent, ProductionJob
from monogram.services import duties, production
from tests import samples
from tests.conftest import _account, make_config
from tests.jobs.test_render_worker import kill_session, start_worker, worker_env

# Jobs queued before the outage, and orders that arrive while Redis is down.
BEFORE = 3
DURING = 2
TICK = 0.1  # s between the ticker's looks, so the test waits fractions of a second


def render_queue(redis_url):
    from redis import Redis

    return Queue("render", connection=Redis.from_url(redis_url))


@pytest.fixture
def redis_server(redis_server):
    """The session's Redis, running again after the test whatever happened in it: the tests
    after this one use it too."""
    yield redis_server
    if redis_server.process is None:
        redis_server.start()


def kill_redis(redis_server):
    """SIGKILL, as a crashed host would: no shutdown save, and the server keeps no data anyway."""
    redis_server.process.kill()
    redis_server.process.wait(timeout=10)
    redis_server.stop()


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} within {timeout} s")


def job_history(app, job_ids):
    """Each job's status, attempts and its lifecycle steps as (from, to) pairs."""
    with app.app_context():
        db.session.expire_all()
        history = {}
        for job_id in job_ids:
            job = db.session.get(ProductionJob, job_id)
            steps = db.session.execute(
                sa.select(JobEvent.from_status, JobEvent.to_status)
                .where(JobEvent.job_id == job_id)
                .order_by(JobEvent.id)
            ).all()
            history[job_id] = (job.status, job.attempts, [tuple(step) for step in steps])
        return history


@pytest.mark.redis
def test_jobs_queued_when_redis_dies_are_sent_again_and_rendered_once(
    redis_server, database_url, tmp_path, app_log
):
    config = make_config(tmp_path, DATABASE_URL=database_url, REDIS_URL=redis_server.url)
    app = create_app(config)
    caplog = app_log()
    account = _account(app, "Imprimerie Panne")
    client = app.test_client()
    render_queue(redis_server.url).empty()
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = client.post(
        "/v1/products", headers=account.sk, json=samples.card_product([font])
    ).json["id"]
    created = client.post("/v1/designs", headers=account.sk, json=samples.design(product, font))
    design, etag = created.json["id"], created.headers["ETag"]

    def order_line(n):
        return client.post(
            "/v1/jobs",
            headers=account.sk,
            json={"design": design, "order": "#1042", "line": f"line-{n}"},
        )

    before = [order_line(n).json["id"] for n in range(BEFORE)]
    assert sorted(render_queue(redis_server.url).job_ids) == sorted(
        production.rq_job_id(job_id) for job_id in before
    )

    kill_redis(redis_server)
    # The API still takes orders and saves designs: the rows are committed, the send waits.
    during = []
    for n in range(BEFORE, BEFORE + DURING):
        response = order_line(n)
        assert response.status_code == 201, response.json
        assert response.json["status"] == "queued"
        during.append(response.json["id"])
    saved = client.put(
        f"/v1/designs/{design}",
        headers={**account.sk, "If-Match": etag},
        json=samples.design(product, font, text="Jeanne Martin"),
    )
    assert saved.status_code == 200, saved.json
    assert caplog.text.count("Redis unavailable; job monogram.jobs.production.render_job") == DURING
    jobs = before + during

    # The ticker keeps running through the outage, as it does in every worker.
    stop = duties.start_ticker(app, interval=TICK)
    try:
        wait_for(
            lambda: "periodic duties skipped this tick" in caplog.text,
            "the ticker logged no skipped tick while Redis was down",
        )
        redis_server.start()
        lost = render_queue(redis_server.url)
        with app.app_context():
            # Rows changed a moment ago may still be on their way to Redis: left alone for now.
            assert production.recover_settled() == []
            assert lost.job_ids == []
            # A minute passes: the rows have settled and the duty's period is over.
            db.session.execute(
                sa.text(
                    "UPDATE production_jobs SET updated_at = updated_at - make_interval(secs => :s)"
                ),
                {"s": 2 * production.SETTLE_SECONDS},
            )
            db.session.commit()
            queue.connection.delete(duties.LOCK_KEY.format(name="stalled render jobs"))
        wait_for(
            lambda: len(lost.job_ids) == BEFORE + DURING,
            "the stalled render jobs duty did not queue the lost jobs again",
        )
    finally:
        stop.set()
    assert sorted(lost.job_ids) == sorted(production.rq_job_id(job_id) for job_id in jobs)
    # Once sent again, a further run of the duty finds nothing to do.
    with app.app_context():
        assert duties.run_due_duties(["stalled render jobs"]) == {"stalled render jobs": 0}
    assert all(status == "queued" for status, _, _ in job_history(app, jobs).values())

    env = worker_env(config, database_url, redis_server.url)
    worker = start_worker(env, "--burst")
    try:
        output, _ = worker.communicate(timeout=120)
    finally:
        kill_session(worker.pid)
    assert worker.returncode == 0, output
    # The duty had sent everything: the worker's own start-up recovery found nothing stalled.
    assert "Queued again" not in output

    # Every job rendered in one attempt, with one step per status and no step twice.
    steps = [(None, "queued"), ("queued", "rendering"), ("rendering", "ready")]
    assert job_history(app, jobs) == {job_id: ("ready", 1, steps) for job_id in jobs}
    rq_ids = sorted(production.rq_job_id(job_id) for job_id in jobs)
    with app.app_context():
        finished = FinishedJobRegistry("render", connection=queue.connection)
        assert sorted(finished.get_job_ids()) == rq_ids
        assert FailedJobRegistry("render", connection=queue.connection).get_job_ids() == []
        assert queue.queue("render").job_ids == []
        bundles = set()
        for job_id in jobs:
            job = db.session.get(ProductionJob, job_id)
            bundles.add(job.bundle_key)
            for name, facts in job.files.items():
                data = storage().get(f"{job.bundle_key}{name}")
                assert hashlib.sha256(data).hexdigest() == facts["sha256"], (job_id, name)
        # One bundle per order line, each of four files: nothing written beside them.
        assert len(bundles) == BEFORE + DURING
        stored = storage().keys(f"merchants/{account.merchant_id}/bundles")
        assert len(stored) == 4 * (BEFORE + DURING)
        assert sorted(stored) == sorted(
            f"{job.bundle_key}{name}"
            for job in db.session.scalars(sa.select(ProductionJob))
            for name in job.files
        )
