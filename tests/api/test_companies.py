"""B2B companies over HTTP: their proof manager, and the orders that find them."""

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Company, ProductionJob
from tests import samples

ACME = {
    "name": "Société Acme",
    "platform_company_id": "gid://shopify/Company/7",
    "manager_email": "claire.martin@acme.example",
    "manager_name": "Claire Martin",
    "locale": "fr",
}


def create(client, account, body):
    response = client.post("/v1/companies", headers=account.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json


def test_a_company_is_added_read_changed_listed_and_deleted(client, merchant):
    created = create(client, merchant, ACME)
    assert created["id"].startswith("cmp_")
    assert {k: created[k] for k in ACME} == ACME
    location = client.post(
        "/v1/companies", headers=merchant.sk, json={"name": "Beta SARL"}
    ).headers["Location"]
    assert location.startswith("/v1/companies/cmp_")

    fetched = client.get(f"/v1/companies/{created['id']}", headers=merchant.sk)
    assert fetched.status_code == 200 and fetched.json == created
    changed = client.patch(
        f"/v1/companies/{created['id']}",
        headers=merchant.sk,
        json={"manager_email": "direction@acme.example", "manager_name": None},
    )
    assert changed.status_code == 200, changed.json
    assert (changed.json["manager_email"], changed.json["manager_name"]) == (
        "direction@acme.example",
        None,
    )
    assert changed.json["name"] == "Société Acme"  # untouched fields stay

    listed = client.get("/v1/companies", headers=merchant.sk).json
    assert [c["name"] for c in listed] == ["Beta SARL", "Société Acme"]
    assert client.delete(f"/v1/companies/{created['id']}", headers=merchant.sk).status_code == 204
    assert client.get(f"/v1/companies/{created['id']}", headers=merchant.sk).status_code == 404
    assert [c["name"] for c in client.get("/v1/companies", headers=merchant.sk).json] == [
        "Beta SARL"
    ]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({}, "/name"),
        ({"name": ""}, "/name"),
        ({"name": "Acme", "manager_email": "not an address"}, "/manager_email"),
        ({"name": "Acme", "locale": "français"}, "/locale"),
        ({"name": "Acme", "colour": "red"}, "/colour"),
    ],
)
def test_bad_input_is_422_and_stores_nothing(client, merchant, app, body, path):
    response = client.post("/v1/companies", headers=merchant.sk, json=body)
    assert response.status_code == 422, response.json
    assert path in {error["path"] for error in response.json["errors"]}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Company)) == 0


def test_a_blank_name_is_refused(client, merchant, app):
    response = client.post("/v1/companies", headers=merchant.sk, json={"name": "   "})
    assert response.status_code == 422
    assert response.json["errors"] == [{"path": "/name", "message": "Required."}]


def test_names_and_platform_ids_lead_to_one_company(client, merchant, app):
    acme = create(client, merchant, ACME)
    for body, path in (
        ({"name": "SOCIÉTÉ ACME"}, "/name"),
        (
            {"name": "Acme bis", "platform_company_id": ACME["platform_company_id"]},
            "/platform_company_id",
        ),
    ):
        response = client.post("/v1/companies", headers=merchant.sk, json=body)
        assert response.status_code == 409, response.json
        assert acme["id"] in response.json["message"]
        assert [error["path"] for error in response.json["errors"]] == [path]
    beta = create(client, merchant, {"name": "Beta"})
    renamed = client.patch(
        f"/v1/companies/{beta['id']}", headers=merchant.sk, json={"name": "société acme"}
    )
    assert renamed.status_code == 409
    # A company may keep its own name when it changes something else.
    kept = client.patch(
        f"/v1/companies/{acme['id']}", headers=merchant.sk, json={"name": "Société Acme"}
    )
    assert kept.status_code == 200
    with app.app_context():
        names = db.session.scalars(sa.select(Company.name).order_by(Company.name)).all()
    assert names == ["Beta", "Société Acme"]


def test_companies_need_a_secret_key_and_stay_in_their_account(client, merchant, other_merchant):
    acme = create(client, merchant, ACME)
    assert client.get("/v1/companies", headers=merchant.pk).status_code == 403
    assert client.get("/v1/companies").status_code == 401
    for method in ("get", "patch", "delete"):
        response = getattr(client, method)(
            f"/v1/companies/{acme['id']}", headers=other_merchant.sk, json={}
        )
        assert response.status_code == 404
    assert client.get("/v1/companies", headers=other_merchant.sk).json == []
    # Another merchant may have a company of the same name.
    create(client, other_merchant, ACME)


def order_job(client, merchant, product_id, font_id, customer, number):
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, font_id)
    ).json
    placed = client.post(
        "/v1/orders",
        headers=merchant.sk,
        json={
            "platform_order_id": number,
            "name": f"#{number}",
            "customer": customer,
            "lines": [{"design": design["id"], "design_token": design["token"]}],
        },
    )
    assert placed.status_code == 201, placed.json
    return placed.json["lines"][0]["job"]


def test_an_order_finds_its_company_by_platform_id_then_by_name(
    client, app, merchant, product_id, font_id
):
    create(client, merchant, ACME)
    create(
        client,
        merchant,
        {"name": "Beta SARL", "platform_company_id": "B-1", "manager_email": "chef@beta.example"},
    )
    customers = {
        # The platform id wins over a name that points elsewhere.
        "by id": {"company_id": "gid://shopify/Company/7", "company": "Beta SARL"},
        "by name in another case": {"company": "  SOCIÉTÉ ACME "},
        "unknown id, known name": {
            "company_id": "gid://shopify/Company/99",
            "company": "beta sarl",
        },
        "unknown": {"company": "Gamma"},
        "none": {},
    }
    jobs = {
        case: order_job(client, merchant, product_id, font_id, customer, str(3000 + n))
        for n, (case, customer) in enumerate(customers.items())
    }
    with app.app_context():
        managers = {
            case: db.session.get(ProductionJob, job_id).manager_email
            for case, job_id in jobs.items()
        }
    assert managers == {
        "by id": "claire.martin@acme.example",
        "by name in another case": "claire.martin@acme.example",
        "unknown id, known name": "chef@beta.example",
        "unknown": None,
        "none": None,
    }
