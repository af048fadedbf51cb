"""Console production pages: the jobs list and its filters, a job's detail, files and retry."""

import io
import re
from datetime import timedelta

import sqlalchemy as sa

import monogram.api.console.production  # noqa: F401  (routes.py imports it once wired)
from monogram.extensions.db import db
from monogram.models import JobEvent, ProductionJob
from monogram.models.base import utcnow
from tests import samples
from tests.console.conftest import csrf_of, sign_in
from tests.console.test_pages import created, order

OPERATOR = "paul@dupont.example"
OTHER = "marc@martin.example"


def listed(response):
    """The job ids of the list's rows, in the page's order."""
    assert response.status_code == 200, response.text
    return re.findall(r'<tr data-job="([^"]+)">', response.text)


def catalogue(client, account):
    """(product id, font id) of a card product in `account`."""
    font = created(
        client.post(
            "/v1/fonts",
            headers=account.sk,
            data={
                "file": (io.BytesIO(samples.VERA.read_bytes()), "Vera.ttf"),
                "licence_note": "Bitstream Vera",
            },
        )
    )["id"]
    product = created(
        client.post("/v1/products", headers=account.sk, json=samples.card_product([font]))
    )["id"]
    return product, font


def fail(app, job_id, reason="The font Vera.ttf is missing."):
    with app.app_context():
        job = db.session.get(ProductionJob, job_id)
        job.status, job.reason = "failed", reason
        db.session.commit()


def test_the_list_shows_the_merchants_jobs_newest_change_first_and_filters(
    app, client, admin, merchant, other_merchant, make_user, product_id, font_id
):
    jobs = [order(client, merchant, product_id, font_id, n)[1] for n in ("1", "2", "3")]
    theirs = order(client, other_merchant, *catalogue(client, other_merchant), "9")[1]
    fail(app, jobs[0])
    with app.app_context():
        # jobs[0] changed last (just failed); jobs[2] is past due: late.
        db.session.get(ProductionJob, jobs[1]).updated_at = utcnow() - timedelta(hours=2)
        late = db.session.get(ProductionJob, jobs[2])
        late.updated_at, late.due_at = utcnow() - timedelta(hours=1), utcnow() - timedelta(days=1)
        db.session.commit()
    make_user(merchant.merchant_id, OPERATOR, role="operator")
    sign_in(admin, OPERATOR)

    assert listed(admin.get("/console/jobs")) == [jobs[0], jobs[2], jobs[1]]
    assert theirs not in admin.get("/console/jobs").text
    assert listed(admin.get("/console/jobs?status=failed")) == [jobs[0]]
    assert listed(admin.get("/console/jobs?status=ready")) == [jobs[2], jobs[1]]
    assert listed(admin.get("/console/jobs?flag=late")) == [jobs[2]]
    page = admin.get("/console/jobs?status=ready&lang=fr")
    assert "Prêt" in page.text and "En retard" in page.text


def test_the_detail_shows_status_reason_events_and_serves_the_files(
    app, client, admin, owner, merchant, product_id, font_id
):
    ready = order(client, merchant, product_id, font_id, "1")[1]
    failed = order(client, merchant, product_id, font_id, "2")[1]
    fail(app, failed)
    sign_in(admin, owner)

    page = admin.get(f"/console/jobs/{ready}")
    assert page.status_code == 200
    assert 'data-job-status="ready"' in page.text
    assert '<tr data-from="rendering" data-to="ready">' in page.text
    assert f"/console/jobs/{ready}/files/print.pdf" in page.text
    pdf = admin.get(f"/console/jobs/{ready}/files/print.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")

    page = admin.get(f"/console/jobs/{failed}")
    assert "<dd data-reason>The font Vera.ttf is missing.</dd>" in page.text
    assert f'action="/console/jobs/{failed}/retry"' in page.text
    assert "/retry" not in admin.get(f"/console/jobs/{ready}").text
    missing = admin.get(f"/console/jobs/{failed}/files/print.pdf")
    assert missing.status_code == 409
    assert "once it is ready" in missing.text


def test_retry_queues_a_failed_job_again_and_logs_who_asked(
    app, client, admin, owner, merchant, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    fail(app, job_id)
    sign_in(admin, owner)
    csrf = csrf_of(admin.get(f"/console/jobs/{job_id}"))

    response = admin.post(f"/console/jobs/{job_id}/retry", data={"csrf": csrf})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/console/jobs/{job_id}")
    with app.app_context():
        job = db.session.get(ProductionJob, job_id)
        assert job.status == "ready"  # rendered again in-process
        assert job.reason is None
        moves = db.session.execute(
            sa.select(JobEvent.from_status, JobEvent.to_status, JobEvent.actor, JobEvent.source)
            .where(JobEvent.job_id == job_id)
            .order_by(JobEvent.id)
        ).all()
    assert moves[-3:] == [
        ("failed", "queued", f"console:{owner}", "console"),
        ("queued", "rendering", "system", "worker"),
        ("rendering", "ready", "system", "worker"),
    ]
    page = admin.get(f"/console/jobs/{job_id}")
    assert "The job is queued to render again" in page.text

    again = admin.post(f"/console/jobs/{job_id}/retry", data={"csrf": csrf})
    assert again.status_code == 409
    assert "Only a failed job can be retried" in again.text


def test_retry_without_the_csrf_token_changes_nothing(
    app, client, admin, owner, merchant, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    fail(app, job_id)
    sign_in(admin, owner)
    response = admin.post(f"/console/jobs/{job_id}/retry", data={})
    assert response.status_code == 400
    assert "nothing was changed" in response.text
    with app.app_context():
        assert db.session.get(ProductionJob, job_id).status == "failed"


def test_a_job_of_another_merchant_is_a_404(
    app, client, admin, merchant, other_merchant, make_user, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    fail(app, job_id)
    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    csrf = csrf_of(admin.get("/console/jobs"))
    for path in (f"/console/jobs/{job_id}", f"/console/jobs/{job_id}/files/print.pdf"):
        response = admin.get(path)
        assert response.status_code == 404, path
        assert "There is no such page or record in your account." in response.text
    assert admin.post(f"/console/jobs/{job_id}/retry", data={"csrf": csrf}).status_code == 404
    with app.app_context():
        assert db.session.get(ProductionJob, job_id).status == "failed"


def test_a_designer_gets_the_403_page(app, client, admin, merchant, make_user, product_id, font_id):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    make_user(merchant.merchant_id, OPERATOR, role="designer")
    sign_in(admin, OPERATOR)
    for path in ("/console/jobs", f"/console/jobs/{job_id}"):
        response = admin.get(path)
        assert response.status_code == 403, path
        assert "Only these roles can open this page: Owner, Operator." in response.text


def test_the_bundle_is_one_zip_of_every_file_as_stored(
    app, client, admin, owner, merchant, product_id, font_id
):
    import zipfile

    from monogram.extensions.storage import storage

    job_id = order(client, merchant, product_id, font_id, "1")[1]
    sign_in(admin, owner)
    page = admin.get(f"/console/jobs/{job_id}")
    assert f'href="/console/jobs/{job_id}/bundle.zip" download>Download the bundle</a>' in page.text

    response = admin.get(f"/console/jobs/{job_id}/bundle.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f"attachment; filename={job_id}.zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    with app.app_context():
        job = db.session.get(ProductionJob, job_id)
        expected = {
            f"{job_id}/{name}": storage().get(f"{job.bundle_key}{name}") for name in job.files
        }
    assert sorted(archive.namelist()) == sorted(expected)
    assert {name: archive.read(name) for name in archive.namelist()} == expected
    assert "print.pdf" in "".join(expected) and "manifest.json" in "".join(expected)

    fail(app, job_id)
    refused = admin.get(f"/console/jobs/{job_id}/bundle.zip")
    assert refused.status_code == 409
    assert "once it is ready" in refused.text


def test_render_again_queues_a_ready_job_and_logs_who_asked(
    app, client, admin, owner, merchant, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    sign_in(admin, owner)
    page = admin.get(f"/console/jobs/{job_id}")
    assert f'action="/console/jobs/{job_id}/render"' in page.text
    assert ">Render again</button>" in page.text

    response = admin.post(f"/console/jobs/{job_id}/render", data={"csrf": csrf_of(page)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/console/jobs/{job_id}")
    with app.app_context():
        assert db.session.get(ProductionJob, job_id).status == "ready"  # rendered in-process
        moves = db.session.execute(
            sa.select(JobEvent.from_status, JobEvent.to_status, JobEvent.actor, JobEvent.note)
            .where(JobEvent.job_id == job_id)
            .order_by(JobEvent.id)
        ).all()
    assert moves[-3:] == [
        ("ready", "queued", f"console:{owner}", "render again"),
        ("queued", "rendering", "system", None),
        ("rendering", "ready", "system", None),
    ]
    assert (
        "The job is queued to render again; it is ready again"
        in admin.get(f"/console/jobs/{job_id}").text
    )


def test_render_again_of_a_shipped_job_is_refused_and_changes_nothing(
    app, client, admin, owner, merchant, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    sign_in(admin, owner)
    csrf = csrf_of(admin.get(f"/console/jobs/{job_id}"))
    with app.app_context():
        db.session.get(ProductionJob, job_id).status = "shipped"
        db.session.commit()
        events = db.session.scalar(sa.select(sa.func.count()).where(JobEvent.job_id == job_id))
    response = admin.post(f"/console/jobs/{job_id}/render", data={"csrf": csrf})
    assert response.status_code == 409
    assert "Only a ready or failed job can be rendered again" in response.text
    assert "Render again</button>" not in response.text
    with app.app_context():
        assert db.session.get(ProductionJob, job_id).status == "shipped"
        count = db.session.scalar(sa.select(sa.func.count()).where(JobEvent.job_id == job_id))
        assert count == events


def test_render_again_without_csrf_or_of_another_merchant_changes_nothing(
    app, client, admin, merchant, other_merchant, make_user, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    csrf = csrf_of(admin.get("/console/jobs"))
    assert admin.post(f"/console/jobs/{job_id}/render", data={}).status_code == 400
    assert admin.post(f"/console/jobs/{job_id}/render", data={"csrf": csrf}).status_code == 404
    assert admin.get(f"/console/jobs/{job_id}/bundle.zip").status_code == 404
    with app.app_context():
        last = db.session.scalars(
            sa.select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.id.desc())
        ).first()
        assert (last.from_status, last.to_status) == ("rendering", "ready")


def test_a_designer_may_not_render_again_or_download_the_bundle(
    app, client, admin, merchant, make_user, product_id, font_id
):
    job_id = order(client, merchant, product_id, font_id, "1")[1]
    make_user(merchant.merchant_id, OPERATOR, role="designer")
    sign_in(admin, OPERATOR)
    csrf = csrf_of(admin.get("/console/batches"))
    assert admin.get(f"/console/jobs/{job_id}/bundle.zip").status_code == 403
    assert admin.post(f"/console/jobs/{job_id}/render", data={"csrf": csrf}).status_code == 403
    with app.app_context():
        assert db.session.get(ProductionJob, job_id).status == "ready"
