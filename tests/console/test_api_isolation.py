"""Every /v1 route with merchant A's ids and merchant B's keys: never A's data, nothing changed.

The routes come from the app's URL map, over the same estate as the console's every-route test
(one record of every kind merchant A can have). B's secret key and B's publishable key call each
route and method: each is a 404, a 403 where the key may not ask at all, or a 422 for a request
the route cannot read — never a success, never another of A's ids in the answer, and no row of
any table changed.
"""

import io
import json

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Asset, Company, Design, PriceList
from monogram.rendering.models3d_demo import box_glb
from monogram.services import customers
from tests import samples
from tests.console.test_every_route import (
    ESTATE_IDS,
    estate,  # noqa: F401  (a fixture)
    snapshot,
)
from tests.console.test_pages import batch  # noqa: F401  (a fixture)

REFUSED = {401, 403, 404}
# Values for the URL arguments the console does not use.
API_IDS = {
    "asset_id": lambda m: sa.select(Asset.id).where(Asset.merchant_id == m, Asset.kind == "raster"),
    "company_id": lambda m: sa.select(Company.id).where(Company.merchant_id == m),
    "design_id": lambda m: sa.select(Design.id).where(Design.merchant_id == m),
    "price_list_id": lambda m: sa.select(PriceList.id).where(PriceList.merchant_id == m),
}


def api_ids(app, client, merchant, estate):  # noqa: F811
    """The estate's ids under the API's argument names."""
    company = client.post("/v1/companies", headers=merchant.sk, json={"name": "Dupont SA"})
    assert company.status_code == 201, company.json
    price_list = client.post(
        "/v1/price-lists",
        headers=merchant.sk,
        json={"name": "Revendeurs", "discount_percent": "10", "company": company.json["id"]},
    )
    assert price_list.status_code == 201, price_list.json
    # A 3D model for the card (the box's front and back panels), so its model routes answer.
    model = client.put(
        f"/v1/products/{estate['product_id']}/model",
        headers=merchant.sk,
        data={"file": (io.BytesIO(box_glb()), "card.glb")},
    )
    assert model.status_code == 200, model.json
    ids = dict(estate)
    design = client.post(
        "/v1/designs",
        headers=merchant.pk,
        json=samples.design(estate["product_id"], estate["font_id"]),
    )
    assert design.status_code == 201, design.json
    with app.app_context():
        for name, query in API_IDS.items():
            ids[name] = db.session.scalar(query(merchant.merchant_id).limit(1))
    # The API names a collection's item and a dispatch rule so.
    ids["item_id"], ids["rule_id"] = estate["media_id"], estate["dispatch_id"]
    found = {name: str(value) for name, value in ids.items()}
    # The design's own token: B's keys with it are still B's keys.
    found["design_id"], token = design.json["id"], design.json["token"]
    return found, token


def api_routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.rule.startswith("/v1/") and rule.arguments and not rule.rule.startswith("/v1/ar/"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule


def address(rule, ids):
    path = rule.rule.replace("<int:number>", "1").replace("<int:version>", "1")
    for argument in rule.arguments - {"number", "version"}:
        if argument == "name":
            value = "print.pdf"
        elif argument == "user_id":
            value = ids["workshop_user_id"]
        else:
            assert argument in ids or argument in ESTATE_IDS, f"{rule.rule}: no <{argument}>"
            value = ids[argument]
        path = path.replace(f"<{argument}>", value)
    return path


def test_no_route_gives_merchant_b_anything_of_merchant_a(
    app,
    client,
    merchant,
    other_merchant,
    estate,  # noqa: F811
):
    ids, token = api_ids(app, client, merchant, estate)
    # Numeric ids (a print area's "2") would be found in any body: the prefixed ones tell.
    secrets = {value for value in ids.values() if "_" in value}
    with app.app_context():
        # A shop customer of B's store, signed as B's shop would.
        customer = customers.sign(other_merchant.store_id, "7001")
    extra = {"Monogram-Design-Token": token, "Monogram-Customer": customer}
    routes = list(api_routes(app))
    assert len(routes) >= 60
    # The ids are real: A's own secret key finds every record the GET routes name.
    for method, rule in routes:
        if method == "GET":
            path = address(rule, ids)
            found = client.get(path, headers={**merchant.sk, **extra})
            assert found.status_code != 404, (path, found.json)
    with app.app_context():
        before = snapshot()
    seen = []
    for key in (other_merchant.sk, other_merchant.pk):
        for method, rule in routes:
            path = address(rule, ids)
            response = client.open(path, method=method, headers={**key, **extra}, json={})
            where = (method, path, key is other_merchant.pk)
            # A request the route cannot read (a required query or body field) may be refused
            # before any lookup, in the error envelope: that tells nothing of A either.
            assert response.status_code in REFUSED | {422}, where
            seen.append(response.status_code)
            if response.status_code == 422:
                assert response.json["errors"], where
            body = response.get_data(as_text=True)
            # The envelope may repeat the id asked for; never another of A's records.
            named = {value for value in secrets if value in body and value not in path}
            assert not named, (where, named, json.loads(body) if body else None)
    with app.app_context():
        assert snapshot() == before
    # Most are refused at the lookup itself, not for the shape of an empty request.
    assert seen.count(404) + seen.count(403) > seen.count(422), sorted(seen)
