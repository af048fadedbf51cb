"""The job lifecycle: explicit transitions, a 409 for any other, and an append-only audit log."""

import pytest
import sqlalchemy as sa

from monogram.errors import Conflict
from monogram.extensions.db import db
from monogram.models import JobEvent, ProductionJob
from monogram.services import lifecycle
from tests import samples


@pytest.fixture
def job_id(client, merchant, product_id, font_id):
    design = client.post(
        "/v1/designs", headers=merchant.sk, json=samples.design(product_id, font_id)
    ).json
    created = client.post(
        "/v1/jobs", headers=merchant.sk, json={"design": design["id"], "order": "#7"}
    )
    assert created.status_code == 201, created.json
    return created.json["id"]


def events(job_id):
    return db.session.scalars(
        sa.select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.id)
    ).all()


def test_an_invalid_transition_is_a_conflict_and_writes_nothing(app, job_id):
    with app.app_context():
        job = db.session.get(ProductionJob, job_id)
        before = [(e.from_status, e.to_status) for e in events(job_id)]
        with pytest.raises(Conflict) as raised:
            lifecycle.transition(job, "shipped", "merchant:sk_test", "127.0.0.1")
        assert raised.value.status == 409
        assert str(raised.value) == f"Job {job_id} is ready; it cannot become shipped."
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(ProductionJob, job_id).status == "ready"
        assert [(e.from_status, e.to_status) for e in events(job_id)] == before


def test_the_audit_log_lists_every_step_in_order_with_who_and_when(client, merchant, job_id):
    job = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json
    steps = [(e["from"], e["to"], e["actor"], e["source"]) for e in job["events"]]
    assert steps == [
        (None, "queued", f"merchant:{merchant.secret[:10]}", "127.0.0.1"),
        ("queued", "rendering", "system", "worker"),
        ("rendering", "ready", "system", "worker"),
    ]
    moments = [e["at"] for e in job["events"]]
    assert all(moments) and moments == sorted(moments)


def test_a_conflict_over_http_adds_no_event(client, merchant, job_id):
    before = client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json["events"]
    response = client.post(f"/v1/jobs/{job_id}/approve", headers=merchant.sk)
    assert response.status_code == 409
    assert (
        response.json["message"]
        == f"Job {job_id} is ready; there is no proof waiting for approval."
    )
    assert client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json["events"] == before


def test_events_cannot_be_edited(app, job_id):
    with app.app_context():
        event = events(job_id)[0]
        event.actor = "someone else"
        with pytest.raises(RuntimeError, match="immutable"):
            db.session.commit()


@pytest.mark.parametrize(
    ("current", "to"),
    [("shipped", "ready"), ("cancelled", "queued"), ("ready", "rendering"), ("queued", "ready")],
)
def test_the_table_refuses_moves_that_skip_or_undo_steps(current, to):
    assert not lifecycle.can_move(current, to)


def test_every_status_has_a_row_in_the_table():
    from monogram.models.production import JOB_STATUSES

    assert set(lifecycle.TRANSITIONS) - {None} == set(JOB_STATUSES)
    assert all(targets <= set(JOB_STATUSES) for targets in lifecycle.TRANSITIONS.values())
