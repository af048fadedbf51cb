"""Each PHP module's real code against the running backend over HTTP: the order reported once,
then the shipment coming back as Monogram's signed webhooks and recorded on the shop's order."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from monogram import create_app
from monogram.extensions.db import db
from monogram.models import Order, OutboundDelivery
from tests import samples
from tests.conftest import ServerLikeClient, _account, make_config
from tests.servers import serving

ROOT = Path(__file__).resolve().parents[2]
HARNESSES = {
    "prestashop": ROOT / "plugins/prestashop/monogram/tests/contract/report_order.php",
    "magento": ROOT / "plugins/magento2/Monogram/Personalisation/Test/contract/report_order.php",
}
RECEIVERS = {
    "prestashop": ROOT / "plugins/prestashop/monogram/tests/contract/receive_shipment.php",
    "magento": ROOT
    / "plugins/magento2/Monogram/Personalisation/Test/contract/receive_shipment.php",
}
TRACKING_URL = "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"
SHIPMENT = {
    "carrier": "Colissimo",
    "tracking_number": "6A12345678901",
    "tracking_url": TRACKING_URL,
}


@pytest.fixture
def live(tmp_path, database_url):
    """The app on a loopback port, as a module in a shop would reach it."""
    app = create_app(make_config(tmp_path, DATABASE_URL=database_url))
    app.test_client_class = ServerLikeClient
    with serving(app) as url:
        yield app, url


def php_or_skip():
    if shutil.which("php") is None:
        if os.environ.get("MONOGRAM_TEST_SERVERS") == "1":
            pytest.fail("php is missing: make test installs php-cli")
        pytest.skip("php is not installed")


def harness_env(app, url, platform, order_id):
    """A shop of `platform` with a saved design; the environment its module's harness reads."""
    account = _account(app, f"Boutique {platform}", platform=platform, domain=f"{platform}.test")
    client = app.test_client()
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = client.post("/v1/products", headers=account.sk, json=samples.card_product([font]))
    design = client.post(
        "/v1/designs", headers=account.pk, json=samples.design(product.json["id"], font)
    ).json
    env = {
        **os.environ,
        "MONOGRAM_API_URL": url,
        "MONOGRAM_SECRET_KEY": account.secret,
        "MONOGRAM_PUBLISHABLE_KEY": account.publishable,
        "MONOGRAM_DESIGN": design["id"],
        "MONOGRAM_DESIGN_TOKEN": design["token"],
        "MONOGRAM_ORDER_ID": order_id,
    }
    return account, design, env


@pytest.mark.parametrize("platform", sorted(HARNESSES))
def test_the_modules_order_hook_reports_one_order(live, platform):
    php_or_skip()
    harness = HARNESSES[platform]
    if not harness.exists():
        pytest.fail(f"{harness.relative_to(ROOT)} is missing")
    app, url = live
    account, design, env = harness_env(app, url, platform, "100042")
    for attempt in (1, 2):
        run = subprocess.run(
            ["php", str(harness)], env=env, capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, f"attempt {attempt}: {run.stdout}\n{run.stderr}"
        json.loads(run.stdout.strip().splitlines()[-1])  # the harness reports one JSON line

    with app.app_context():
        orders = db.session.query(Order).all()
        assert len(orders) == 1
        (order,) = orders
        assert (order.platform_order_id, order.store_id) == ("100042", account.store_id)
        personalised = [line for line in order.lines if line.design_id]
        assert len(personalised) == 1
        assert (personalised[0].design_id, personalised[0].status) == (design["id"], "accepted")
        assert personalised[0].job_id is not None


def job_when_ready(app, account, platform_order_id, timeout=60):
    """The order's personalised job, once rendered (the backend renders after answering)."""
    client = app.test_client()
    with app.app_context():
        order = db.session.query(Order).filter_by(store_id=account.store_id).one()
        assert order.platform_order_id == platform_order_id
        job_id = next(line.job_id for line in order.lines if line.design_id)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/v1/jobs/{job_id}", headers=account.sk).json["status"]
        if status == "ready":
            return job_id
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} is still {status}")


def ship_through_the_module(live, platform):
    """Order reported by the module, job made and shipped in Monogram, webhooks to the module.

    Returns (the harness's final report, the job id, the webhook deliveries Monogram logged).
    """
    php_or_skip()
    app, url = live
    account, _, env = harness_env(app, url, platform, "1042")
    client = app.test_client()
    harness = subprocess.Popen(
        ["php", str(RECEIVERS[platform])],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        listening = json.loads(harness.stdout.readline() or "{}")
        assert "webhook_url" in listening, harness.communicate(timeout=10)
        job_id = job_when_ready(app, account, "1042")
        endpoint = client.post(
            "/v1/webhook-endpoints",
            headers=account.sk,
            json={"url": listening["webhook_url"], "events": ["job.shipped", "job.status_changed"]},
        )
        assert endpoint.status_code == 201, endpoint.json
        harness.stdin.write(endpoint.json["secret"] + "\n")
        harness.stdin.flush()
        # Each call's webhooks are delivered, in process, before the call returns.
        started = client.post(f"/v1/jobs/{job_id}/production", headers=account.sk)
        assert started.status_code == 200, started.json
        shipped = client.post(f"/v1/jobs/{job_id}/shipment", headers=account.sk, json=SHIPMENT)
        assert shipped.status_code == 200, shipped.json
        out, err = harness.communicate(timeout=60)
    finally:
        if harness.poll() is None:
            harness.kill()
            harness.communicate()
    assert harness.returncode == 0, f"{out}\n{err}"
    with app.app_context():
        deliveries = [
            (delivery.event.type, delivery.status, delivery.attempts)
            for delivery in db.session.query(OutboundDelivery)
            .filter_by(endpoint_id=endpoint.json["id"])
            .order_by(OutboundDelivery.created_at, OutboundDelivery.id)
        ]
    return json.loads(out.strip().splitlines()[-1]), job_id, deliveries


MONOGRAM_LOGGED = [
    ("job.status_changed", "succeeded", 1),
    ("job.status_changed", "succeeded", 1),
    ("job.shipped", "succeeded", 1),
]


def test_prestashop_records_the_shipment_from_the_signed_webhooks(live):
    report, job_id, deliveries = ship_through_the_module(live, "prestashop")

    assert deliveries == MONOGRAM_LOGGED
    assert [(d["type"], d["status"], d["answer"]) for d in report["deliveries"]] == [
        ("job.status_changed", 200, {"status": "ok"}),
        ("job.status_changed", 200, {"status": "ok"}),
        ("job.shipped", 200, {"status": "ok"}),
    ]
    # The order carrier's tracking number and the Shipped state (PS_OS_SHIPPING), both e-mailed.
    assert report["order"] == {
        "current_state": 4,
        "tracking_number": "6A12345678901",
        "in_transit_emails": [{"id_order": 1042, "tracking_number": "6A12345678901"}],
        "states": [{"state": 4, "emailed": True}],
    }
    assert report["messages"] == [
        {
            "message": f"Monogram: personalised item shipped. Job: {job_id}. "
            f"Tracking: Colissimo 6A12345678901 {TRACKING_URL}",
            "private": 1,
        }
    ]
    assert report["jobs"][job_id]["status"] == "shipped"
    assert report["jobs"][job_id]["tracking"] == {
        "carrier": "Colissimo",
        "number": "6A12345678901",
        "url": TRACKING_URL,
    }


def test_magento_ships_the_order_from_the_signed_webhooks(live):
    report, job_id, deliveries = ship_through_the_module(live, "magento")

    assert deliveries == MONOGRAM_LOGGED
    assert [(d["type"], d["status"], d["answer"]) for d in report["deliveries"]] == [
        ("job.status_changed", 200, {"ok": True, "message": "ignored status in_production"}),
        ("job.status_changed", 200, {"ok": True, "message": "recorded"}),
        ("job.shipped", 200, {"ok": True, "message": "recorded"}),
    ]
    # The card is a configurable product: its parent item (10421) ships, with one custom track.
    assert report["shipments"] == [
        {
            "order": 1042,
            "items": {"10421": 250.0},
            "notify": True,
            "tracks": [
                {"carrier_code": "custom", "title": "Colissimo", "track_number": "6A12345678901"}
            ],
        }
    ]
    assert report["parcel"] == {
        "job": job_id,
        "carrier": "Colissimo",
        "number": "6A12345678901",
        "url": TRACKING_URL,
    }
    ((comment, visible),) = [
        (c["comment"], c["visible_on_front"]) for c in report["order_comments"]
    ]
    assert comment.startswith(
        f"Monogram: the personalised item ({job_id}) has shipped. "
        f"Tracking: Colissimo 6A12345678901 {TRACKING_URL} [evt_"
    )
    assert visible is True
