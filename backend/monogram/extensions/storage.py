"""Object storage for files: one interface, a local directory or S3 behind it."""

import os
import re
import shutil
import tempfile
from pathlib import Path

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from monogram.errors import NotFound

# Copy buffer for files stored from disk.
CHUNK_BYTES = 1 << 20
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")


def _checked(key):
    # Keys are made by Monogram, never by callers; refuse anything that could climb out of the root.
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"invalid storage key {key!r}")
    return key


class LocalStorage:
    """Files under a directory, written atomically so a reader never sees half a file."""

    def __init__(self, root):
        self.root = Path(root)

    def describe(self):
        return f"local directory {self.root}"

    def _path(self, key):
        return self.root / _checked(key)

    def put(self, key, data, content_type):
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise

    def put_file(self, key, source, content_type):
        """Store a file from disk without reading it into memory (batch print files)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle, open(source, "rb") as data:
                shutil.copyfileobj(data, handle, CHUNK_BYTES)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise

    def open(self, key):
        """A binary file object of a stored file, read as the caller goes."""
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise NotFound(f"stored file {key} is missing") from None

    def get(self, key):
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise NotFound(f"stored file {key} is missing") from None

    def exists(self, key):
        return self._path(key).is_file()

    def delete(self, key):
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix=""):
        base = self.root / prefix if prefix else self.root
        if not base.exists():
            return []
        found = (p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".incoming-"))
        return sorted(str(p.relative_to(self.root)) for p in found)


class S3Storage:
    """Objects in an S3 (or S3-compatible) bucket, under an optional prefix."""

    def __init__(self, bucket, prefix="", endpoint_url=None, region=None, client=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        # Standard retries ride out an S3 that answers 500/503 for a moment.
        self.client = client or boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            config=BotoConfig(retries={"mode": "standard", "max_attempts": 6}),
        )

    def describe(self):
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, key):
        return self.prefix + _checked(key)

    def put(self, key, data, content_type):
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
        )

    def put_file(self, key, source, content_type):
        """Store a file from disk; boto3 sends a big one in parts."""
        self.client.upload_file(
            str(source), self.bucket, self._key(key), ExtraArgs={"ContentType": content_type}
        )

    def open(self, key):
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                raise NotFound(f"stored file {key} is missing") from None
            raise

    def get(self, key):
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except ClientError as error:
            if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                raise NotFound(f"stored file {key} is missing") from None
            raise

    def exists(self, key):
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def keys(self, prefix=""):
        found = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix):
            found.extend(item["Key"][len(self.prefix) :] for item in page.get("Contents", []))
        return sorted(found)


def storage_from_config(config):
    url = config.storage_url
    if url.startswith("s3://"):
        bucket, _, prefix = url[len("s3://") :].partition("/")
        return S3Storage(bucket, prefix, config.S3_ENDPOINT_URL, config.S3_REGION)
    if url.startswith("file://"):
        url = url[len("file://") :]
    return LocalStorage(url)


def init_app(app):
    app.extensions["monogram.storage"] = storage_from_config(app.config["MONOGRAM"])


def storage():
    from flask import current_app

    return current_app.extensions["monogram.storage"]
