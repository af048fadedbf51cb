"""Console templates, fonts and picture collections: gallery, import, editor, uploads, scoping."""

import io
import re

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import ApiKey, Asset, Font, MediaCollection, MediaItem, Template
from tests import samples
from tests.console.conftest import alert, csrf_of, sign_in

DESIGNER = "dora@dupont.example"
OTHER = "marc@martin.example"
CARD_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="85mm" height="55mm"
  viewBox="0 0 85 55">
  <rect width="85" height="55" fill="#f4efe6"/>
  <script>alert(1)</script>
  <text data-monogram-field="full name" x="5" y="20" font-size="6">Jeanne Dupont</text>
  <rect data-monogram-slot="logo" x="60" y="30" width="20" height="15" fill="#cccccc"/>
</svg>"""


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def status_text(response):
    found = re.search(r'<p role="status">([^<]*)</p>', response.text)
    return found.group(1) if found else None


@pytest.fixture
def designer(admin, make_user, merchant):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    sign_in(admin, DESIGNER)
    return admin


@pytest.fixture
def outsider(app, make_user, other_merchant):
    """A designer of another merchant, signed in on a browser of their own."""
    from tests.console.conftest import https_client

    make_user(other_merchant.merchant_id, OTHER, role="designer")
    browser = https_client(app)
    sign_in(browser, OTHER)
    return browser


def import_card(browser, product_id, data=CARD_SVG, filename="carte-hotel.svg", **form):
    token = csrf_of(browser.get("/console/templates"))
    fields = {"csrf": token, "product": product_id, "name": "", "category": "", **form}
    fields["file"] = (io.BytesIO(data), filename)
    return browser.post("/console/templates", data=fields, content_type="multipart/form-data")


@pytest.fixture
def imported(app, designer, product_id):
    """The id of a template imported through the console."""
    response = import_card(designer, product_id, name="Carte hôtel", category="business-card")
    assert response.status_code == 303, response.text
    return response.headers["Location"].split("/templates/")[1].split("?")[0]


# Templates


def test_an_svg_is_imported_with_its_report_and_shown_in_the_gallery(
    app, designer, imported, product_id
):
    with app.app_context():
        stored = db.session.get(Template, imported)
        assert stored.name == "Carte hôtel" and stored.status == "draft"
        assert stored.categories == {"use": ["business-card"]}
        assert stored.product_id == product_id
        report = stored.import_report
    assert any("scripts do not print" in note["message"] for note in report)

    page = designer.get(f"/console/templates/{imported}?done=imported")
    assert page.status_code == 200
    assert status_text(page).startswith("The template is imported.")
    assert "What the import did not convert" in page.text
    assert "scripts do not print" in page.text
    # Fields the shopper fills in: the text (renamed) and the picture slot.
    assert re.findall(r'data-field="([^"]+)"', page.text) == ["full_name", "logo"]

    # The thumbnail was rendered in-process after the import's response and is served here.
    gallery = designer.get("/console/templates")
    assert f'data-template="{imported}"' in gallery.text
    thumbnail = re.search(r'src="(/console/templates/[^"]+/thumbnail[^"]*)"', gallery.text)
    picture = designer.get(thumbnail.group(1).replace("&amp;", "&"))
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert picture.data.startswith(b"\x89PNG")


def test_a_pdf_first_page_is_imported_and_the_other_pages_reported(app, designer, product_id):
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(85 * mm, 55 * mm))
    pdf.rect(10 * mm, 10 * mm, 30 * mm, 20 * mm, fill=1, stroke=0)
    pdf.showPage()
    pdf.rect(0, 0, 10, 10)
    pdf.showPage()
    pdf.save()
    response = import_card(designer, product_id, data=out.getvalue(), filename="menu.pdf")
    assert response.status_code == 303
    page = designer.get(response.headers["Location"])
    assert "Template “menu”" in page.text
    assert "first of its 2 pages" in page.text


def test_the_gallery_filters_by_product_and_category(app, client, merchant, designer, imported):
    other_product = client.post(
        "/v1/products", headers=merchant.sk, json={**samples.card_product(), "name": "Menu"}
    ).json["id"]
    second = import_card(designer, other_product, name="Menu du jour", category="menu")
    assert second.status_code == 303

    def shown(**query):
        page = designer.get("/console/templates", query_string=query)
        assert page.status_code == 200
        return re.findall(r'<li data-template="([^"]+)">', page.text)

    assert len(shown()) == 2
    assert shown(category="business-card") == [imported]
    assert len(shown(product=other_product)) == 1 and imported not in shown(product=other_product)
    assert shown(category="menu", product=other_product) != []
    assert shown(category="menu", product=other_product)[0] != imported


def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_stored(app, designer, product_id):
    templates, assets = count(app, Template), count(app, Asset)
    response = import_card(designer, product_id, data=b"not a drawing at all", filename="x.svg")
    assert response.status_code == 422
    assert alert(response).startswith("This file could not be imported, so nothing was saved:")
    # The form keeps what was typed.
    response = import_card(
        designer, product_id, data=b"<svg>broken", filename="x.svg", name="Essai"
    )
    assert response.status_code == 422 and 'value="Essai"' in response.text
    assert (count(app, Template), count(app, Asset)) == (templates, assets)

    missing_product = import_card(designer, "prd_unknown")
    assert missing_product.status_code == 422
    assert alert(missing_product) == "Choose the product this template is for."
    no_file = designer.post(
        "/console/templates",
        data={"csrf": csrf_of(designer.get("/console/templates")), "product": product_id},
    )
    assert no_file.status_code == 422
    assert alert(no_file) == "Choose the SVG or PDF file to import."
    assert count(app, Template) == templates


def test_a_template_is_renamed_published_categorised_and_deleted(app, designer, imported):
    page = designer.get(f"/console/templates/{imported}")
    token = csrf_of(page)
    saved = designer.post(
        f"/console/templates/{imported}",
        data={
            "csrf": token,
            "name": "Carte du personnel",
            "published": "1",
            "sector": "hotel, restaurant",
            "use": "business-card",
            "season": "",
        },
    )
    assert saved.status_code == 303
    with app.app_context():
        stored = db.session.get(Template, imported)
        assert stored.name == "Carte du personnel" and stored.status == "published"
        assert stored.categories == {"sector": ["hotel", "restaurant"], "use": ["business-card"]}

    nameless = designer.post(f"/console/templates/{imported}", data={"csrf": token, "name": " "})
    assert nameless.status_code == 422 and alert(nameless) == "Give the template a name."
    with app.app_context():
        assert db.session.get(Template, imported).name == "Carte du personnel"

    deleted = designer.post(f"/console/templates/{imported}/delete", data={"csrf": token})
    assert deleted.status_code == 303
    with app.app_context():
        assert db.session.get(Template, imported).archived_at is not None
    assert designer.get(f"/console/templates/{imported}").status_code == 404
    assert f'data-template="{imported}"' not in designer.get("/console/templates").text


def test_the_editor_page_boots_the_widget_in_template_mode_with_a_working_token(
    app, client, designer, imported, merchant
):
    page = designer.get(f"/console/templates/{imported}/editor")
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "img-src 'self' blob:" in policy
    assert "unsafe-eval" not in policy and "<script>" not in page.text
    boot = dict(re.findall(r'data-([a-z]+)="([^"]*)"', page.text))
    assert boot["template"] == imported and boot["key"].startswith("pk_")
    assert re.fullmatch(r"/widget/editor-[A-Za-z0-9]+\.js", boot["editor"])
    # What the widget does with them: read the draft and save its document with If-Match.
    headers = {"Authorization": f"Bearer {boot['key']}", "Monogram-Template-Token": boot["token"]}
    template = client.get(f"/v1/templates/{imported}", headers=headers)
    assert template.status_code == 200, template.json
    saved = client.put(
        f"/v1/templates/{imported}/document",
        headers={**headers, "If-Match": template.headers["ETag"]},
        json=template.json["document"],
    )
    assert saved.status_code == 200 and saved.json["revision"] == 2
    # A second visit uses the same key: one key per merchant, never stored in clear.
    again = designer.get(f"/console/templates/{imported}/editor")
    assert dict(re.findall(r'data-([a-z]+)="([^"]*)"', again.text))["key"] == boot["key"]
    with app.app_context():
        keys = db.session.scalars(
            sa.select(ApiKey).where(ApiKey.label == "Console template editor")
        ).all()
        assert len(keys) == 1 and keys[0].store_id is None and keys[0].kind == "publishable"
        assert boot["key"] not in keys[0].secret_hash
    # Other console pages keep the strict policy.
    assert "blob:" not in designer.get("/console/templates").headers["Content-Security-Policy"]


# Fonts


def upload(browser, data=None, filename="Vera.ttf", licence="Bitstream Vera licence"):
    token = csrf_of(browser.get("/console/fonts"))
    return browser.post(
        "/console/fonts",
        data={
            "csrf": token,
            "licence_note": licence,
            "file": (io.BytesIO(data or samples.VERA.read_bytes()), filename),
        },
        content_type="multipart/form-data",
    )


def own_fonts(app, merchant):
    with app.app_context():
        return db.session.scalars(
            sa.select(Font).where(Font.merchant_id == merchant.merchant_id)
        ).all()


def test_a_font_is_uploaded_with_its_licence_and_shown_in_itself(app, designer, merchant):
    response = upload(designer)
    assert response.status_code == 303
    [font] = own_fonts(app, merchant)
    assert font.family == "Bitstream Vera Sans" and font.licence_note == "Bitstream Vera licence"

    page = designer.get("/console/fonts?done=uploaded")
    assert status_text(page) == "The font is uploaded."
    assert "font-src 'self'" in page.headers["Content-Security-Policy"]
    assert f'<tr data-font="{font.id}">' in page.text
    assert 'data-font="fnt_' in page.text.split('id="library-fonts"')[1]  # the library too
    faces = designer.get("/console/fonts/faces.css")
    assert faces.mimetype == "text/css"
    assert f'url("/console/fonts/{font.id}/file") format("truetype")' in faces.text
    file = designer.get(f"/console/fonts/{font.id}/file")
    # The file print embeds (as stored after inspection), served as TrueType.
    assert file.status_code == 200 and file.mimetype == "font/ttf"
    assert file.data[:4] == b"\x00\x01\x00\x00"
    library = re.search(r'data-font="(fnt_[a-z-]+)"', page.text).group(1)
    assert designer.get(f"/console/fonts/{library}/file").status_code == 200


def test_a_font_needs_a_licence_note_and_a_real_font_file(app, designer, merchant):
    no_licence = upload(designer, licence="  ")
    assert no_licence.status_code == 422
    assert alert(no_licence).startswith("Write the licence note")
    not_a_font = upload(designer, data=b"hello", filename="x.ttf", licence="OFL")
    assert not_a_font.status_code == 422
    assert alert(not_a_font).startswith("This file could not be uploaded, so nothing was saved:")
    assert "OFL</textarea>" in not_a_font.text
    assert own_fonts(app, merchant) == []
    assert upload(designer).status_code == 303
    twice = upload(designer)
    assert twice.status_code == 409 and alert(twice) == "This font file is already in your fonts."
    assert len(own_fonts(app, merchant)) == 1


def test_a_font_is_deleted_unless_a_product_uses_it(app, designer, merchant, font_id, product_id):
    token = csrf_of(designer.get("/console/fonts"))
    used = designer.post(f"/console/fonts/{font_id}/delete", data={"csrf": token})
    assert used.status_code == 409
    assert "still used" in alert(used) and "Business card" in alert(used)
    assert len(own_fonts(app, merchant)) == 1

    response = upload(designer, data=samples.VERA_BOLD.read_bytes(), filename="VeraBd.ttf")
    assert response.status_code == 303
    [bold] = [f.id for f in own_fonts(app, merchant) if f.id != font_id]
    deleted = designer.post(f"/console/fonts/{bold}/delete", data={"csrf": token})
    assert deleted.status_code == 303
    assert [f.id for f in own_fonts(app, merchant)] == [font_id]
    # A library font is nobody's to delete.
    library = designer.post("/console/fonts/fnt_inter-regular/delete", data={"csrf": token})
    assert library.status_code == 404


# Picture collections


def create_collection(browser, **form):
    token = csrf_of(browser.get("/console/media"))
    fields = {"csrf": token, "name": "Pictogrammes", "category": "pictograms", **form}
    fields.setdefault("licence", "Drawn by our studio; free to print on our products.")
    return browser.post("/console/media", data=fields)


def add_picture(browser, collection_id, data=None, filename="star.png", **form):
    token = csrf_of(browser.get(f"/console/media/{collection_id}"))
    return browser.post(
        f"/console/media/{collection_id}/items",
        data={
            "csrf": token,
            "name": "",
            "tags": "",
            **form,
            "file": (io.BytesIO(data or samples.png(60, 60)), filename),
        },
        content_type="multipart/form-data",
    )


@pytest.fixture
def collection(app, designer, merchant):
    response = create_collection(designer)
    assert response.status_code == 303
    with app.app_context():
        return db.session.scalar(
            sa.select(MediaCollection.id).where(MediaCollection.merchant_id == merchant.merchant_id)
        )


def test_a_collection_is_created_and_filled_and_a_picture_removed(app, designer, collection):
    page = designer.get(f"/console/media/{collection}?done=created")
    assert status_text(page).startswith("The collection is created.")
    assert add_picture(designer, collection, name="Étoile", tags="star, Noël").status_code == 303
    svg = add_picture(designer, collection, data=samples.svg(), filename="square.svg")
    assert svg.status_code == 303
    with app.app_context():
        items = db.session.scalars(
            sa.select(MediaItem).where(MediaItem.collection_id == collection)
        ).all()
        assert [(i.name, i.tags) for i in items] == [("Étoile", ["star", "noël"]), ("square", [])]
        star = items[0].id
    page = designer.get(f"/console/media/{collection}")
    assert re.findall(r'<li data-media="([^"]+)">', page.text) == [i.id for i in items]
    picture = designer.get(f"/console/media/{collection}/items/{star}/picture")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    listing = designer.get("/console/media")
    assert re.search(
        rf'data-collection="{collection}">.*?<td class="number">2</td>', listing.text, re.S
    )

    removed = designer.post(
        f"/console/media/{collection}/items/{star}/remove", data={"csrf": csrf_of(page)}
    )
    assert removed.status_code == 303
    with app.app_context():
        assert db.session.get(MediaItem, star) is None


def test_collection_and_picture_mistakes_are_refused_and_nothing_stored(app, designer, collection):
    nameless = create_collection(designer, name="", licence="")
    assert nameless.status_code == 422 and alert(nameless).startswith("Give the collection a name")
    taken = create_collection(designer)
    assert taken.status_code == 409
    assert count(app, MediaCollection) == 1
    assets = count(app, Asset)
    bad = add_picture(designer, collection, data=b"%PDF-1.4 nope", filename="x.png", name="X")
    assert bad.status_code == 422
    assert alert(bad).startswith("This file could not be added, so nothing was saved:")
    assert 'value="X"' in bad.text
    assert (count(app, MediaItem), count(app, Asset)) == (0, assets)


# Rules of the console: CSRF, roles, merchants


def test_forms_without_the_token_change_nothing(app, designer, imported, collection, product_id):
    def refused(path, **data):
        response = designer.post(path, data=data, content_type="multipart/form-data")
        assert response.status_code == 400, path
        return response

    templates, fonts = count(app, Template), count(app, Font)
    refused(
        "/console/templates",
        product=product_id,
        file=(io.BytesIO(CARD_SVG), "card.svg"),
    )
    refused(f"/console/templates/{imported}", name="Changed")
    refused(f"/console/templates/{imported}/delete")
    refused(
        "/console/fonts", licence_note="OFL", file=(io.BytesIO(samples.VERA.read_bytes()), "V.ttf")
    )
    refused("/console/media", name="Autre", licence="x")
    refused(f"/console/media/{collection}/items", file=(io.BytesIO(samples.png()), "a.png"))
    with app.app_context():
        stored = db.session.get(Template, imported)
        assert (stored.name, stored.archived_at) == ("Carte hôtel", None)
    assert count(app, Template) == templates
    assert count(app, Font) == fonts
    assert (count(app, MediaCollection), count(app, MediaItem)) == (1, 0)


def test_an_operator_may_not_open_these_pages(admin, make_user, merchant):
    make_user(merchant.merchant_id, "olive@dupont.example", role="operator")
    sign_in(admin, "olive@dupont.example")
    for path in ("/console/templates", "/console/fonts", "/console/media"):
        response = admin.get(path)
        assert response.status_code == 403, path
        assert "Only these roles can open this page: Owner, Designer." in response.text


def test_another_merchants_records_are_not_found(
    app, designer, outsider, imported, collection, font_id
):
    page = designer.get(f"/console/media/{collection}")
    assert add_picture(designer, collection).status_code == 303
    with app.app_context():
        media_id = db.session.scalar(sa.select(MediaItem.id))
    token = csrf_of(outsider.get("/console/templates"))
    pages = [
        f"/console/templates/{imported}",
        f"/console/templates/{imported}/thumbnail",
        f"/console/templates/{imported}/editor",
        f"/console/fonts/{font_id}/file",
        f"/console/media/{collection}",
        f"/console/media/{collection}/items/{media_id}/picture",
    ]
    for path in pages:
        assert outsider.get(path).status_code == 404, path
    forms = [
        f"/console/templates/{imported}",
        f"/console/templates/{imported}/delete",
        f"/console/fonts/{font_id}/delete",
        f"/console/media/{collection}/items",
        f"/console/media/{collection}/items/{media_id}/remove",
    ]
    for path in forms:
        assert outsider.post(path, data={"csrf": token, "name": "Mine"}).status_code == 404, path
    # Nor do they show in the other merchant's lists or stylesheet.
    assert imported not in outsider.get("/console/templates").text
    assert collection not in outsider.get("/console/media").text
    assert font_id not in outsider.get("/console/fonts/faces.css").text
    with app.app_context():
        assert db.session.get(Template, imported).name == "Carte hôtel"
        assert db.session.get(MediaItem, media_id) is not None
        assert db.session.get(Font, font_id) is not None
    assert page.status_code == 200


def test_the_pages_speak_french(designer, imported, collection, font_id):
    pages = {
        "/console/templates?lang=fr": "Importer le modèle",
        f"/console/templates/{imported}?lang=fr": "Modifier dans l’éditeur",
        f"/console/templates/{imported}/editor?lang=fr": "Modification de « Carte hôtel »",
        "/console/fonts?lang=fr": "Ajouter la police",
        "/console/media?lang=fr": "Créer la collection",
        f"/console/media/{collection}?lang=fr": "Ajouter l’image",
    }
    for path, words in pages.items():
        response = designer.get(path)
        assert response.status_code == 200, path
        assert words in response.text, path
