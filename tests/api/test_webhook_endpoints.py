"""/v1/webhook-endpoints: register, list, delete, read the delivery log, redeliver."""

import socket

import pytest
from werkzeug.wrappers import Request, Response

from monogram.extensions.db import db
from monogram.services import outbound
from tests.servers import serving

EVENTS = ["job.ready", "job.failed"]


class Receiver:
    """An endpoint on loopback that accepts everything and counts what it got."""

    def __init__(self):
        self.bodies = []

    @Request.application
    def wsgi(self, request):
        self.bodies.append(request.get_data())
        return Response("thanks", status=200)


@pytest.fixture
def receiver():
    receiver = Receiver()
    with serving(receiver.wsgi) as base:
        receiver.url = f"{base}/hooks"
        yield receiver


def create(client, account, url="https://erp.example.com/hooks", events=EVENTS):
    return client.post(
        "/v1/webhook-endpoints", headers=account.sk, json={"url": url, "events": events}
    )


def test_creating_an_endpoint_shows_its_secret_once(client, merchant):
    response = create(client, merchant)

    assert response.status_code == 201, response.json
    endpoint = response.json
    assert endpoint["url"] == "https://erp.example.com/hooks"
    assert endpoint["events"] == ["job.failed", "job.ready"]
    assert endpoint["enabled"] is True
    assert endpoint["id"].startswith("we_")
    assert endpoint["secret"].startswith("whsec_") and len(endpoint["secret"]) > 40
    listed = client.get("/v1/webhook-endpoints", headers=merchant.sk)
    assert listed.status_code == 200
    assert listed.json == [{k: v for k, v in endpoint.items() if k != "secret"}]


@pytest.mark.parametrize(
    "url",
    ["http://erp.example.com/hooks", "ftp://erp.example.com/hooks", "https:///nohost", "erp"],
)
def test_an_endpoint_needs_https(client, merchant, url):
    response = create(client, merchant, url=url)

    assert response.status_code == 422
    assert "https://" in response.json["message"]
    assert "127.0.0.1 and localhost" in response.json["message"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/hooks", "http://localhost/hooks"])
def test_plain_http_is_accepted_on_loopback_for_development(client, merchant, url):
    assert create(client, merchant, url=url).status_code == 201


@pytest.mark.parametrize("events", [["job.ready", "job.exploded"], []])
def test_events_must_be_known_types(client, merchant, events):
    response = create(client, merchant, events=events)

    assert response.status_code == 422
    assert "events" in str(response.json["errors"])


def test_endpoints_need_a_secret_key(client, merchant):
    assert client.get("/v1/webhook-endpoints", headers=merchant.pk).status_code in (401, 403)
    assert client.get("/v1/webhook-endpoints").status_code == 401


def test_a_deleted_endpoint_is_gone_and_receives_nothing(app, client, merchant, receiver):
    endpoint = create(client, merchant, url=receiver.url).json

    assert (
        client.delete(f"/v1/webhook-endpoints/{endpoint['id']}", headers=merchant.sk).status_code
        == 204
    )

    assert client.get("/v1/webhook-endpoints", headers=merchant.sk).json == []
    again = client.delete(f"/v1/webhook-endpoints/{endpoint['id']}", headers=merchant.sk)
    assert again.status_code == 404
    with app.app_context():
        outbound.emit(merchant.merchant_id, "job.ready", {"job": "job_1"})
        db.session.commit()
    assert receiver.bodies == []


def test_another_merchants_endpoints_and_deliveries_are_not_found(
    app, client, merchant, other_merchant, receiver
):
    endpoint = create(client, merchant, url=receiver.url).json
    with app.app_context():
        outbound.emit(merchant.merchant_id, "job.ready", {"job": "job_1"})
        db.session.commit()
    [delivery] = client.get(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=merchant.sk
    ).json

    theirs = other_merchant.sk
    assert client.get("/v1/webhook-endpoints", headers=theirs).json == []
    for method, path in [
        ("delete", f"/v1/webhook-endpoints/{endpoint['id']}"),
        ("get", f"/v1/webhook-endpoints/{endpoint['id']}/deliveries"),
        ("post", f"/v1/webhook-deliveries/{delivery['id']}/redeliver"),
    ]:
        response = getattr(client, method)(path, headers=theirs)
        assert response.status_code == 404, (method, path)
        assert response.json["code"] == 404
    assert len(receiver.bodies) == 1
    assert client.get("/v1/webhook-endpoints", headers=merchant.sk).json[0]["id"] == endpoint["id"]


def test_redelivery_sends_a_succeeded_event_again_on_demand(app, client, merchant, receiver):
    endpoint = create(client, merchant, url=receiver.url).json
    with app.app_context():
        outbound.emit(merchant.merchant_id, "job.failed", {"job": "job_1"})
        db.session.commit()
    log_path = f"/v1/webhook-endpoints/{endpoint['id']}/deliveries"
    [delivery] = client.get(log_path, headers=merchant.sk).json
    assert delivery["status"] == "succeeded"
    assert len(receiver.bodies) == 1

    response = client.post(
        f"/v1/webhook-deliveries/{delivery['id']}/redeliver", headers=merchant.sk
    )

    assert response.status_code == 202, response.json
    assert response.json["status"] == "pending"
    assert receiver.bodies == [receiver.bodies[0]] * 2
    [delivery] = client.get(log_path, headers=merchant.sk).json
    assert delivery["status"] == "succeeded"
    assert [a["status_code"] for a in delivery["attempt_log"]] == [200, 200]
    assert [a["response_body"] for a in delivery["attempt_log"]] == ["thanks", "thanks"]


def test_redelivery_gives_a_failed_delivery_one_more_attempt(app, client, merchant):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = create(client, merchant, url=f"http://127.0.0.1:{port}/hooks").json
    with app.app_context():
        outbound.emit(merchant.merchant_id, "job.ready", {"job": "job_1"})
        db.session.commit()
        [delivery] = outbound.endpoint_deliveries(merchant.merchant_id, endpoint["id"])
        delivery_id = delivery.id
        while delivery.status == "pending":  # the whole schedule, without waiting for it
            outbound.deliver_due(delivery.next_attempt_at)
            db.session.refresh(delivery)
        assert delivery.attempts == 8

    response = client.post(f"/v1/webhook-deliveries/{delivery_id}/redeliver", headers=merchant.sk)

    assert response.status_code == 202
    log_path = f"/v1/webhook-endpoints/{endpoint['id']}/deliveries"
    [delivery] = client.get(log_path, headers=merchant.sk).json
    assert delivery["status"] == "failed"
    assert delivery["attempts"] == 9
    assert [a["number"] for a in delivery["attempt_log"]] == list(range(1, 10))
    assert all(a["status_code"] is None for a in delivery["attempt_log"])


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.5/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks",
        "https://[fd00::1]/hooks",
        "https://100.64.0.1/hooks",
    ],
)
def test_an_endpoint_cannot_name_a_private_address(client, merchant, url):
    response = create(client, merchant, url=url)
    assert response.status_code == 422
    assert response.json["message"] == (
        "An endpoint must be on the public internet, not a private or reserved address."
    )
    assert client.get("/v1/webhook-endpoints", headers=merchant.sk).json == []


@pytest.mark.parametrize("host", ["127.1", "2130706433"])
def test_a_name_resolving_to_a_private_address_is_never_called(app, client, merchant, host):
    # Shorthand and decimal forms of 127.0.0.1 pass for names; their resolution gives them away.
    receiver = Receiver()
    with serving(receiver.wsgi) as base:
        port = base.rsplit(":", 1)[1]
        endpoint = create(client, merchant, url=f"https://{host}:{port}/hooks")
        assert endpoint.status_code == 201, endpoint.json
        with app.app_context():
            outbound.emit(merchant.merchant_id, "job.ready", {"job": "job_1"})
            db.session.commit()
            [delivery] = outbound.endpoint_deliveries(merchant.merchant_id, endpoint.json["id"])
            outbound.deliver_due(delivery.next_attempt_at)  # a retry is refused the same way
    assert receiver.bodies == []
    log_path = f"/v1/webhook-endpoints/{endpoint.json['id']}/deliveries"
    [logged] = client.get(log_path, headers=merchant.sk).json
    assert len(logged["attempt_log"]) == 2
    for attempt in logged["attempt_log"]:
        assert attempt["status_code"] is None
        assert attempt["error"] == (
            f"Refused: {host} resolves to 127.0.0.1, a private or reserved address."
        )
