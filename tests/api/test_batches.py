"""/v1/batches: a spreadsheet merged into a template, validated per row, rendered in data order."""

import io
import re
import subprocess
import zipfile

import pytest

from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Batch

NAVY = {"cmyk": [100, 66, 0, 2]}
FIELD_LOCK = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": False}
# As Excel for Windows saves "CSV (séparateur : point-virgule)" in France: Windows-1252, `;`, CRLF.
EXCEL_ROWS = [
    ("Nom", "Fonction", "Code"),
    ("Hélène Dupré", "Gérante", "3760123456784"),
    ("François Lefèvre", "Chef d'équipe", "3760123456784"),
    ("Zoë Bénédicte de La Tour-Maubourg", "Responsable", "3760123456784"),
    ("Noël Garçon", "Apprenti", "3760123456784"),
]


def excel_csv(rows=EXCEL_ROWS):
    return "".join(";".join(row) + "\r\n" for row in rows).encode("cp1252")


def template_document(product_id, font_id):
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {"id": "brand", "type": "text", "x": 5, "y": 5, "width": 75, "height": 8,
                     "text": "Imprimerie Dupont", "font": font_id, "size": 10, "color": NAVY},
                    {"id": "name", "type": "text", "x": 5, "y": 20, "width": 75, "height": 8,
                     "text": "Prénom Nom", "font": font_id, "size": 12, "color": NAVY,
                     "field": "nom", "max_chars": 20, "lock": FIELD_LOCK},
                    {"id": "title", "type": "text", "x": 5, "y": 30, "width": 75, "height": 6,
                     "text": "Fonction", "font": font_id, "size": 9, "color": NAVY,
                     "field": "fonction", "lock": FIELD_LOCK},
                    {"id": "ean", "type": "code", "symbology": "ean13", "data": "3760123456784",
                     "x": 50, "y": 38, "width": 30, "height": 12, "color": NAVY,
                     "field": "code", "lock": FIELD_LOCK},
                ],
            }
        ],
    }  # fmt: skip


@pytest.fixture
def template_id(client, merchant, product_id, font_id):
    response = client.post(
        "/v1/templates",
        headers=merchant.sk,
        json={"name": "Carte franchise", "document": template_document(product_id, font_id)},
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def create(client, merchant, template_id, data=None, filename="equipe.csv", **form):
    data = excel_csv() if data is None else data
    body = {"template": template_id, "file": (io.BytesIO(data), filename), **form}
    return client.post("/v1/batches", headers=merchant.sk, data=body)


def created(client, merchant, template_id, **kwargs):
    response = create(client, merchant, template_id, **kwargs)
    assert response.status_code == 202, response.json
    # In-process jobs run as the response closes: the batch is validated by now.
    return client.get(f"/v1/batches/{response.json['id']}", headers=merchant.sk).json


def render(client, merchant, batch_id, **body):
    return client.post(f"/v1/batches/{batch_id}/render", headers=merchant.sk, json=body)


def download(client, merchant, batch, name, tmp_path):
    response = client.get(batch["files"][name]["url"], headers=merchant.sk)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(
        "application/pdf" if name.endswith(".pdf") else "application/zip"
    )
    path = tmp_path / name
    path.write_bytes(response.data)
    assert len(response.data) == batch["files"][name]["bytes"]
    return path


def pdf_text(path):
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(pages.split()[-1])


def test_an_excel_csv_is_read_right_and_a_long_name_is_reported_with_its_row(
    client, merchant, template_id
):
    batch = created(client, merchant, template_id)
    assert batch["status"] == "validated"
    assert batch["data_format"] == {
        "format": "csv", "encoding": "cp1252", "delimiter": ";", "records": 4,
    }  # fmt: skip
    assert batch["columns"] == ["Nom", "Fonction", "Code"]
    # Fields take the column of the same name, whatever the case.
    assert batch["mapping"] == {"nom": "Nom", "fonction": "Fonction", "code": "Code"}
    errors = [issue for issue in batch["report"] if issue["severity"] == "error"]
    # Zoë's name is 33 characters for a 20-character field: record 3, on line 4 of the sheet.
    assert [(e["row"], e["record"], e["field"], e["code"]) for e in errors] == [
        (4, 3, "nom", "too_long")
    ]
    assert "20" in errors[0]["message"]
    assert batch["summary"] == {"records": 4, "valid": 3, "invalid": 1, "warnings": 0}


def test_a_batch_with_errors_renders_only_when_told_to_skip_them(
    client, merchant, template_id, tmp_path
):
    batch = created(client, merchant, template_id)
    refused = render(client, merchant, batch["id"])
    assert refused.status_code == 409
    assert "1 record(s) have errors" in refused.json["message"]

    response = render(client, merchant, batch["id"], skip_invalid=True)
    assert response.status_code == 202, response.json
    batch = client.get(f"/v1/batches/{batch['id']}", headers=merchant.sk).json
    assert batch["status"] == "ready", batch
    assert batch["progress"]["done"] == batch["progress"]["total"] == 3
    assert batch["pages"] == 3
    pdf = download(client, merchant, batch, "print.pdf", tmp_path)
    assert pdf_pages(pdf) == 3
    text = pdf_text(pdf)
    # Accents from Windows-1252 survive into the print file, records in data order.
    positions = [text.index(name) for name in ("Hélène Dupré", "François Lefèvre", "Noël Garçon")]
    assert positions == sorted(positions)
    assert "Chef d'équipe" in text and "Zoë" not in text
    assert text.count("Imprimerie Dupont") == 3

    again = render(client, merchant, batch["id"])
    assert again.status_code == 202 and again.json["pages"] == 3  # asked twice, rendered once


def test_a_fixed_file_is_validated_again_then_every_record_is_rendered(
    client, merchant, template_id, tmp_path
):
    batch = created(client, merchant, template_id)
    fixed = [("Zoë de La Tour", *row[1:]) if row is EXCEL_ROWS[3] else row for row in EXCEL_ROWS]
    response = client.put(
        f"/v1/batches/{batch['id']}/data",
        headers=merchant.sk,
        data={"file": (io.BytesIO(excel_csv(fixed)), "equipe-corrigee.csv")},
    )
    assert response.status_code == 202, response.json
    batch = client.get(f"/v1/batches/{batch['id']}", headers=merchant.sk).json
    assert batch["summary"]["invalid"] == 0 and batch["report"] == []
    assert render(client, merchant, batch["id"]).status_code == 202
    batch = client.get(f"/v1/batches/{batch['id']}", headers=merchant.sk).json
    pdf = download(client, merchant, batch, "print.pdf", tmp_path)
    assert pdf_pages(pdf) == 4
    assert "Zoë de La Tour" in pdf_text(pdf)


def test_start_renders_right_after_a_clean_validation_with_a_zip_named_from_a_column(
    client, merchant, template_id, tmp_path
):
    rows = [*EXCEL_ROWS[:3], ("Hélène Dupré", "Comptable", "3760123456784")]
    batch = created(
        client, merchant, template_id, data=excel_csv(rows), start="true", zip="true",
        zip_name_column="Nom",
    )  # fmt: skip
    assert batch["status"] == "ready", batch
    archive = zipfile.ZipFile(download(client, merchant, batch, "records.zip", tmp_path))
    # Two Hélène Dupré: the second file gets a suffix rather than overwriting the first.
    assert archive.namelist() == ["Hélène-Dupré.pdf", "François-Lefèvre.pdf", "Hélène-Dupré-2.pdf"]
    single = tmp_path / "one.pdf"
    single.write_bytes(archive.read("Hélène-Dupré-2.pdf"))
    assert pdf_pages(single) == 1 and "Comptable" in pdf_text(single)


def test_n_up_puts_the_cards_on_sheets(client, merchant, template_id, tmp_path):
    rows = [EXCEL_ROWS[0]] + [(f"Client {i}", "Vendeur", "3760123456784") for i in range(1, 13)]
    batch = created(
        client, merchant, template_id, data=excel_csv(rows), start="true",
        imposition='{"sheet": "SRA3", "gap": 4}',
    )  # fmt: skip
    assert batch["status"] == "ready", batch
    pdf = download(client, merchant, batch, "print.pdf", tmp_path)
    # 91 × 61 mm cells (trim and bleed) with 4 mm gaps on 320 × 450 mm: 12 cards fit one sheet.
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert pdf_pages(pdf) == 1
    assert re.search(r"Page size:\s+907.0\d* x 1275.5\d* pts", info)  # SRA3
    text = pdf_text(pdf)
    assert all(f"Client {i}" in text for i in range(1, 13))


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "vide.csv", "empty"),
        (b"Nom;Fonction;Code\r\n", "entete.csv", "no record"),
        (b"PK\x03\x04 not really a workbook", "classeur.xlsx", "xlsx"),
    ],
)
def test_an_unreadable_file_is_a_422_and_nothing_is_kept(
    app, client, merchant, template_id, data, filename, message
):
    response = create(client, merchant, template_id, data=data, filename=filename)
    assert response.status_code == 422, response.json
    assert message in response.json["message"].lower()
    assert "Traceback" not in response.text
    with app.app_context():
        assert db.session.query(Batch).count() == 0
        assert storage().keys("batches") == []


def test_a_mapping_to_a_missing_column_names_it(app, client, merchant, template_id):
    response = create(client, merchant, template_id, mapping='{"nom": "Name"}')
    assert response.status_code == 422
    assert response.json["errors"][0]["path"] == "/mapping/nom"
    with app.app_context():
        assert db.session.query(Batch).count() == 0


def test_cancel_stops_a_validated_batch_and_render_is_then_refused(client, merchant, template_id):
    batch = created(client, merchant, template_id)
    response = client.post(f"/v1/batches/{batch['id']}/cancel", headers=merchant.sk)
    assert response.status_code == 200 and response.json["status"] == "cancelled"
    assert render(client, merchant, batch["id"], skip_invalid=True).status_code == 409


def test_another_merchants_batch_is_not_found(client, merchant, other_merchant, template_id):
    batch = created(client, merchant, template_id)
    for method, path in (
        ("get", f"/v1/batches/{batch['id']}"),
        ("get", f"/v1/batches/{batch['id']}/report"),
        ("post", f"/v1/batches/{batch['id']}/render"),
        ("post", f"/v1/batches/{batch['id']}/cancel"),
        ("get", f"/v1/batches/{batch['id']}/files/print.pdf"),
    ):
        kwargs = {"json": {}} if method == "post" and path.endswith("render") else {}
        response = getattr(client, method)(path, headers=other_merchant.sk, **kwargs)
        assert response.status_code == 404, path
    # Nor can a merchant batch another merchant's template.
    response = create(client, other_merchant, template_id)
    assert response.status_code == 404
    assert client.get("/v1/batches", headers=other_merchant.sk).json == []
    # A publishable key (the widget's) has no business with batches.
    assert client.get("/v1/batches", headers=merchant.pk).status_code in (401, 403)


def test_the_report_pages_by_severity(client, merchant, template_id):
    rows = [EXCEL_ROWS[0]] + [("x" * 25, "", "123") for _ in range(3)]
    batch = created(client, merchant, template_id, data=excel_csv(rows))
    page = client.get(
        f"/v1/batches/{batch['id']}/report?severity=error&limit=2", headers=merchant.sk
    ).json
    assert page["total"] == 9  # three rows: too long, empty title, bad EAN
    assert [(i["row"], i["field"]) for i in page["issues"]] == [(2, "nom"), (2, "fonction")]
    assert {i["code"] for i in batch["report"]} == {"too_long", "empty_required", "invalid_code"}



def test_an_xlsx_sheet_and_copies_per_record_on_step_and_repeat_sheets(
    client, merchant, template_id, tmp_path
):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nom", "Fonction", "Code", "Quantité"])
    sheet.append(["Hélène Dupré", "Gérante", "3760123456784", 12])
    sheet.append(["François Lefèvre", "Chef d'équipe", "3760123456784", 30])
    data = io.BytesIO()
    book.save(data)
    batch = created(
        client, merchant, template_id, data=data.getvalue(), filename="equipe.xlsx",
        quantity_column="Quantité", start="true",
        imposition='{"sheet": "SRA3", "gap": 4, "mode": "step-and-repeat"}',
    )  # fmt: skip
    assert batch["data_format"]["format"] == "xlsx"
    assert batch["status"] == "ready", batch
    pdf = download(client, merchant, batch, "print.pdf", tmp_path)
    text = pdf_text(pdf)
    # Each record fills whole sheets of its own: 12 copies on one sheet, 30 on two.
    sheets = text.split("\f")[:-1]
    assert len(sheets) == pdf_pages(pdf) == 3
    assert "Hélène Dupré" in sheets[0] and "François" not in sheets[0]
    assert all("François Lefèvre" in s and "Hélène" not in s for s in sheets[1:])
    assert text.count("Hélène Dupré") >= 12 and text.count("François Lefèvre") >= 30
