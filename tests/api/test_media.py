"""The media library over HTTP: collections curated with a secret key, clipart searched by the
editor with a publishable key, seen only where the collection is shared and offered."""

import io
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Asset, MediaCollection, MediaItem, Product, Store, StoreLimit
from monogram.services.keys import issue_key
from monogram.services.starter_media import add_starter_collection
from tests import samples

LICENCE = "Drawn by the shop's designer; printable on our products."


def upload(client, account, data, name):
    response = client.post(
        "/v1/assets", headers=account.sk, data={"file": (io.BytesIO(data), name)}
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def create_collection(client, account, **fields):
    body = {"name": "Pictograms", "category": "pictograms", "licence": LICENCE, **fields}
    response = client.post("/v1/media/collections", headers=account.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json


def add_item(client, account, collection_id, asset_id, name, tags=()):
    response = client.post(
        f"/v1/media/collections/{collection_id}/items",
        headers=account.sk,
        json={"asset": asset_id, "name": name, "tags": list(tags)},
    )
    assert response.status_code == 201, response.json
    return response.json


def names(response):
    assert response.status_code == 200, response.json
    return [item["name"] for item in response.json]


@pytest.fixture
def library(client, merchant):
    """Two collections: pictograms (an SVG and a PNG) and seasonal shapes (an SVG)."""
    pictograms = create_collection(client, merchant)
    seasonal = create_collection(client, merchant, name="Seasonal", category="seasonal", position=1)
    warning = upload(client, merchant, samples.svg(), "warning.svg")
    exit_sign = upload(client, merchant, samples.png(60, 60), "exit.png")
    heart = upload(
        client, merchant, samples.svg('<circle cx="5" cy="5" r="4" fill="#c00"/>'), "heart.svg"
    )
    add_item(client, merchant, pictograms["id"], warning, "Warning", ["Danger", "Sécurité"])
    add_item(client, merchant, pictograms["id"], exit_sign, "Emergency exit", ["sortie"])
    add_item(client, merchant, seasonal["id"], heart, "Heart", ["love", "cœur"])
    return SimpleNamespace(pictograms=pictograms, seasonal=seasonal, heart=heart)


@pytest.fixture
def brand_store(app, merchant):
    """A second store of the same merchant, with its own publishable key."""
    with app.app_context():
        store = Store(
            merchant_id=merchant.merchant_id, name="Dupont Pro", platform="custom", domain="pro"
        )
        db.session.add(store)
        db.session.flush()
        _, publishable = issue_key(merchant.merchant_id, "publishable", store_id=store.id)
        db.session.commit()
        return SimpleNamespace(id=store.id, pk={"Authorization": f"Bearer {publishable}"})


def set_category(app, product_id, category):
    with app.app_context():
        db.session.get(Product, product_id).category = category
        db.session.commit()


def test_the_editor_lists_clipart_in_collection_order_with_its_picture(client, merchant, library):
    response = client.get("/v1/media", headers=merchant.pk)
    assert names(response) == ["Warning", "Emergency exit", "Heart"]
    warning, exit_sign, heart = response.json
    assert warning["tags"] == ["danger", "sécurité"]
    assert (warning["category"], warning["collection_name"]) == ("pictograms", "Pictograms")
    assert warning["licence"] == LICENCE
    assert warning["asset"]["kind"] == "vector"
    assert (warning["asset"]["width_mm"], warning["asset"]["height_mm"]) == (10.0, 10.0)
    assert exit_sign["asset"]["kind"] == "raster" and exit_sign["asset"]["width_px"] == 60
    # The picture is an ordinary asset of the account: the editor downloads it as any other.
    content = client.get(f"/v1/assets/{heart['asset']['id']}/content", headers=merchant.pk)
    assert content.status_code == 200 and content.mimetype == "image/svg+xml"


def test_search_matches_words_in_names_and_tags_in_any_case(client, merchant, library):
    assert names(client.get("/v1/media?q=EXIT", headers=merchant.pk)) == ["Emergency exit"]
    assert names(client.get("/v1/media?q=cœur", headers=merchant.pk)) == ["Heart"]
    assert names(client.get("/v1/media?q=sécu", headers=merchant.pk)) == ["Warning"]
    assert names(client.get("/v1/media?q=emergency sortie", headers=merchant.pk)) == [
        "Emergency exit"
    ]
    assert names(client.get("/v1/media?q=emergency heart", headers=merchant.pk)) == []
    assert names(client.get("/v1/media?tag=Love", headers=merchant.pk)) == ["Heart"]
    assert names(client.get("/v1/media?tag=lov", headers=merchant.pk)) == []
    assert names(client.get("/v1/media?category=seasonal", headers=merchant.pk)) == ["Heart"]
    assert names(client.get("/v1/media?limit=1", headers=merchant.pk)) == ["Warning"]


def test_a_collection_limited_to_a_store_is_seen_only_there(client, merchant, library, brand_store):
    response = client.patch(
        f"/v1/media/collections/{library.seasonal['id']}",
        headers=merchant.sk,
        json={"stores": [brand_store.id]},
    )
    assert response.status_code == 200, response.json
    assert response.json["stores"] == [brand_store.id]
    assert names(client.get("/v1/media", headers=merchant.pk)) == ["Warning", "Emergency exit"]
    assert names(client.get("/v1/media", headers=brand_store.pk)) == [
        "Warning",
        "Emergency exit",
        "Heart",
    ]
    # The secret key sees the whole library, whatever its store.
    assert len(client.get("/v1/media", headers=merchant.sk).json) == 3


def test_collections_are_offered_on_the_product_categories_they_name(
    app, client, merchant, library, product_id
):
    client.patch(
        f"/v1/media/collections/{library.seasonal['id']}",
        headers=merchant.sk,
        json={"product_categories": ["mugs", " cards "]},
    )
    query = f"/v1/media?product={product_id}"
    assert names(client.get(query, headers=merchant.pk)) == ["Warning", "Emergency exit"]
    set_category(app, product_id, "cards")
    assert names(client.get(query, headers=merchant.pk)) == ["Warning", "Emergency exit", "Heart"]
    set_category(app, product_id, "t-shirts")
    assert names(client.get(query, headers=merchant.pk)) == ["Warning", "Emergency exit"]
    missing = client.get("/v1/media?product=prd_nope", headers=merchant.pk)
    assert missing.status_code == 404


def test_an_archived_collection_is_no_longer_offered_and_can_come_back(client, merchant, library):
    path = f"/v1/media/collections/{library.seasonal['id']}"
    assert client.delete(path, headers=merchant.sk).status_code == 204
    assert "Heart" not in names(client.get("/v1/media", headers=merchant.pk))
    listed = client.get("/v1/media/collections", headers=merchant.sk).json
    assert [c["name"] for c in listed] == ["Pictograms"]
    everything = client.get("/v1/media/collections?archived=true", headers=merchant.sk).json
    assert [c["item_count"] for c in everything] == [2, 1]
    assert everything[1]["archived_at"] is not None
    client.patch(path, headers=merchant.sk, json={"archived": False})
    assert "Heart" in names(client.get("/v1/media", headers=merchant.pk))


def test_items_are_renamed_retagged_and_removed_keeping_their_asset(client, merchant, library):
    base = f"/v1/media/collections/{library.seasonal['id']}/items"
    item = client.get(base, headers=merchant.sk).json[0]
    response = client.patch(
        f"{base}/{item['id']}", headers=merchant.sk, json={"name": "Big heart", "tags": ["Fête"]}
    )
    assert response.status_code == 200, response.json
    assert (response.json["name"], response.json["tags"]) == ("Big heart", ["fête"])
    assert client.delete(f"{base}/{item['id']}", headers=merchant.sk).status_code == 204
    assert client.get(base, headers=merchant.sk).json == []
    assert client.get(f"/v1/assets/{library.heart}", headers=merchant.sk).status_code == 200
    gone = client.delete(f"{base}/{item['id']}", headers=merchant.sk)
    assert gone.status_code == 404 and item["id"] in gone.json["message"]


def test_publishable_keys_cannot_curate_collections(client, merchant, library):
    body = {"name": "Mine", "licence": "mine"}
    assert client.post("/v1/media/collections", headers=merchant.pk, json=body).status_code == 403
    assert client.get("/v1/media/collections", headers=merchant.pk).status_code == 403
    items = f"/v1/media/collections/{library.seasonal['id']}/items"
    add = {"asset": library.heart, "name": "Again"}
    assert client.post(items, headers=merchant.pk, json=add).status_code == 403


def test_unknown_stores_are_refused_and_nothing_is_stored(app, client, merchant, other_merchant):
    body = {"name": "Brand", "licence": LICENCE, "stores": [other_merchant.store_id, "sto_x"]}
    response = client.post("/v1/media/collections", headers=merchant.sk, json=body)
    assert response.status_code == 422
    assert [error["path"] for error in response.json["errors"]] == ["/stores/0", "/stores/1"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MediaCollection)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StoreLimit)) == 0


def test_a_licence_is_required_and_names_are_unique(client, merchant, library):
    response = client.post("/v1/media/collections", headers=merchant.sk, json={"name": "New"})
    assert response.status_code == 422
    assert response.json["errors"][0]["path"] == "/licence"
    taken = client.post(
        "/v1/media/collections", headers=merchant.sk, json={"name": "Seasonal", "licence": "x"}
    )
    assert taken.status_code == 409 and library.seasonal["id"] in taken.json["message"]


def test_only_the_accounts_pictures_become_clipart_and_only_once(
    app, client, merchant, other_merchant, library, font_id
):
    items = f"/v1/media/collections/{library.seasonal['id']}/items"
    theirs = upload(client, other_merchant, samples.png(), "theirs.png")
    with app.app_context():
        font_asset = db.session.scalar(sa.select(Asset.id).where(Asset.kind == "font"))
    for asset, message in (
        (theirs, f"No asset {theirs!r} in this account."),
        (font_asset, "Only SVG artwork and images can be clipart."),
    ):
        response = client.post(items, headers=merchant.sk, json={"asset": asset, "name": "X"})
        assert response.status_code == 422
        assert response.json["errors"] == [{"path": "/asset", "message": message}]
    again = client.post(items, headers=merchant.sk, json={"asset": library.heart, "name": "X"})
    assert again.status_code == 409
    elsewhere = client.post(items, headers=other_merchant.sk, json={"asset": theirs, "name": "X"})
    assert elsewhere.status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MediaItem)) == 3


def test_starter_collection_is_stored_sanitised_and_added_once(app, client, merchant):
    with app.app_context():
        collections = add_starter_collection(merchant.merchant_id, locale="fr")
        db.session.commit()
        assert [c.category for c in collections] == ["pictograms", "labels", "seasonal"]
        again = add_starter_collection(merchant.merchant_id, locale="fr")
        db.session.commit()
        assert [c.id for c in again] == [c.id for c in collections]
        assets = db.session.scalars(
            sa.select(Asset).join(MediaItem, MediaItem.asset_id == Asset.id)
        ).all()
    assert len(assets) == 24
    # Every drawing passed the upload sanitiser untouched, and has a print size.
    assert all(asset.kind == "vector" and asset.notes == [] for asset in assets)
    assert all(asset.width_mm == asset.height_mm == 30.0 for asset in assets)
    found = client.get("/v1/media?q=flocon", headers=merchant.pk).json
    assert [(item["name"], item["category"]) for item in found] == [("Flocon", "seasonal")]
    assert names(client.get("/v1/media?q=snowflake", headers=merchant.pk)) == ["Flocon"]
