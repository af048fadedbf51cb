"""POST /v1/jobs/<id>/render: a ready or failed job rendered again from the version it pins."""

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import JobEvent, ProductionJob
from tests.console.test_pages import order


def moves(app, job_id):
    with app.app_context():
        return db.session.execute(
            sa.select(JobEvent.from_status, JobEvent.to_status, JobEvent.source, JobEvent.note)
            .where(JobEvent.job_id == job_id)
            .order_by(JobEvent.id)
        ).all()


def set_status(app, job_id, status):
    with app.app_context():
        db.session.get(ProductionJob, job_id).status = status
        db.session.commit()


def test_a_ready_job_renders_again_into_the_same_files(app, client, merchant, product_id, font_id):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    before = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json
    assert before["status"] == "ready"
    logged = len(moves(app, job_id))

    response = client.post(f"/v1/jobs/{job_id}/render", headers=merchant.sk)
    assert response.status_code == 202, response.json
    assert response.json["status"] == "queued"
    after = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json
    assert after["status"] == "ready"
    assert after["attempts"] == before["attempts"] + 1
    # Same pinned version, same inputs: the same bytes under the same keys.
    assert [(f["name"], f["sha256"]) for f in after["files"]] == [
        (f["name"], f["sha256"]) for f in before["files"]
    ]
    assert moves(app, job_id)[logged:] == [
        ("ready", "queued", "127.0.0.1", "render again"),
        ("queued", "rendering", "worker", None),
        ("rendering", "ready", "worker", None),
    ]
    event = after["events"][logged]
    assert event["actor"].startswith("merchant:sk_")


def test_asking_twice_while_it_waits_renders_once(app, client, merchant, product_id, font_id):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    set_status(app, job_id, "queued")
    logged = moves(app, job_id)

    response = client.post(f"/v1/jobs/{job_id}/render", headers=merchant.sk)
    assert response.status_code == 202
    assert response.json["status"] == "queued"
    assert moves(app, job_id) == logged


def test_a_failed_job_renders_again(app, client, merchant, product_id, font_id):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    set_status(app, job_id, "failed")
    response = client.post(f"/v1/jobs/{job_id}/render", headers=merchant.sk)
    assert response.status_code == 202
    assert client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json["status"] == "ready"
    assert ("failed", "queued", "127.0.0.1", "render again") in moves(app, job_id)


def test_a_job_in_production_is_a_conflict_and_changes_nothing(
    app, client, merchant, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    set_status(app, job_id, "in_production")
    logged = moves(app, job_id)
    response = client.post(f"/v1/jobs/{job_id}/render", headers=merchant.sk)
    assert response.status_code == 409
    assert response.json["message"] == (
        f"Job {job_id} is in_production; only a ready or failed job renders again."
    )
    assert moves(app, job_id) == logged


def test_another_merchants_job_is_not_found(
    app, client, merchant, other_merchant, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    logged = moves(app, job_id)
    response = client.post(f"/v1/jobs/{job_id}/render", headers=other_merchant.sk)
    assert response.status_code == 404
    assert moves(app, job_id) == logged


def test_a_dispatched_job_rendered_again_stays_with_its_workshop(
    app, client, merchant, product_id, font_id
):
    from monogram.models import Workshop

    with app.app_context():
        bench = Workshop(merchant_id=merchant.merchant_id, name="Atelier Lyon", is_default=True)
        db.session.add(bench)
        db.session.commit()
        bench = bench.id
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    assert client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json["workshop"] == bench
    dispatched = [m for m in moves(app, job_id) if m[2] == "dispatch"]

    response = client.post(f"/v1/jobs/{job_id}/render", headers=merchant.sk)
    assert response.status_code == 202
    after = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json
    assert (after["status"], after["workshop"]) == ("ready", bench)
    # Dispatched once, when it first became ready.
    assert [m for m in moves(app, job_id) if m[2] == "dispatch"] == dispatched
    assert len(dispatched) == 1
