"""Outbound webhooks over real HTTP: signed, retried on schedule, delivered once, logged."""

import hashlib
import hmac
import json
import socket
import time
from datetime import datetime, timedelta

import pytest
from werkzeug.wrappers import Request, Response

from monogram.extensions.db import db
from monogram.models import OutboundDelivery
from monogram.models.base import utcnow
from monogram.services import outbound
from tests.servers import serving

# What the issue promises: attempts at +0, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, 4 h.
GAPS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
]
TOLERANCE = 300  # seconds, as a receiver checks the signature's timestamp


class Receiver:
    """A merchant's endpoint on loopback: answers 500 to the first `failures` requests."""

    def __init__(self, failures):
        self.failures = failures
        self.requests = []

    @Request.application
    def wsgi(self, request):
        self.requests.append((time.time(), dict(request.headers), request.get_data()))
        if len(self.requests) <= self.failures:
            return Response("database is down", status=500)
        return Response("ok", status=200)


@pytest.fixture
def flaky_endpoint():
    receiver = Receiver(failures=5)
    with serving(receiver.wsgi) as base:
        receiver.url = f"{base}/hooks/monogram"
        yield receiver


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def register(client, account, url, events=("job.ready",)):
    response = client.post(
        "/v1/webhook-endpoints", headers=account.sk, json={"url": url, "events": list(events)}
    )
    assert response.status_code == 201, response.json
    return response.json


def emit_job_ready(app, account):
    with app.app_context():
        event = outbound.emit(account.merchant_id, "job.ready", {"job": "job_1", "status": "ready"})
        db.session.commit()  # the first attempt runs here, in process
        return event.id


def delivery_of(app, event_id):
    with app.app_context():
        delivery = db.session.query(OutboundDelivery).filter_by(event_id=event_id).one()
        return delivery.id, delivery.status, delivery.attempts, delivery.next_attempt_at


def deliver_due(app, now):
    with app.app_context():
        return outbound.deliver_due(now)


def check_signature(secret, received_at, headers, body):
    parts = dict(item.split("=", 1) for item in headers["Monogram-Signature"].split(","))
    timestamp = int(parts["t"])
    assert abs(received_at - timestamp) <= TOLERANCE
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)


def test_an_endpoint_failing_five_times_gets_the_event_once_more_signed(
    app, client, merchant, flaky_endpoint
):
    endpoint = register(client, merchant, flaky_endpoint.url)
    event_id = emit_job_ready(app, merchant)
    assert len(flaky_endpoint.requests) == 1

    for number, gap in enumerate(GAPS[:5], start=2):
        delivery_id, status, attempts, due = delivery_of(app, event_id)
        assert (status, attempts) == ("pending", number - 1)
        with app.app_context():
            last = db.session.get(OutboundDelivery, delivery_id).attempt_log[-1]
            assert due - last.started_at == gap
        assert deliver_due(app, due - timedelta(seconds=1)) == []
        assert len(flaky_endpoint.requests) == number - 1
        assert deliver_due(app, due) == [delivery_id]
        assert len(flaky_endpoint.requests) == number

    delivery_id, status, attempts, due = delivery_of(app, event_id)
    assert (status, attempts, due) == ("succeeded", 6, None)
    later = utcnow() + timedelta(days=2)
    assert deliver_due(app, later) == []
    with app.app_context():
        assert outbound.attempt(delivery_id, later) is None
    assert len(flaky_endpoint.requests) == 6

    bodies = []
    for received_at, headers, body in flaky_endpoint.requests:
        assert headers["Content-Type"] == "application/json"
        check_signature(endpoint["secret"], received_at, headers, body)
        bodies.append(json.loads(body))
    assert all(sent == bodies[0] for sent in bodies)
    assert bodies[0]["id"] == event_id
    assert bodies[0]["type"] == "job.ready"
    assert bodies[0]["data"] == {"job": "job_1", "status": "ready"}
    assert isinstance(bodies[0]["created"], int)

    log = client.get(f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=merchant.sk)
    assert log.status_code == 200, log.json
    [delivery] = log.json
    assert (delivery["id"], delivery["event"], delivery["status"]) == (
        delivery_id,
        event_id,
        "succeeded",
    )
    attempts = delivery["attempt_log"]
    assert [a["number"] for a in attempts] == [1, 2, 3, 4, 5, 6]
    assert [a["status_code"] for a in attempts] == [500] * 5 + [200]
    assert [a["response_body"] for a in attempts] == ["database is down"] * 5 + ["ok"]
    assert all(a["error"] == "HTTP 500 INTERNAL SERVER ERROR" for a in attempts[:5])
    assert attempts[5]["error"] is None
    assert all(a["duration_ms"] >= 0 for a in attempts)


def test_an_endpoint_down_for_good_shows_all_eight_attempts(app, client, merchant, closed_port):
    endpoint = register(client, merchant, f"http://127.0.0.1:{closed_port}/hooks")
    event_id = emit_job_ready(app, merchant)

    for _ in GAPS:
        delivery_id, status, _attempts, due = delivery_of(app, event_id)
        assert status == "pending"
        assert deliver_due(app, due) == [delivery_id]

    delivery_id, status, attempts, due = delivery_of(app, event_id)
    assert (status, attempts, due) == ("failed", 8, None)
    assert deliver_due(app, utcnow() + timedelta(days=30)) == []

    log = client.get(f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=merchant.sk)
    [delivery] = log.json
    assert delivery["status"] == "failed"
    attempts = delivery["attempt_log"]
    assert [a["number"] for a in attempts] == list(range(1, 9))
    assert all(a["status_code"] is None for a in attempts)
    assert all("ConnectionRefusedError" in a["error"] for a in attempts), attempts
    first, last = (datetime.fromisoformat(attempts[i]["started_at"]) for i in (0, -1))
    assert last - first == sum(GAPS, timedelta())
    assert last - first > timedelta(hours=4)


def test_an_event_goes_only_to_enabled_endpoints_subscribed_to_it(
    app, client, merchant, other_merchant, flaky_endpoint
):
    register(client, merchant, flaky_endpoint.url, events=["order.received"])
    register(client, other_merchant, flaky_endpoint.url, events=["job.ready"])
    response = client.post(
        "/v1/webhook-endpoints",
        headers=merchant.sk,
        json={"url": flaky_endpoint.url, "events": ["job.ready"], "enabled": False},
    )
    assert response.status_code == 201

    emit_job_ready(app, merchant)

    assert flaky_endpoint.requests == []
    with app.app_context():
        assert db.session.query(OutboundDelivery).count() == 0
