"""The workshop portal at /workshop: sign-in, its queue, a job's files and paper, shipping."""

import io
import re
import zipfile
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import JobEvent, ProductionJob, WorkshopUser
from monogram.models.base import utcnow
from monogram.services import mailer
from tests import samples
from tests.conftest import mailing_app
from tests.documents import tools

PUBLIC_URL = "https://monogram.example"
PASSWORD = "correct horse battery staple"
WORKER = "paul@atelier-lyon.example"
INVITE = re.compile(re.escape(PUBLIC_URL) + r"(/workshop/welcome/[A-Za-z0-9_.-]+)")


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


@pytest.fixture
def worker(app):
    """A browser on the portal: https, as PUBLIC_URL says, so the Secure cookie comes back."""
    from tests.conftest import ServerLikeClient

    app.test_client_class = ServerLikeClient
    browser = app.test_client()
    browser.environ_base.update({"wsgi.url_scheme": "https", "REMOTE_ADDR": "198.51.100.7"})
    return browser


def create(client, account, path, body):
    response = client.post(path, headers=account.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json


def make_product(client, account, font_id, name, technique="digital_print"):
    body = samples.card_product([font_id])
    body["name"] = name
    for area in body["areas"]:
        area["technique"] = technique
    return create(client, account, "/v1/products", body)["id"]


def order_job(client, account, product_id, font_id, number, title="Cartes de visite"):
    """An order of one personalised line, rendered in-process: (order id, ready job id)."""
    design = create(client, account, "/v1/designs", samples.design(product_id, font_id))
    order = create(
        client,
        account,
        "/v1/orders",
        {
            "platform_order_id": number,
            "name": f"#{number}",
            "customer": {"email": "jeanne@example.fr", "locale": "fr"},
            "shipping_address": {
                "name": "Jeanne Dupont",
                "address1": "12 rue de l’Église",
                "zip": "69001",
                "city": "Lyon",
                "country_code": "FR",
            },
            "lines": [
                {
                    "platform_line_id": "1",
                    "title": title,
                    "quantity": 250,
                    "design": design["id"],
                    "design_token": design["token"],
                }
            ],
        },
    )
    job_id = order["lines"][0]["job"]
    assert client.get(f"/v1/jobs/{job_id}", headers=account.sk).json["status"] == "ready"
    return order["id"], job_id


@pytest.fixture
def shop(client, merchant, font_id):
    """Two workshops of one merchant: Lyon prints cards, Nantes engraves; jobs for each."""
    lyon = create(client, merchant, "/v1/workshops", {"name": "Atelier Lyon"})["id"]
    nantes = create(client, merchant, "/v1/workshops", {"name": "Graveur Nantes"})["id"]
    card = make_product(client, merchant, font_id, "Carte de visite")
    flyer = make_product(client, merchant, font_id, "Flyer")
    plaque = make_product(client, merchant, font_id, "Plaque", technique="engraving")
    create(client, merchant, "/v1/dispatch-rules", {"workshop": nantes, "product": plaque})
    create(client, merchant, "/v1/dispatch-rules", {"workshop": lyon})
    create(
        client,
        merchant,
        f"/v1/workshops/{lyon}/users",
        {"email": WORKER, "name": "Paul", "password": PASSWORD},
    )
    create(
        client,
        merchant,
        f"/v1/workshops/{nantes}/users",
        {"email": "anne@graveur.example", "password": PASSWORD},
    )
    orders, jobs = {}, {}
    for key, product_id, number in (
        ("card", card, "1042"),
        ("flyer", flyer, "1043"),
        ("plaque", plaque, "1044"),
    ):
        orders[key], jobs[key] = order_job(client, merchant, product_id, font_id, number)
    return {"lyon": lyon, "nantes": nantes, "orders": orders, "jobs": jobs, "card": card}


def csrf_of(response):
    return re.search(r'name="csrf" value="([^"]+)"', response.text).group(1)


def sign_in(browser, email=WORKER, password=PASSWORD, lang="en", next_page=None):
    form = browser.get(f"/workshop/signin?lang={lang}")
    assert form.status_code == 200
    data = {"csrf": csrf_of(form), "email": email, "password": password}
    if next_page:
        data["next"] = next_page
    return browser.post("/workshop/signin", data=data)


def listed_jobs(page):
    return re.findall(r'<tr data-job="(job_[a-z0-9]+)">', page.text)


def alert(page):
    return re.search(r'<p role="alert">([^<]*)</p>', page.text).group(1)


def test_a_worker_signs_in_and_sees_only_their_workshops_jobs(worker, shop):
    signed = sign_in(worker)
    assert (signed.status_code, signed.location) == (303, "/workshop/")
    queue = worker.get("/workshop/")
    assert queue.status_code == 200
    assert "Jobs — Atelier Lyon" in queue.text
    assert f"Signed in as {WORKER} · Atelier Lyon" in queue.text
    assert sorted(listed_jobs(queue)) == sorted([shop["jobs"]["card"], shop["jobs"]["flyer"]])

    # Nantes' job, by id, file, paper or order: not found, as if it did not exist.
    plaque = shop["jobs"]["plaque"]
    for path in (
        f"/workshop/jobs/{plaque}",
        f"/workshop/jobs/{plaque}/ticket.pdf",
        f"/workshop/jobs/{plaque}/bundle.zip",
        f"/workshop/jobs/{plaque}/files/print.pdf",
        f"/workshop/orders/{shop['orders']['plaque']}/packing-slip.pdf",
    ):
        response = worker.get(path)
        assert response.status_code == 404, path
        assert "There is no such job or order in your workshop." in response.text
    refused = worker.post(f"/workshop/jobs/{plaque}/production", data={"csrf": csrf_of(queue)})
    assert refused.status_code == 404


def test_another_merchants_jobs_are_not_found(client, worker, shop, other_merchant):
    theirs = create(
        client, other_merchant, "/v1/workshops", {"name": "Brodeur", "is_default": True}
    )
    font = client.post(
        "/v1/fonts",
        headers=other_merchant.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    other_product = make_product(client, other_merchant, font, "Tote bag", "embroidery")
    _, other_job = order_job(client, other_merchant, other_product, font, "9001")
    seen = client.get(f"/v1/jobs/{other_job}", headers=other_merchant.sk).json
    assert seen["workshop"] == theirs["id"]
    sign_in(worker)
    assert worker.get(f"/workshop/jobs/{other_job}").status_code == 404
    assert other_job not in listed_jobs(worker.get("/workshop/?status=all"))


def test_wrong_passwords_lock_the_account_with_a_message_in_the_readers_language(app, worker, shop):
    wrong = sign_in(worker, password="not the password")
    assert wrong.status_code == 403
    assert alert(wrong) == "Wrong e-mail or password."
    unknown = sign_in(worker, email="nobody@example.org")
    assert alert(unknown) == "Wrong e-mail or password."
    for _ in range(3):
        sign_in(worker, password="still wrong")
    locked = sign_in(worker, password="fifth wrong one", lang="fr")
    assert locked.status_code == 403
    assert alert(locked) == (
        "Trop de mots de passe erronés : ce compte est bloqué pendant 15 minutes. "
        "Patientez, ou demandez au marchand de vous envoyer une nouvelle invitation."
    )
    # Even the right password waits for the lock to end.
    right = sign_in(worker, lang="en")
    assert right.status_code == 403
    assert alert(right).startswith("Too many wrong passwords: this account is locked for 15")
    assert worker.get("/workshop/").status_code == 303
    with app.app_context():
        user = db.session.scalar(sa.select(WorkshopUser).where(WorkshopUser.email == WORKER))
        user.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert sign_in(worker).status_code == 303


def test_a_closed_workshop_signs_its_workers_out(client, merchant, worker, shop):
    sign_in(worker)
    assert worker.get("/workshop/").status_code == 200
    closed = client.delete(f"/v1/workshops/{shop['lyon']}", headers=merchant.sk)
    assert closed.status_code == 204
    assert worker.get("/workshop/").status_code == 303
    refused = sign_in(worker, lang="fr")
    assert refused.status_code == 403
    assert alert(refused) == "Cet atelier est fermé ; adressez-vous au marchand qui vous a invité."
    assert alert(sign_in(worker, password="wrong")) == "Wrong e-mail or password."


def test_forms_without_the_sessions_token_change_nothing(client, merchant, worker, shop):
    job = shop["jobs"]["card"]
    form = worker.get("/workshop/signin")
    forged = worker.post("/workshop/signin", data={"email": WORKER, "password": PASSWORD})
    assert forged.status_code == 400
    assert alert(forged) == "This page was out of date, so nothing was changed. Try again."
    assert worker.get("/workshop/").status_code == 303  # not signed in

    sign_in(worker)
    for data in ({}, {"csrf": csrf_of(form)}, {"csrf": "x" * 43}):
        refused = worker.post(f"/workshop/jobs/{job}/production", data=data)
        assert refused.status_code == 400
        assert "nothing was changed" in alert(refused)
    assert client.get(f"/v1/jobs/{job}", headers=merchant.sk).json["status"] == "ready"
    # A cross-site form cannot sign the worker out either.
    worker.post("/workshop/signout", data={})
    assert worker.get("/workshop/").status_code == 200


def test_the_queue_filters_by_status_due_date_product_and_order(app, worker, shop):
    jobs = shop["jobs"]
    with app.app_context():
        db.session.get(ProductionJob, jobs["card"]).due_at = utcnow() - timedelta(hours=2)
        db.session.get(ProductionJob, jobs["flyer"]).due_at = utcnow() + timedelta(hours=5)
        db.session.commit()
    sign_in(worker)
    queue = worker.get("/workshop/")
    row = re.search(rf'<tr data-job="{jobs["card"]}">.*?</tr>', queue.text, re.S).group(0)
    assert '<span class="badge late">Late</span>' in row
    row = re.search(rf'<tr data-job="{jobs["flyer"]}">.*?</tr>', queue.text, re.S).group(0)
    assert '<span class="badge at_risk">At risk</span>' in row

    assert listed_jobs(worker.get("/workshop/?flag=late")) == [jobs["card"]]
    assert listed_jobs(worker.get("/workshop/?flag=at_risk")) == [jobs["flyer"]]
    assert listed_jobs(worker.get(f"/workshop/?product={shop['card']}")) == [jobs["card"]]
    assert listed_jobs(worker.get("/workshop/?q=1043")) == [jobs["flyer"]]
    assert listed_jobs(worker.get("/workshop/?q=%23104")) == [jobs["card"], jobs["flyer"]]
    assert listed_jobs(worker.get("/workshop/?q=%25")) == []  # a wildcard is just a character
    assert listed_jobs(worker.get("/workshop/?status=shipped")) == []
    assert listed_jobs(worker.get("/workshop/?page=99999999999999999999999")) == []
    empty = worker.get("/workshop/?status=shipped&lang=fr")
    assert "Aucun travail ne correspond à ces filtres." in empty.text

    page = worker.get(f"/workshop/jobs/{jobs['card']}")
    csrf = csrf_of(page)
    worker.post(f"/workshop/jobs/{jobs['card']}/production", data={"csrf": csrf})
    assert listed_jobs(worker.get("/workshop/?status=in_production")) == [jobs["card"]]
    assert listed_jobs(worker.get("/workshop/?status=ready")) == [jobs["flyer"]]
    assert sorted(listed_jobs(worker.get("/workshop/?status=all"))) == sorted(
        [jobs["card"], jobs["flyer"]]
    )


def test_start_then_ship_update_the_job_and_its_audit_log(app, client, merchant, worker, shop):
    job = shop["jobs"]["card"]
    sign_in(worker)
    page = worker.get(f"/workshop/jobs/{job}")
    assert page.status_code == 200
    assert '<span class="status ready" id="job-status">Ready</span>' in page.text
    csrf = csrf_of(page)

    started = worker.post(f"/workshop/jobs/{job}/production", data={"csrf": csrf})
    assert (started.status_code, started.location) == (303, f"/workshop/jobs/{job}")
    page = worker.get(started.location)
    assert '<p role="status">Production started.</p>' in page.text
    assert '<span class="status in_production" id="job-status">In production</span>' in page.text
    again = worker.post(f"/workshop/jobs/{job}/production", data={"csrf": csrf})
    assert again.status_code == 409
    assert alert(again) == "This job is “In production” now, so nothing was changed."

    shipment = {
        "csrf": csrf,
        "carrier": "Colissimo",
        "tracking_number": "",
        "tracking_url": "http://www.laposte.fr/suivi?code=6A1",
    }
    missing = worker.post(f"/workshop/jobs/{job}/shipment", data=shipment)
    assert missing.status_code == 422
    assert alert(missing) == "The shipment is missing details; nothing was changed."
    assert re.search(
        r'id="tracking_number"[^>]*aria-invalid="true"[^>]*aria-describedby="tracking_number-error"',
        missing.text,
    )
    assert (
        '<p class="field-error" id="tracking_number-error">'
        "Enter the parcel’s tracking number.</p>" in missing.text
    )
    assert (
        '<p class="field-error" id="tracking_url-error">'
        "Give a link that starts with https://, or leave it empty.</p>" in missing.text
    )
    assert 'value="Colissimo"' in missing.text  # what was typed stays
    assert client.get(f"/v1/jobs/{job}", headers=merchant.sk).json["status"] == "in_production"

    shipment.update(
        tracking_number="6A12345678901",
        tracking_url="https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901",
    )
    shipped = worker.post(f"/workshop/jobs/{job}/shipment", data=shipment)
    assert shipped.status_code == 303
    page = worker.get(shipped.location)
    assert '<p role="status">Marked as shipped; the shop is told.</p>' in page.text
    assert "Shipped with Colissimo, tracking number 6A12345678901." in page.text

    seen = client.get(f"/v1/jobs/{job}", headers=merchant.sk).json
    assert seen["status"] == "shipped"
    assert seen["tracking"] == {
        "carrier": "Colissimo",
        "number": "6A12345678901",
        "url": "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901",
    }
    with app.app_context():
        events = db.session.scalars(
            sa.select(JobEvent).where(JobEvent.job_id == job).order_by(JobEvent.id)
        ).all()
        moves = [(e.from_status, e.to_status, e.actor, e.source, e.note) for e in events[-2:]]
    assert moves == [
        ("ready", "in_production", f"workshop:{WORKER}", "198.51.100.7", None),
        (
            "in_production",
            "shipped",
            f"workshop:{WORKER}",
            "198.51.100.7",
            "Colissimo 6A12345678901",
        ),
    ]
    history = re.search(r'<table class="history">.*?</table>', page.text, re.S).group(0)
    assert "In production → Shipped" in history and f"workshop:{WORKER}" in history


def test_the_bundle_zip_ticket_and_packing_slip_are_served_with_their_types(worker, shop, tmp_path):
    job, order = shop["jobs"]["card"], shop["orders"]["card"]
    sign_in(worker, lang="fr")
    page = worker.get(f"/workshop/jobs/{job}")
    assert "Imprimer la fiche de travail (PDF)" in page.text

    bundle = worker.get(f"/workshop/jobs/{job}/bundle.zip")
    assert (bundle.status_code, bundle.mimetype) == (200, "application/zip")
    assert bundle.headers["Content-Disposition"] == f'attachment; filename="{job}.zip"'
    path = tmp_path / "bundle.zip"
    path.write_bytes(bundle.data)
    listed = [name for _, _, name in tools.zip_listing(path)]
    assert listed == sorted(listed)
    assert {f"{job}/print.pdf", f"{job}/manifest.json", f"{job}/proof-front.png"} <= set(listed)
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        printed = archive.read(f"{job}/print.pdf")
    assert printed == worker.get(f"/workshop/jobs/{job}/files/print.pdf").data
    assert worker.get(f"/workshop/jobs/{job}/bundle.zip").data == bundle.data

    proof = worker.get(f"/workshop/jobs/{job}/files/proof-front.png")
    assert (proof.status_code, proof.mimetype) == (200, "image/png")
    assert proof.data.startswith(b"\x89PNG")
    assert f'src="/workshop/jobs/{job}/files/proof-front.png"' in page.text

    ticket = worker.get(f"/workshop/jobs/{job}/ticket.pdf")
    assert (ticket.status_code, ticket.mimetype) == (200, "application/pdf")
    assert ticket.headers["Content-Disposition"] == f'inline; filename="ticket-{job}.pdf"'
    pdf = tmp_path / "ticket.pdf"
    pdf.write_bytes(ticket.data)
    assert tools.qr_codes(pdf, tmp_path) == [f"{PUBLIC_URL}/workshop/jobs/{job}"]
    text = tools.text(pdf)
    assert "FICHE DE TRAVAIL" in text and job in text and "Atelier Lyon" in text
    assert "Recto — Impression numérique" in text
    # The design prints on the front only: one proof image, and the back says it has none.
    assert "Verso — Impression numérique (Pas d’image de BAT)" in text
    assert [page for page, _, _ in tools.images(pdf)] == [1]

    slip = worker.get(f"/workshop/orders/{order}/packing-slip.pdf")
    assert (slip.status_code, slip.mimetype) == (200, "application/pdf")
    pdf = tmp_path / "slip.pdf"
    pdf.write_bytes(slip.data)
    assert tools.qr_codes(pdf, tmp_path) == [order]
    text = " ".join(tools.text(pdf).split())
    assert "Bon de livraison" in text  # the customer ordered in French
    assert "Jeanne Dupont 12 rue de l’Église 69001 Lyon FR" in text
    assert f"Cartes de visite 250 {job}" in text


def test_every_portal_response_carries_the_security_headers(worker, shop):
    signin = worker.get("/workshop/signin")
    cookie = signin.headers["Set-Cookie"]
    assert cookie.startswith("monogram_workshop=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/workshop"):
        assert flag in cookie.split("; "), cookie
    sign_in(worker)
    job = shop["jobs"]["card"]
    for path in (
        "/workshop/signin",
        "/workshop/",
        f"/workshop/jobs/{job}",
        "/workshop/jobs/job_unknown",
        "/workshop/no-such-page",
        f"/workshop/jobs/{job}/bundle.zip",
        f"/workshop/jobs/{job}/ticket.pdf",
        "/workshop/portal.css",
    ):
        response = worker.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy, path
        assert "unsafe-inline" not in policy and "script-src 'self'" not in policy, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY", path
    page = worker.get("/workshop/")
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "<script" not in page.text and " style=" not in page.text


def test_a_signed_out_worker_goes_to_sign_in_and_comes_back(worker, shop):
    job = shop["jobs"]["card"]
    bounced = worker.get(f"/workshop/jobs/{job}?lang=fr")
    assert bounced.status_code == 303
    target = urlsplit(bounced.location)
    assert target.path == "/workshop/signin"
    assert parse_qs(target.query)["next"] == [f"/workshop/jobs/{job}?lang=fr"]
    back = sign_in(worker, next_page=f"/workshop/jobs/{job}?lang=fr")
    assert back.location == f"/workshop/jobs/{job}?lang=fr"

    page = worker.get("/workshop/")
    out = worker.post("/workshop/signout", data={"csrf": csrf_of(page)})
    assert (out.status_code, out.location) == (303, "/workshop/signin")
    assert '<p role="status">You are signed out.</p>' in worker.get(out.location).text
    assert worker.get(f"/workshop/jobs/{job}").status_code == 303
    # Only the portal's own pages: never another site.
    elsewhere = sign_in(worker, next_page="//evil.example/workshop/")
    assert elsewhere.location == "/workshop/"


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(app, worker, shop):
    from monogram.services import workshops

    sign_in(worker)
    assert worker.get("/workshop/").status_code == 200
    with app.app_context():
        user = db.session.scalar(sa.select(WorkshopUser).where(WorkshopUser.email == WORKER))
        workshops.set_password(user, "another long password")
        db.session.commit()
    assert worker.get("/workshop/").status_code == 303


def test_an_invitation_sets_the_password_once_and_signs_in(
    client, merchant, worker, shop, smtp_server
):
    create(
        client,
        merchant,
        f"/v1/workshops/{shop['lyon']}/users",
        {"email": "lea@atelier-lyon.example", "name": "Léa"},
    )
    (mail,) = smtp_server.messages
    assert smtp_server.envelopes[0][1] == ["lea@atelier-lyon.example"]
    # The merchant is in France: the invitation is in French.
    assert mail["Subject"] == "Votre accès au portail de l’atelier Atelier Lyon"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    link = INVITE.search(text).group(1)
    assert f"{PUBLIC_URL}{link}" in html

    page = worker.get(f"{link}?lang=fr")
    assert page.status_code == 200
    assert "Bienvenue chez Atelier Lyon" in page.text
    assert "lea@atelier-lyon.example" in page.text
    csrf = csrf_of(page)
    differ = worker.post(
        link, data={"csrf": csrf, "password": "a long password 1", "confirm": "a long password 2"}
    )
    assert (differ.status_code, alert(differ)) == (422, "Les deux mots de passe sont différents.")
    short = worker.post(link, data={"csrf": csrf, "password": "short", "confirm": "short"})
    assert short.status_code == 422
    assert alert(short) == "Choisissez un mot de passe d’au moins 12 caractères."
    chosen = "la cour de l’atelier"
    done = worker.post(link, data={"csrf": csrf, "password": chosen, "confirm": chosen})
    assert (done.status_code, done.location) == (303, "/workshop/")
    queue = worker.get("/workshop/")
    assert "Votre mot de passe est enregistré ; vous êtes connecté." in queue.text
    assert "Connecté : lea@atelier-lyon.example · Atelier Lyon" in queue.text

    used = worker.get(link)
    assert used.status_code == 404
    assert "Lien d’invitation non valide" in used.text
    page = worker.get("/workshop/")
    worker.post("/workshop/signout", data={"csrf": csrf_of(page)})
    assert sign_in(worker, email="lea@atelier-lyon.example", password=chosen).status_code == 303


def test_the_invitation_email_speaks_french_too(app):
    with app.app_context():
        mail = mailer.render(
            "lea@atelier-lyon.example",
            "workshop_invite",
            "fr-FR",
            workshop_name="Atelier Lyon",
            invite_url=f"{PUBLIC_URL}/workshop/welcome/wsu_x.1.abc",
            expires_days=7,
        )
    assert mail["subject"] == "Votre accès au portail de l’atelier Atelier Lyon"
    assert "Choisir mon mot de passe" in mail["html"]
    assert f"{PUBLIC_URL}/workshop/welcome/wsu_x.1.abc" in mail["text"]
    assert "valable 7 jours" in mail["text"]
