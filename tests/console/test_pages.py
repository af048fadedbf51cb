"""Console pages: the dashboard's figures, API keys, batches; roles and merchant scoping."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import ApiKey, Order, ProductionJob
from monogram.models.base import utcnow
from tests import samples
from tests.api.test_batches import excel_csv, template_document
from tests.console.conftest import csrf_of, https_client, sign_in

OWNER = "anne@dupont.example"
OTHER = "marc@martin.example"


def created(response):
    assert response.status_code in (201, 202), response.json
    return response.json


def order(client, account, product_id, font_id, number):
    """An order of one personalised line; its job renders in-process: (order id, job id)."""
    design = created(
        client.post("/v1/designs", headers=account.sk, json=samples.design(product_id, font_id))
    )
    body = {
        "platform_order_id": number,
        "name": f"#{number}",
        "lines": [
            {
                "platform_line_id": "1",
                "quantity": 10,
                "design": design["id"],
                "design_token": design["token"],
            }
        ],
    }
    made = created(client.post("/v1/orders", headers=account.sk, json=body))
    return made["id"], made["lines"][0]["job"]


@pytest.fixture
def batch(client, merchant, product_id, font_id):
    """A validated batch of four records, one of them too long for its field (row 4)."""
    template = created(
        client.post(
            "/v1/templates",
            headers=merchant.sk,
            json={"name": "Carte franchise", "document": template_document(product_id, font_id)},
        )
    )
    body = {"template": template["id"], "file": (io.BytesIO(excel_csv()), "equipe.csv")}
    made = created(client.post("/v1/batches", headers=merchant.sk, data=body))
    return made["id"]


def test_the_dashboard_counts_exactly_what_waits_fails_and_came_today(
    app, client, admin, merchant, other_merchant, make_user, product_id, font_id
):
    made = {n: order(client, merchant, product_id, font_id, n) for n in ("1", "2", "3", "4")}
    with app.app_context():
        jobs = {n: db.session.get(ProductionJob, job_id) for n, (_, job_id) in made.items()}
        jobs["1"].status = "awaiting_proof"
        jobs["2"].status = "proof_sent"
        jobs["3"].status, jobs["3"].reason = "failed", "The font Vera.ttf is missing."
        yesterday = utcnow() - timedelta(days=1, hours=1)
        jobs["4"].created_at = yesterday
        db.session.get(Order, made["4"][0]).created_at = yesterday
        db.session.commit()
    make_user(merchant.merchant_id, OWNER, role="operator")
    sign_in(admin, OWNER)
    page = admin.get("/console/")
    assert page.status_code == 200
    html = page.text
    for figure, value in (("orders_today", 3), ("jobs_today", 3), ("waiting", 2), ("failed", 1)):
        assert f'data-figure="{figure}">{value}</dd>' in html
    assert "2 orders waiting for their proof" in html
    for number in ("1", "2"):
        assert f'data-order="{made[number][0]}"><td>#{number}</td>' in html
    assert html.count("data-order=") == 2
    states = {
        status: html.split(f'data-status="{status}">', 1)[1].split("</tr>", 1)[0]
        for status in ("awaiting_proof", "proof_sent", "failed", "ready")
    }
    assert all('<td class="number">1</td>' in row for row in states.values())
    assert html.count("data-status=") == 4
    assert f'data-job="{made["3"][1]}"><td><code>{made["3"][1]}</code></td><td>#3</td>' in html
    assert "The font Vera.ttf is missing." in html

    # Another merchant's user sees none of it.
    make_user(other_merchant.merchant_id, OTHER)
    stranger = https_client(app)
    sign_in(stranger, OTHER)
    other = stranger.get("/console/?lang=fr").text
    for figure in ("orders_today", "jobs_today", "waiting", "failed"):
        assert f'data-figure="{figure}">0</dd>' in other
    assert "Aucune commande n’attend de BAT." in other


@pytest.mark.parametrize("role", ["operator", "designer"])
def test_only_an_owner_opens_the_keys_page(admin, merchant, make_user, role):
    make_user(merchant.merchant_id, OWNER, role=role)
    sign_in(admin, OWNER)
    refused = admin.get("/console/keys")
    assert refused.status_code == 403
    role_name = role.capitalize()
    assert (
        f"Only these roles can open this page: Owner. You are signed in as {role_name}; "
        "ask an owner of your account if you need it."
    ) in refused.text
    page = admin.get("/console/")
    for path in ("/console/keys", f"/console/keys/{'key_x'}/revoke"):
        assert admin.post(path, data={"csrf": csrf_of(page)}).status_code == 403
    assert admin.get("/console/batches").status_code == 200


def test_an_owner_sees_prefixes_creates_a_key_once_and_revokes_it(
    client, admin, merchant, make_user
):
    make_user(merchant.merchant_id, OWNER)
    sign_in(admin, OWNER)
    page = admin.get("/console/keys")
    assert page.status_code == 200
    assert merchant.secret[:10] + "…" in page.text and merchant.secret not in page.text
    assert merchant.publishable[:10] + "…" in page.text
    assert merchant.publishable not in page.text

    csrf = csrf_of(page)
    refused = admin.post("/console/keys", data={"csrf": csrf, "kind": "publishable", "store": ""})
    assert refused.status_code == 422
    assert "A publishable key belongs to a store: choose the store it is for." in refused.text

    made = admin.post("/console/keys", data={"csrf": csrf, "kind": "secret", "label": "ERP"})
    assert made.status_code == 201
    token = made.text.split('<code class="secret">', 1)[1].split("</code>", 1)[0]
    assert token.startswith("sk_")
    assert (
        client.get("/v1/products", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )
    again = admin.get("/console/keys").text
    assert token not in again and token[:10] + "…" in again

    key_id = again.split(f"<code>{token[:10]}…</code>", 1)[0].rsplit('data-key="', 1)[1][:29]
    revoked = admin.post(f"/console/keys/{key_id}/revoke", data={"csrf": csrf})
    assert (revoked.status_code, revoked.location) == (303, "/console/keys")
    assert "requests made with it are refused from now on" in admin.get("/console/keys").text
    assert (
        client.get("/v1/products", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_a_batch_shows_its_report_progress_and_downloads_through_the_session(
    client, admin, merchant, make_user, batch
):
    make_user(merchant.merchant_id, OWNER, role="designer")
    sign_in(admin, OWNER)
    listed = admin.get("/console/batches")
    assert f'data-batch="{batch}"' in listed.text and "Validated" in listed.text

    page = admin.get(f"/console/batches/{batch}")
    assert page.status_code == 200
    html = page.text
    assert "4 records: 3 valid, 1 with errors, 0 warnings." in html
    assert "The first 1 of 1 issues." in html
    assert '<tr class="error"><td class="number">4</td><td>nom</td><td>Error</td>' in html
    # Validated: nothing moves, so no script is loaded and no refresh is asked for.
    assert "batch.js" not in html and "data-progress-url" not in html

    render = client.post(
        f"/v1/batches/{batch}/render", headers=merchant.sk, json={"skip_invalid": True}
    )
    assert render.status_code == 202, render.json
    progress = admin.get(f"/console/batches/{batch}/progress").json
    assert {k: progress[k] for k in ("status", "done", "total", "running", "count")} == {
        "status": "ready",
        "done": 3,
        "total": 3,
        "running": False,
        "count": "3 / 3",
    }
    ready = admin.get(f"/console/batches/{batch}?lang=fr").text
    assert '<progress id="bar" max="3" value="3"' in ready
    assert "Télécharger print.pdf" in ready
    pdf = admin.get(f"/console/batches/{batch}/files/print.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF-")
    assert pdf.data == client.get(f"/v1/batches/{batch}/files/print.pdf", headers=merchant.sk).data
    assert admin.get(f"/console/batches/{batch}/files/secret.txt").status_code == 404


def test_the_progress_script_is_served_by_the_console(admin):
    script = admin.get("/console/static/batch.js")
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert "data-progress-url" in script.text
    assert admin.get("/console/static/other.js").status_code == 404


def test_every_page_of_merchant_a_is_a_404_for_a_user_of_merchant_b(
    app, client, admin, merchant, other_merchant, make_user, batch
):
    client.post(f"/v1/batches/{batch}/render", headers=merchant.sk, json={"skip_invalid": True})
    with app.app_context():
        key_id = db.session.scalar(
            sa.select(ApiKey.id).where(ApiKey.merchant_id == merchant.merchant_id).limit(1)
        )
    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    csrf = csrf_of(admin.get("/console/"))
    for path in (
        f"/console/batches/{batch}",
        f"/console/batches/{batch}/progress",
        f"/console/batches/{batch}/files/print.pdf",
        f"/console/batches/{batch}/files/records.zip",
    ):
        response = admin.get(path)
        assert response.status_code == 404, path
        assert "There is no such page or record in your account." in response.text
    revoke = admin.post(f"/console/keys/{key_id}/revoke", data={"csrf": csrf})
    assert revoke.status_code == 404
    with app.app_context():
        assert db.session.get(ApiKey, key_id).revoked_at is None
    assert batch not in admin.get("/console/batches").text
    assert key_id not in admin.get("/console/keys").text
