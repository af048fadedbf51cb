"""Workshop users and proof links reach their own jobs only: every portal and proof route.

The routes come from the app's URL map, so one added later is covered too. A worker of another
workshop of the same merchant, and a worker of another merchant, call every /workshop route that
names a job or an order with Lyon's ids; a proof link signed for merchant B's proof, carrying
merchant A's proof id instead, calls every /proof route. Each is a 404 that names nothing of A's,
and no row of any table changes.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Proof
from monogram.models.base import utcnow
from monogram.services import proofs
from tests import samples
from tests.api.test_workshop_portal import (  # noqa: F401  (fixtures)
    PASSWORD,
    app,
    create,
    csrf_of,
    make_product,
    order_job,
    shop,
    sign_in,
    worker,
)
from tests.console.test_every_route import snapshot

NANTES_WORKER = "anne@graveur.example"
OTHER_WORKER = "lucie@brodeur.example"


def portal_routes(app):  # noqa: F811
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint.startswith("workshop.") and rule.arguments & {"job_id", "order_id"}:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule


def proof_routes(app):  # noqa: F811
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint.startswith("proof.") and "token" in rule.arguments:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule


def address(rule, **values):
    path = rule.rule
    for argument in rule.arguments:
        path = path.replace(f"<{argument}>", values[argument])
    return path


def portal_browser(app):  # noqa: F811
    from tests.conftest import ServerLikeClient

    app.test_client_class = ServerLikeClient
    browser = app.test_client()
    browser.environ_base.update({"wsgi.url_scheme": "https", "REMOTE_ADDR": "198.51.100.9"})
    return browser


@pytest.fixture
def other_workshop(client, other_merchant):
    """Merchant B's embroiderer, its worker, and one job of B's own."""
    workshop = create(
        client, other_merchant, "/v1/workshops", {"name": "Brodeur", "is_default": True}
    )
    create(
        client,
        other_merchant,
        f"/v1/workshops/{workshop['id']}/users",
        {"email": OTHER_WORKER, "password": PASSWORD},
    )
    font = client.post(
        "/v1/fonts",
        headers=other_merchant.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = make_product(client, other_merchant, font, "Tote bag", "embroidery")
    return order_job(client, other_merchant, product, font, "9001")


def test_no_worker_reaches_another_workshops_job_or_order(
    app,  # noqa: F811
    worker,  # noqa: F811
    shop,  # noqa: F811
    other_workshop,
):
    card, order = shop["jobs"]["card"], shop["orders"]["card"]
    routes = list(portal_routes(app))
    # The job page, its production and shipment forms, its files, bundle, ticket and packing slip.
    assert len(routes) >= 7, routes
    ids = {"job_id": card, "order_id": order, "name": "print.pdf"}

    # The ids are real: Lyon's own worker opens every page that names them.
    sign_in(worker)
    for method, rule in routes:
        if method == "GET":
            path = address(rule, **ids)
            assert worker.get(path).status_code == 200, path

    outsiders = {}
    for email in (NANTES_WORKER, OTHER_WORKER):
        browser = portal_browser(app)
        assert sign_in(browser, email=email).status_code == 303
        queue = browser.get("/workshop/?status=all")
        assert queue.status_code == 200
        assert card not in queue.text
        outsiders[email] = (browser, csrf_of(queue))

    # Signed in (which records their sign-in), they change nothing from here on.
    with app.app_context():
        before = snapshot()
    for email, (browser, csrf) in outsiders.items():
        for method, rule in routes:
            path = address(rule, **ids)
            data = {"csrf": csrf, "carrier": "La Poste", "tracking_number": "6A1234"}
            response = browser.open(path, method=method, data=data if method == "POST" else None)
            assert response.status_code == 404, (email, method, path, response.status_code)
            body = response.get_data(as_text=True)
            assert "There is no such job or order in your workshop." in body, (email, path)
            # Neither Lyon's other ids nor any order's number leaks into the refusal.
            leaked = {value for value in (order, *shop["jobs"].values()) if value in body}
            leaked |= {number for number in ("#1042", "#1043", "#1044") if number in body}
            assert not (leaked - {card, order}), (email, path, leaked)
    with app.app_context():
        assert snapshot() == before


@pytest.fixture
def two_proofs(client, merchant, other_merchant, font_id):
    """A job waiting for its proof at merchant A and one at merchant B: (A's job, B's job)."""
    jobs = []
    for account, font in ((merchant, font_id), (other_merchant, None)):
        if font is None:
            font = client.post(
                "/v1/fonts",
                headers=account.sk,
                data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
            ).json["id"]
        product = create(
            client, account, "/v1/products", samples.card_product([font], proof="customer")
        )["id"]
        design = client.post("/v1/designs", headers=account.pk, json=samples.design(product, font))
        assert design.status_code == 201, design.json
        job = client.post(
            "/v1/jobs",
            headers=account.sk,
            json={"design": design.json["id"], "order": "#9", "proof_email": "buyer@example.com"},
        )
        assert job.status_code == 201, job.json
        jobs.append(job.json["id"])
    return jobs


def test_a_proof_link_signed_for_one_proof_opens_no_other(app, client, two_proofs):  # noqa: F811
    ours, theirs = two_proofs
    with app.app_context():
        mine = db.session.scalar(sa.select(Proof).where(Proof.job_id == ours))
        other = db.session.scalar(sa.select(Proof).where(Proof.job_id == theirs))
        expires_at = utcnow().replace(microsecond=0) + timedelta(days=7)
        # B's genuine link, and the same link with A's proof id put in its place.
        genuine = proofs.signed_link(other, expires_at)
        forged = genuine.replace(other.id.removeprefix("prf_"), mine.id.removeprefix("prf_"))
        # A's genuine link with its signature's last character changed.
        tampered = proofs.signed_link(mine, expires_at)
        tampered = tampered[:-1] + ("0" if tampered[-1] != "0" else "1")
        mine_id, order_secret = mine.id, mine.job.design_id
    assert forged != genuine and mine_id.removeprefix("prf_") in forged
    # The genuine link opens B's own proof: the forged ones differ only by what they forge.
    assert client.get(f"/proof/{genuine}").status_code == 200

    routes = list(proof_routes(app))
    assert len(routes) >= 6, routes
    with app.app_context():
        before = snapshot()
    for token in (forged, tampered):
        for method, rule in routes:
            path = address(rule, token=token, name="proof-1.png")
            data = {"approve": "yes", "comment": "OK", "nonce": "1.abc"}
            response = client.open(path, method=method, data=data if method == "POST" else None)
            assert response.status_code == 404, (method, path, response.status_code)
            body = response.get_data(as_text=True)
            assert "This link is unknown or has expired" in body, path
            assert ours not in body and order_secret not in body, path
    with app.app_context():
        assert snapshot() == before
