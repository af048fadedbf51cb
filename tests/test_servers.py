"""The servers from tests/servers.py are real processes answering on loopback."""

import urllib.request
import uuid
from urllib.parse import urlsplit

import boto3
import psycopg
import pytest
import redis
import sqlalchemy as sa
from botocore.config import Config as BotoConfig


@pytest.mark.postgres
def test_postgres_url_reaches_a_postgresql_server_over_tcp(postgres_url):
    url = sa.engine.make_url(postgres_url)
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.username, url.database) == ("127.0.0.1", "monogram", "monogram")

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        version, database, address, port = connection.execute(
            "SELECT version(), current_database(), host(inet_server_addr()), inet_server_port()"
        ).fetchone()

    assert "PostgreSQL" in version
    assert database == "monogram"
    assert (address, port) == ("127.0.0.1", url.port)


@pytest.mark.postgres
def test_postgres_url_works_through_sqlalchemy(postgres_url):
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TEMPORARY TABLE proof (label text)"))
        connection.execute(sa.text("INSERT INTO proof VALUES ('bon à tirer')"))
        assert connection.execute(sa.text("SELECT upper(label) FROM proof")).scalar() == (
            "BON À TIRER"
        )
    engine.dispose()


@pytest.mark.redis
def test_redis_url_reaches_a_redis_server(redis_url):
    client = redis.Redis.from_url(redis_url)
    info = client.info("server")
    client.close()

    assert info["redis_version"]
    assert info["tcp_port"] == urlsplit(redis_url).port


@pytest.mark.redis
def test_redis_comes_back_empty_on_the_same_port_after_a_restart(redis_server):
    client = redis.Redis.from_url(redis_server.url, socket_connect_timeout=1)
    client.set("monogram:test:restart", "before")
    port = redis_server.port

    with redis_server.down(), pytest.raises(redis.ConnectionError):
        client.ping()

    assert redis_server.port == port
    assert client.ping() is True
    assert client.get("monogram:test:restart") is None  # persistence is off
    redis_server.restart()
    assert client.ping() is True
    client.close()


@pytest.mark.s3
def test_s3_endpoint_stores_objects_over_http(s3_endpoint):
    sent = []
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=BotoConfig(s3={"addressing_style": "path"}),
    )
    s3.meta.events.register("before-send.s3", lambda request, **_: sent.append(request.url))
    bucket = f"monogram-{uuid.uuid4().hex[:12]}"

    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="proofs/42.pdf", Body=b"%PDF-1.7 proof")
    body = s3.get_object(Bucket=bucket, Key="proofs/42.pdf")["Body"].read()

    assert body == b"%PDF-1.7 proof"
    assert sent and all(url.startswith(f"{s3_endpoint}/{bucket}") for url in sent)
    # A plain HTTP client sees the same object: the store is the server, not an in-process mock.
    link = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "proofs/42.pdf"}
    )
    assert link.startswith(f"{s3_endpoint}/{bucket}/proofs/42.pdf?")
    with urllib.request.urlopen(link, timeout=5) as response:
        assert response.status == 200
        assert response.read() == b"%PDF-1.7 proof"
