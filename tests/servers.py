"""Fixtures that start real servers on loopback: PostgreSQL, Redis, moto S3 and SMTP."""

import contextlib
import email
import email.policy
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
import redis

# `make test` sets this: there a missing server is a broken setup, not a reason to skip.
REQUIRED = os.environ.get("MONOGRAM_TEST_SERVERS") == "1"
START_SECONDS = 30
STOP_SECONDS = 10


class ServerStartError(Exception):
    """A server was found but did not come up; the message carries its log tail."""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=40):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return "(no log written)"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


def wait_until(ready, what, log, process=None, timeout=START_SECONDS):
    """Poll `ready()` until it is true; fail with the server's log if it dies or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerStartError(
                f"{what} exited with status {process.returncode}; log tail:\n{log_tail(log)}"
            )
        if ready():
            return
        time.sleep(0.1)
    raise ServerStartError(f"{what} did not answer within {timeout} s; log tail:\n{log_tail(log)}")


def stop_process(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def serving(wsgi_app, port=0):
    """A WSGI app answering on loopback in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", port, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def unavailable(server, install):
    """Skip on a bare machine, but fail under `make test`, which promises real servers."""
    if REQUIRED:
        pytest.fail(
            f"{server} not available although MONOGRAM_TEST_SERVERS=1: {install}", pytrace=False
        )
    pytest.skip(f"{server} not available: run `make test` or {install}")


@contextlib.contextmanager
def running(server, name):
    """Run `server` for the block; a failed start fails the tests with the server's log."""
    failure = None
    try:
        server.start()
    except (ServerStartError, psycopg.Error) as error:
        failure = f"{name} did not start: {error}"
    if failure:
        # Failing outside the except block keeps the report to the log tail, not a chained trace.
        server.stop()
        pytest.fail(failure, pytrace=False)
    try:
        yield server
    finally:
        server.stop()


# PostgreSQL -----------------------------------------------------------------------------------


def postgres_bindir():
    """The directory holding initdb and pg_ctl, or None when no PostgreSQL server is installed."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        candidates.append(result.stdout.strip())
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).parent))
    # Debian keeps server binaries off PATH, one directory per major version.
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    candidates += [str(p) for p in sorted(versions, key=lambda p: int(p.parent.name), reverse=True)]
    for bindir in candidates:
        if bindir and all(os.access(Path(bindir, tool), os.X_OK) for tool in ("initdb", "pg_ctl")):
            return Path(bindir)
    return None


class PostgresServer:
    """A throwaway cluster in a temp dir: trust auth, no durability, listening on loopback only."""

    def __init__(self, bindir):
        self.bindir = bindir
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        # As root the postgres user runs the cluster, so the dir must be reachable by it,
        # which a root-only TMPDIR may not be.
        self.root = Path(
            tempfile.mkdtemp(prefix="monogram-pg-", dir="/tmp" if self.as_root else None)
        )
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.url = f"postgresql+psycopg://monogram@127.0.0.1:{self.port}/monogram"

    def command(self, tool, *args):
        argv = [str(self.bindir / tool), *args]
        if not self.as_root:
            return argv
        # PostgreSQL refuses to run as root.
        return [runuser(), "-u", "postgres", "--", *argv]

    def run(self, tool, *args):
        result = subprocess.run(
            self.command(tool, *args),
            cwd=self.root,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise ServerStartError(
                f"{tool} exited with status {result.returncode}:\n{result.stdout}{result.stderr}"
                f"\nserver log tail:\n{log_tail(self.log)}"
            )

    def start(self):
        if self.as_root:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        # C.UTF-8 rather than C so upper()/lower() handle accented letters as in production.
        locale = ["--encoding=UTF8", "--locale=C.UTF-8"]
        self.run("initdb", f"--pgdata={self.data}", "--auth=trust", "--username=monogram", *locale)
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k '{self.root}'"
            # Durability buys nothing for a cluster deleted after the run, and costs seconds.
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        control = [f"--pgdata={self.data}", f"--log={self.log}", f"--timeout={START_SECONDS}"]
        self.run("pg_ctl", "start", "--wait", *control, f"--options={options}")
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="monogram", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE monogram")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                self.command(
                    "pg_ctl", "stop", "--mode=immediate", "--wait", f"--pgdata={self.data}"
                ),
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def runuser():
    # sbin is not on every PATH (sudo, cron), yet runuser lives there.
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    return shutil.which("runuser", path=search)


@pytest.fixture(scope="session")
def postgres_url():
    """SQLAlchemy URL of database `monogram` on a fresh PostgreSQL cluster; user `monogram`."""
    bindir = postgres_bindir()
    if bindir is None:
        unavailable(
            "PostgreSQL server", "install postgresql (scripts/install-debian-packages test)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            unavailable("PostgreSQL server", "the `postgres` user is missing; reinstall postgresql")
        if runuser() is None:
            unavailable("PostgreSQL server", "runuser is missing; install util-linux")
    with running(PostgresServer(bindir), "PostgreSQL") as server:
        yield server.url


# Redis ----------------------------------------------------------------------------------------


class RedisServer:
    """A redis-server on a fixed loopback port, which fault tests stop and start again."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.log = workdir / "redis.log"
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    # No persistence: a restart must come back empty, like a lost Redis.
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                    "--dir",
                    str(self.workdir),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self.answers, f"redis-server on port {self.port}", self.log, self.process)

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def restart(self):
        self.stop()
        self.start()

    @contextlib.contextmanager
    def down(self):
        """Keep Redis stopped inside the block; it is back on the same port afterwards."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    def answers(self):
        client = redis.Redis(
            host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=1
        )
        try:
            return client.ping()
        except redis.RedisError:
            return False
        finally:
            client.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The running RedisServer: `.url`, `.port`, `.stop()`, `.start()`, `.restart()`, `.down()`."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("Redis server", "install redis-server (scripts/install-debian-packages test)")
    with running(RedisServer(binary, tmp_path_factory.mktemp("redis")), "Redis") as server:
        yield server


@pytest.fixture(scope="session")
def redis_url(redis_server):
    """redis://127.0.0.1:<port>/0 of the session's Redis server."""
    return redis_server.url


# S3 (moto's standalone server) ----------------------------------------------------------------


def moto_server_binary():
    # The console script lives next to the interpreter of the venv running pytest.
    beside = Path(sys.executable).parent / "moto_server"
    if os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("moto_server")


class MotoServer:
    """moto's standalone server: S3 over real HTTP, in a process of its own."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.port = free_port()
        self.log = workdir / "moto.log"
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "-H", "127.0.0.1", "-p", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(
            lambda: http_answers(self.url),
            f"moto_server on port {self.port}",
            self.log,
            self.process,
        )

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None


def http_answers(url):
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP status means the server is serving
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """http://127.0.0.1:<port> of a moto S3-compatible server in its own process."""
    binary = moto_server_binary()
    if binary is None:
        unavailable("S3 server (moto_server)", "install the test extras: pip install -e '.[test]'")
    with running(MotoServer(binary, tmp_path_factory.mktemp("moto")), "moto S3 server") as server:
        yield server.url


# SMTP (aiosmtpd) ------------------------------------------------------------------------------


class SmtpServer:
    """An aiosmtpd server in a thread of the test process; what it receives lands in `.messages`.

    `.messages` holds each mail parsed with the modern e-mail API, `.envelopes` the matching
    (MAIL FROM, [RCPT TO…]) pairs, since Bcc-like delivery shows only there.
    """

    def __init__(self):
        self.host = "127.0.0.1"
        self.port = free_port()
        self.messages = []
        self.envelopes = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        # Lines end in \n once stored, as a mail client keeps them; on the wire they end in \r\n.
        stored = envelope.original_content.replace(b"\r\n", b"\n")
        self.messages.append(email.message_from_bytes(stored, policy=email.policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname=self.host, port=self.port)
        try:
            self.controller.start()
        except Exception as error:  # aiosmtpd reports a failed start with assorted exceptions
            raise ServerStartError(f"aiosmtpd on port {self.port}: {error}") from error

    def stop(self):
        if self.controller is not None:
            with contextlib.suppress(AssertionError):  # already stopped by a failed start
                self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    """A fresh SMTP server on loopback per test: `.host`, `.port`, `.messages`, `.envelopes`."""
    if importlib.util.find_spec("aiosmtpd") is None:
        unavailable("SMTP server (aiosmtpd)", "install the test extras: pip install -e '.[test]'")
    with running(SmtpServer(), "SMTP server") as server:
        yield server
