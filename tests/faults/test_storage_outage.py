"""S3 answering 500s: retried through a short outage, a 503 with nothing half stored past it.

A loopback proxy in front of moto's S3 server answers InternalError for as many requests as a
test asks, then forwards again.
"""

import contextlib
import hashlib
import http.client
import io
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
import sqlalchemy as sa

from monogram import create_app
from monogram.extensions.db import db
from monogram.extensions.storage import S3_ATTEMPTS
from monogram.models import Asset, ProductionJob
from tests import samples
from tests.conftest import ServerLikeClient, _account, make_config

pytestmark = pytest.mark.s3

REGION = "eu-west-3"
INTERNAL_ERROR = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>'
    b"<Message>We encountered an internal error. Please try again.</Message></Error>"
)
# Hop-by-hop headers the proxy must not pass on; it sets its own length.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}
UNAVAILABLE = {
    "code": 503,
    "status": "Service Unavailable",
    "message": "File storage is unavailable for a moment; try again shortly.",
}


class FailingS3:
    """The proxy's state: how many requests still fail, for which methods, and what it saw."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.lock = threading.Lock()
        self.to_fail = 0
        self.methods = None  # fail every method when None
        self.failed = []
        self.forwarded = []

    def fail(self, count, methods=None):
        with self.lock:
            self.to_fail, self.methods = count, methods
            self.failed, self.forwarded = [], []

    def should_fail(self, method):
        with self.lock:
            if self.to_fail and (self.methods is None or method in self.methods):
                self.to_fail -= 1
                return True
            return False


def handler_for(state):
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.1 so botocore's Expect: 100-continue and kept-alive connections work.
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _relay(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if state.should_fail(self.command):
                state.failed.append((self.command, self.path))
                payload = b"" if self.command == "HEAD" else INTERNAL_ERROR
                self.send_response(500)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(INTERNAL_ERROR)))
                self.end_headers()
                self.wfile.write(payload)
                return
            state.forwarded.append((self.command, self.path))
            upstream = http.client.HTTPConnection(state.upstream, timeout=30)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() != "expect"}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
            finally:
                upstream.close()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            length = answer.getheader("Content-Length") if self.command == "HEAD" else None
            self.send_header("Content-Length", length or str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _relay

    return Handler


@contextlib.contextmanager
def failing_proxy(upstream_url):
    state = FailingS3(upstream_url.removeprefix("http://"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def s3_behind_proxy(s3_endpoint, monkeypatch):
    """A fresh bucket on moto, a client that reads it directly, and the proxy in front."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    direct = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    bucket = f"monogram-{uuid.uuid4().hex[:10]}"
    direct.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    with failing_proxy(s3_endpoint) as (proxy_url, state):
        yield direct, bucket, proxy_url, state


def stored_keys(direct, bucket, prefix=""):
    listing = direct.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def asset_keys(app):
    """The storage key of every asset row."""
    with app.app_context():
        return sorted(db.session.scalars(sa.select(Asset.storage_key)))


def test_s3_failing_for_a_while_is_retried_and_failing_for_good_is_a_503(
    s3_behind_proxy, database_url, tmp_path
):
    direct, bucket, proxy_url, s3 = s3_behind_proxy
    config = make_config(
        tmp_path,
        DATABASE_URL=database_url,
        STORAGE_URL=f"s3://{bucket}/files",
        S3_ENDPOINT_URL=proxy_url,
    )
    app = create_app(config)
    app.test_client_class = ServerLikeClient
    client = app.test_client()
    account = _account(app, "Imprimerie Nuage")

    # The upload's PUT fails twice in a row: boto3 tries a third time and the file is stored.
    logo = samples.png(64, 64)
    s3.fail(2, methods={"PUT"})
    uploaded = client.post(
        "/v1/assets", headers=account.sk, data={"file": (io.BytesIO(logo), "logo.png")}
    )
    assert uploaded.status_code == 201, uploaded.json
    assert [method for method, _ in s3.failed] == ["PUT", "PUT"]
    assert [method for method, _ in s3.forwarded][:2] == ["HEAD", "PUT"]
    (logo_key,) = asset_keys(app)
    assets = f"files/merchants/{account.merchant_id}/assets/"
    assert stored_keys(direct, bucket, assets) == [f"files/{logo_key}"]
    assert direct.get_object(Bucket=bucket, Key=f"files/{logo_key}")["Body"].read() == logo

    # A job renders in-process and writes its bundle through the proxy.
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = client.post(
        "/v1/products", headers=account.sk, json=samples.card_product([font])
    ).json["id"]
    design = client.post(
        "/v1/designs", headers=account.sk, json=samples.design(product, font)
    ).json["id"]
    job_id = client.post("/v1/jobs", headers=account.sk, json={"design": design}).json["id"]
    job = client.get(f"/v1/jobs/{job_id}", headers=account.sk).json
    assert job["status"] == "ready", job
    with app.app_context():
        files = db.session.get(ProductionJob, job_id).files

    s3.fail(S3_ATTEMPTS - 1)
    fetched = client.get(f"/v1/jobs/{job_id}/files/print.pdf", headers=account.sk)
    assert fetched.status_code == 200, fetched.json
    assert [method for method, _ in s3.failed] == ["GET"] * (S3_ATTEMPTS - 1)
    assert hashlib.sha256(fetched.data).hexdigest() == files["print.pdf"]["sha256"]

    # S3 failing past the retries: a 503 to retry later, with the envelope and no detail.
    s3.fail(S3_ATTEMPTS)
    failed = client.get(f"/v1/jobs/{job_id}/files/print.pdf", headers=account.sk)
    assert failed.status_code == 503
    assert failed.json == UNAVAILABLE and failed.headers["Retry-After"] == "5"
    assert len(s3.failed) == S3_ATTEMPTS and s3.forwarded == []

    # The upload's PUT keeps failing once S3 said the file is not there yet: no row, no file.
    keys_before, rows_before = stored_keys(direct, bucket), asset_keys(app)
    s3.fail(S3_ATTEMPTS, methods={"PUT"})
    photo = samples.jpeg(80, 60)
    refused = client.post(
        "/v1/assets", headers=account.sk, data={"file": (io.BytesIO(photo), "photo.jpg")}
    )
    assert refused.status_code == 503
    assert refused.json == UNAVAILABLE and refused.headers["Retry-After"] == "5"
    assert b"InternalError" not in refused.data and b"Traceback" not in refused.data
    assert [method for method, _ in s3.failed] == ["PUT"] * S3_ATTEMPTS
    assert asset_keys(app) == rows_before
    assert stored_keys(direct, bucket) == keys_before

    # S3 is back: the same upload, sent again, is stored once with its row.
    again = client.post(
        "/v1/assets", headers=account.sk, data={"file": (io.BytesIO(photo), "photo.jpg")}
    )
    assert again.status_code == 201, again.json
    (photo_key,) = set(asset_keys(app)) - set(rows_before)
    assert f"files/{photo_key}" not in keys_before
    # Every asset row has its file and every asset file its row.
    assert stored_keys(direct, bucket, assets) == [f"files/{key}" for key in asset_keys(app)]
