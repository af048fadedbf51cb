"""Console orders and proofs: the list and its filter, a line's proofs, approving and resending."""

import re

import pytest
import sqlalchemy as sa

import monogram.api.console.orders  # noqa: F401  (registers the routes before the app is made)
from monogram.extensions.db import db
from monogram.models import JobEvent, Order, ProductionJob, Proof
from tests import samples
from tests.console.conftest import csrf_of, sign_in

OPERATOR = "olive@dupont.example"


def created(response):
    assert response.status_code in (201, 202), response.json
    return response.json


@pytest.fixture
def proof_product(client, merchant, font_id):
    """A product whose jobs wait for the customer's approval of a proof."""
    body = samples.card_product([font_id], proof="customer")
    return created(client.post("/v1/products", headers=merchant.sk, json=body))["id"]


def place(client, account, product_id, font_id, number, email=None):
    """An order of one personalised line, rendered in-process: (order id, job id)."""
    design = created(
        client.post("/v1/designs", headers=account.pk, json=samples.design(product_id, font_id))
    )
    body = {
        "platform_order_id": number,
        "name": f"#{number}",
        "lines": [
            {
                "platform_line_id": "1",
                "quantity": 50,
                "design": design["id"],
                "design_token": design["token"],
            }
        ],
    }
    if email:
        body["customer"] = {"email": email}
    made = created(client.post("/v1/orders", headers=account.sk, json=body))
    return made["id"], made["lines"][0]["job"]


@pytest.fixture
def waiting(client, merchant, proof_product, font_id):
    """An order whose proof went to jeanne@example.fr: (order id, job id)."""
    return place(client, merchant, proof_product, font_id, "2001", email="jeanne@example.fr")


@pytest.fixture
def operator(admin, make_user, merchant):
    make_user(merchant.merchant_id, OPERATOR, role="operator")
    sign_in(admin, OPERATOR)
    return admin


def job_of(app, job_id):
    with app.app_context():
        job = db.session.get(ProductionJob, job_id)
        return job.status, [(p.revision, p.status, p.decided_by) for p in job.proofs]


def test_the_list_shows_this_merchants_orders_newest_first_and_filters_those_waiting(
    app, client, operator, merchant, other_merchant, waiting, product_id, font_id
):
    plain_order, plain_job = place(client, merchant, product_id, font_id, "2002")
    with app.app_context():
        # Another merchant's order, stored straight away: it must never show.
        db.session.add(
            Order(
                merchant_id=other_merchant.merchant_id,
                store_id=other_merchant.store_id,
                platform_order_id="9001",
                name="#9001",
            )
        )
        db.session.commit()
        assert db.session.get(ProductionJob, plain_job).status not in (
            "awaiting_proof",
            "proof_sent",
            "changes_requested",
        )
    listed = operator.get("/console/orders")
    assert listed.status_code == 200
    assert re.findall(r'data-order="([^"]+)"', listed.text) == [plain_order, waiting[0]]
    assert "#9001" not in listed.text
    row = listed.text.split(f'data-order="{waiting[0]}"')[1].split("</tr>")[0]
    assert "jeanne@example.fr" in row and "Proof sent" in row
    filtered = operator.get("/console/orders?waiting=1")
    assert re.findall(r'data-order="([^"]+)"', filtered.text) == [waiting[0]]
    french = operator.get("/console/orders?waiting=1&lang=fr")
    assert "En attente de BAT" in french.text and "Commande" in french.text


def test_the_order_shows_each_lines_proof_revisions_history_and_pictures(app, operator, waiting):
    order_id, job_id = waiting
    shown = operator.get(f"/console/orders/{order_id}")
    assert shown.status_code == 200
    html = shown.text
    assert 'data-job-status="proof_sent"' in html
    assert 'data-revision="1" data-proof-status="sent"' in html
    assert "jeanne@example.fr" in html
    with app.app_context():
        events = db.session.scalars(sa.select(JobEvent).where(JobEvent.job_id == job_id)).all()
        assert events
        for event in events:
            assert f'data-event="{event.from_status or ""}:{event.to_status}"' in html
    assert "revision 1 to jeanne@example.fr" in html
    assert "Approve on behalf of the customer" in html and "Send the proof again" in html
    images = re.findall(r'<img src="([^"]+)"', html)
    assert images
    picture = operator.get(images[0])
    assert (picture.status_code, picture.mimetype) == (200, "image/png")
    assert picture.data.startswith(b"\x89PNG")
    line = re.search(r'data-line="([^"]+)"', html).group(1)
    assert operator.get(f"/console/orders/{order_id}/lines/{line}/files/print.pdf").status_code == (
        404
    )


def test_approving_on_behalf_moves_the_job_as_the_api_does_with_the_console_user(
    app, operator, waiting
):
    order_id, job_id = waiting
    page = operator.get(f"/console/orders/{order_id}")
    action = re.search(r'action="([^"]+/approve)"', page.text).group(1)
    done = operator.post(action, data={"csrf": csrf_of(page)})
    assert done.status_code == 303
    after = operator.get(done.headers["Location"])
    assert "approved on the customer’s behalf" in after.text
    status, decided = job_of(app, job_id)
    assert status == "ready"
    assert decided == [(1, "approved", OPERATOR)]
    with app.app_context():
        event = db.session.scalar(
            sa.select(JobEvent).where(JobEvent.job_id == job_id, JobEvent.to_status == "approved")
        )
        assert (event.from_status, event.actor, event.source) == ("proof_sent", OPERATOR, "console")
        assert event.note == "approved on the customer's behalf"
    assert "Approve on behalf of the customer" not in after.text
    # Approving again finds nothing waiting, changes nothing and says so.
    again = operator.post(action, data={"csrf": csrf_of(after)})
    assert again.status_code == 409 and "Nothing was changed" in again.text


def test_sending_the_proof_again_mails_a_new_revision(app, operator, waiting, smtp_server):
    order_id, job_id = waiting
    page = operator.get(f"/console/orders/{order_id}")
    action = re.search(r'action="([^"]+/resend)"', page.text).group(1)
    done = operator.post(action, data={"csrf": csrf_of(page)})
    assert done.status_code == 303
    status, _ = job_of(app, job_id)
    assert status == "proof_sent"
    with app.app_context():
        revisions = db.session.scalars(
            sa.select(Proof.revision).where(Proof.job_id == job_id).order_by(Proof.revision)
        ).all()
        assert revisions == [1, 2]
    assert len(smtp_server.messages) == 2


def test_a_form_without_its_csrf_token_changes_nothing(app, operator, waiting):
    order_id, job_id = waiting
    page = operator.get(f"/console/orders/{order_id}")
    for kind in ("approve", "resend"):
        action = re.search(rf'action="([^"]+/{kind})"', page.text).group(1)
        refused = operator.post(action, data={})
        assert refused.status_code == 400
        assert "nothing was changed" in refused.text
    assert job_of(app, job_id) == ("proof_sent", [(1, "sent", None)])


def test_another_merchants_user_finds_nothing(app, admin, make_user, other_merchant, waiting):
    order_id, job_id = waiting
    make_user(other_merchant.merchant_id, "marc@martin.example")
    sign_in(admin, "marc@martin.example")
    with app.app_context():
        line = db.session.scalar(sa.select(Order).where(Order.id == order_id)).lines[0].id
    assert admin.get(f"/console/orders/{order_id}").status_code == 404
    files = admin.get(f"/console/orders/{order_id}/lines/{line}/files/mockup-front.png")
    assert files.status_code == 404
    page = admin.get("/console/orders")
    assert order_id not in page.text
    approve = admin.post(
        f"/console/orders/{order_id}/lines/{line}/approve", data={"csrf": csrf_of(page)}
    )
    assert approve.status_code == 404
    assert job_of(app, job_id)[0] == "proof_sent"


def test_a_designer_may_not_open_orders(app, admin, make_user, merchant, waiting):
    order_id, job_id = waiting
    make_user(merchant.merchant_id, "dora@dupont.example", role="designer")
    sign_in(admin, "dora@dupont.example")
    for path in ("/console/orders", f"/console/orders/{order_id}"):
        refused = admin.get(path)
        assert refused.status_code == 403
        assert "Operator" in refused.text
    with app.app_context():
        line = db.session.get(Order, order_id).lines[0].id
    page = admin.get("/console/")
    approve = admin.post(
        f"/console/orders/{order_id}/lines/{line}/approve", data={"csrf": csrf_of(page)}
    )
    assert approve.status_code == 403
    assert job_of(app, job_id)[0] == "proof_sent"
