"""Storage: the same behaviour from the local directory and from S3 over HTTP (moto's server)."""

import hashlib
import io
import uuid

import boto3
import pytest

from monogram.errors import NotFound
from monogram.extensions.storage import LocalStorage, S3Storage, storage_from_config
from tests import samples
from tests.conftest import make_config

CREDENTIALS = {
    "aws_access_key_id": "testing",
    "aws_secret_access_key": "testing",
    "region_name": "eu-west-3",
}


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """A fresh bucket on moto's standalone server, and a boto3 client of our own to look inside."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    bucket = f"monogram-{uuid.uuid4().hex[:10]}"
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    return client, bucket


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    client, bucket = request.getfixturevalue("s3")
    return S3Storage(bucket, prefix="tenant-a", client=client)


def test_put_get_exists_delete(store):
    key = "merchants/mer_1/assets/ab/abcdef.png"
    assert not store.exists(key)
    store.put(key, b"\x89PNG data", "image/png")
    assert store.exists(key)
    assert store.get(key) == b"\x89PNG data"
    assert store.keys("merchants/mer_1") == [key]
    store.put(key, b"replaced", "image/png")
    assert store.get(key) == b"replaced"
    store.delete(key)
    assert not store.exists(key)
    with pytest.raises(NotFound):
        store.get(key)


@pytest.mark.parametrize(
    "key", ["../etc/passwd", "/abs/path", "a/../../b", "UPPER/case", "a//b", ""]
)
def test_keys_cannot_climb_out(store, key):
    with pytest.raises(ValueError, match="invalid storage key"):
        store.put(key, b"x", "text/plain")


def test_local_files_land_under_the_root_only(tmp_path):
    store = LocalStorage(tmp_path / "root")
    store.put("a/b.txt", b"hello", "text/plain")
    assert (tmp_path / "root" / "a" / "b.txt").read_bytes() == b"hello"
    assert [p.name for p in (tmp_path / "root" / "a").iterdir()] == ["b.txt"]


@pytest.mark.s3
def test_s3_objects_are_real_objects_under_the_prefix(s3):
    client, bucket = s3
    store = S3Storage(bucket, prefix="eu/prod", client=client)
    store.put("merchants/mer_1/x.png", b"abc", "image/png")
    head = client.head_object(Bucket=bucket, Key="eu/prod/merchants/mer_1/x.png")
    assert head["ContentType"] == "image/png" and head["ContentLength"] == 3


@pytest.mark.s3
def test_uploads_through_the_api_land_in_s3(s3, s3_endpoint, tmp_path, database_url):
    from monogram import create_app
    from tests.conftest import _account

    client, bucket = s3
    config = make_config(
        tmp_path,
        DATABASE_URL=database_url,
        STORAGE_URL=f"s3://{bucket}/files",
        S3_ENDPOINT_URL=s3_endpoint,
    )
    assert storage_from_config(config).describe() == f"s3://{bucket}/files/"
    app = create_app(config)
    account = _account(app, "Sur S3")
    data = samples.png(64, 64)
    response = app.test_client().post(
        "/v1/assets", headers=account.pk, data={"file": (io.BytesIO(data), "logo.png")}
    )
    assert response.status_code == 201
    sha = hashlib.sha256(data).hexdigest()
    key = f"files/merchants/{account.merchant_id}/assets/{sha[:2]}/{sha}.png"
    assert client.get_object(Bucket=bucket, Key=key)["Body"].read() == data
    downloaded = app.test_client().get(
        f"/v1/assets/{response.json['id']}/content", headers=account.pk
    )
    assert downloaded.data == data
