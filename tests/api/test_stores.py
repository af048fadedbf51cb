"""/v1/stores: brand stores with their own editor key, and the charter enforced on their designs."""

import io

import pytest

from tests import samples

NAVY = {"cmyk": [100, 66, 0, 2]}
LOGO = {"area": "front", "x": 65, "y": 5, "width": 15, "height": 15}


def brand_store(client, merchant, **fields):
    body = {"name": "Franchise Lyon", "domain": "lyon.franchise.example", **fields}
    response = client.post("/v1/stores", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json


def pk(store):
    return {"Authorization": f"Bearer {store['publishable_key']}"}


def upload_logo(client, merchant):
    response = client.post(
        "/v1/assets",
        headers=merchant.sk,
        data={"file": (io.BytesIO(samples.svg()), "logo.svg")},
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_a_brand_store_is_added_with_its_own_editor_key(client, merchant):
    store = brand_store(client, merchant)
    assert store["role"] == "brand"
    assert store["publishable_key"].startswith("pk_")
    listed = client.get("/v1/stores", headers=merchant.sk).json
    assert [(s["id"], s["role"]) for s in listed] == [
        (merchant.store_id, "main"),
        (store["id"], "brand"),
    ]
    assert "publishable_key" not in listed[1]
    # The new key works in the editor, for this merchant.
    assert client.get("/v1/fonts", headers=pk(store)).status_code == 200


def test_store_mistakes_are_refused_and_nothing_is_added(client, merchant, other_merchant):
    brand_store(client, merchant)
    taken = client.post(
        "/v1/stores",
        headers=merchant.sk,
        json={"name": "Again", "domain": "LYON.franchise.example"},
    )
    assert taken.status_code == 409
    assert taken.json["errors"] == [{"path": "/domain", "message": "Already used."}]
    theirs = upload_logo(client, other_merchant)
    foreign_logo = client.post(
        "/v1/stores",
        headers=merchant.sk,
        json={
            "name": "Paris",
            "domain": "paris.franchise.example",
            "charter": {"logo": {"asset": theirs, **LOGO}},
        },
    )
    assert foreign_logo.status_code == 422
    assert foreign_logo.json["errors"][0]["path"] == "/charter/logo/asset"
    main_charter = client.patch(
        f"/v1/stores/{merchant.store_id}", headers=merchant.sk, json={"charter": {"palette": []}}
    )
    assert main_charter.status_code == 422
    assert main_charter.json["errors"] == [{"path": "/charter", "message": "Needs role 'brand'."}]
    assert len(client.get("/v1/stores", headers=merchant.sk).json) == 2
    assert client.get("/v1/stores", headers=merchant.pk).status_code == 403
    assert client.get(f"/v1/stores/{merchant.store_id}", headers=other_merchant.sk).status_code == (
        404
    )


@pytest.fixture
def charter_store(client, merchant, product_id):
    logo = upload_logo(client, merchant)
    store = brand_store(
        client,
        merchant,
        charter={"palette": [{"name": "Navy", "color": NAVY}], "logo": {"asset": logo, **LOGO}},
    )
    return store, logo


def test_the_charter_logo_is_put_locked_on_every_design_of_the_brand_store(
    client, product_id, font_id, charter_store
):
    store, logo = charter_store
    design = samples.design(product_id, font_id, color=NAVY)
    created = client.post("/v1/designs", headers=pk(store), json=design)
    assert created.status_code == 201, created.json
    front = created.json["document"]["surfaces"][0]
    assert [o["id"] for o in front["objects"]] == ["name", "brand-logo"]
    placed = front["objects"][1]
    assert placed["type"] == "vector"
    assert placed["asset"] == logo
    assert [placed[k] for k in ("x", "y", "width", "height")] == [65, 5, 15, 15]
    assert placed["lock"] == {
        "move": True,
        "resize": True,
        "rotate": True,
        "edit": True,
        "delete": True,
    }
    # A shopper who moved or removed it gets it back where the charter puts it.
    moved = created.json["document"]
    moved["surfaces"][0]["objects"][1]["x"] = 2
    saved = client.put(
        f"/v1/designs/{created.json['id']}",
        headers={
            **pk(store),
            "Monogram-Design-Token": created.json["token"],
            "If-Match": created.headers["ETag"],
        },
        json=moved,
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["document"]["surfaces"][0]["objects"][1]["x"] == 65


def test_colours_outside_the_charter_are_refused_with_their_paths(
    client, merchant, product_id, font_id, charter_store
):
    store, _ = charter_store
    red = samples.design(product_id, font_id, color={"rgb": "#cc0000"})
    refused = client.post("/v1/designs", headers=pk(store), json=red)
    assert refused.status_code == 422
    assert refused.json["errors"] == [
        {"path": "/surfaces/0/objects/0/color", "message": "Not a colour of the charter."}
    ]
    # The main store has no charter: the same design is fine there, and gets no logo.
    main = client.post("/v1/designs", headers=merchant.pk, json=red)
    assert main.status_code == 201
    assert [o["id"] for o in main.json["document"]["surfaces"][0]["objects"]] == ["name"]


def test_a_price_list_limited_to_a_brand_store_applies_only_to_its_sales(
    client, merchant, product_id, font_id
):
    from tests.api.test_prices import RULE, put_rule

    put_rule(client, merchant, product_id, RULE)
    brand = brand_store(client, merchant)
    created = client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={
            "name": "Réseau Lyon",
            "customer_group": "franchise",
            "discount_percent": "10",
            "stores": [brand["id"]],
        },
    )
    assert created.status_code == 201, created.json
    assert created.json["stores"] == [brand["id"]]
    body = {
        "document": samples.design(product_id, font_id),
        "quantity": 1,
        "customer_group": "franchise",
    }
    # The secret key speaks for the main store, where the Lyon list does not apply.
    assert client.post("/v1/prices/quote", headers=merchant.sk, json=body).json["unit_price"] == (
        1253
    )
    shared = client.patch(
        f"/v1/price-lists/{created.json['id']}", headers=merchant.sk, json={"stores": []}
    )
    assert shared.json["stores"] == []
    assert client.post("/v1/prices/quote", headers=merchant.sk, json=body).json["unit_price"] == (
        1128
    )
    foreign = client.patch(
        f"/v1/price-lists/{created.json['id']}",
        headers=merchant.sk,
        json={"stores": ["sto_nope"]},
    )
    assert foreign.status_code == 422
    assert foreign.json["errors"] == [
        {"path": "/stores/0", "message": "No store 'sto_nope' in this account."}
    ]


def template(client, merchant, product_id, font_id, name, stores=()):
    body = {
        "name": name,
        "status": "published",
        "document": samples.design(product_id, font_id, field="name", max_chars=30),
        "stores": list(stores),
    }
    response = client.post("/v1/templates", headers=merchant.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def font(client, merchant, path, stores=()):
    response = client.post(
        "/v1/fonts",
        headers=merchant.sk,
        data={
            "file": (io.BytesIO(path.read_bytes()), path.name),
            "licence_note": "Bitstream Vera licence",
            "stores": list(stores),
        },
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def gallery(client, headers, product_id):
    response = client.get("/v1/templates", headers=headers, query_string={"product": product_id})
    assert response.status_code == 200, response.json
    return {t["id"] for t in response.json}


def fonts_listed(client, headers):
    response = client.get("/v1/fonts", headers=headers)
    assert response.status_code == 200, response.json
    return {f["id"] for f in response.json}


def test_each_store_widget_sees_only_what_is_shared_with_it(client, merchant, product_id, font_id):
    lyon = brand_store(client, merchant, charter={"fonts": True})
    nantes = brand_store(client, merchant, name="Franchise Nantes", domain="nantes.example")
    lyon_font = font(client, merchant, samples.VERA_BOLD, stores=[lyon["id"]])
    offered = samples.card_product([font_id, lyon_font])
    assert client.put(
        f"/v1/products/{product_id}", headers=merchant.sk, json=offered
    ).status_code == (200)
    shared = template(client, merchant, product_id, font_id, "Carte réseau")
    lyon_only = template(client, merchant, product_id, lyon_font, "Carte Lyon", [lyon["id"]])
    nantes_only = template(client, merchant, product_id, font_id, "Carte Nantes", [nantes["id"]])

    # Lyon enforces its charter: its own templates and fonts only, not even the shipped library.
    assert gallery(client, pk(lyon), product_id) == {lyon_only}
    assert fonts_listed(client, pk(lyon)) == {lyon_font}
    lyon_product = client.get(f"/v1/products/{product_id}", headers=pk(lyon)).json
    assert lyon_product["fonts"] == [lyon_font]

    # Nantes has no charter: what is shared with every store, and its own.
    assert gallery(client, pk(nantes), product_id) == {shared, nantes_only}
    assert font_id in fonts_listed(client, pk(nantes))
    assert lyon_font not in fonts_listed(client, pk(nantes))

    # The main store never sees a brand's private templates, not even by id.
    assert gallery(client, merchant.pk, product_id) == {shared}
    for private in (lyon_only, nantes_only):
        assert client.get(f"/v1/templates/{private}", headers=merchant.pk).status_code == 404
    assert client.get(f"/v1/fonts/{lyon_font}", headers=merchant.pk).status_code == 404
    assert client.get(f"/v1/fonts/{lyon_font}/woff2", headers=merchant.pk).status_code == 404

    # The secret key manages them all.
    everything = client.get("/v1/templates", headers=merchant.sk).json
    assert {t["id"]: t["stores"] for t in everything} == {
        shared: [],
        lyon_only: [lyon["id"]],
        nantes_only: [nantes["id"]],
    }


def test_a_brand_store_with_a_font_charter_cannot_save_another_font(
    client, merchant, product_id, font_id
):
    lyon = brand_store(client, merchant, charter={"fonts": True})
    own = font(client, merchant, samples.VERA_BOLD, stores=[lyon["id"]])
    refused = client.post("/v1/designs", headers=pk(lyon), json=samples.design(product_id, font_id))
    assert refused.status_code == 422
    assert refused.json["errors"] == [
        {"path": "/surfaces/0/objects/0/font", "message": "Not one of this store's fonts."}
    ]
    offered = samples.card_product([font_id, own])
    assert client.put(
        f"/v1/products/{product_id}", headers=merchant.sk, json=offered
    ).status_code == (200)
    accepted = client.post("/v1/designs", headers=pk(lyon), json=samples.design(product_id, own))
    assert accepted.status_code == 201, accepted.json


def test_the_brand_store_editor_gets_the_charter_palette_and_logo(
    client, merchant, product_id, charter_store
):
    store, logo = charter_store
    seen = client.get(f"/v1/products/{product_id}", headers=pk(store)).json
    assert seen["palette"] == [{"name": "Navy", "color": NAVY}]
    assert seen["brand_objects"] == [
        {
            "area": "front",
            "object": {
                "id": "brand-logo",
                "type": "vector",
                "asset": logo,
                "x": 65,
                "y": 5,
                "width": 15,
                "height": 15,
                "rotation": 0,
                "lock": {
                    "move": True,
                    "resize": True,
                    "rotate": True,
                    "edit": True,
                    "delete": True,
                },
            },
        }
    ]
    main = client.get(f"/v1/products/{product_id}", headers=merchant.pk).json
    assert main["brand_objects"] == []
    assert main["palette"] == samples.card_product()["palette"]
