"""PostgreSQL connections dropped under the app: a 503 to retry, nothing half stored, recovery."""

import threading
import time

import psycopg
import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Design, DesignVersion
from tests import samples

pytestmark = pytest.mark.postgres


def dsn(database_url):
    return sa.engine.make_url(database_url).set(drivername="postgresql").render_as_string(False)


def app_backends(admin, database):
    """Backend pids of every other connection to the test database: the app's pool."""
    return admin.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        (database,),
    ).fetchall()


def terminate(admin, pids):
    for (pid,) in pids:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def design_rows(app, design_id):
    with app.app_context():
        design = db.session.get(Design, design_id)
        versions = db.session.scalar(
            sa.select(sa.func.count()).where(DesignVersion.design_id == design_id)
        )
        return design.version_count, versions


@pytest.fixture
def design(client, merchant, product_id, font_id):
    response = client.post(
        "/v1/designs", headers=merchant.sk, json=samples.design(product_id, font_id)
    )
    assert response.status_code == 201, response.json
    return response.json["id"], response.headers["ETag"]


def test_connections_dropped_between_requests_are_replaced_unseen(
    app, client, merchant, design, database_url
):
    design_id, _ = design
    database = sa.engine.make_url(database_url).database
    with psycopg.connect(dsn(database_url), autocommit=True) as admin:
        pooled = app_backends(admin, database)
        assert pooled, "the app keeps no pooled connection to drop"
        terminate(admin, pooled)
        response = client.get(f"/v1/designs/{design_id}", headers=merchant.sk)
        assert response.status_code == 200, response.json
        assert response.json["id"] == design_id
        # The pool checked the dead connections before use and opened fresh ones.
        assert set(app_backends(admin, database)).isdisjoint(pooled)


def test_a_connection_dropped_mid_save_is_a_503_to_retry_and_stores_nothing(
    app, client, merchant, design, product_id, font_id, database_url
):
    design_id, etag = design
    database = sa.engine.make_url(database_url).database
    edited = samples.design(product_id, font_id, text="Jeanne Martin")
    before = design_rows(app, design_id)
    answers = []

    def save():
        answers.append(
            client.put(
                f"/v1/designs/{design_id}", headers={**merchant.sk, "If-Match": etag}, json=edited
            )
        )

    with (
        psycopg.connect(dsn(database_url)) as holder,
        psycopg.connect(dsn(database_url), autocommit=True) as admin,
    ):
        # Another transaction holds the design row, so the save waits on it mid-request.
        holder.execute("SELECT id FROM designs WHERE id = %s FOR UPDATE", (design_id,))
        saving = threading.Thread(target=save)
        saving.start()
        waiting = []
        deadline = time.monotonic() + 30
        while not waiting and time.monotonic() < deadline:
            waiting = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                (database,),
            ).fetchall()
            time.sleep(0.02)
        assert len(waiting) == 1, "the save never waited on the locked row"
        terminate(admin, waiting)
        saving.join(timeout=30)
        holder.rollback()

    (response,) = answers
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json == {
        "code": 503,
        "status": "Service Unavailable",
        "message": "The database is unavailable for a moment; try again shortly.",
    }
    assert b"Traceback" not in response.data and b"psycopg" not in response.data
    # The version the save had begun to write went with its transaction.
    assert design_rows(app, design_id) == before

    retried = client.put(
        f"/v1/designs/{design_id}", headers={**merchant.sk, "If-Match": etag}, json=edited
    )
    assert retried.status_code == 200, retried.json
    assert retried.json["version"] == before[0] + 1
    assert design_rows(app, design_id) == (before[0] + 1, before[1] + 1)
