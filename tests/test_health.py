"""Health and readiness probes."""


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_checks_database_storage_and_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "queue": "ok"},
    }


def test_readyz_is_503_when_redis_is_unreachable(tmp_path, database_url):
    from monogram import create_app
    from tests.conftest import make_config

    app = create_app(
        make_config(tmp_path, DATABASE_URL=database_url, REDIS_URL="redis://127.0.0.1:9/0")
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": "ok", "storage": "ok", "queue": "unavailable"}
