"""Production jobs over HTTP: preflight gates, bundles on storage, downloads by key or link."""

import io
import re
import subprocess

import pytest
from PIL import Image

from tests import samples


def photo(width_px, height_px):
    out = io.BytesIO()
    Image.effect_noise((width_px, height_px), 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def strict_product(client, merchant, font_id):
    """A business card whose areas need 300 dpi photos."""
    body = samples.card_product([font_id])
    for area in body["areas"]:
        area["min_dpi"] = 300
    response = client.post("/v1/products", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def upload(client, account, data, name):
    response = client.post(
        "/v1/assets", headers=account.sk, data={"file": (io.BytesIO(data), name)}
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def create_design(client, account, document):
    response = client.post("/v1/designs", headers=account.sk, json=document)
    assert response.status_code == 201, response.json
    return response.json["id"]


def photo_design(product_id, asset_id):
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {
                        "id": "photo",
                        "type": "image",
                        "asset": asset_id,
                        "x": 0,
                        "y": 0,
                        "width": 85,
                        "height": 55,
                        "fit": "stretch",
                    }
                ],
            }
        ],
    }


def test_a_150_dpi_photo_is_reported_and_its_job_refused(client, merchant, strict_product):
    # 502 × 325 px over 85 × 55 mm is 150 dpi on both axes.
    asset_id = upload(client, merchant, photo(502, 325), "photo.jpg")
    design_id = create_design(client, merchant, photo_design(strict_product, asset_id))

    report = client.get(f"/v1/designs/{design_id}/preflight", headers=merchant.sk)
    assert report.status_code == 200
    assert report.json["ok"] is False
    (check,) = [c for c in report.json["checks"] if c["code"] == "low_resolution"]
    assert check["severity"] == "error"
    assert check["path"] == "/surfaces/0/objects/0"
    assert check["dpi"] == [pytest.approx(150, abs=1), pytest.approx(150, abs=1)]

    created = client.post(
        "/v1/jobs", headers=merchant.sk, json={"design": design_id, "order": "1042"}
    )
    assert created.status_code == 201, created.json
    job = client.get(f"/v1/jobs/{created.json['id']}", headers=merchant.sk).json
    assert job["status"] == "refused"
    assert "150" in job["reason"] and "300" in job["reason"]
    assert job["files"] == []


def test_a_good_design_becomes_a_bundle(client, merchant, product_id, font_id, tmp_path):
    design_id = create_design(client, merchant, samples.design(product_id, font_id))
    created = client.post(
        "/v1/jobs",
        headers=merchant.sk,
        json={"design": design_id, "order": "1042", "line": "2", "quantity": 250},
    )
    assert created.status_code == 201, created.json
    assert created.headers["Location"].endswith(f"/v1/jobs/{created.json['id']}")
    job = client.get(f"/v1/jobs/{created.json['id']}", headers=merchant.sk).json
    assert job["status"] == "ready", job
    assert (job["version"], job["quantity"], job["attempts"]) == (1, 250, 1)
    names = [f["name"] for f in job["files"]]
    assert names == ["design.json", "manifest.json", "print.pdf", "proof-front.png"]

    pdf = client.get(f"/v1/jobs/{job['id']}/files/print.pdf", headers=merchant.sk)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    (tmp_path / "print.pdf").write_bytes(pdf.data)
    info = subprocess.run(["pdfinfo", str(tmp_path / "print.pdf")], capture_output=True, text=True)
    assert re.search(r"Pages:\s+1\n", info.stdout)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "print.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Jeanne Dupont" in text and "Order 1042 · line 2 · qty 250" in text

    # The signed link opens the same file without a key, and only that file, and only intact.
    link = next(f["url"] for f in job["files"] if f["name"] == "print.pdf")
    assert client.get(link).data == pdf.data
    assert client.get(link.replace("print.pdf", "design.json")).status_code == 403
    assert client.get(link[:-4] + "0000").status_code == 403
    assert client.get(f"/v1/jobs/{job['id']}/files/print.pdf").status_code == 401


def test_the_same_order_line_twice_is_one_job(client, merchant, product_id, font_id):
    design_id = create_design(client, merchant, samples.design(product_id, font_id))
    body = {"design": design_id, "order": "1042", "line": "1"}
    first = client.post("/v1/jobs", headers=merchant.sk, json=body)
    again = client.post("/v1/jobs", headers=merchant.sk, json=body)
    assert again.status_code == 409
    assert first.json["id"] in again.json["message"]
    assert again.headers["Location"] == f"/v1/jobs/{first.json['id']}"


def test_jobs_are_the_merchants_own(client, merchant, other_merchant, product_id, font_id):
    design_id = create_design(client, merchant, samples.design(product_id, font_id))
    stranger = client.post("/v1/jobs", headers=other_merchant.sk, json={"design": design_id})
    assert stranger.status_code == 404
    job = client.post("/v1/jobs", headers=merchant.sk, json={"design": design_id}).json
    assert client.get(f"/v1/jobs/{job['id']}", headers=other_merchant.sk).status_code == 404
    file_url = f"/v1/jobs/{job['id']}/files/print.pdf"
    assert client.get(file_url, headers=other_merchant.sk).status_code == 404
    assert (
        client.post("/v1/jobs", headers=merchant.pk, json={"design": design_id}).status_code == 403
    )


def test_unknown_version_is_422_and_stores_nothing(client, merchant, product_id, font_id):
    design_id = create_design(client, merchant, samples.design(product_id, font_id))
    response = client.post(
        "/v1/jobs", headers=merchant.sk, json={"design": design_id, "version": 9}
    )
    assert response.status_code == 422
    assert response.json["errors"] == [{"path": "/version", "message": "Must be 1 to 1."}]


def test_design_preview_is_the_trimmed_area(client, merchant, product_id, font_id):
    created = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, font_id)
    )
    token = {"Monogram-Design-Token": created.json["token"], **merchant.pk}
    preview = client.get(f"/v1/designs/{created.json['id']}/preview?area=front", headers=token)
    assert preview.status_code == 200 and preview.mimetype == "image/png"
    image = Image.open(io.BytesIO(preview.data))
    # 85 × 55 mm at 96 dpi.
    assert image.size == (321, 208)
    missing = client.get(f"/v1/designs/{created.json['id']}/preview?area=side", headers=token)
    assert missing.status_code == 404
    no_token = client.get(
        f"/v1/designs/{created.json['id']}/preview?area=front", headers=merchant.pk
    )
    assert no_token.status_code == 403


def test_erps_poll_jobs_by_last_change_and_export_csv(client, merchant, product_id, font_id):
    import csv

    first = create_design(client, merchant, samples.design(product_id, font_id))
    second = create_design(client, merchant, samples.design(product_id, font_id, text="=1+1"))
    one = client.post("/v1/jobs", headers=merchant.sk, json={"design": first, "order": "A"}).json
    two = client.post("/v1/jobs", headers=merchant.sk, json={"design": second, "order": "B"}).json

    listed = client.get("/v1/jobs", headers=merchant.sk).json
    assert [job["id"] for job in listed] == [one["id"], two["id"]]
    after_first = listed[0]["updated_at"]
    since = client.get("/v1/jobs", headers=merchant.sk, query_string={"since": after_first}).json
    assert [job["id"] for job in since] == [two["id"]]
    assert (
        client.get("/v1/jobs", headers=merchant.sk, query_string={"status": "lost"}).status_code
        == 422
    )

    export = client.get("/v1/jobs/export.csv", headers=merchant.sk)
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [(row["id"], row["order"], row["status"]) for row in rows] == [
        (one["id"], "A", "ready"),
        (two["id"], "B", "ready"),
    ]
    assert client.get("/v1/jobs/export.csv", headers=merchant.pk).status_code == 403


def test_csv_cells_never_run_as_formulas(client, merchant, product_id, font_id):
    import csv

    design = create_design(client, merchant, samples.design(product_id, font_id))
    client.post("/v1/jobs", headers=merchant.sk, json={"design": design, "order": "=HYPERLINK(1)"})
    rows = list(
        csv.DictReader(io.StringIO(client.get("/v1/jobs/export.csv", headers=merchant.sk).text))
    )
    assert rows[0]["order"] == "'=HYPERLINK(1)"


def test_a_failed_job_is_retried_once_and_rendered_from_its_version(
    app, client, merchant, other_merchant, product_id, font_id
):
    from monogram.extensions.db import db
    from monogram.models import JobEvent, ProductionJob

    design_id = create_design(client, merchant, samples.design(product_id, font_id))
    job_id = client.post("/v1/jobs", headers=merchant.sk, json={"design": design_id}).json["id"]
    with app.app_context():
        # As a worker leaves a job whose render raised: failed, with its reason.
        job = db.session.get(ProductionJob, job_id)
        job.status, job.reason = "failed", "The storage did not answer."
        db.session.commit()
    assert client.post(f"/v1/jobs/{job_id}/retry", headers=other_merchant.sk).status_code == 404
    response = client.post(f"/v1/jobs/{job_id}/retry", headers=merchant.sk)
    assert response.status_code == 202, response.json
    # In-process, the render ran as the response closed.
    assert client.get(f"/v1/jobs/{job_id}", headers=merchant.sk).json["status"] == "ready"
    with app.app_context():
        moves = db.session.scalars(
            db.select(JobEvent).where(JobEvent.job_id == job_id).order_by(JobEvent.id)
        ).all()
        retried = [e for e in moves if e.from_status == "failed"]
        assert [(e.to_status, e.note) for e in retried] == [("queued", "retry")]
        assert retried[0].actor.startswith("merchant:")
    again = client.post(f"/v1/jobs/{job_id}/retry", headers=merchant.sk)
    assert again.status_code == 409
    assert again.json["message"] == "Only a failed job can be retried; this one is ready."
