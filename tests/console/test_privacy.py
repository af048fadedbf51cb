"""Console personal data page: find, download, erase with confirmation, retention settings."""

import html
import io
import json
import re
import uuid
import zipfile

import boto3
import pytest
import sqlalchemy as sa

from monogram import create_app
from monogram.extensions.db import db
from monogram.models import Asset, Design, Merchant, Order
from monogram.models.merchant import Erasure
from monogram.services import privacy
from tests.conftest import make_config
from tests.console.conftest import PUBLIC_URL, alert, csrf_of, sign_in
from tests.services import test_privacy as shared
from tests.services.test_privacy import AMELIE, BRUNO, mentions, personal_values, stored_files

OTHER_OWNER = "marc@martin.example"
# Two shoppers of the merchant, each with uploads, designs, an order, a proof and a quote.
proof_product = shared.proof_product
two_customers = shared.two_customers


@pytest.fixture
def app(request, database_url, tmp_path, smtp_server):
    """The console's app, its files on the local disk or (app param "s3") in moto's bucket."""
    settings = {
        "DATABASE_URL": database_url,
        "PUBLIC_URL": PUBLIC_URL,
        "SMTP_HOST": smtp_server.host,
        "SMTP_PORT": smtp_server.port,
        "SMTP_SECURITY": "none",
    }
    if getattr(request, "param", "local") == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        bucket = f"monogram-{uuid.uuid4().hex[:10]}"
        boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-3").create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        settings.update(STORAGE_URL=f"s3://{bucket}/files", S3_ENDPOINT_URL=endpoint)
    app = create_app(make_config(tmp_path, **settings))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def signed_in(admin, owner):
    sign_in(admin, owner)
    return admin


def post(browser, path, form, page="/console/privacy"):
    """POST a privacy form with the token of the page it sits on."""
    token = csrf_of(browser.get(page))
    return browser.post(path, data={"csrf": token, **form})


def counts(app):
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(Design)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Asset)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Erasure)),
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Order)
                .where(Order.customer_email == AMELIE.email)
            ),
        )


@pytest.mark.parametrize("app", ["local", pytest.param("s3", marks=pytest.mark.s3)], indirect=True)
def test_a_customer_erased_through_the_page_leaves_no_file_and_no_personal_field(
    app, signed_in, two_customers
):
    amelie = two_customers["amelie"]
    # The order page shows the proof pictures of her print files.
    shown = signed_in.get(f"/console/orders/{amelie['order']}")
    for image in re.findall(r'<img src="([^"]+)"', shown.text):
        assert signed_in.get(image).status_code == 200
    theirs = stored_files(app) - two_customers["merchant_files"] - two_customers["bruno_files"]
    assert any("/design-previews/" in key for key in theirs)
    bruno_files = two_customers["bruno_files"]

    found = post(signed_in, "/console/privacy/find", {"query": AMELIE.email})
    assert found.status_code == 200
    assert f'data-found-order="{amelie["order"]}"' in found.text
    assert f'data-found-upload="{amelie["asset"]}"' in found.text
    assert AMELIE.filename in found.text and "Download their data" in found.text
    assert BRUNO.email not in found.text

    download = post(signed_in, "/console/privacy/export", {"query": AMELIE.email})
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "attachment" in download.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert json.loads(archive.read("data.json"))["orders"][0]["customer_email"] == AMELIE.email
    assert any(name.startswith("uploads/") for name in archive.namelist())

    confirm = post(signed_in, "/console/privacy/confirm", {"query": "#3101"})
    assert confirm.status_code == 200
    assert f"Type {AMELIE.email} to confirm" in confirm.text and "Erase for good" in confirm.text
    assert "An order not shipped yet will be cancelled" in confirm.text

    before = counts(app)
    wrong = post(signed_in, "/console/privacy/erase", {"query": "#3101", "confirm": "yes"})
    assert wrong.status_code == 422
    assert alert(wrong) == f"Type {AMELIE.email} exactly as shown to confirm the erasure."
    assert counts(app) == before

    erased = post(
        signed_in, "/console/privacy/erase", {"query": "#3101", "confirm": AMELIE.email.upper()}
    )
    assert erased.status_code == 303
    summary = signed_in.get(erased.headers["Location"])
    assert summary.status_code == 200 and "Customer data erased" in summary.text
    assert 'data-count="designs">2<' in summary.text and 'data-count="uploads">1<' in summary.text

    left = stored_files(app)
    assert not theirs & left, sorted(theirs & left)
    assert bruno_files <= left and two_customers["merchant_files"] <= left
    values = personal_values(app)
    assert mentions(values, AMELIE) == []
    assert mentions(values, BRUNO)
    with app.app_context():
        order = db.session.get(Order, amelie["order"])
        assert (order.name, order.shipping_address) == ("#3101", {"country_code": "FR"})
    # The anonymous order still opens, and a second search finds nothing.
    assert signed_in.get(f"/console/orders/{amelie['order']}").status_code == 200
    again = post(signed_in, "/console/privacy/find", {"query": AMELIE.email})
    assert again.status_code == 404 and "Nothing found" in alert(again)
    listed = signed_in.get("/console/privacy")
    log = listed.text.split("Erasures done")[1]
    assert "Designs erased: 2" in log and "anne@dupont.example" in log


def test_forms_without_their_token_change_nothing(app, signed_in, two_customers):
    before = counts(app)
    for path, form in (
        ("/console/privacy/find", {"query": AMELIE.email}),
        ("/console/privacy/export", {"query": AMELIE.email}),
        ("/console/privacy/confirm", {"query": AMELIE.email}),
        ("/console/privacy/erase", {"query": AMELIE.email, "confirm": AMELIE.email}),
        ("/console/privacy/retention", {"abandoned_days": "30", "upload_days": "30"}),
    ):
        refused = signed_in.post(path, data=form)
        assert refused.status_code == 400, path
        assert AMELIE.name not in refused.text
    assert counts(app) == before
    with app.app_context():
        assert db.session.scalars(sa.select(Merchant.abandoned_design_days)).all() == [None]


def test_another_merchants_owner_finds_and_erases_nothing(
    app, admin, make_user, other_merchant, signed_in, two_customers
):
    erased = post(
        signed_in, "/console/privacy/erase", {"query": BRUNO.email, "confirm": BRUNO.email}
    )
    assert erased.headers["Location"] == "/console/privacy/erased"
    signed_in.post("/console/signout", data={"csrf": csrf_of(signed_in.get("/console/privacy"))})
    make_user(other_merchant.merchant_id, OTHER_OWNER)
    sign_in(admin, OTHER_OWNER)
    before = counts(app)
    for path in ("find", "export", "confirm"):
        refused = post(admin, f"/console/privacy/{path}", {"query": AMELIE.email})
        assert refused.status_code == 404, path
        assert "Nothing found" in alert(refused)
    refused = post(admin, "/console/privacy/erase", {"query": "#3101", "confirm": AMELIE.email})
    assert refused.status_code == 404
    assert counts(app) == before
    # Merchant A's erasure is not B's: B has none to show.
    assert admin.get("/console/privacy/erased").status_code == 404
    assert "Designs erased" not in admin.get("/console/privacy").text


@pytest.mark.parametrize("role", ["designer", "operator"])
def test_only_an_owner_opens_the_page(app, admin, make_user, merchant, two_customers, role):
    make_user(merchant.merchant_id, f"{role}@dupont.example", role=role)
    sign_in(admin, f"{role}@dupont.example")
    assert admin.get("/console/privacy").status_code == 403
    before = counts(app)
    for path, form in (
        ("find", {"query": AMELIE.email}),
        ("export", {"query": AMELIE.email}),
        ("confirm", {"query": AMELIE.email}),
        ("erase", {"query": AMELIE.email, "confirm": AMELIE.email}),
        ("retention", {"abandoned_days": "30"}),
    ):
        refused = post(admin, f"/console/privacy/{path}", form, page="/console")
        assert refused.status_code == 403, path
    assert counts(app) == before


def test_an_empty_search_says_what_to_type(app, signed_in):
    refused = post(signed_in, "/console/privacy/find", {"query": "  "})
    assert refused.status_code == 422
    assert html.unescape(alert(refused)) == (
        "Type the customer's e-mail address or one of their order numbers."
    )


def test_retention_limits_are_saved_checked_and_cleared(app, signed_in, merchant):
    page = signed_in.get("/console/privacy")
    assert "Erase abandoned designs after (days)" in page.text
    assert "Erase unused uploads after (days)" in page.text
    for bad in ({"abandoned_days": "abc", "upload_days": "30"}, {"abandoned_days": "0"}):
        refused = post(signed_in, "/console/privacy/retention", bad)
        assert refused.status_code == 422
        assert alert(refused) == (
            "Type a whole number of days from 1 to 3650, or leave the box empty."
        )
        assert f'value="{bad["abandoned_days"]}"' in refused.text
    with app.app_context():
        row = db.session.get(Merchant, merchant.merchant_id)
        assert (row.abandoned_design_days, row.unused_upload_days) == (None, None)
    saved = post(
        signed_in, "/console/privacy/retention", {"abandoned_days": "30", "upload_days": "90"}
    )
    assert saved.status_code == 303
    shown = signed_in.get(saved.headers["Location"])
    assert "The retention limits are saved." in shown.text
    assert re.search(r'name="abandoned_days"[^>]*value="30"', shown.text)
    with app.app_context():
        row = db.session.get(Merchant, merchant.merchant_id)
        assert (row.abandoned_design_days, row.unused_upload_days) == (30, 90)
    post(signed_in, "/console/privacy/retention", {"abandoned_days": "", "upload_days": "90"})
    with app.app_context():
        assert db.session.get(Merchant, merchant.merchant_id).abandoned_design_days is None


def test_the_page_speaks_french(app, signed_in):
    page = signed_in.get("/console/privacy?lang=fr")
    assert "Données personnelles" in page.text
    assert "E-mail du client ou numéro de commande" in page.text
    assert "Effacer les créations abandonnées après (jours)" in page.text
    assert privacy.ERASED not in page.text
