"""Personal data: finding a customer, the export zip, erasure, and the retention duty."""

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from monogram.errors import Invalid, NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import (
    Asset,
    Base,
    Company,
    Design,
    JobEvent,
    Merchant,
    Order,
    OrderLine,
    ProductionJob,
    Proof,
    Quote,
    Store,
    WebhookDelivery,
    WebhookEvent,
)
from monogram.models.base import utcnow
from monogram.models.merchant import Erasure
from monogram.services import duties, privacy, proofs
from tests import samples
from tests.conftest import mailing_app

PUBLIC_URL = "https://monogram.example"


@dataclass
class Person:
    """A shopper with details unique enough to be searched for anywhere."""

    email: str
    name: str
    text: str
    street: str
    phone: str
    filename: str
    number: str
    colour: tuple

    def personal(self):
        return [self.email, self.name, self.text, self.street, self.phone, self.filename]


AMELIE = Person(
    "amelie.rousseau@example.fr",
    "Amélie Rousseau",
    "Amélie & Hugo, 14 juin",
    "12 rue des Lilas",
    "+33 6 12 34 56 78",
    "amelie-mariage.png",
    "3101",
    (210, 40, 90),
)
BRUNO = Person(
    "bruno.garnier@example.fr",
    "Bruno Garnier",
    "Bruno fête ses 40 ans",
    "8 avenue Foch",
    "+33 7 98 76 54 32",
    "bruno-logo.png",
    "3102",
    (30, 160, 70),
)


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


@pytest.fixture
def proof_product(client, merchant, font_id):
    body = samples.card_product([font_id], proof="customer")
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def created(response):
    assert response.status_code in (200, 201, 202), response.json
    return response.json


def upload(client, account, person, data=None):
    data = data or samples.png(400, 400, color=person.colour)
    body = {"file": (io.BytesIO(data), person.filename)}
    return created(client.post("/v1/assets", headers=account.pk, data=body))["id"]


def personal_design(client, account, product_id, font_id, person, asset_id):
    document = samples.design(product_id, font_id, text=person.text)
    document["surfaces"][0]["objects"].append(
        {
            "id": "photo",
            "type": "image",
            "x": 5,
            "y": 5,
            "width": 20,
            "height": 20,
            "asset": asset_id,
        }
    )
    return created(client.post("/v1/designs", headers=account.pk, json=document))


def shop_customer(app, client, account, product_id, font_id, person):
    """A shopper with an upload, a saved design, an abandoned one, an order whose proof they
    approved (its print files rendered), a quote with its PDF and an inbound webhook."""
    asset_id = upload(client, account, person)
    ordered = personal_design(client, account, product_id, font_id, person, asset_id)
    saved = personal_design(client, account, product_id, font_id, person, asset_id)
    body = {
        "platform_order_id": person.number,
        "name": f"#{person.number}",
        "customer": {
            "email": person.email,
            "name": person.name,
            "platform_id": f"c{person.number}",
        },
        "shipping_address": {
            "name": person.name,
            "address1": person.street,
            "city": "Lyon",
            "zip": "69003",
            "country_code": "FR",
            "phone": person.phone,
        },
        "lines": [
            {
                "platform_line_id": "1",
                "title": "Faire-part",
                "quantity": 80,
                "design": ordered["id"],
                "design_token": ordered["token"],
            }
        ],
    }
    order = created(client.post("/v1/orders", headers=account.sk, json=body))
    for design in (ordered, saved):
        # The editor's preview of each design: a stored file of theirs too.
        headers = {**account.pk, "Monogram-Design-Token": design["token"]}
        preview = client.get(f"/v1/designs/{design['id']}/preview?area=front", headers=headers)
        assert preview.status_code == 200
    with app.app_context():
        saved_design = db.session.get(Design, saved["id"])
        saved_design.customer_ref = f"{account.store_id}:c{person.number}"
        saved_design.title = f"Pour {person.name}"
        job = db.session.get(ProductionJob, order["lines"][0]["job"])
        proof = proofs.latest(job)
        assert proof is not None, (job.status, job.reason, job.proof_email)
        proofs.decide(
            proof, True, f"Parfait, merci — {person.name}", person.email, "203.0.113.9", "Firefox"
        )
        version = db.session.get(Design, ordered["id"]).versions[-1]
        quote = Quote(
            merchant_id=account.merchant_id,
            store_id=account.store_id,
            design_id=ordered["id"],
            version_id=version.id,
            number=f"D-2026-{person.number}",
            sequence=int(person.number),
            quantity=80,
            currency="EUR",
            unit_price=120,
            total=9600,
            tax=1600,
            tax_included=True,
            contact={"name": person.name, "email": person.email, "phone": person.phone},
            message=f"Bonjour {person.name}, voici le devis.",
            valid_until=utcnow().date(),
        )
        db.session.add(quote)
        db.session.flush()
        quote.document_key = f"quotes/{quote.id}/revision-1.pdf"
        storage().put(quote.document_key, b"%PDF-1.7 " + person.name.encode(), "application/pdf")
        domain = db.session.get(Store, account.store_id).domain
        db.session.add(
            WebhookDelivery(
                source="shopify",
                delivery_id=f"d-{person.number}",
                topic="orders/create",
                shop_domain=domain,
                payload={
                    "id": person.number,
                    "email": person.email,
                    "customer": {"phone": person.phone},
                },
                status="done",
            )
        )
        db.session.commit()
        return {
            "order": order["id"],
            "job": job.id,
            "asset": asset_id,
            "quote": quote.id,
            "designs": [ordered["id"], saved["id"]],
        }


def stored_files(app):
    """Every file in storage, listed from the disk or the bucket itself."""
    with app.app_context():
        store = storage()
        if hasattr(store, "root"):
            root = Path(store.root)
            return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        pages = store.client.get_paginator("list_objects_v2").paginate(Bucket=store.bucket)
        return {
            item["Key"][len(store.prefix) :] for page in pages for item in page.get("Contents", [])
        }


def personal_values(app):
    """Every text and JSON value of every column of every table, as text."""
    found = []
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            columns = [
                c
                for c in table.columns
                if isinstance(c.type, (sa.String, sa.Text, sa.JSON)) or "JSON" in repr(c.type)
            ]
            if not columns:
                continue
            for row in db.session.execute(sa.select(*columns)).all():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = (
                        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    )
                    found.append((f"{table.name}.{column.name}", text))
    return found


def mentions(values, person):
    return sorted(
        {
            where
            for where, text in values
            for personal in person.personal()
            if personal.casefold() in text.casefold()
        }
    )


@pytest.fixture
def two_customers(app, client, merchant, proof_product, font_id):
    before = stored_files(app)
    amelie = shop_customer(app, client, merchant, proof_product, font_id, AMELIE)
    after_amelie = stored_files(app)
    bruno = shop_customer(app, client, merchant, proof_product, font_id, BRUNO)
    return {
        "amelie": amelie,
        "bruno": bruno,
        "merchant_files": before,
        "amelie_files": after_amelie - before,
        "bruno_files": stored_files(app) - after_amelie,
    }


def test_find_by_email_order_number_or_customer_id_gathers_everything(app, merchant, two_customers):
    amelie = two_customers["amelie"]
    with app.app_context():
        for query in (AMELIE.email.upper(), "#3101", "3101", "c3101"):
            found = privacy.find(merchant.merchant_id, query)
            assert found.emails == {AMELIE.email}
            assert [o.id for o in found.orders] == [amelie["order"]]
            assert sorted(d.id for d in found.designs) == sorted(amelie["designs"])
            assert [a.id for a in found.uploads] == [amelie["asset"]]
            assert [q.id for q in found.quotes] == [amelie["quote"]]
            assert [p.job_id for p in found.proofs] == [amelie["job"]]
        with pytest.raises(NotFound):
            privacy.find(merchant.merchant_id, "nobody@example.fr")
        with pytest.raises(Invalid):
            privacy.find(merchant.merchant_id, "  ")


def test_another_merchant_finds_nothing(app, other_merchant, two_customers):
    with app.app_context():
        for query in (AMELIE.email, "#3101", "c3101"):
            with pytest.raises(NotFound):
                privacy.find(other_merchant.merchant_id, query)


def test_the_export_holds_every_record_and_file(app, merchant, two_customers):
    amelie = two_customers["amelie"]
    with app.app_context():
        archive = zipfile.ZipFile(
            io.BytesIO(privacy.export(privacy.find(merchant.merchant_id, AMELIE.email)))
        )
        data = json.loads(archive.read("data.json"))
        names = archive.namelist()
        upload_bytes = storage().get(db.session.get(Asset, amelie["asset"]).storage_key)
        job = db.session.get(ProductionJob, amelie["job"])
        print_files = sorted(job.files)
    assert data["orders"][0]["customer_email"] == AMELIE.email
    assert data["orders"][0]["shipping_address"]["phone"] == AMELIE.phone
    assert data["uploads"][0]["filename"] == AMELIE.filename
    assert {AMELIE.text} <= {
        obj.get("text")
        for v in data["design_versions"]
        for s in v["document"]["surfaces"]
        for obj in s["objects"]
    }
    assert data["quotes"][0]["contact"]["phone"] == AMELIE.phone
    assert data["proofs"][0]["decided_by"] == AMELIE.email and "token_hash" not in data["proofs"][0]
    assert archive.read(f"uploads/{amelie['asset']}.png") == upload_bytes
    assert sorted(n.split("/", 2)[2] for n in names if n.startswith("print-files/")) == print_files
    assert "quotes/D-2026-3101/revision-1.pdf" in names
    assert BRUNO.email not in json.dumps(data, ensure_ascii=False)


def test_erasure_leaves_no_file_and_no_personal_field_and_keeps_the_accounts(
    app, merchant, two_customers
):
    amelie = two_customers["amelie"]
    with app.app_context():
        counts = privacy.erase(
            merchant.merchant_id, privacy.find(merchant.merchant_id, AMELIE.email), "console:test"
        )
        db.session.commit()
    assert counts["designs"] == 2 and counts["uploads"] == 1 and counts["proofs"] == 1
    left = stored_files(app)
    assert two_customers["amelie_files"]
    assert not (two_customers["amelie_files"] - two_customers["merchant_files"]) & left
    assert two_customers["bruno_files"] <= left
    values = personal_values(app)
    assert mentions(values, AMELIE) == []
    assert mentions(values, BRUNO)  # the search does see what is still there
    with app.app_context():
        order = db.session.get(Order, amelie["order"])
        assert (order.name, order.platform_order_id, order.currency) == ("#3101", "3101", "EUR")
        assert order.customer_email == privacy.ERASED and order.shipping_address == {
            "country_code": "FR"
        }
        line = db.session.scalars(sa.select(OrderLine).where(OrderLine.order_id == order.id)).one()
        assert (line.title, line.quantity) == ("Faire-part", 80)
        quote = db.session.get(Quote, amelie["quote"])
        assert (quote.number, quote.total, quote.tax, quote.quantity) == (
            "D-2026-3101",
            9600,
            1600,
            80,
        )
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Proof).where(Proof.job_id == amelie["job"])
            )
            == 0
        )
        assert db.session.get(Design, amelie["designs"][1]) is None  # saved, never ordered: gone
        emptied = db.session.get(Design, amelie["designs"][0])  # ordered: kept, empty
        assert all(not s["objects"] for v in emptied.versions for s in v.document["surfaces"])
        assert db.session.get(ProductionJob, amelie["job"]).status == "cancelled"
        erasure = db.session.scalars(sa.select(Erasure)).one()
        assert erasure.actor == "console:test" and erasure.counts["files"] > 0
        # Done once, done for good: nothing is found any more.
        with pytest.raises(NotFound):
            privacy.find(merchant.merchant_id, AMELIE.email)


def test_an_upload_another_customer_uses_stays(
    app, client, merchant, proof_product, font_id, two_customers
):
    with app.app_context():
        shared = db.session.get(Asset, two_customers["amelie"]["asset"])
        key = shared.storage_key
    other = personal_design(client, merchant, proof_product, font_id, BRUNO, shared.id)
    with app.app_context():
        counts = privacy.erase(
            merchant.merchant_id, privacy.find(merchant.merchant_id, AMELIE.email), "console:test"
        )
        db.session.commit()
        assert counts["uploads"] == 0
        assert db.session.get(Asset, shared.id) is not None and storage().exists(key)
        assert db.session.get(Design, other["id"]) is not None


def test_audit_and_webhook_logs_lose_the_customer_but_keep_the_event(app, merchant, two_customers):
    job_id = two_customers["amelie"]["job"]
    with app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(JobEvent).where(JobEvent.job_id == job_id)
        )
        privacy.erase(
            merchant.merchant_id, privacy.find(merchant.merchant_id, AMELIE.email), "console:test"
        )
        db.session.commit()
        events = db.session.scalars(sa.select(JobEvent).where(JobEvent.job_id == job_id)).all()
        assert len(events) == count + 1  # the cancellation is logged too
        assert "revision 1 to [erased]" in [e.note for e in events]
        # The buyer's approval stays in the trail, without who they are.
        assert "approved" in [e.to_status for e in events]
        assert privacy.ERASED in [e.actor for e in events]
        assert not [e for e in events if AMELIE.email in (e.actor + (e.note or ""))]
        delivery = db.session.scalars(
            sa.select(WebhookDelivery).where(WebhookDelivery.delivery_id == "d-3101")
        ).one()
        assert delivery.payload == {}  # handled already: only its id is kept, for redelivery
        theirs = db.session.scalars(
            sa.select(WebhookDelivery).where(WebhookDelivery.delivery_id == "d-3102")
        ).one()
        assert theirs.payload["email"] == BRUNO.email
        kinds = set(db.session.scalars(sa.select(WebhookEvent.type)))
        assert "proof.sent" in kinds


def test_a_manager_who_approved_other_buyers_proofs_is_erased_from_them(
    app, merchant, two_customers
):
    with app.app_context():
        db.session.add(
            Company(
                merchant_id=merchant.merchant_id,
                name="Garnier SA",
                manager_email=AMELIE.email,
                manager_name=AMELIE.name,
            )
        )
        bruno_job = db.session.get(ProductionJob, two_customers["bruno"]["job"])
        bruno_job.manager_email = AMELIE.email
        db.session.commit()
        privacy.erase(
            merchant.merchant_id, privacy.find(merchant.merchant_id, AMELIE.email), "console:test"
        )
        db.session.commit()
        company = db.session.scalars(sa.select(Company)).one()
        assert (company.name, company.manager_email, company.manager_name) == (
            "Garnier SA",
            None,
            None,
        )
        bruno_job = db.session.get(ProductionJob, two_customers["bruno"]["job"])
        assert bruno_job.manager_email is None and bruno_job.proof_email == BRUNO.email


def test_retention_erases_abandoned_designs_and_unused_uploads_once_they_are_old(
    app, client, merchant, product_id, font_id, two_customers
):
    lone = upload(client, merchant, AMELIE, data=samples.png(32, 32, color=(1, 2, 3)))
    draft = created(
        client.post(
            "/v1/designs",
            headers=merchant.pk,
            json=samples.design(product_id, font_id, text="brouillon"),
        )
    )
    with app.app_context():
        lone_key = db.session.get(Asset, lone).storage_key
        merchant_row = db.session.get(Merchant, merchant.merchant_id)
        privacy.save_retention(merchant_row, 30, 60)
        db.session.commit()
        assert privacy.apply_retention() == []  # nothing is old yet
        later = utcnow() + timedelta(days=61)
        done = privacy.apply_retention(now=later)
        assert done[0][0] == merchant.merchant_id
        assert db.session.get(Design, draft["id"]) is None
        # Bruno's saved design was never ordered: it was abandoned too; his ordered one stays.
        assert db.session.get(Design, two_customers["bruno"]["designs"][1]) is None
        assert db.session.get(Design, two_customers["bruno"]["designs"][0]) is not None
        assert db.session.get(Asset, lone) is None and not storage().exists(lone_key)
        # Uploads an ordered design shows, and the merchant's font, stay.
        assert db.session.get(Asset, two_customers["bruno"]["asset"]) is not None
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Asset).where(Asset.kind == "font")
            )
            == 1
        )
        assert privacy.apply_retention(now=later) == []  # a second run finds nothing
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Erasure)) == 1


def test_retention_runs_as_a_periodic_duty(app, merchant):
    with app.app_context():
        assert duties.run_due_duties(["privacy retention"]) == {"privacy retention": 0}


def test_retention_days_are_checked(app, merchant):
    with app.app_context():
        merchant_row = db.session.get(Merchant, merchant.merchant_id)
        for days in (0, 3651, -1):
            with pytest.raises(Invalid):
                privacy.save_retention(merchant_row, days, None)
        privacy.save_retention(merchant_row, None, None)
        assert (merchant_row.abandoned_design_days, merchant_row.unused_upload_days) == (None, None)
