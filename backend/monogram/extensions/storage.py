"""Object storage for files: one interface, a local directory or S3 behind it."""

import contextlib
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import boto3
from boto3.exceptions import S3UploadFailedError
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as S3ConnectionError

from monogram.errors import NotFound, Unavailable

log = logging.getLogger(__name__)

# Copy buffer for files stored from disk.
CHUNK_BYTES = 1 << 20
# Four attempts in all ride out an S3 that answers 500/503 for a moment; the random waits between
# them (up to 1, 2 and 4 s, 7 s at most) keep a web request well inside its worker timeout.
S3_ATTEMPTS = 4
S3_CONNECT_TIMEOUT = 5  # s
S3_READ_TIMEOUT = 30  # s
UNAVAILABLE_MESSAGE = "File storage is unavailable for a moment; try again shortly."
RETRY_AFTER = "5"  # s
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


def _server_fault(error):
    """Whether S3 failed on its side (5xx, throttling), as opposed to refusing the request."""
    if isinstance(error, S3UploadFailedError):
        # boto3 flattens the ClientError of an upload into a message; the original is its context.
        error = error.__context__
    if not isinstance(error, ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return status >= 500 or error.response.get("Error", {}).get("Code") in ("SlowDown", "503")


@contextlib.contextmanager
def _unavailable_on_outage(action, key):
    """An S3 still failing once boto3's retries are spent is a 503 for the caller to retry,
    not a crash: nothing that depends on the file is committed."""
    try:
        yield
    except (HTTPClientError, S3ConnectionError, ClientError, S3UploadFailedError) as error:
        if isinstance(error, ClientError | S3UploadFailedError) and not _server_fault(error):
            raise
        log.error("S3 unavailable to %s %s: %s", action, key, error)
        raise Unavailable(UNAVAILABLE_MESSAGE, headers={"Retry-After": RETRY_AFTER}) from error


class S3Storage:
    """Objects in an S3 (or S3-compatible) bucket, under an optional prefix."""

    def __init__(self, bucket, prefix="", endpoint_url=None, region=None, client=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        # Standard retries (5xx, throttling, dropped connections) with jittered backoff.
        self.client = client or boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            config=BotoConfig(
                retries={"mode": "standard", "total_max_attempts": S3_ATTEMPTS},
                connect_timeout=S3_CONNECT_TIMEOUT,
                read_timeout=S3_READ_TIMEOUT,
            ),
        )

    def describe(self):
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, key):
        return self.prefix + _checked(key)

    def put(self, key, data, content_type):
        with _unavailable_on_outage("store", key):
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
            )

    def put_file(self, key, source, content_type):
        """Store a file from disk; boto3 sends a big one in parts."""
        with _unavailable_on_outage("store", key):
            self.client.upload_file(
                str(source), self.bucket, self._key(key), ExtraArgs={"ContentType": content_type}
            )

    def open(self, key):
        with _unavailable_on_outage("read", key):
            try:
                return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
            except ClientError as error:
                if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                    raise NotFound(f"stored file {key} is missing") from None
                raise

    def get(self, key):
        with _unavailable_on_outage("read", key):
            try:
                response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
                return response["Body"].read()
            except ClientError as error:
                if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
                    raise NotFound(f"stored file {key} is missing") from None
                raise

    def exists(self, key):
        with _unavailable_on_outage("look for", key):
            try:
                self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            except ClientError as error:
                if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                    return False
                raise
            return True

    def delete(self, key):
        with _unavailable_on_outage("delete", key):
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def keys(self, prefix=""):
        found = []
        with _unavailable_on_outage("list", prefix or "/"):
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
