"""Outbound webhooks: endpoints, events, signed deliveries retried on a schedule kept in SQL."""

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app

from monogram.errors import Invalid, NotFound
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.models import DeliveryAttempt, OutboundDelivery, WebhookEndpoint, WebhookEvent
from monogram.models.base import utcnow
from monogram.models.webhook import EVENT_TYPES
from monogram.services.secrets_box import seal, unseal

log = logging.getLogger(__name__)

# Delay before each attempt, counted from the previous one: +0, 1 min, 5 min, 15 min, 30 min,
# 1 h, 2 h, 4 h — 8 attempts spread over 7 h 51 min, so an endpoint down for an afternoon
# still gets the event. The delivery fails after the last one.
SCHEDULE = (
    timedelta(0),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
)
TIMEOUT = 10
# While an attempt runs its delivery is not due, so a second worker does not send it too.
LEASE = timedelta(seconds=TIMEOUT + 50)
BODY_EXCERPT = 1024
SIGNATURE_HEADER = "Monogram-Signature"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def check_url(url):
    parts = urlsplit(url)
    local = parts.hostname in LOCAL_HOSTS and _development()
    if parts.scheme == "https" and parts.hostname and not local:
        if _private_literal(parts.hostname):
            raise Invalid(
                "An endpoint must be on the public internet, not a private or reserved address.",
                errors=[{"path": "/url", "message": "A public host name or address."}],
            )
        return url
    if parts.scheme in ("http", "https") and local:
        return url
    raise Invalid(
        "An endpoint URL must use https://; http:// is accepted only for 127.0.0.1 and "
        "localhost, for development and tests.",
        errors=[{"path": "/url", "message": "Use an https:// URL."}],
    )


def _development():
    return current_app.config["MONOGRAM"].ENV == "development"


def _private_literal(host):
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False  # a name: checked where it resolves, before each attempt


def _refusal(url):
    """Why an endpoint may not be called now, or None: every address its name resolves to must
    be public, so an endpoint cannot point Monogram at its own network (SSRF)."""
    host = urlsplit(url).hostname
    if host in LOCAL_HOSTS and _development():
        return None
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError as failure:
        return f"{host} does not resolve: {failure}"
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return f"Refused: {host} resolves to {address}, a private or reserved address."
    return None


def create_endpoint(merchant_id, url, events, enabled=True):
    """A new endpoint and its signing secret, which the caller shows once."""
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        raise Invalid(f"Unknown event types: {', '.join(unknown)}.")
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        merchant_id=merchant_id,
        url=check_url(url),
        events=sorted(set(events)),
        secret_encrypted=seal(secret),
        enabled=enabled,
    )
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def list_endpoints(merchant_id):
    return db.session.scalars(
        sa.select(WebhookEndpoint)
        .where(WebhookEndpoint.merchant_id == merchant_id, WebhookEndpoint.deleted_at.is_(None))
        .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
    ).all()


def get_endpoint(merchant_id, endpoint_id):
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.merchant_id != merchant_id or endpoint.deleted_at is not None:
        raise NotFound(f"No webhook endpoint with id {endpoint_id!r} in this account.")
    return endpoint


def delete_endpoint(merchant_id, endpoint_id):
    """Stop sending to an endpoint; deliveries still pending for it end as failed."""
    endpoint = get_endpoint(merchant_id, endpoint_id)
    endpoint.deleted_at = utcnow()
    endpoint.enabled = False


def endpoint_deliveries(merchant_id, endpoint_id, limit=50):
    endpoint = get_endpoint(merchant_id, endpoint_id)
    return db.session.scalars(
        sa.select(OutboundDelivery)
        .where(OutboundDelivery.endpoint_id == endpoint.id)
        .order_by(OutboundDelivery.created_at.desc(), OutboundDelivery.id)
        .limit(limit)
    ).all()


def get_delivery(merchant_id, delivery_id):
    delivery = db.session.get(OutboundDelivery, delivery_id)
    if delivery is None or delivery.merchant_id != merchant_id:
        raise NotFound(f"No webhook delivery with id {delivery_id!r} in this account.")
    return delivery


def emit(merchant_id, type, data):
    """Record an event and queue its delivery to every enabled endpoint subscribed to it.

    Call it inside the transaction that makes the change: the jobs are queued at commit.
    """
    if type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {type!r}")
    event = WebhookEvent(merchant_id=merchant_id, type=type, payload=data)
    db.session.add(event)
    db.session.flush()
    deliveries = []
    for endpoint in list_endpoints(merchant_id):
        if endpoint.enabled and type in endpoint.events:
            delivery = OutboundDelivery(
                merchant_id=merchant_id,
                event_id=event.id,
                endpoint_id=endpoint.id,
                next_attempt_at=event.created_at,
            )
            db.session.add(delivery)
            deliveries.append(delivery)
    db.session.flush()
    for delivery in deliveries:
        _enqueue(delivery)
    return event


def _enqueue(delivery):
    # No rq retries: the schedule lives in next_attempt_at, which deliver_due follows.
    queue.enqueue(
        "webhooks",
        "monogram.jobs.outbound.deliver",
        delivery.id,
        timeout=TIMEOUT + 30,
        retries=0,
    )


def event_body(event):
    document = {
        "id": event.id,
        "type": event.type,
        "created": int(event.created_at.timestamp()),
        "data": event.payload,
    }
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret, body, timestamp):
    """The Monogram-Signature header value (DESIGN.md §6)."""
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def due_deliveries(now=None):
    now = now or utcnow()
    return db.session.scalars(
        sa.select(OutboundDelivery.id)
        .where(OutboundDelivery.status == "pending", OutboundDelivery.next_attempt_at <= now)
        .order_by(OutboundDelivery.next_attempt_at)
    ).all()


def deliver_due(now=None):
    """Make every attempt that is due; run it every minute (it is what makes the retries)."""
    delivery_ids = due_deliveries(now)
    for delivery_id in delivery_ids:
        attempt(delivery_id, now)
    return delivery_ids


def attempt(delivery_id, now=None):
    """Send a delivery once if it is due; record the attempt and schedule the next one.

    Safe to run twice or concurrently: only the caller that claims the delivery sends it, and a
    succeeded delivery is never sent again. Returns the attempt, or None when nothing was due.
    """
    now = now or utcnow()
    claimed = db.session.execute(
        sa.update(OutboundDelivery)
        .where(
            OutboundDelivery.id == delivery_id,
            OutboundDelivery.status == "pending",
            OutboundDelivery.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + LEASE)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None
    delivery = db.session.get(OutboundDelivery, delivery_id)
    endpoint, event = delivery.endpoint, delivery.event
    if not endpoint.enabled or endpoint.deleted_at is not None:
        delivery.status, delivery.next_attempt_at = "failed", None
        db.session.commit()
        return None

    number = delivery.attempts + 1
    secret = unseal(endpoint.secret_encrypted)
    refusal = _refusal(endpoint.url)
    if secret is None:
        outcome = (None, "The endpoint's secret cannot be read (the app secret changed).", None, 0)
    elif refusal is not None:
        outcome = (None, refusal, None, 0)
    else:
        outcome = _post(endpoint.url, event_body(event), secret)
    status_code, error, excerpt, duration_ms = outcome
    record = DeliveryAttempt(
        delivery_id=delivery.id,
        number=number,
        started_at=now,
        duration_ms=duration_ms,
        status_code=status_code,
        error=error,
        response_body=excerpt,
    )
    db.session.add(record)
    delivery.attempts = number
    if status_code is not None and 200 <= status_code < 300:
        delivery.status, delivery.next_attempt_at = "succeeded", None
    elif number < len(SCHEDULE):
        delivery.next_attempt_at = now + SCHEDULE[number]
    else:
        delivery.status, delivery.next_attempt_at = "failed", None
    db.session.commit()
    log.info(
        "webhook %s attempt %d to %s: %s",
        delivery.id,
        number,
        endpoint.id,
        status_code if status_code is not None else error,
    )
    return record


def redeliver(merchant_id, delivery_id):
    """Send a delivery again now, whatever became of it; a failed one gets one more attempt."""
    delivery = get_delivery(merchant_id, delivery_id)
    if delivery.endpoint.deleted_at is not None:
        raise NotFound(f"The endpoint of delivery {delivery_id} was deleted.")
    delivery.status, delivery.next_attempt_at = "pending", utcnow()
    db.session.flush()
    _enqueue(delivery)
    return delivery


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect is an answer from the endpoint, not an instruction to post the event elsewhere.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url, body, secret):
    """POST the body signed; returns (status code or None, error, body excerpt, duration in ms)."""
    request = urllib.request.Request(  # noqa: S310 - check_url allowed only http(s)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Monogram-Webhooks/1",
            SIGNATURE_HEADER: signature(secret, body, int(time.time())),
        },
    )
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            status, excerpt, error = response.status, _excerpt(response), None
    except urllib.error.HTTPError as answer:
        status, excerpt = answer.code, _excerpt(answer)
        error = f"HTTP {answer.code} {answer.reason}"
    except (OSError, ValueError) as failure:
        status, excerpt = None, None
        reason = getattr(failure, "reason", failure)
        error = f"{type(reason).__name__}: {reason}"[:500]
    duration_ms = round((time.monotonic() - started) * 1000)
    return status, error, excerpt, duration_ms


def _excerpt(response):
    try:
        return response.read(BODY_EXCERPT).decode("utf-8", errors="replace")
    except OSError:
        return None


def rotate_secret(merchant_id, endpoint_id):
    """A new signing secret for the endpoint, returned once; the old one signs nothing more."""
    endpoint = get_endpoint(merchant_id, endpoint_id)
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint.secret_encrypted = seal(secret)
    db.session.flush()
    return endpoint, secret


def set_enabled(merchant_id, endpoint_id, enabled):
    """Pause or resume an endpoint; events emitted while it is paused are not queued for it."""
    endpoint = get_endpoint(merchant_id, endpoint_id)
    endpoint.enabled = bool(enabled)
    db.session.flush()
    return endpoint
