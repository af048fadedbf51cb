"""Console batch forms: a new batch from a file, its column mapping, render and cancel."""

import html
import io
import re

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Batch
from tests.api.test_batches import EXCEL_ROWS, excel_csv, template_document
from tests.console import test_pages
from tests.console.conftest import alert, csrf_of, sign_in
from tests.console.test_pages import created
from tests.console.test_production import catalogue

batch = test_pages.batch  # a validated batch of four records, one with an error (row 4)

OWNER = "anne@dupont.example"
DESIGNER = "lea@dupont.example"
OTHER = "marc@martin.example"


def said(response):
    """The page's alert as the reader sees it (quotes unescaped)."""
    return html.unescape(alert(response) or "")


def template_of(client, account, product_id, font_id, name="Carte franchise"):
    body = {"name": name, "document": template_document(product_id, font_id)}
    return created(client.post("/v1/templates", headers=account.sk, json=body))["id"]


def batches_of(app, merchant_id):
    with app.app_context():
        found = db.session.scalars(sa.select(Batch).where(Batch.merchant_id == merchant_id))
        return [
            {
                "id": b.id,
                "status": b.status,
                "mapping": b.mapping,
                "quantity": b.quantity,
                "quantity_column": b.quantity_column,
                "summary": b.summary,
                "options": b.options,
                "name": b.name,
                "data_filename": b.data_filename,
            }
            for b in found
        ]


def one_batch(app, batch_id):
    with app.app_context():
        found = db.session.get(Batch, batch_id)
        return {"status": found.status, "mapping": found.mapping, "summary": found.summary,
                "quantity": found.quantity, "data_filename": found.data_filename}  # fmt: skip


def new_batch(admin, csrf, template, data=None, filename="equipe.csv", **fields):
    form = {"csrf": csrf, "template": template, "quantity": "1", **fields}
    if data is not False:
        form["file"] = (io.BytesIO(excel_csv() if data is None else data), filename)
    return admin.post("/console/batches", data=form, content_type="multipart/form-data")


def test_a_new_batch_is_uploaded_checked_and_shown(
    app, client, admin, make_user, merchant, product_id, font_id
):
    template = template_of(client, merchant, product_id, font_id)
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    sign_in(admin, DESIGNER)
    page = admin.get("/console/batches")
    assert "<legend>New batch</legend>" in page.text
    assert f'<option value="{template}">Carte franchise</option>' in page.text
    assert '<label for="file">Data file (CSV or Excel)</label>' in page.text

    rows = [(*EXCEL_ROWS[0], "Copies"), *((*row, "3") for row in EXCEL_ROWS[1:])]
    response = new_batch(
        admin, csrf_of(page), template, excel_csv(rows), name="Salon 2027",
        quantity_column="Copies", zip="1", zip_name_column="Nom",
    )  # fmt: skip
    assert response.status_code == 303
    [made] = batches_of(app, merchant.merchant_id)
    assert response.headers["Location"].endswith(f"/console/batches/{made['id']}?done=created")
    assert made["name"] == "Salon 2027" and made["data_filename"] == "equipe.csv"
    assert made["status"] == "validated"  # checked in-process after the response
    assert made["mapping"] == {"nom": "Nom", "fonction": "Fonction", "code": "Code"}
    assert made["quantity_column"] == "Copies"
    assert made["options"]["zip"] is True and made["options"]["zip_name_column"] == "Nom"
    assert made["summary"] == {"records": 4, "valid": 3, "invalid": 1, "warnings": 0}

    shown = admin.get(response.headers["Location"])
    assert "The batch is created: its records are being checked." in shown.text
    fields = re.findall(r'<label for="map-\d">Field “(\w+)”</label>', shown.text)
    assert fields == ["nom", "fonction", "code"]
    assert '<option value="Fonction" selected>Fonction</option>' in shown.text
    assert "1 record(s) have errors." in shown.text
    assert "Leave out the 1 record(s) with errors" in shown.text


def test_a_bad_new_batch_is_a_422_with_the_form_kept_and_nothing_stored(
    app, client, admin, owner, merchant, other_merchant, product_id, font_id
):
    template = template_of(client, merchant, product_id, font_id)
    theirs = template_of(client, other_merchant, *catalogue(client, other_merchant))
    sign_in(admin, owner)
    csrf = csrf_of(admin.get("/console/batches"))
    wrong_columns = excel_csv([("Prénom", "Poste"), ("Hélène", "Gérante")])
    for args, fields, message in (
        (("",), {}, "Choose the template the batch fills."),
        ((theirs,), {}, "Choose the template the batch fills."),
        ((template, False), {}, "Choose the data file to upload."),
        ((template,), {"quantity": "0"}, "The number of copies is a whole number from 1"),
        ((template,), {"quantity_column": "Copies"},
         "The file could not be used: No column 'Copies' in the file for the quantity."),
        ((template, wrong_columns), {}, "The file could not be used: Map a column to field"),
        ((template, b"\x00\x01binary junk\x00" * 40, "junk.csv"), {},
         "The file could not be used:"),
    ):  # fmt: skip
        response = new_batch(admin, csrf, *args, name="Salon", **fields)
        assert response.status_code == 422, message
        assert said(response).startswith(message), said(response)
        assert 'value="Salon"' in response.text
    assert batches_of(app, merchant.merchant_id) == []
    assert batches_of(app, other_merchant.merchant_id) == []


def test_a_new_mapping_checks_the_records_again(app, admin, owner, merchant, batch):
    sign_in(admin, owner)
    csrf = csrf_of(admin.get(f"/console/batches/{batch}"))
    mapping = {"map-nom": "Fonction", "map-fonction": "Nom", "map-code": "Code"}
    response = admin.post(
        f"/console/batches/{batch}/data", data={"csrf": csrf, "quantity": "2", **mapping}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/console/batches/{batch}?done=checked")
    found = one_batch(app, batch)
    assert found["mapping"] == {"nom": "Fonction", "fonction": "Nom", "code": "Code"}
    assert found["quantity"] == 2 and found["status"] == "validated"
    # The long name now fills the field without a limit: every record prints.
    assert found["summary"]["invalid"] == 0
    page = admin.get(response.headers["Location"])
    assert "The records are being checked again with these columns." in page.text
    assert "Every record can be printed." in page.text


def test_a_mapping_that_leaves_a_field_empty_is_refused_and_changes_nothing(
    app, admin, owner, merchant, batch
):
    sign_in(admin, owner)
    before = one_batch(app, batch)
    csrf = csrf_of(admin.get(f"/console/batches/{batch}"))
    mapping = {"map-nom": "", "map-fonction": "Fonction", "map-code": "Code"}
    response = admin.post(f"/console/batches/{batch}/data", data={"csrf": csrf, **mapping})
    assert response.status_code == 422
    assert said(response).startswith("The file could not be used: Map a column to field 'nom'")
    # The form shows what was chosen, for the reader to correct.
    chosen = dict(re.findall(r'name="map-(\w+)">(.*?)</select>', response.text, re.S))
    assert " selected" not in chosen["nom"]
    assert '<option value="Fonction" selected>' in chosen["fonction"]
    assert one_batch(app, batch) == before


def test_a_corrected_file_replaces_the_data(app, admin, owner, merchant, batch):
    sign_in(admin, owner)
    csrf = csrf_of(admin.get(f"/console/batches/{batch}"))
    fixed = excel_csv([EXCEL_ROWS[0], EXCEL_ROWS[1], EXCEL_ROWS[2]])
    form = {"csrf": csrf, "quantity": "1", "map-nom": "Nom", "map-fonction": "Fonction",
            "map-code": "Code", "file": (io.BytesIO(fixed), "equipe-corrigee.csv")}  # fmt: skip
    response = admin.post(
        f"/console/batches/{batch}/data", data=form, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    found = one_batch(app, batch)
    assert found["data_filename"] == "equipe-corrigee.csv"
    assert found["summary"] == {"records": 2, "valid": 2, "invalid": 0, "warnings": 0}


def test_render_needs_skip_invalid_while_records_have_errors(app, admin, owner, merchant, batch):
    sign_in(admin, owner)
    page = admin.get(f"/console/batches/{batch}")
    assert "batch_forms.js" in page.text
    csrf = csrf_of(page)
    refused = admin.post(f"/console/batches/{batch}/render", data={"csrf": csrf})
    assert refused.status_code == 422
    assert said(refused) == (
        "1 record(s) have errors: tick “Leave out the records with errors”, or fix the file "
        "and send it again."
    )
    assert one_batch(app, batch)["status"] == "validated"

    response = admin.post(
        f"/console/batches/{batch}/render", data={"csrf": csrf, "skip_invalid": "1"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/console/batches/{batch}?done=rendering")
    assert one_batch(app, batch)["status"] == "ready"  # rendered in-process
    ready = admin.get(f"/console/batches/{batch}")
    assert f"/console/batches/{batch}/files/print.pdf" in ready.text
    assert "Cancel the batch" not in ready.text and 'name="map-nom"' not in ready.text
    again = admin.post(f"/console/batches/{batch}/data", data={"csrf": csrf, "map-nom": "Nom"})
    assert again.status_code == 409
    assert said(again) == "This batch is Ready; start a new batch for new data."


def test_cancel_stops_a_batch_once(app, admin, owner, merchant, batch):
    sign_in(admin, owner)
    csrf = csrf_of(admin.get(f"/console/batches/{batch}"))
    response = admin.post(f"/console/batches/{batch}/cancel", data={"csrf": csrf})
    assert response.status_code == 303
    assert one_batch(app, batch)["status"] == "cancelled"
    page = admin.get(response.headers["Location"])
    assert "The batch is cancelled." in page.text and "Cancel the batch" not in page.text
    render = admin.post(f"/console/batches/{batch}/render", data={"csrf": csrf})
    assert render.status_code == 409
    assert said(render).startswith("This batch cannot be rendered now: Cancelled.")


def test_forms_without_the_csrf_token_change_nothing(
    app, client, admin, owner, merchant, batch, product_id, font_id
):
    template = template_of(client, merchant, product_id, font_id, "Autre")
    sign_in(admin, owner)
    before = one_batch(app, batch)
    create = {"template": template, "quantity": "1", "file": (io.BytesIO(excel_csv()), "a.csv")}
    assert (
        admin.post("/console/batches", data=create, content_type="multipart/form-data").status_code
        == 400
    )
    for action, data in (
        ("data", {"map-nom": "Fonction"}),
        ("render", {"skip_invalid": "1"}),
        ("cancel", {}),
    ):
        assert admin.post(f"/console/batches/{batch}/{action}", data=data).status_code == 400
    assert one_batch(app, batch) == before
    assert len(batches_of(app, merchant.merchant_id)) == 1


def test_merchant_bs_user_gets_404_for_merchant_as_batch_forms(
    app, admin, merchant, other_merchant, make_user, batch
):
    before = one_batch(app, batch)
    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    page = admin.get("/console/batches")
    assert "Carte franchise" not in page.text  # another account's templates are not offered
    csrf = csrf_of(page)
    for action, data in (
        ("data", {"map-nom": "Fonction"}),
        ("render", {"skip_invalid": "1"}),
        ("cancel", {}),
    ):
        response = admin.post(f"/console/batches/{batch}/{action}", data={"csrf": csrf, **data})
        assert response.status_code == 404, action
    assert one_batch(app, batch) == before


def test_french_words(app, admin, owner, merchant, batch):
    sign_in(admin, owner, lang="fr")
    listed = admin.get("/console/batches?lang=fr").text
    assert "<legend>Nouveau lot</legend>" in listed
    page = admin.get(f"/console/batches/{batch}?lang=fr").text
    assert "Laisser de côté les 1 ligne(s) en erreur" in page
    assert "Champ « nom »" in page and "Annuler le lot" in page
