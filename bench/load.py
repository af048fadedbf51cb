"""Monogram under gunicorn on loopback, driven open loop: latency from each scheduled send time.

Run: .venv/bin/python bench/load.py [--mix quote=200] [--duration 30] [--workers N]
     [--database sqlite|postgresql] [--jobs redis|in-process] [--saturate quote] [--p99-bound 25]

The app is migrated and seeded in a temp folder (the demo shop: merchant, keys, business card,
fonts; a price rule with three tiers and a surcharge of each kind; a saved design; a Shopify shop
for webhooks), then served by gunicorn on a free loopback port with --workers sync workers
(2 × cores + 1 by default), as the Dockerfile deploys it; --worker-class gthread keeps
connections alive. Background jobs (a webhook's order, a saved order's render) go to a loopback
redis-server, as deployed, where they wait: the workers that run them belong on other machines,
and the run measures the web tier (--jobs in-process runs them in the web workers instead).

The client is one asyncio process on raw HTTP/1.1 sockets (a pool of up to --connections, kept
alive when the server allows it). Requests leave on a fixed schedule, rate by rate, whether or not
earlier ones have returned (open loop), and each latency is counted from the request's scheduled
time, so a stalled server shows as latency instead of as fewer requests (no coordinated omission).
A request unanswered --timeout seconds after its scheduled time counts as an error; so does any
non-2xx. Once gunicorn runs, the client raises its own priority (nice -10, when allowed) so that
on a busy machine the server waits for CPU, not the clock.

Steady run: every endpoint of --mix at its own rate, together, for --duration seconds. Then a
saturation search on --saturate alone: --step-seconds per step, the offered rate raised by
--step-factor until p99 passes --p99-bound ms, an error appears, or the server falls behind
(achieved < 95 % of offered); the saturation throughput is the best achieved rate of a step that
held the bound (if the first step fails, the rate steps down until one holds). The whole run,
setup included, stops after --max-seconds whatever happens.
CPU is printed per phase: the client process, gunicorn (master and workers, from /proc), and
everything else on the machine (from /proc/stat), so the client's own cost and a shared machine's
noise are in plain view.

Endpoints (--mix NAME=RATE,...): quote (POST /v1/prices/quote, body --quote-body: by default the
saved design), quotedoc (the same with the design's whole document, as the editor sends it), product
(GET /v1/products/{id}, publishable key), healthz, design (POST /v1/designs: a new saved design),
upload (POST /v1/assets: a 1200 × 800 JPEG, each one different), webhook (a signed Shopify
orders/create delivery, each a new order). --mix issue12 is issue 12's mix.
"""

import argparse
import asyncio
import base64
import contextlib
import datetime
import hashlib
import hmac
import io
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from PIL import Image, ImageDraw

HOST = "127.0.0.1"
SHOP = "load-test.myshopify.com"
SHOPIFY_SECRET = "shpss_load_test_secret"
DEFAULT_QUOTE_BODY = '{"design": "{design}", "quantity": 50}'
# The steady mix of issue 12, for --mix issue12.
ISSUE12_MIX = "quote=200,design=40,upload=10,webhook=40"
TICKS = os.sysconf("SC_CLK_TCK")
MIN_RATE = 5  # the saturation search steps down no lower than this, requests per second
# A business card priced the way a print shop prices it: three tiers, and a surcharge for each
# kind of personalisation, so a quote walks every rule type that applies to a card.
PRICE_RULE = {
    "base_prices": [
        {"tiers": [{"min_quantity": 1, "unit_price": 45}, {"min_quantity": 50, "unit_price": 32},
                   {"min_quantity": 250, "unit_price": 21}]},
    ],
    "surcharges": {
        "area": {"unit_price": 8, "free": 1},
        "text": {"unit_price": 2, "free": 2},
        "character": {"unit_price": 1, "free": 40},
        "image": {"unit_price": 5, "free": 0},
        "square_cm": {"unit_price": "0.05"},
        "technique": {"digital_print": 3},
    },
}  # fmt: skip
STORE_PRICING = {"prices_include_tax": True, "tax_rate": "20", "rounding": "0.01"}


# The app: migrated, seeded, served ----------------------------------------------------------


def seed(instance, database_url, redis_url=""):
    """Migrate and seed in-process; returns what the requests need (ids, keys, a document)."""
    from monogram import create_app
    from monogram.extensions.db import db
    from monogram.migrations import upgrade
    from monogram.services import products
    from monogram.services.demo import seed_demo
    from monogram.services.merchants import create_merchant

    app = create_app(app_config(instance, database_url, redis_url))
    with app.app_context():
        with db.engine.begin() as connection:
            upgrade(connection)
        demo = seed_demo()
        create_merchant("Load test shop", platform="shopify", domain=SHOP)
        db.session.commit()
        product = products.get_product(demo["merchant"], demo["product"])
        font_ids = products.product_document(product)["fonts"]
    document = card_design(demo["product"], font_ids)
    client = app.test_client()
    secret = {"Authorization": f"Bearer {demo['keys']['secret']}"}
    publishable = {"Authorization": f"Bearer {demo['keys']['publishable']}"}
    for path, body in (
        (f"/v1/products/{demo['product']}/pricing", PRICE_RULE),
        (f"/v1/stores/{demo['store']}/pricing", STORE_PRICING),
    ):
        answer = client.put(path, headers=secret, json=body)
        if answer.status_code != 200:
            # Before the pricing API exists the other endpoints are still worth measuring.
            print(f"note: PUT {path} answered {answer.status_code}; quotes may fail")
    saved = client.post("/v1/designs", headers=publishable, json=document)
    if saved.status_code != 201:
        sys.exit(f"seeding a design failed: {saved.status_code} {saved.get_data(as_text=True)}")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return {
        "product": demo["product"],
        "publishable": demo["keys"]["publishable"],
        "design": saved.json["id"],
        "design_token": saved.json["token"],
        "document": document,
    }


def app_config(instance, database_url, redis_url=""):
    from monogram.settings import Config

    return Config.from_env(environ={}, **app_settings(instance, database_url, redis_url))


def app_settings(instance, database_url, redis_url=""):
    return {
        "INSTANCE_DIR": str(instance),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "load-bench-secret-key-0123456789-abcdefghijklmnop",
        "SHOPIFY_API_KEY": "load-bench-client-id",
        "SHOPIFY_API_SECRET": SHOPIFY_SECRET,
        "LOG_LEVEL": "WARNING",
    }


def card_design(product_id, font_ids):
    """A business card as shoppers make it: name, role and address in two fonts, a band."""
    regular, bold = (font_ids + font_ids)[:2] if font_ids else (None, None)

    def text(object_id, y, words, font, size):
        black = {"cmyk": [0, 0, 0, 100]}
        found = {"id": object_id, "type": "text", "x": 8, "y": y, "width": 65, "height": 9,
                 "text": words, "font": font, "size": size, "color": black}  # fmt: skip
        return {k: v for k, v in found.items() if v is not None}

    band = {"id": "band", "type": "shape", "shape": "rect", "x": -3, "y": 45, "width": 91,
            "height": 13, "fill": {"cmyk": [100, 64, 0, 60]}, "stroke": None, "stroke_width": 0,
            "corner_radius": 0}  # fmt: skip
    front = [
        text("name", 8, "Jeanne Dupont", bold, 14),
        text("role", 20, "Directrice d'atelier", regular, 9),
        band,
    ]
    back = [text("address", 20, "12 rue des Imprimeurs, 69002 Lyon", regular, 8)]
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "surfaces": [{"area": "front", "objects": front}, {"area": "back", "objects": back}],
    }


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(instance, database_url, redis_url, workers, worker_class, threads):
    """gunicorn serving Monogram on a loopback port; yields (port, master pid)."""
    port = free_port()
    env = {**os.environ}
    settings = app_settings(instance, database_url, redis_url)
    env.update({f"MONOGRAM_{k}": v for k, v in settings.items()})
    log = Path(instance) / "gunicorn.log"
    command = [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"{HOST}:{port}",
               "--workers", str(workers), "--worker-class", worker_class, "--threads",
               str(threads), "--log-level", "warning", "--error-logfile", str(log),
               "monogram:create_app()"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not answers(f"http://{HOST}:{port}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text()[-3000:] if log.exists() else "(no log)"
                sys.exit(f"gunicorn did not start; log tail:\n{tail}")
            time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def job_queue(kind, instance):
    """The Redis URL the jobs go to (a throwaway redis-server), or "" for in-process jobs."""
    if kind == "in-process":
        yield ""
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.servers import RedisServer

    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("no redis-server found; install it or pass --jobs in-process")
    server = RedisServer(binary, Path(instance))
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


def queued_jobs(redis_url):
    """Jobs waiting in each queue, as a render farm would find them after the run."""
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(redis_url)
    try:
        names = ("render", "email", "webhooks", "batch", "connectors")
        return {name: len(Queue(name, connection=connection)) for name in names}
    finally:
        connection.close()


@contextlib.contextmanager
def database(kind, url):
    """The database URL: empty for SQLite under the instance, or a throwaway PostgreSQL."""
    if url or kind == "sqlite":
        yield url, None
        return
    # The tests' own throwaway cluster: trust auth, fsync off, deleted afterwards.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.servers import PostgresServer, postgres_bindir

    bindir = postgres_bindir()
    if bindir is None:
        sys.exit("no PostgreSQL server found (initdb, pg_ctl); pass --database-url instead")
    server = PostgresServer(bindir)
    try:
        server.start()
        postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
        yield server.url, postmaster
    finally:
        server.stop()


def server_pids(master_pid):
    """The server's master process and its live children (the workers)."""
    pids = [master_pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
        pids += [int(pid) for pid in children.split()]
    return pids


def server_cpu(master_pid):
    """User + system CPU seconds of a server's master process and its live children."""
    total = 0
    for pid in server_pids(master_pid):
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            values = stat.rsplit(")", 1)[1].split()
            total += int(values[11]) + int(values[12])  # utime, stime
    return total / TICKS


def server_rss(master_pid):
    """Resident memory of gunicorn's master and workers, in MB: (all together, largest worker)."""
    sizes = []
    for pid in server_pids(master_pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sum(sizes), max(sizes[1:] or sizes or [0])


@contextlib.contextmanager
def memory_samples(master_pid, every):
    """Sample the server's memory every `every` seconds on a thread; yields the growing list of
    (seconds since start, total MB, largest worker MB)."""
    samples, stop = [], threading.Event()
    start = time.monotonic()

    def sample():
        while True:
            samples.append((time.monotonic() - start, *server_rss(master_pid)))
            if stop.wait(every):
                return

    thread = threading.Thread(target=sample, name="memory-samples", daemon=True)
    thread.start()
    try:
        yield samples
    finally:
        stop.set()
        thread.join()
        if time.monotonic() - start - samples[-1][0] > every / 2:
            samples.append((time.monotonic() - start, *server_rss(master_pid)))


def print_memory(samples):
    """The memory table of a steady run, and how much it grew over its second half."""
    print("gunicorn memory (RSS, master and workers):")
    step = max(1, len(samples) // 12)  # a dozen rows whatever the length of the run
    shown = samples[::step] if samples[-1] in samples[::step] else [*samples[::step], samples[-1]]
    print_table(
        ("at s", "all processes MB", "largest worker MB"),
        [(f"{t:.0f}", f"{total:.0f}", f"{largest:.0f}") for t, total, largest in shown],
    )
    half = [total for t, total, _ in samples if t >= samples[-1][0] / 2]
    if len(half) >= 2:
        print(f"second half of the run: {half[0]:.0f} → {half[-1]:.0f} MB "
              f"({half[-1] - half[0]:+.0f} MB)")  # fmt: skip


def machine_cpu():
    """CPU seconds the whole machine spent busy (all processes), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICKS


def client_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# Requests: prebuilt bytes, so the client spends its time on sockets --------------------------


def http_request(method, path, headers=(), body=b""):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", *headers]
    if body or method in ("POST", "PUT"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Endpoints:
    """Each endpoint's label and a function giving the bytes of its n-th request."""

    def __init__(self, seeded, quote_body, uploads):
        self.seeded = seeded
        self.key = f"Authorization: Bearer {seeded['publishable']}"
        body = quote_body.replace("{design}", seeded["design"])
        body = body.replace('"{document}"', json.dumps(seeded["document"]))
        self.quote = http_request(
            "POST", "/v1/prices/quote",
            [self.key, "Content-Type: application/json",
             f"Monogram-Design-Token: {seeded['design_token']}"],
            body.encode(),
        )  # fmt: skip
        # As the editor asks while the shopper edits: the whole document, not saved yet.
        unsaved = json.dumps({"document": seeded["document"], "quantity": 50})
        self.quotedoc = http_request(
            "POST", "/v1/prices/quote", [self.key, "Content-Type: application/json"],
            unsaved.encode(),
        )  # fmt: skip
        self.product = http_request("GET", f"/v1/products/{seeded['product']}", [self.key])
        self.healthz = http_request("GET", "/healthz")
        self.design = http_request(
            "POST", "/v1/designs", [self.key, "Content-Type: application/json"],
            json.dumps(seeded["document"]).encode(),
        )  # fmt: skip
        self.uploads = uploads

    def labels(self):
        return {
            "quote": "POST /v1/prices/quote",
            "quotedoc": "POST /v1/prices/quote (document)",
            "product": "GET /v1/products/{id}",
            "healthz": "GET /healthz",
            "design": "POST /v1/designs",
            "upload": "POST /v1/assets (JPEG)",
            "webhook": "POST /webhooks/shopify/orders-create",
        }

    def build(self, name, number):
        if name == "upload":
            return self.upload(number)
        if name == "webhook":
            return self.webhook(number)
        return getattr(self, name)

    def upload(self, number):
        boundary = "monogram-load-boundary"
        data = self.uploads[number % len(self.uploads)]
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="photo-{number}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
        headers = [self.key, f"Content-Type: multipart/form-data; boundary={boundary}"]
        return http_request("POST", "/v1/assets", headers, body)

    def webhook(self, number):
        order_id = 5_000_000 + number
        body = json.dumps(shopify_order(order_id, self.seeded)).encode()
        digest = hmac.new(SHOPIFY_SECRET.encode(), body, hashlib.sha256).digest()
        headers = [
            "Content-Type: application/json",
            "X-Shopify-Topic: orders/create",
            f"X-Shopify-Hmac-Sha256: {base64.b64encode(digest).decode()}",
            f"X-Shopify-Shop-Domain: {SHOP}",
            f"X-Shopify-Webhook-Id: {uuid.uuid4()}",
            "X-Shopify-API-Version: 2025-07",
        ]
        return http_request("POST", "/webhooks/shopify/orders-create", headers, body)


def shopify_order(order_id, seeded):
    """An orders/create payload as Shopify sends it (REST, API 2025-07), with one line."""
    return {
        "id": order_id,
        "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
        "name": f"#{order_id}",
        "email": "jeanne@example.fr",
        "currency": "EUR",
        "financial_status": "paid",
        "customer": {"id": 7001, "email": "jeanne@example.fr", "first_name": "Jeanne"},
        "shipping_address": {"name": "Jeanne Dupont", "address1": "3 rue Mercière", "city": "Lyon"},
        "line_items": [
            {"id": order_id * 10 + 1, "product_id": 632910392, "variant_id": 808950810,
             "title": "Carte de visite", "quantity": 250, "properties": []},
        ],
    }  # fmt: skip


def upload_files(count):
    """`count` different JPEGs, photo-like, made before the clock starts."""
    size = (1200, 800)
    grain = Image.effect_noise(size, 24).convert("L")
    ramp = Image.linear_gradient("L").resize(size)
    base = Image.merge("RGB", [Image.blend(ramp, grain, 0.35), grain, ramp.rotate(180)])
    files = []
    for number in range(count):
        image = base.copy()
        ImageDraw.Draw(image).text((40, 40), f"photo {number}", fill="#ffffff")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        files.append(out.getvalue())
    return files


# The open-loop client --------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list = field(default_factory=list)  # ms from scheduled time, 2xx only
    errors: dict = field(default_factory=dict)  # status or exception name → count
    sent: int = 0

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Pool:
    """Up to `size` connections to the server; each request takes an idle one or opens one."""

    def __init__(self, port, size):
        self.port = port
        self.slots = asyncio.Semaphore(size)
        self.idle = []

    async def send(self, raw):
        async with self.slots:
            return await self._send(raw)

    async def _send(self, raw):
        reused = bool(self.idle)
        reader, writer = self.idle.pop() if reused else await self._open()
        try:
            status, keep = await exchange(reader, writer, raw)
        except (ConnectionError, asyncio.IncompleteReadError):
            writer.close()
            if not reused:
                raise
            # The server closed an idle kept-alive connection: once more on a new one.
            reader, writer = await self._open()
            status, keep = await exchange(reader, writer, raw)
        except BaseException:
            writer.close()
            raise
        if keep:
            self.idle.append((reader, writer))
        else:
            writer.close()
        return status

    async def _open(self):
        reader, writer = await asyncio.open_connection(HOST, self.port, limit=1 << 20)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return reader, writer

    def close(self):
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def exchange(reader, writer, raw):
    """One HTTP/1.1 request and its whole response; returns (status, connection reusable)."""
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.read()
        return status, False
    return status, headers.get("connection") != "close"


async def one(pool, raw, scheduled, tally, loop, timeout):
    try:
        # The timeout runs from the scheduled time too, waiting for a connection included.
        async with asyncio.timeout_at(scheduled + timeout):
            status = await pool.send(raw)
    except TimeoutError:
        tally.error("timeout")
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        tally.error(type(error).__name__)
    else:
        if 200 <= status < 300:
            tally.latencies.append((loop.time() - scheduled) * 1000)
        else:
            tally.error(str(status))


def schedule(rates, seconds):
    """(offset s, endpoint, number) of every request, merged in time order; fixed spacing."""
    plan = []
    for name, rate in rates.items():
        count = int(rate * seconds)
        # Each endpoint starts half an interval in, so endpoints do not all fire at t=0.
        plan += [((n + 0.5) / rate, name, n) for n in range(count)]
    plan.sort(key=lambda item: item[0])
    return plan


async def drive(port, endpoints, rates, seconds, connections, timeout, numbering):
    """Send the plan on schedule; returns ({endpoint: Tally}, wall seconds)."""
    loop = asyncio.get_running_loop()
    pool = Pool(port, connections)
    tallies = {name: Tally() for name in rates}
    tasks = set()
    start = loop.time() + 0.05
    for offset, name, number in schedule(rates, seconds):
        at = start + offset
        # Yields even when behind schedule, so answers are read while requests go out.
        await asyncio.sleep(max(0.0, at - loop.time()))
        raw = endpoints.build(name, numbering[name] + number)
        tallies[name].sent += 1
        task = asyncio.ensure_future(one(pool, raw, at, tallies[name], loop, timeout))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    for name in rates:
        numbering[name] += int(rates[name] * seconds)
    if tasks:
        # Every request carries its own timeout, so this ends.
        await asyncio.gather(*tasks)
    pool.close()
    return tallies, loop.time() - start


def measure(port, endpoints, rates, seconds, args, numbering, pids):
    gunicorn_pid, database_pid = pids  # the gunicorn master, the postmaster or None
    client_before, server_before = client_cpu(), server_cpu(gunicorn_pid)
    database_before = server_cpu(database_pid) if database_pid else 0.0
    machine_before = machine_cpu()
    tallies, wall = asyncio.run(
        drive(port, endpoints, rates, seconds, args.connections, args.timeout, numbering)
    )
    cpu = {
        "client": client_cpu() - client_before,
        "server": server_cpu(gunicorn_pid) - server_before,
        "database": server_cpu(database_pid) - database_before if database_pid else 0.0,
        "wall": wall,
        "answers": sum(len(t.latencies) + sum(t.errors.values()) for t in tallies.values()),
    }
    # Whatever else ran on the machine meanwhile (other people's tests on a shared box).
    ours = cpu["client"] + cpu["server"] + cpu["database"]
    cpu["others"] = max(0.0, machine_cpu() - machine_before - ours)
    return tallies, cpu


# Figures and tables ------------------------------------------------------------------------------


def percentile(values, fraction):
    """Nearest-rank percentile of sorted values."""
    if not values:
        return math.nan
    return values[min(len(values) - 1, max(0, math.ceil(fraction * len(values)) - 1))]


def figures(tally, rate, window):
    """Rates and latency percentiles (of 2xx answers; the rest count as errors)."""
    done = sorted(tally.latencies)
    errors = sum(tally.errors.values())
    return {
        "offered": rate,
        "achieved": len(done) / window,
        "p50": percentile(done, 0.50),
        "p90": percentile(done, 0.90),
        "p99": percentile(done, 0.99),
        "max": done[-1] if done else math.nan,
        "errors": errors,
        "error_rate": errors / tally.sent if tally.sent else 0,
        "error_kinds": tally.errors,
        "count": tally.sent,
    }


def row(label, found):
    kinds = ", ".join(f"{k}×{v}" for k, v in sorted(found["error_kinds"].items()))
    return (
        label, f"{found['offered']:g}", f"{found['achieved']:.1f}", str(found["count"]),
        f"{found['p50']:.1f}", f"{found['p90']:.1f}", f"{found['p99']:.1f}",
        f"{found['max']:.1f}", f"{found['error_rate']:.2%}" + (f" ({kinds})" if kinds else ""),
    )  # fmt: skip


HEADER = ("endpoint", "offered/s", "achieved/s", "requests", "p50 ms", "p90 ms", "p99 ms",
          "max ms", "errors")  # fmt: skip


def print_table(header, rows):
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        print("  ".join(cells).rstrip())


def cpu_line(cpu):
    def share(seconds):
        return f"{seconds:.2f} s ({seconds / cpu['wall']:.0%} of one core)"

    per_request = cpu["server"] * 1000 / cpu["answers"] if cpu["answers"] else math.nan
    return (
        f"wall {cpu['wall']:.1f} s · CPU: load client {share(cpu['client'])}; "
        f"gunicorn {share(cpu['server'])}, {per_request:.1f} ms per request sent; "
        + (f"PostgreSQL {share(cpu['database'])}; " if cpu["database"] else "")
        + f"other processes {share(cpu['others'])}"
    )


def with_window(tallies, rates, seconds, wall):
    """Figures per endpoint; achieved over the schedule's length or the wall time, whichever
    is longer, so answers that came late lower the achieved rate."""
    window = max(seconds, wall)
    return {name: figures(tally, rates[name], window) for name, tally in tallies.items()}


# Phases ---------------------------------------------------------------------------------------


def steady(port, endpoints, rates, args, numbering, pids):
    with memory_samples(pids[0], args.memory_every) as memory:
        tallies, cpu = measure(port, endpoints, rates, args.duration, args, numbering, pids)
    found = with_window(tallies, rates, args.duration, cpu["wall"])
    labels = endpoints.labels()
    print(f"Steady open-loop mix for {args.duration:g} s:")
    print_table(HEADER, [row(labels[name], found[name]) for name in rates])
    print(cpu_line(cpu))
    print_memory(memory)
    return cpu["wall"]


def saturation(port, endpoints, name, args, numbering, pids, budget):
    labels = endpoints.labels()
    rate, rows, best, spent, going_down = args.start_rate, [], None, 0.0, False
    reason = f"--max-rate {args.max_rate:g} reached"
    while rate <= args.max_rate:
        if spent + args.step_seconds + args.timeout > budget:
            reason = "--max-seconds reached"
            break
        if rows:
            time.sleep(1)  # let the last answers drain and kept-alive sockets close
        tallies, cpu = measure(
            port, endpoints, {name: rate}, args.step_seconds, args, numbering, pids
        )
        spent += cpu["wall"]
        found = with_window(tallies, {name: rate}, args.step_seconds, cpu["wall"])[name]
        parts = (
            ("client", "server", "database", "others")
            if pids[1]
            else ("client", "server", "others")
        )
        shares = (f"{cpu[part] / cpu['wall']:.0%}" for part in parts)
        rows.append((*row(labels[name], found), *shares))
        held = (
            found["p99"] <= args.p99_bound
            and found["errors"] == 0
            and found["achieved"] >= 0.95 * rate
        )
        if not held and best is None and rate / args.step_factor >= MIN_RATE:
            # Not even the first step held: step down until one does, so there is a figure.
            rate = round(rate / args.step_factor)
            going_down = True
            continue
        if not held:
            reason = (
                f"p99 {found['p99']:.1f} ms > {args.p99_bound:g} ms"
                if found["p99"] > args.p99_bound
                else f"{found['errors']} errors"
                if found["errors"]
                else f"achieved {found['achieved']:.0f}/s < 95 % of offered"
            )
            break
        best = max(best or 0, found["achieved"])
        if going_down:
            reason = f"{rows[-2][1]}/s did not hold"
            break
        rate = round(rate * args.step_factor)
    print(
        f"\nSaturation search on {labels[name]}, {args.step_seconds:g} s per step, "
        f"×{args.step_factor:g} per step, bound p99 ≤ {args.p99_bound:g} ms and no errors:"
    )
    database = ("PostgreSQL CPU",) if pids[1] else ()
    print_table((*HEADER, "client CPU", "gunicorn CPU", *database, "others CPU"), rows)
    if best is None:
        print(f"Saturation throughput: none found within the bound (stopped: {reason}).")
    else:
        print(f"Saturation throughput: {best:.0f} requests/s within the bound (stopped: {reason}).")


def warm_up(port, endpoints, rates, args, numbering, pids):
    """The mix at its own rates for --warmup seconds, not counted: at that rate every worker
    serves requests, so each has imported, connected and filled its caches before the clock
    (a worker's first request costs hundreds of milliseconds, which a live server paid long ago)."""
    if args.warmup <= 0:
        return
    tallies, _ = measure(port, endpoints, rates, args.warmup, args, numbering, pids)
    done = sorted(latency for tally in tallies.values() for latency in tally.latencies)
    slowest = f"{done[-1]:.0f} ms" if done else "none answered"
    print(f"Warm-up, not counted: {len(done)} requests over {args.warmup:g} s, slowest {slowest}")


def overtime(_signum, _frame):
    raise SystemExit("load.py: past --max-seconds; stopped")


def parse_mix(text):
    text = ISSUE12_MIX if text == "issue12" else text
    rates = {}
    for part in text.split(","):
        name, _, rate = part.partition("=")
        rates[name.strip()] = float(rate)
    return rates


def machine_line(args, database_kind):
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.machine(),
    )  # fmt: skip
    return (
        f"{datetime.date.today().isoformat()} · {os.cpu_count()} cores ({cpu}) · "
        f"Python {platform.python_version()} · gunicorn {version('gunicorn')} "
        f"({args.workers} {args.worker_class} workers"
        f"{f' × {args.threads} threads' if args.worker_class == 'gthread' else ''}) · "
        f"{database_kind} · jobs: {'Redis' if args.jobs == 'redis' else 'in-process'} · "
        f"client: asyncio, up to {args.connections} connections"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", default="quote=200",
                        help="NAME=RATE,... (quote, quotedoc, product, healthz, design, upload,"
                        f" webhook); 'issue12' = {ISSUE12_MIX}")  # fmt: skip
    parser.add_argument("--duration", type=float, default=30,
                        help="steady run, seconds (600 for a 10-minute soak)")  # fmt: skip
    parser.add_argument("--memory-every", type=float, default=10,
                        help="seconds between samples of the server's memory")  # fmt: skip
    parser.add_argument("--warmup", type=float, default=3,
                        help="seconds of the mix before the clock, not counted")  # fmt: skip
    parser.add_argument("--saturate", default=None,
                        help="endpoint for the saturation search (default: first of --mix; "
                        "'none' to skip)")  # fmt: skip
    parser.add_argument("--p99-bound", type=float, default=25, help="ms")
    parser.add_argument("--start-rate", type=float, default=100)
    parser.add_argument("--step-factor", type=float, default=1.25)
    parser.add_argument("--step-seconds", type=float, default=8)
    parser.add_argument("--max-rate", type=float, default=5000)
    parser.add_argument("--max-seconds", type=float, default=300, help="hard cap on the run")
    parser.add_argument("--timeout", type=float, default=5, help="per request, seconds")
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--jobs", default="redis", choices=("redis", "in-process"),
                        help="where background jobs go: a loopback redis-server, whose jobs "
                        "wait for workers that run elsewhere (as deployed), or threads of the "
                        "web workers (the embedded default)")  # fmt: skip
    parser.add_argument("--database-url", default="", help="an existing database to use")
    parser.add_argument("--quote-body", default=DEFAULT_QUOTE_BODY,
                        help='JSON; "{design}" is the seeded design id, "{document}" its '
                        "document")  # fmt: skip
    args = parser.parse_args()
    rates = parse_mix(args.mix)
    saturate = args.saturate or next(iter(rates))
    known = ("quote", "quotedoc", "product", "healthz", "design", "upload", "webhook")
    unknown = sorted({n for n in [*rates, saturate] if n not in known and n != "none"})
    if unknown or args.duration > args.max_seconds:
        parser.error(f"unknown endpoint {unknown}" if unknown else "--duration > --max-seconds")

    deadline = time.monotonic() + args.max_seconds
    # The last resort: an alarm a little past the cap unwinds the run and stops the servers.
    signal.signal(signal.SIGALRM, overtime)
    signal.alarm(int(args.max_seconds + 2 * args.timeout + 30))
    with tempfile.TemporaryDirectory(prefix="monogram-load-") as folder:
        instance = Path(folder) / "instance"
        instance.mkdir()
        with (
            database(args.database, args.database_url) as (url, postmaster),
            job_queue(args.jobs, folder) as redis_url,
        ):
            seeded = seed(instance, url, redis_url)
            uploads = upload_files(min(1000, int(rates.get("upload", 0) * args.duration) + 1))
            endpoints = Endpoints(seeded, args.quote_body, uploads)
            served = gunicorn(
                instance, url, redis_url, args.workers, args.worker_class, args.threads
            )
            with served as (port, gunicorn_pid):
                pids = (gunicorn_pid, postmaster)
                kind = "PostgreSQL" if url else "SQLite"
                print(f"Load benchmark, open loop · {machine_line(args, kind)}")
                # The clock must not queue behind the server on a busy machine: the client
                # (not gunicorn, started already) runs ahead of other processes when allowed.
                with contextlib.suppress(OSError):
                    os.nice(-10)
                numbering = dict.fromkeys(known, 0)
                warm_up(port, endpoints, rates, args, numbering, pids)
                steady(port, endpoints, rates, args, numbering, pids)
                if redis_url:
                    waiting = ", ".join(f"{n} {c}" for n, c in queued_jobs(redis_url).items() if c)
                    print(f"Jobs left in Redis for workers (none run here): {waiting or 'none'}")
                if saturate != "none":
                    budget = deadline - time.monotonic()
                    saturation(port, endpoints, saturate, args, numbering, pids, budget)


if __name__ == "__main__":
    main()
