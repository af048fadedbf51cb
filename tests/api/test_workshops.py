"""Workshops, dispatch rules and shipping over HTTP: the right workshop, then tracking."""

import csv
import io
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import ProductionJob, WebhookEvent
from monogram.models.base import utcnow
from tests import samples
from tests.conftest import mailing_app

PUBLIC_URL = "https://monogram.example"


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


def create(client, account, path, body):
    response = client.post(path, headers=account.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json


def product(client, account, font_id, technique="digital_print", name="Business card"):
    body = samples.card_product([font_id])
    body["name"] = name
    for area in body["areas"]:
        area["technique"] = technique
    return create(client, account, "/v1/products", body)["id"]


def ready_job(client, account, product_id, font_id, order_id="1042"):
    """An order for one personalised line, rendered in-process: its job is ready."""
    design = create(client, account, "/v1/designs", samples.design(product_id, font_id))
    order = create(
        client,
        account,
        "/v1/orders",
        {
            "platform_order_id": order_id,
            "name": f"#{order_id}",
            "lines": [
                {"platform_line_id": "1", "design": design["id"], "design_token": design["token"]}
            ],
        },
    )
    job_id = order["lines"][0]["job"]
    job = client.get(f"/v1/jobs/{job_id}", headers=account.sk).json
    assert job["status"] == "ready", job
    return job


@pytest.fixture
def workshops(client, merchant):
    return {
        name: create(client, merchant, "/v1/workshops", {"name": name, **extra})["id"]
        for name, extra in (
            ("Atelier Lyon", {}),
            ("Graveur Nantes", {"kind": "subcontractor", "email": "atelier@graveur.example"}),
            ("Atelier Paris", {"is_default": True}),
        )
    }


def test_the_first_matching_rule_chooses_the_workshop(client, merchant, font_id, workshops):
    card = product(client, merchant, font_id)
    plaque = product(client, merchant, font_id, technique="engraving", name="Plaque")
    other = product(client, merchant, font_id, name="Flyer")
    create(
        client,
        merchant,
        "/v1/dispatch-rules",
        {"workshop": workshops["Graveur Nantes"], "technique": "engraving"},
    )
    create(
        client,
        merchant,
        "/v1/dispatch-rules",
        {"workshop": workshops["Atelier Lyon"], "product": card},
    )
    # Put in first place: engraving still goes to Nantes, because this rule names the card only.
    create(
        client,
        merchant,
        "/v1/dispatch-rules",
        {"workshop": workshops["Atelier Lyon"], "product": card, "position": 0},
    )
    rules = client.get("/v1/dispatch-rules", headers=merchant.sk).json
    assert [r["position"] for r in rules] == [0, 1, 2]
    assert [r["technique"] for r in rules] == [None, "engraving", None]

    assert ready_job(client, merchant, card, font_id, "1")["workshop"] == workshops["Atelier Lyon"]
    assert (
        ready_job(client, merchant, plaque, font_id, "2")["workshop"] == workshops["Graveur Nantes"]
    )
    # No rule matches the flyer: the default workshop makes it.
    flyer = ready_job(client, merchant, other, font_id, "3")
    assert flyer["workshop"] == workshops["Atelier Paris"]
    (note,) = [e["note"] for e in flyer["events"] if e["source"] == "dispatch"]
    assert note == "dispatched to Atelier Paris (default workshop)"


def test_a_store_rule_matches_only_that_stores_orders(client, merchant, font_id, workshops):
    card = product(client, merchant, font_id)
    create(
        client,
        merchant,
        "/v1/dispatch-rules",
        {"workshop": workshops["Atelier Lyon"], "store": merchant.store_id},
    )
    job = ready_job(client, merchant, card, font_id)
    assert job["workshop"] == workshops["Atelier Lyon"]
    (note,) = [e["note"] for e in job["events"] if e["source"] == "dispatch"]
    assert note == "dispatched to Atelier Lyon (rule 1)"


def test_without_a_matching_rule_or_default_the_job_waits_and_says_why(client, merchant, font_id):
    card = product(client, merchant, font_id)
    flyer = product(client, merchant, font_id, name="Flyer")
    lyon = create(client, merchant, "/v1/workshops", {"name": "Atelier Lyon"})["id"]
    create(client, merchant, "/v1/dispatch-rules", {"workshop": lyon, "product": flyer})
    job = ready_job(client, merchant, card, font_id)
    assert job["workshop"] is None
    (note,) = [e["note"] for e in job["events"] if e["source"] == "dispatch"]
    assert note == "not dispatched: no dispatch rule matches and there is no default workshop"


def test_a_merchant_without_workshops_sees_no_dispatch_step(client, merchant, font_id):
    job = ready_job(client, merchant, product(client, merchant, font_id), font_id)
    assert job["workshop"] is None
    assert [e["source"] for e in job["events"] if e["source"] == "dispatch"] == []


def test_one_default_workshop_per_merchant(client, merchant, workshops):
    client.patch(
        f"/v1/workshops/{workshops['Atelier Lyon']}", headers=merchant.sk, json={"is_default": True}
    )
    listed = client.get("/v1/workshops", headers=merchant.sk).json
    assert [w["name"] for w in listed if w["is_default"]] == ["Atelier Lyon"]


def test_rules_cannot_name_another_merchants_workshop(client, merchant, other_merchant, workshops):
    response = client.post(
        "/v1/dispatch-rules",
        headers=other_merchant.sk,
        json={"workshop": workshops["Atelier Lyon"]},
    )
    assert response.status_code == 404
    assert response.json["message"].startswith("No workshop with id")
    assert client.get("/v1/dispatch-rules", headers=other_merchant.sk).json == []
    got = client.get(f"/v1/workshops/{workshops['Atelier Lyon']}", headers=other_merchant.sk)
    assert got.status_code == 404


def test_archived_workshops_lose_their_rules_and_get_no_new_jobs(
    client, merchant, font_id, workshops
):
    card = product(client, merchant, font_id)
    create(client, merchant, "/v1/dispatch-rules", {"workshop": workshops["Atelier Lyon"]})
    assert (
        client.delete(f"/v1/workshops/{workshops['Atelier Lyon']}", headers=merchant.sk).status_code
        == 204
    )
    assert client.get("/v1/dispatch-rules", headers=merchant.sk).json == []
    assert ready_job(client, merchant, card, font_id)["workshop"] == workshops["Atelier Paris"]


def test_portal_users_need_a_long_password_and_a_unique_email(client, merchant, workshops):
    path = f"/v1/workshops/{workshops['Atelier Lyon']}/users"
    short = client.post(
        path, headers=merchant.sk, json={"email": "paul@lyon.example", "password": "short"}
    )
    assert short.status_code == 422
    user = create(
        client,
        merchant,
        path,
        {"email": "Paul@Lyon.example", "name": "Paul", "password": "correct horse battery"},
    )
    assert (user["email"], user["invited"]) == ("paul@lyon.example", False)
    assert "password" not in user
    again = client.post(
        path, headers=merchant.sk, json={"email": "paul@lyon.example", "password": "x" * 12}
    )
    assert again.status_code == 409


def ship_body(**changes):
    return {
        "carrier": "Colissimo",
        "tracking_number": "6A12345678901",
        "tracking_url": "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901",
        **changes,
    }


def test_a_job_ships_with_its_tracking_after_production(app, client, merchant, font_id, workshops):
    job = ready_job(client, merchant, product(client, merchant, font_id), font_id)
    early = client.post(f"/v1/jobs/{job['id']}/shipment", headers=merchant.sk, json=ship_body())
    assert early.status_code == 409
    assert early.json["message"] == f"Job {job['id']} is ready; it cannot become shipped."

    started = client.post(f"/v1/jobs/{job['id']}/production", headers=merchant.sk)
    assert started.status_code == 200 and started.json["status"] == "in_production"
    shipped = client.post(f"/v1/jobs/{job['id']}/shipment", headers=merchant.sk, json=ship_body())
    assert shipped.status_code == 200, shipped.json
    assert shipped.json["status"] == "shipped"
    assert shipped.json["tracking"] == {
        "carrier": "Colissimo",
        "number": "6A12345678901",
        "url": "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901",
    }
    steps = [(e["from"], e["to"]) for e in shipped.json["events"] if e["from"] != e["to"]]
    assert steps[-2:] == [("ready", "in_production"), ("in_production", "shipped")]
    assert shipped.json["events"][-1]["note"] == "Colissimo 6A12345678901"

    with app.app_context():
        events = db.session.scalars(
            sa.select(WebhookEvent).where(WebhookEvent.type == "job.shipped")
        ).all()
    (event,) = events
    assert event.payload["job"]["tracking"]["number"] == "6A12345678901"
    assert event.payload["order"]["platform_order_id"] == "1042"
    assert event.payload["line"]["platform_line_id"] == "1"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        (ship_body(tracking_number="  "), "/tracking_number"),
        (ship_body(carrier=""), "/carrier"),
        (ship_body(tracking_url="http://tracking.example/6A1"), "/tracking_url"),
        (ship_body(tracking_url="javascript:alert(1)"), "/tracking_url"),
    ],
)
def test_an_incomplete_shipment_changes_nothing(client, merchant, font_id, body, path):
    job = ready_job(client, merchant, product(client, merchant, font_id), font_id)
    client.post(f"/v1/jobs/{job['id']}/production", headers=merchant.sk)
    response = client.post(f"/v1/jobs/{job['id']}/shipment", headers=merchant.sk, json=body)
    assert response.status_code == 422
    assert path in [e["path"] for e in response.json["errors"]] or path[1:] in str(
        response.json["errors"]
    )
    after = client.get(f"/v1/jobs/{job['id']}", headers=merchant.sk).json
    assert (after["status"], after["tracking"], after["shipped_at"]) == (
        "in_production",
        None,
        None,
    )


def test_another_merchant_cannot_move_a_job(client, merchant, other_merchant, font_id):
    job = ready_job(client, merchant, product(client, merchant, font_id), font_id)
    assert (
        client.post(f"/v1/jobs/{job['id']}/production", headers=other_merchant.sk).status_code
        == 404
    )
    assert client.get(f"/v1/jobs/{job['id']}", headers=merchant.sk).json["status"] == "ready"


def test_late_jobs_are_flagged_filtered_and_exported(app, client, merchant, font_id, workshops):
    card = product(client, merchant, font_id)
    late = ready_job(client, merchant, card, font_id, "1")
    on_time = ready_job(client, merchant, card, font_id, "2")
    with app.app_context():
        db.session.get(ProductionJob, late["id"]).due_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    assert client.get(f"/v1/jobs/{late['id']}", headers=merchant.sk).json["flag"] == "late"
    assert client.get(f"/v1/jobs/{on_time['id']}", headers=merchant.sk).json["flag"] is None
    listed = client.get("/v1/jobs?flag=late", headers=merchant.sk).json
    assert [j["id"] for j in listed] == [late["id"]]
    by_workshop = client.get(
        f"/v1/jobs?workshop={workshops['Atelier Paris']}", headers=merchant.sk
    ).json
    assert {j["id"] for j in by_workshop} == {late["id"], on_time["id"]}

    rows = list(
        csv.DictReader(io.StringIO(client.get("/v1/jobs/export.csv", headers=merchant.sk).text))
    )
    flags = {row["id"]: row["flag"] for row in rows}
    assert flags == {late["id"]: "late", on_time["id"]: ""}
    assert {row["workshop"] for row in rows} == {workshops["Atelier Paris"]}


def test_the_due_date_follows_the_products_lead_time(client, merchant, font_id):
    body = samples.card_product([font_id])
    body["lead_time_days"] = 10
    card = create(client, merchant, "/v1/products", body)["id"]
    job = ready_job(client, merchant, card, font_id)
    created = datetime.fromisoformat(job["created_at"])
    due = datetime.fromisoformat(job["due_at"])
    # Ten working days span two calendar weeks, plus any public holiday in between; the job is
    # due at the end of a weekday.
    assert timedelta(days=13) < due - created < timedelta(days=19)
    assert due.weekday() < 5
    assert (due.hour, due.minute, due.utcoffset()) == (17, 0, timedelta(0))


def test_the_workshop_is_emailed_its_new_job(client, merchant, font_id, workshops, smtp_server):
    card = product(client, merchant, font_id, technique="engraving", name="Plaque")
    create(
        client,
        merchant,
        "/v1/dispatch-rules",
        {"workshop": workshops["Graveur Nantes"], "technique": "engraving"},
    )
    job = ready_job(client, merchant, card, font_id, "1042")
    (message,) = smtp_server.messages
    assert message["To"] == "atelier@graveur.example"
    # The merchant is in France: the workshop reads French.
    assert message["Subject"] == "Nouveau travail pour Graveur Nantes : #1042 — Plaque"
    text = message.get_body(("plain",)).get_content()
    assert f"{PUBLIC_URL}/workshop/jobs/{job['id']}" in text
    assert "Quantité : 1" in text


def test_a_job_not_started_can_move_to_another_workshop(client, merchant, font_id, workshops):
    job = ready_job(client, merchant, product(client, merchant, font_id), font_id)
    moved = client.put(
        f"/v1/jobs/{job['id']}/workshop",
        headers=merchant.sk,
        json={"workshop": workshops["Atelier Lyon"]},
    )
    assert moved.status_code == 200 and moved.json["workshop"] == workshops["Atelier Lyon"]
    assert moved.json["events"][-1]["note"] == "dispatched to Atelier Lyon by hand"
    client.post(f"/v1/jobs/{job['id']}/production", headers=merchant.sk)
    late = client.put(
        f"/v1/jobs/{job['id']}/workshop",
        headers=merchant.sk,
        json={"workshop": workshops["Atelier Paris"]},
    )
    assert late.status_code == 422
    after = client.get(f"/v1/jobs/{job['id']}", headers=merchant.sk).json
    assert after["workshop"] == workshops["Atelier Lyon"]


def test_reordering_a_shipped_line_copies_what_was_made(client, merchant, font_id):
    card = product(client, merchant, font_id)
    design = create(client, merchant, "/v1/designs", samples.design(card, font_id))
    order = create(
        client,
        merchant,
        "/v1/orders",
        {
            "platform_order_id": "3001",
            "name": "#3001",
            "lines": [
                {"platform_line_id": "1", "design": design["id"], "design_token": design["token"]}
            ],
        },
    )
    line = order["lines"][0]
    client.post(f"/v1/jobs/{line['job']}/production", headers=merchant.sk)
    shipped = client.post(f"/v1/jobs/{line['job']}/shipment", headers=merchant.sk, json=ship_body())
    assert shipped.json["status"] == "shipped"

    copy = client.post(
        f"/v1/designs/{design['id']}/reorder", headers=merchant.sk, json={"order_line": line["id"]}
    )
    assert copy.status_code == 201, copy.json
    assert (copy.json["version"], copy.json["source"]) == (
        1,
        {"design": design["id"], "version": 1},
    )
    assert copy.json["document"] == design["document"]
    edited = samples.design(card, font_id, text="Jeanne Martin")
    headers = {**merchant.sk, "If-Match": f'"{copy.json["etag"]}"'}
    changed = client.put(f"/v1/designs/{copy.json['id']}", headers=headers, json=edited)
    assert changed.status_code == 200 and changed.json["version"] == 2
    original = client.get(f"/v1/designs/{design['id']}", headers=merchant.sk).json
    assert (original["version"], original["document"]) == (1, design["document"])
    job = client.get(f"/v1/jobs/{line['job']}", headers=merchant.sk).json
    assert (job["status"], job["version"]) == ("shipped", 1)
