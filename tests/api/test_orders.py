"""Orders over HTTP: recorded once, designs checked by token and frozen, one job per line."""

import pytest

from tests import samples


@pytest.fixture
def design(client, merchant, product_id, font_id):
    created = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, font_id)
    )
    assert created.status_code == 201, created.json
    return created.json


def order_body(design, token=None, order_id="1042"):
    return {
        "platform_order_id": order_id,
        "name": f"#{order_id}",
        "currency": "EUR",
        "customer": {"platform_id": "7", "email": "jeanne@example.fr", "company": "Dupont SA"},
        "lines": [
            {
                "platform_line_id": "1",
                "quantity": 250,
                "title": "Carte de visite",
                "platform_product": "12",
                "platform_variant": "45",
                "design": design["id"],
                "design_token": token or design["token"],
            },
            {"platform_line_id": "2", "quantity": 1, "title": "Porte-cartes"},
        ],
    }


def test_an_order_freezes_the_design_and_queues_its_job(client, merchant, design, product_id):
    response = client.post("/v1/orders", headers=merchant.sk, json=order_body(design))
    assert response.status_code == 201, response.json
    personalised, plain = response.json["lines"]
    assert (personalised["status"], personalised["design"], personalised["design_version"]) == (
        "accepted",
        design["id"],
        1,
    )
    assert (plain["status"], plain["job"]) == ("plain", None)
    job = client.get(f"/v1/jobs/{personalised['job']}", headers=merchant.sk).json
    assert (job["status"], job["quantity"], job["order"], job["line"]) == (
        "ready",
        250,
        "#1042",
        "1",
    )

    # A later edit of the design does not change what was ordered.
    edited = samples.design(product_id, design["document"]["surfaces"][0]["objects"][0]["font"])
    edited["surfaces"][0]["objects"][0]["text"] = "Jeanne Martin"
    headers = {
        **merchant.pk,
        "Monogram-Design-Token": design["token"],
        "If-Match": f'"{design["etag"]}"',
    }
    assert (
        client.put(f"/v1/designs/{design['id']}", headers=headers, json=edited).status_code == 200
    )
    order = client.get(f"/v1/orders/{response.json['id']}", headers=merchant.sk).json
    assert order["lines"][0]["design_version"] == 1


def test_the_same_order_twice_is_one_order(client, merchant, design):
    first = client.post("/v1/orders", headers=merchant.sk, json=order_body(design))
    again = client.post(
        "/v1/orders",
        headers={**merchant.sk, "Idempotency-Key": "shop-1042"},
        json=order_body(design),
    )
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert "Idempotent-Replayed" not in first.headers


def test_a_bad_token_flags_the_line_and_makes_nothing(client, merchant, design):
    response = client.post(
        "/v1/orders", headers=merchant.sk, json=order_body(design, token="dt_forged")
    )
    assert response.status_code == 201
    line = response.json["lines"][0]
    assert (line["status"], line["job"], line["design_version"]) == ("flagged", None, None)
    assert "does not open the design" in line["flag_reason"]


def test_another_merchants_design_is_flagged(client, merchant, other_merchant, design):
    response = client.post("/v1/orders", headers=other_merchant.sk, json=order_body(design))
    assert response.status_code == 201
    line = response.json["lines"][0]
    assert (line["status"], line["design"], line["job"]) == ("flagged", None, None)
    assert client.get(f"/v1/orders/{response.json['id']}", headers=merchant.sk).status_code == 404


def test_invalid_orders_are_422_and_store_nothing(app, client, merchant, design):
    body = order_body(design)
    body["lines"][0]["quantity"] = 0
    response = client.post("/v1/orders", headers=merchant.sk, json=body)
    assert response.status_code == 422
    assert response.json["errors"] == [
        {
            "path": "/lines/0/quantity",
            "message": "Must be greater than or equal to 1 and less than or equal to 1000000.",
        }
    ]
    assert (
        client.post("/v1/orders", headers=merchant.pk, json=order_body(design)).status_code == 403
    )
    from monogram.extensions.db import db
    from monogram.models import Order

    with app.app_context():
        assert db.session.query(Order).count() == 0


def test_reordering_a_line_copies_the_ordered_version(client, merchant, design, product_id):
    order = client.post("/v1/orders", headers=merchant.sk, json=order_body(design)).json
    line_id = order["lines"][0]["id"]
    # The shopper changed the original after ordering; the reorder still copies what was ordered.
    edited = samples.design(product_id, design["document"]["surfaces"][0]["objects"][0]["font"])
    edited["surfaces"][0]["objects"][0]["text"] = "Jeanne Martin"
    token_headers = {**merchant.pk, "Monogram-Design-Token": design["token"]}
    put = client.put(
        f"/v1/designs/{design['id']}",
        headers={**token_headers, "If-Match": f'"{design["etag"]}"'},
        json=edited,
    )
    assert put.status_code == 200

    copy = client.post(
        f"/v1/designs/{design['id']}/reorder", headers=token_headers, json={"order_line": line_id}
    )
    assert copy.status_code == 201, copy.json
    assert copy.json["id"] != design["id"] and copy.json["token"].startswith("dt_")
    assert copy.json["source"] == {"design": design["id"], "version": 1}
    assert copy.json["version"] == 1
    assert copy.json["document"] == design["document"]

    # Editing the copy leaves the original's versions as they were.
    changed = dict(copy.json["document"])
    changed["surfaces"] = [
        {
            **changed["surfaces"][0],
            "objects": [{**changed["surfaces"][0]["objects"][0], "text": "J. D."}],
        }
    ]
    copy_headers = {
        **merchant.pk,
        "Monogram-Design-Token": copy.json["token"],
        "If-Match": f'"{copy.json["etag"]}"',
    }
    assert (
        client.put(f"/v1/designs/{copy.json['id']}", headers=copy_headers, json=changed).status_code
        == 200
    )
    original = client.get(f"/v1/designs/{design['id']}/versions/1", headers=token_headers).json
    assert original["document"] == design["document"]
    assert client.get(f"/v1/designs/{design['id']}", headers=token_headers).json["version"] == 2


def test_reorder_needs_the_design_token_and_the_merchant(client, merchant, other_merchant, design):
    assert (
        client.post(f"/v1/designs/{design['id']}/reorder", headers=merchant.pk, json={}).status_code
        == 403
    )
    stranger = client.post(
        f"/v1/designs/{design['id']}/reorder", headers=other_merchant.sk, json={}
    )
    assert stranger.status_code == 404
    by_key = client.post(
        f"/v1/designs/{design['id']}/reorder", headers=merchant.sk, json={"version": 1}
    )
    assert by_key.status_code == 201 and by_key.json["source"]["version"] == 1
