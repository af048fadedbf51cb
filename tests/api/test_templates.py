"""/v1/templates: the gallery each store sees, template mode, and the rules on design saves."""

import copy
import io

import pytest
from PIL import Image

from tests import samples

FIELD_LOCK = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": False}
LOCKED = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": True}
NAVY = {"cmyk": [100, 66, 0, 2]}


def upload(client, merchant, data, filename):
    response = client.post(
        "/v1/assets", headers=merchant.sk, data={"file": (io.BytesIO(data), filename)}
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def template_document(product_id, font_id, logo, photo):
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {"id": "logo", "type": "vector", "asset": logo, "x": 60, "y": 5,
                     "width": 20, "height": 20, "lock": LOCKED},
                    {"id": "name", "type": "text", "x": 5, "y": 30, "width": 50, "height": 8,
                     "text": "Jeanne Dupont", "font": font_id, "size": 12, "color": NAVY,
                     "field": "name", "max_chars": 20, "lock": FIELD_LOCK},
                    {"id": "photo", "type": "image", "asset": photo, "x": 5, "y": 5,
                     "width": 20, "height": 20, "fit": "cover", "field": "photo",
                     "min_dpi": 150, "lock": FIELD_LOCK},
                ],
            }
        ],
    }  # fmt: skip


@pytest.fixture
def assets(client, merchant):
    return {
        "logo": upload(client, merchant, samples.svg(), "logo.svg"),
        "photo": upload(client, merchant, samples.png(), "photo.png"),
        "other_photo": upload(client, merchant, samples.png(color=(10, 200, 10)), "mine.png"),
    }


def create(client, merchant, product_id, font_id, assets, **fields):
    body = {
        "name": "Carte hôtel",
        "document": template_document(product_id, font_id, assets["logo"], assets["photo"]),
        **fields,
    }
    response = client.post("/v1/templates", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def template(client, merchant, product_id, font_id, assets):
    return create(
        client, merchant, product_id, font_id, assets, status="published",
        categories={"sector": ["hotel"], "use": ["business-card"]}, tags=["classic"],
    )  # fmt: skip


def brand_store(client, merchant, **fields):
    body = {"name": "Franchise Lyon", "domain": "lyon.franchise.example", **fields}
    response = client.post("/v1/stores", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    store = response.json
    return store["id"], {"Authorization": f"Bearer {store['publishable_key']}"}


def gallery(client, headers, **query):
    response = client.get("/v1/templates", headers=headers, query_string=query)
    assert response.status_code == 200, response.json
    return [t["id"] for t in response.json]


def test_a_template_is_created_from_a_document_with_its_rules(client, merchant, template):
    assert template["id"].startswith("tpl_")
    assert template["document"]["template"] == template["id"]
    assert template["status"] == "published" and template["revision"] == 1
    assert template["stores"] == [] and template["import_report"] == []
    objects = template["document"]["surfaces"][0]["objects"]
    assert [o["lock"] for o in objects] == [LOCKED, FIELD_LOCK, FIELD_LOCK]
    assert set(template) == {
        "id", "product", "name", "description", "status", "categories", "tags", "position",
        "document", "fonts", "palette", "stores", "import_report", "thumbnail_url", "revision",
        "created_at", "updated_at",
    }  # fmt: skip


def test_template_mistakes_are_refused_with_paths_and_nothing_is_stored(
    client, merchant, product_id, font_id, assets, other_merchant
):
    document = template_document(product_id, font_id, assets["logo"], assets["photo"])
    document["surfaces"][0]["objects"][1]["size"] = -1
    response = client.post(
        "/v1/templates", headers=merchant.sk, json={"name": "x", "document": document}
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["path"] == "/surfaces/0/objects/1/size"
    good = template_document(product_id, font_id, assets["logo"], assets["photo"])
    response = client.post(
        "/v1/templates", headers=merchant.sk,
        json={"name": "x", "document": good, "stores": ["sto_nope"]},
    )  # fmt: skip
    assert response.status_code == 422 and response.json["errors"][0]["path"] == "/stores/0"
    response = client.post(
        "/v1/templates", headers=merchant.pk, json={"name": "x", "document": good}
    )
    assert response.status_code == 403
    response = client.post(
        "/v1/templates", headers=other_merchant.sk, json={"name": "x", "document": good}
    )
    assert response.status_code == 422
    assert client.get("/v1/templates", headers=merchant.sk).json == []


def test_the_gallery_shows_published_templates_filtered_and_ordered(
    client, merchant, product_id, font_id, assets, template
):
    draft = create(client, merchant, product_id, font_id, assets, name="Brouillon")
    first = create(
        client, merchant, product_id, font_id, assets, name="Soldes", status="published",
        categories={"season": ["sales"]}, tags=["red"], position=-1,
    )  # fmt: skip
    # Position first, then name: "Brouillon" before "Carte hôtel".
    assert gallery(client, merchant.sk) == [first["id"], draft["id"], template["id"]]
    assert gallery(client, merchant.pk) == [first["id"], template["id"]]
    assert gallery(client, merchant.pk, category="hotel") == [template["id"]]
    assert gallery(client, merchant.pk, category="sales") == [first["id"]]
    assert gallery(client, merchant.pk, tag="red") == [first["id"]]
    assert gallery(client, merchant.pk, q="carte HÔTEL") == [template["id"]]
    assert gallery(client, merchant.pk, product="prd_other") == []
    assert client.get(f"/v1/templates/{draft['id']}", headers=merchant.pk).status_code == 404
    response = client.delete(f"/v1/templates/{first['id']}", headers=merchant.sk)
    assert response.status_code == 200
    assert gallery(client, merchant.pk) == [template["id"]]


def test_a_brand_store_sees_its_templates_and_the_main_store_not_the_brands(
    client, merchant, product_id, font_id, assets, template
):
    brand, brand_pk = brand_store(client, merchant)
    private = create(
        client, merchant, product_id, font_id, assets, name="Lyon", status="published",
        stores=[brand],
    )  # fmt: skip
    assert private["stores"] == [brand]
    assert gallery(client, merchant.pk) == [template["id"]]
    assert gallery(client, brand_pk) == [template["id"], private["id"]]
    assert client.get(f"/v1/templates/{private['id']}", headers=merchant.pk).status_code == 404
    # A brand store enforcing its charter sees only what is limited to it.
    charter, charter_pk = brand_store(
        client, merchant, name="Réseau", domain="reseau.example",
        charter={"palette": [{"name": "Navy", "color": NAVY}]},
    )  # fmt: skip
    response = client.patch(
        f"/v1/templates/{private['id']}", headers=merchant.sk, json={"stores": [brand, charter]}
    )
    assert response.status_code == 200
    assert gallery(client, charter_pk) == [private["id"]]
    assert gallery(client, merchant.pk) == [template["id"]]


def test_the_thumbnail_is_rendered_from_the_template(client, merchant, template):
    response = client.get(template["thumbnail_url"], headers=merchant.pk)
    assert response.status_code == 200, response.json
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.size == (480, round(480 * 55 / 85))
    # The locked logo (navy square of samples.svg) is drawn at the top right.
    red, green, blue = image.convert("RGB").getpixel((round(480 * 70 / 85), round(480 * 15 / 85)))
    assert blue > red and blue > green


def test_template_mode_saves_with_an_editing_token_and_the_revision(
    client, merchant, other_merchant, template
):
    response = client.post(f"/v1/templates/{template['id']}/editing-token", headers=merchant.sk)
    assert response.status_code == 201
    token = response.json["token"]
    # Template mode opens drafts too: a publishable key alone does not.
    client.patch(f"/v1/templates/{template['id']}", headers=merchant.sk, json={"status": "draft"})
    opened = client.get(
        f"/v1/templates/{template['id']}",
        headers={**merchant.pk, "Monogram-Template-Token": token},
    )
    assert opened.status_code == 200 and opened.headers["ETag"] == '"1"'
    assert client.get(f"/v1/templates/{template['id']}", headers=merchant.pk).status_code == 404
    document = copy.deepcopy(template["document"])
    document["surfaces"][0]["objects"][1]["max_chars"] = 25
    url = f"/v1/templates/{template['id']}/document"

    def put(headers, **extra):
        return client.put(url, headers={**headers, **extra}, json=document)

    assert put(merchant.pk, **{"If-Match": "1"}).status_code == 403
    wrong = token.replace(template["id"], "tpl_other")
    assert (
        put(merchant.pk, **{"If-Match": "1", "Monogram-Template-Token": wrong}).status_code == 403
    )
    assert put(merchant.pk, **{"Monogram-Template-Token": token}).status_code == 428
    response = put(merchant.pk, **{"If-Match": '"1"', "Monogram-Template-Token": token})
    assert response.status_code == 200, response.json
    assert response.json["revision"] == 2 and response.headers["ETag"] == '"2"'
    assert response.json["document"]["surfaces"][0]["objects"][1]["max_chars"] == 25
    stale = put(merchant.pk, **{"If-Match": "1", "Monogram-Template-Token": token})
    assert stale.status_code == 412
    assert put(other_merchant.sk, **{"If-Match": "2"}).status_code == 404
    # Template mode also sets the template's fonts and palette; nothing else without a secret key.
    template_url = f"/v1/templates/{template['id']}"
    editor = {**merchant.pk, "Monogram-Template-Token": token}
    palette = [{"name": "Navy", "color": NAVY}]
    response = client.patch(template_url, headers=editor, json={"palette": palette})
    assert response.status_code == 200 and response.json["palette"] == palette
    response = client.patch(template_url, headers=editor, json={"status": "published"})
    assert response.status_code == 403 and response.json["errors"][0]["path"] == "/status"
    assert client.patch(template_url, headers=merchant.pk, json={"palette": []}).status_code == 403
    assert put(merchant.sk, **{"If-Match": "2"}).status_code == 200


def shopper_design(template, **changes):
    document = copy.deepcopy(template["document"])
    objects = {o["id"]: o for o in document["surfaces"][0]["objects"]}
    for path, value in changes.items():
        object_id, key = path.split("__")
        objects[object_id][key] = value
    return document


def test_a_shopper_may_fill_in_fields_and_replace_the_slot_picture(
    client, merchant, template, assets
):
    document = shopper_design(
        template, name__text="Paul Martin", photo__asset=assets["other_photo"],
        photo__crop={"x": 0, "y": 0, "width": 0.5, "height": 0.5},
    )  # fmt: skip
    own = {"id": "mine", "type": "shape", "shape": "rect", "x": 1, "y": 1, "width": 5,
           "height": 5, "fill": NAVY}  # fmt: skip
    document["surfaces"][0]["objects"].append(own)
    response = client.post("/v1/designs", headers=merchant.pk, json=document)
    assert response.status_code == 201, response.json


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        ({"logo__x": 10}, ["/surfaces/0/objects/0/x"]),
        ({"logo__lock": None}, ["/surfaces/0/objects/0/lock"]),
        ({"name__size": 30, "name__y": 31}, [
            "/surfaces/0/objects/1/y", "/surfaces/0/objects/1/size"]),
        ({"name__max_chars": 40}, ["/surfaces/0/objects/1/max_chars"]),
        ({"photo__fit": "contain"}, ["/surfaces/0/objects/2/fit"]),
    ],
)  # fmt: skip
def test_design_saves_that_break_the_template_are_refused_with_paths(
    client, merchant, template, changes, paths
):
    document = shopper_design(template, **changes)
    response = client.post("/v1/designs", headers=merchant.pk, json=document)
    assert response.status_code == 422, response.json
    assert [e["path"] for e in response.json["errors"]] == paths
    # The merchant's own tools (secret key) are not held to the shopper's rules.
    assert client.post("/v1/designs", headers=merchant.sk, json=document).status_code == 201


def test_locked_objects_cannot_be_deleted_and_own_objects_keep_to_the_template_fonts(
    client, merchant, template
):
    document = shopper_design(template)
    del document["surfaces"][0]["objects"][0]
    response = client.post("/v1/designs", headers=merchant.pk, json=document)
    assert response.status_code == 422
    assert "(logo) must stay" in response.json["errors"][0]["message"]
    response = client.patch(
        f"/v1/templates/{template['id']}", headers=merchant.sk,
        json={"palette": [{"name": "Navy", "color": NAVY}]},
    )  # fmt: skip
    assert response.status_code == 200 and response.json["revision"] == 1
    document = shopper_design(template)
    own = {"id": "mine", "type": "shape", "shape": "rect", "x": 1, "y": 1, "width": 5,
           "height": 5, "fill": {"rgb": "#ff0000"}}  # fmt: skip
    document["surfaces"][0]["objects"].append(own)
    response = client.post("/v1/designs", headers=merchant.pk, json=document)
    assert response.status_code == 422
    assert [e["path"] for e in response.json["errors"]] == ["/surfaces/0/objects/3/fill"]


def test_a_store_cannot_save_designs_from_a_template_it_does_not_see(
    client, merchant, product_id, font_id, assets
):
    brand, _ = brand_store(client, merchant)
    private = create(
        client, merchant, product_id, font_id, assets, status="published", stores=[brand]
    )
    response = client.post("/v1/designs", headers=merchant.pk, json=shopper_design(private))
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": "/template", "message": "This store does not offer this template."}
    ]


def test_an_editing_token_expires_after_two_hours(app, client, merchant, template):
    from monogram.extensions.db import db
    from monogram.models import Template
    from monogram.services import templates

    with app.test_request_context():
        row = db.session.get(Template, template["id"])
        token, expires_at = templates.editing_token(row, now=1_000_000)
    assert expires_at.timestamp() == 1_000_000 + 2 * 60 * 60
    response = client.put(
        f"/v1/templates/{template['id']}/document",
        headers={**merchant.pk, "Monogram-Template-Token": token, "If-Match": "1"},
        json=template["document"],
    )
    assert response.status_code == 403
    assert "expired" in response.json["message"]
