"""Console products and print areas: list, create, edit, store links, areas, mockup and quad."""

import html
import io
import re

import pytest
import sqlalchemy as sa

import monogram.api.console.products  # noqa: F401  (routes.py imports it once wired)
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Asset, PlatformRef, PrintArea, Product
from tests import samples
from tests.console.conftest import alert, csrf_of, sign_in

DESIGNER = "dora@dupont.example"
OPERATOR = "olive@dupont.example"
OTHER = "marc@martin.example"
AREA = {
    "name": "Face avant",
    "code": "",
    "width": "85",
    "height": "55",
    "bleed": "3",
    "safe": "4",
    "technique": "screen_print",
    "color_mode": "spot",
    "max_colors": "3",
    "min_dpi": "300",
    "cut_contour": "offset",
    "cut_offset": "2,5",
}


@pytest.fixture
def designer(admin, make_user, merchant):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    sign_in(admin, DESIGNER)
    return admin


def csrf(browser):
    return csrf_of(browser.get("/console/products"))


def field_error(response, name):
    found = re.search(
        rf'<p class="field-error" id="{re.escape(name)}-error">([^<]*)</p>', response.text
    )
    return html.unescape(found.group(1)) if found else None


def assert_refused(response, field, message):
    """A 422 page that says, next to `field`, what to fix in it."""
    assert response.status_code == 422
    assert alert(response) == "Some fields need a correction: see the messages next to them."
    assert field_error(response, field).startswith(message), response.text


def snapshot(app):
    """What a refused form must leave alone: products, areas, links and assets."""
    with app.app_context():
        return {
            model.__tablename__: sorted(
                repr(tuple(getattr(row, c.key) for c in model.__table__.columns))
                for row in db.session.scalars(sa.select(model))
            )
            for model in (Product, PrintArea, PlatformRef, Asset)
        }


def stored_product(app, product_id):
    with app.app_context():
        product = db.session.get(Product, product_id)
        refs = [(r.store_id, r.platform_product, r.platform_variant) for r in product.platform_refs]
        areas = [
            {
                name: getattr(area, name)
                for name in (
                    *("id", "code", "name", "width", "height", "bleed", "safe", "technique"),
                    *("color_mode", "max_colors", "min_dpi", "cut_contour"),
                    *("mockup_asset_id", "mockup_quad"),
                )
            }
            for area in product.areas
        ]
        return {
            "name": product.name,
            "category": product.category,
            "proof": product.proof,
            "lead_time_days": product.lead_time_days,
            "refs": refs,
            "areas": areas,
        }


def create(browser, merchant, name="Mug émaillé", product="mug-350", variant="", store=None):
    return browser.post(
        "/console/products",
        data={
            "csrf": csrf(browser),
            "name": name,
            "store": merchant.store_id if store is None else store,
            "platform_product": product,
            "variant": variant,
        },
    )


def new_product(app, browser, merchant, **kwargs):
    response = create(browser, merchant, **kwargs)
    assert response.status_code == 303, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


def add_area(browser, product_id, files=None, **fields):
    data = {"csrf": csrf(browser), **AREA, **fields, **(files or {})}
    return browser.post(f"/console/products/{product_id}/areas", data=data)


# The list and creating a product


def test_the_list_shows_this_merchants_products_with_their_links_and_areas(
    app, client, designer, merchant, other_merchant, product_id
):
    theirs = client.post(
        "/v1/products", headers=other_merchant.sk, json={**samples.card_product(), "name": "Tote"}
    )
    assert theirs.status_code == 201
    made = new_product(app, designer, merchant, name="Mug émaillé", product="mug-350")
    listed = designer.get("/console/products")
    assert listed.status_code == 200
    assert re.findall(r'<tr data-product="([^"]+)">', listed.text) == [product_id, made]
    assert "Tote" not in listed.text
    mug = listed.text.split(f'data-product="{made}"')[1].split("</tr>")[0]
    assert "<code>mug-350</code>" in mug and 'data-areas="0"' in mug
    assert "No print area yet: shoppers cannot personalise it." in mug
    card = listed.text.split(f'data-product="{product_id}"')[1].split("</tr>")[0]
    assert 'data-areas="2"' in card and "Not linked yet" in card
    french = designer.get("/console/products?lang=fr")
    assert "Créer un produit" in french.text and "Nom du produit" in french.text


def test_creating_a_product_links_it_to_the_store_product_and_opens_its_page(
    app, designer, merchant
):
    response = create(designer, merchant, name="Mug émaillé", product="mug-350", variant="blanc")
    assert response.status_code == 303
    product_id = response.headers["Location"].rsplit("/", 1)[1]
    assert response.headers["Location"].endswith(f"/console/products/{product_id}")
    assert stored_product(app, product_id) == {
        "name": "Mug émaillé",
        "category": None,
        "proof": "none",
        "lead_time_days": 5,
        "refs": [(merchant.store_id, "mug-350", "blanc")],
        "areas": [],
    }
    with app.app_context():
        assert db.session.get(Product, product_id).merchant_id == merchant.merchant_id
    shown = designer.get(f"/console/products/{product_id}")
    assert shown.status_code == 200
    assert "The product is created. Add its print areas now." in shown.text
    assert "No print area yet. Add one" in shown.text


def test_a_product_needs_no_store_link_to_be_created(app, designer, merchant):
    product_id = new_product(app, designer, merchant, product="", store="")
    assert stored_product(app, product_id)["refs"] == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Give it a name (up to 200 characters)."),
        ({"name": "x" * 201}, "name", "Give it a name (up to 200 characters)."),
        ({"store": ""}, "store", "Choose the store this product is sold in."),
        ({"product": ""}, "platform_product", "Type the product’s id, handle or SKU"),
        ({"store": "sto_nope"}, "store", "Choose the store this product is sold in."),
    ],
)
def test_a_bad_product_is_refused_with_what_to_fix_and_nothing_stored(
    app, designer, merchant, fields, field, message
):
    before = snapshot(app)
    response = create(designer, merchant, **fields)
    assert_refused(response, field, message)
    assert f'id="{field}"' in response.text
    assert snapshot(app) == before
    # The form keeps what was typed.
    if fields.get("name"):
        assert f'value="{fields["name"]}"' in response.text


def test_a_store_product_linked_to_another_product_is_refused_by_name(app, designer, merchant):
    new_product(app, designer, merchant, name="Mug émaillé", product="mug-350")
    before = snapshot(app)
    response = create(designer, merchant, name="Mug bis", product="mug-350")
    assert response.status_code == 422
    assert field_error(response, "platform_product") == (
        "This store product is already linked to Mug émaillé: remove that link first, or "
        "choose another product."
    )
    assert snapshot(app) == before


def test_an_operator_gets_the_403_page_on_every_products_page(app, admin, make_user, merchant):
    make_user(merchant.merchant_id, OPERATOR, role="operator")
    sign_in(admin, OPERATOR)
    assert admin.get("/console/products").status_code == 403
    before = snapshot(app)
    token = csrf_of(admin.get("/console/"))
    response = admin.post("/console/products", data={"csrf": token, "name": "Mug"})
    assert response.status_code == 403
    assert "Only these roles can open this page: Owner, Designer." in html.unescape(response.text)
    assert snapshot(app) == before


# The product page


def test_saving_the_details_changes_them_and_keeps_the_areas(app, client, designer, product_id):
    before = stored_product(app, product_id)
    response = designer.post(
        f"/console/products/{product_id}",
        data={
            "csrf": csrf(designer),
            "name": "Carte de visite",
            "category": "business-cards",
            "proof": "customer_then_manager",
            "lead_time_days": "3",
        },
    )
    assert response.status_code == 303
    after = stored_product(app, product_id)
    assert after == {
        **before,
        "name": "Carte de visite",
        "category": "business-cards",
        "proof": "customer_then_manager",
        "lead_time_days": 3,
    }
    assert "The product is saved." in designer.get(response.headers["Location"]).text


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"lead_time_days": "two"}, "lead_time_days"),
        ({"lead_time_days": "400"}, "lead_time_days"),
        ({"proof": "sometimes"}, "proof"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_details_are_refused_and_kept_in_the_form(app, designer, product_id, fields, field):
    before = snapshot(app)
    data = {"name": "Carte", "category": "", "proof": "none", "lead_time_days": "5", **fields}
    response = designer.post(
        f"/console/products/{product_id}", data={"csrf": csrf(designer), **data}
    )
    assert response.status_code == 422
    assert field_error(response, field)
    assert snapshot(app) == before


def test_linking_and_unlinking_a_store_product(app, designer, merchant, product_id):
    token = csrf(designer)
    linked = designer.post(
        f"/console/products/{product_id}/links",
        data={
            "csrf": token,
            "store": merchant.store_id,
            "platform_product": "cdv-85",
            "variant": "",
        },
    )
    assert linked.status_code == 303
    assert stored_product(app, product_id)["refs"] == [(merchant.store_id, "cdv-85", "")]
    page = designer.get(f"/console/products/{product_id}")
    assert "The store product is linked." in page.text
    assert "Remove the link" in page.text and "Every variant" in page.text

    before = snapshot(app)
    empty = designer.post(
        f"/console/products/{product_id}/links",
        data={"csrf": token, "store": merchant.store_id, "platform_product": "", "variant": ""},
    )
    assert empty.status_code == 422
    assert field_error(empty, "platform_product")
    assert snapshot(app) == before

    unlinked = designer.post(
        f"/console/products/{product_id}/links/remove",
        data={
            "csrf": token,
            "store": merchant.store_id,
            "platform_product": "cdv-85",
            "variant": "",
        },
    )
    assert unlinked.status_code == 303
    assert stored_product(app, product_id)["refs"] == []
    assert "The link is removed." in designer.get(f"/console/products/{product_id}").text


# Print areas


def test_adding_a_print_area_stores_what_the_form_says(app, client, designer, merchant):
    product_id = new_product(app, designer, merchant)
    response = add_area(designer, product_id)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/console/products/{product_id}")
    (area,) = stored_product(app, product_id)["areas"]
    assert {k: v for k, v in area.items() if k != "id"} == {
        "code": "face-avant",
        "name": "Face avant",
        "width": 85,
        "height": 55,
        "bleed": 3,
        "safe": 4,
        "technique": "screen_print",
        "color_mode": "spot",
        "max_colors": 3,
        "min_dpi": 300,
        "cut_contour": "offset:2.5",
        "mockup_asset_id": None,
        "mockup_quad": None,
    }
    page = designer.get(f"/console/products/{product_id}")
    assert "The print area is saved." in page.text
    assert 'data-area="face-avant"' in page.text and "85 × 55 mm" in page.text
    # The API reads it back as it would have taken it.
    document = client.get(f"/v1/products/{product_id}", headers=merchant.sk).json
    assert document["areas"][0]["id"] == "face-avant"
    assert document["areas"][0]["cut_contour"] == "offset:2.5"
    # A second area of the same name gets a code of its own.
    assert add_area(designer, product_id, cut_contour="trim").status_code == 303
    codes = [a["code"] for a in stored_product(app, product_id)["areas"]]
    assert codes == ["face-avant", "face-avant-2"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"width": "abc"}, "width", "Type the width in millimetres: more than 0, up to 10000."),
        ({"width": ""}, "width", "Type the width in millimetres: more than 0, up to 10000."),
        ({"height": "0"}, "height", "Type the height in millimetres: more than 0, up to 10000."),
        ({"bleed": "60"}, "bleed", "Type the bleed in millimetres, from 0 to 50."),
        ({"safe": "30"}, "safe", "The safe margin leaves no room to print"),
        ({"technique": "painting"}, "technique", "Choose a technique."),
        ({"color_mode": "hsl"}, "color_mode", "Choose a colour mode."),
        ({"max_colors": "1.5"}, "max_colors", "Type a whole number of inks from 1 to 16"),
        ({"min_dpi": "0"}, "min_dpi", "Type a whole number from 1 to 2400."),
        ({"cut_offset": "200"}, "cut_offset", "Type the cut distance in millimetres"),
        ({"cut_contour": "zigzag"}, "cut_contour", "Choose a cut contour."),
        ({"code": "Front!"}, "code", "Use lower-case letters, digits, - and _ only"),
        ({"code": "front"}, "code", "Another print area of this product uses this code"),
    ],
)
def test_a_bad_print_area_is_refused_with_what_to_fix_and_nothing_stored(
    app, designer, product_id, fields, field, message
):
    before = snapshot(app)
    response = add_area(designer, product_id, **fields)
    assert_refused(response, field, message)
    assert f'id="{field}" name="{field}"' in response.text
    assert snapshot(app) == before


def test_a_mockup_photo_gets_a_starting_quad_that_the_merchant_then_moves(app, designer, merchant):
    product_id = new_product(app, designer, merchant)
    photo = (samples.png_io(width=800, height=600), "mug.png")
    response = add_area(designer, product_id, files={"mockup": photo}, cut_contour="trim")
    assert response.status_code == 303
    (area,) = stored_product(app, product_id)["areas"]
    # The area page opens again, to place the corners on the photo.
    assert response.headers["Location"].endswith(f"/areas/{area['id']}")
    # Half the photo's width, centred, in the area's 85 × 55 shape.
    assert area["mockup_quad"] == [[200, 170.6], [600, 170.6], [600, 429.4], [200, 429.4]]
    with app.app_context():
        asset = db.session.get(Asset, area["mockup_asset_id"])
        assert (asset.merchant_id, asset.kind, asset.width_px) == (
            merchant.merchant_id,
            "raster",
            800,
        )
        # The screen-sized preview once the worker made it, else the photo as uploaded.
        if asset.preview_status == "ready":
            shown = (storage().get(asset.preview_key), "image/webp")
        else:
            shown = (storage().get(asset.storage_key), "image/png")
    page = designer.get(response.headers["Location"])
    assert "The photo is saved. Place the four corners" in page.text
    assert 'data-quad-editor data-width="800" data-height="600"' in page.text
    image = re.search(r'<img src="([^"]+)"', page.text).group(1)
    served = designer.get(html.unescape(image))
    assert served.status_code == 200
    assert (served.data, served.mimetype) == shown

    # The corners typed (or dragged) are stored as the API's quad.
    corners = {"quad-0-x": "10", "quad-0-y": "20", "quad-1-x": "790", "quad-1-y": "25"}
    corners |= {"quad-2-x": "780", "quad-2-y": "590", "quad-3-x": "15", "quad-3-y": "580"}
    edit = f"/console/products/{product_id}/areas/{area['id']}"
    saved = designer.post(edit, data={"csrf": csrf(designer), **AREA, **corners})
    assert saved.status_code == 303
    after = stored_product(app, product_id)["areas"][0]
    assert after["mockup_quad"] == [[10, 20], [790, 25], [780, 590], [15, 580]]
    assert after["id"] == area["id"] and after["code"] == "face-avant"

    before = snapshot(app)
    outside = designer.post(
        edit, data={"csrf": csrf(designer), **AREA, **corners, "quad-1-x": "900"}
    )
    assert outside.status_code == 422
    assert field_error(outside, "quad") == "Type all four corners, each inside the photo."
    assert snapshot(app) == before

    removed = designer.post(
        edit, data={"csrf": csrf(designer), **AREA, **corners, "remove_mockup": "1"}
    )
    assert removed.status_code == 303
    after = stored_product(app, product_id)["areas"][0]
    assert (after["mockup_asset_id"], after["mockup_quad"]) == (None, None)


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_stored(app, designer, product_id):
    before = snapshot(app)
    with app.app_context():
        files = set(storage().keys())
    drawing = (io.BytesIO(samples.svg()), "logo.svg")
    response = add_area(designer, product_id, files={"mockup": drawing}, code="lid")
    assert response.status_code == 422
    assert field_error(response, "mockup").startswith("This file is not a photo")
    assert snapshot(app) == before
    with app.app_context():
        assert set(storage().keys()) == files


def test_an_area_is_deleted_after_its_confirmation_page(app, designer, product_id):
    front = stored_product(app, product_id)["areas"][0]
    page = f"/console/products/{product_id}/areas/{front['id']}"
    edit = designer.get(page)
    assert "Delete the print area" in edit.text
    confirm = designer.get(f"{page}/delete")
    assert confirm.status_code == 200
    assert "Delete the print area Recto?" in confirm.text
    assert stored_product(app, product_id)["areas"][0] == front
    response = designer.post(f"{page}/delete", data={"csrf": csrf(designer)})
    assert response.status_code == 303
    assert [a["code"] for a in stored_product(app, product_id)["areas"]] == ["back"]
    assert "The print area is deleted." in designer.get(response.headers["Location"]).text
    assert designer.get(page).status_code == 404


def test_every_form_refuses_a_post_without_csrf_and_changes_nothing(
    app, designer, merchant, product_id
):
    area = stored_product(app, product_id)["areas"][0]["id"]
    base = f"/console/products/{product_id}"
    posts = {
        "/console/products": {"name": "Mug", "store": "", "platform_product": ""},
        base: {"name": "Changed", "proof": "none", "lead_time_days": "5"},
        f"{base}/links": {"store": merchant.store_id, "platform_product": "x"},
        f"{base}/links/remove": {"store": merchant.store_id, "platform_product": "x"},
        f"{base}/areas": AREA,
        f"{base}/areas/{area}": AREA,
        f"{base}/areas/{area}/delete": {},
    }
    before = snapshot(app)
    for path, data in posts.items():
        response = designer.post(path, data=data)
        assert response.status_code == 400, path
        assert "This page was out of date, so nothing was changed." in response.text
    assert snapshot(app) == before


def test_every_page_and_form_of_merchant_a_is_a_404_for_merchant_b(
    app, admin, make_user, merchant, other_merchant, product_id
):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    sign_in(admin, DESIGNER)
    area = stored_product(app, product_id)["areas"][0]["id"]
    base = f"/console/products/{product_id}"
    pages = [base, f"{base}/areas/new", f"{base}/areas/{area}", f"{base}/areas/{area}/delete"]
    pages.append(f"{base}/areas/{area}/mockup")
    for path in pages:
        assert admin.get(path).status_code == 200, path
    admin.post("/console/signout", data={"csrf": csrf(admin)})

    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    token = csrf(admin)
    for path in pages:
        response = admin.get(path)
        assert response.status_code == 404, path
        assert "There is no such page or record in your account." in response.text
    before = snapshot(app)
    forms = {
        base: {"name": "Changed", "proof": "none", "lead_time_days": "5"},
        f"{base}/links": {"store": other_merchant.store_id, "platform_product": "x"},
        f"{base}/links/remove": {"store": merchant.store_id, "platform_product": "x"},
        f"{base}/areas": AREA,
        f"{base}/areas/{area}": AREA,
        f"{base}/areas/{area}/delete": {},
    }
    for path, data in forms.items():
        assert admin.post(path, data={"csrf": token, **data}).status_code == 404, path
    # Merchant B's own store cannot take A's product either, nor its own list show it.
    assert product_id not in admin.get("/console/products").text
    assert snapshot(app) == before


def test_an_area_of_another_product_is_not_found_under_this_one(
    app, client, designer, merchant, product_id
):
    other = new_product(app, designer, merchant, product="mug-1")
    area = stored_product(app, product_id)["areas"][0]["id"]
    assert designer.get(f"/console/products/{other}/areas/{area}").status_code == 404
    assert designer.get(f"/console/products/{product_id}/areas/abc").status_code == 404
    assert designer.get(f"/console/products/{product_id}/areas/²").status_code == 404


def test_a_french_merchant_reads_what_to_fix_in_french(app, designer, product_id):
    data = {"csrf": csrf(designer), **AREA, "code": "couvercle", "width": "large"}
    response = designer.post(f"/console/products/{product_id}/areas?lang=fr", data=data)
    assert response.status_code == 422
    assert alert(response) == "Certains champs sont à corriger : voyez les messages à côté d’eux."
    assert field_error(response, "width") == (
        "Tapez la largeur en millimètres : plus de 0, jusqu’à 10000."
    )
    assert "Largeur (mm)" in response.text and "Fond perdu (mm)" in response.text
