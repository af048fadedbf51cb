"""A customer's library over HTTP: their designs and past orders, for them alone, and reorders."""

import hashlib
import hmac
import io
import re
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from PIL import Image

from monogram.extensions.db import db
from monogram.models import Design, DesignVersion, Store
from monogram.services import customers
from monogram.services.keys import issue_key
from tests import samples
from tests.conftest import TEST_SHOPIFY_SECRET, _account


def reference(account, customer_id, ttl=3600):
    """What the shop's connector puts on the widget tag, signed with the store's secret key."""
    expires = int(time.time()) + ttl
    key = hashlib.sha256(account.secret.encode()).hexdigest().encode()
    mac = hmac.new(key, f"mcr1.{customer_id}.{expires}".encode(), hashlib.sha256).hexdigest()
    return f"mcr1.{customer_id}.{expires}.{mac}"


def as_customer(account, customer_id, **extra):
    return {**account.pk, "Monogram-Customer": reference(account, customer_id), **extra}


def save(client, headers, product_id, font_id, text="Jeanne Dupont"):
    response = client.post(
        "/v1/designs", headers=headers, json=samples.design(product_id, font_id, text=text)
    )
    assert response.status_code == 201, response.json
    return response.json


def order(client, account, design, customer_id, order_id, quantity=250):
    body = {
        "platform_order_id": order_id,
        "name": f"#{order_id}",
        "customer": {"platform_id": customer_id, "email": "jeanne@example.fr"},
        "lines": [
            {
                "platform_line_id": "1",
                "quantity": quantity,
                "title": "Carte de visite",
                "design": design["id"],
                "design_token": design["token"],
            },
            {"platform_line_id": "2", "quantity": 1, "title": "Porte-cartes"},
        ],
    }
    response = client.post("/v1/orders", headers=account.sk, json=body)
    assert response.status_code == 201, response.json
    return response.json


def text_of(document):
    return document["surfaces"][0]["objects"][0]["text"]


@pytest.fixture
def second_store(app, merchant):
    """A brand store of the same merchant, with its own keys."""
    with app.app_context():
        store = Store(
            merchant_id=merchant.merchant_id, name="Dupont Pro", platform="custom", domain="pro"
        )
        db.session.add(store)
        db.session.flush()
        _, secret = issue_key(merchant.merchant_id, "secret", store_id=store.id)
        _, publishable = issue_key(merchant.merchant_id, "publishable", store_id=store.id)
        db.session.commit()
        return SimpleNamespace(
            merchant_id=merchant.merchant_id,
            store_id=store.id,
            secret=secret,
            publishable=publishable,
            sk={"Authorization": f"Bearer {secret}"},
            pk={"Authorization": f"Bearer {publishable}"},
        )


def test_designs_saved_with_a_reference_are_the_customers_newest_first(
    app, client, merchant, product_id, font_id
):
    first = save(client, as_customer(merchant, "7"), product_id, font_id, "Jeanne Dupont")
    second = save(client, as_customer(merchant, "7"), product_id, font_id, "J. Dupont")
    save(client, merchant.pk, product_id, font_id, "A guest's card")
    save(client, as_customer(merchant, "8"), product_id, font_id, "Paul Martin")

    response = client.get("/v1/customer/designs", headers=as_customer(merchant, "7"))

    assert response.status_code == 200, response.json
    body = response.json
    assert body["customer"] == f"{merchant.store_id}:7"
    assert [d["id"] for d in body["designs"]] == [second["id"], first["id"]]
    listed = body["designs"][0]
    assert (listed["product"], listed["product_name"], listed["version"]) == (
        product_id,
        "Business card",
        1,
    )
    assert listed["preview_url"] == (
        f"/v1/customer/designs/{second['id']}/preview?area=front&version=1"
    )
    assert listed["title"] is None and listed["updated_at"]
    assert body["orders"] == []
    with app.app_context():
        assert db.session.get(Design, first["id"]).customer_ref == f"{merchant.store_id}:7"


def test_past_personalised_lines_are_listed_with_the_version_they_ordered(
    client, merchant, product_id, font_id
):
    design = save(client, merchant.pk, product_id, font_id)  # a guest cart, then an account
    placed = order(client, merchant, design, "7", "1042")
    order(client, merchant, save(client, merchant.pk, product_id, font_id), "8", "1043")

    body = client.get("/v1/customer/designs", headers=as_customer(merchant, "7")).json

    assert body["designs"] == []
    assert len(body["orders"]) == 1  # the plain line and customer 8's order are not there
    line = body["orders"][0]
    assert {
        k: line[k] for k in ("order", "order_name", "line", "quantity", "design", "version")
    } == {
        "order": placed["id"],
        "order_name": "#1042",
        "line": placed["lines"][0]["id"],
        "quantity": 250,
        "design": design["id"],
        "version": 1,
    }
    assert line["title"] == "Carte de visite" and line["ordered_at"]
    assert line["preview_url"] == (
        f"/v1/customer/designs/{design['id']}/preview?area=front&version=1"
    )


def test_a_library_is_its_stores_and_its_merchants_only(
    client, merchant, other_merchant, second_store, product_id, font_id
):
    design = save(client, as_customer(merchant, "7"), product_id, font_id)
    order(client, merchant, design, "7", "1042")

    # Customer 7 of the brand store is another person: a reference for it sees nothing here.
    brand = client.get("/v1/customer/designs", headers=as_customer(second_store, "7")).json
    assert (brand["customer"], brand["designs"], brand["orders"]) == (
        f"{second_store.store_id}:7",
        [],
        [],
    )
    # The brand store's signature is worth nothing with the main store's key, and the other way.
    crossed = {**merchant.pk, "Monogram-Customer": reference(second_store, "7")}
    assert client.get("/v1/customer/designs", headers=crossed).status_code == 403
    # Another merchant's key with a reference it signed itself for a customer 7 sees nothing.
    stranger = client.get("/v1/customer/designs", headers=as_customer(other_merchant, "7")).json
    assert (stranger["designs"], stranger["orders"]) == ([], [])
    assert (
        client.get(
            f"/v1/customer/designs/{design['id']}", headers=as_customer(other_merchant, "7")
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("header", "status", "words"),
    [
        (None, 401, "Send the customer reference"),
        ("someone", 401, "not a customer reference"),
        ("expired", 401, "expired"),
        ("forged", 403, "not signed for this store"),
    ],
)
def test_a_missing_expired_or_forged_reference_is_refused(client, merchant, header, status, words):
    headers = dict(merchant.pk)
    if header == "expired":
        headers["Monogram-Customer"] = reference(merchant, "7", ttl=-60)
    elif header == "forged":
        real = reference(merchant, "7")
        headers["Monogram-Customer"] = real.replace("mcr1.7.", "mcr1.8.")
    elif header:
        headers["Monogram-Customer"] = header

    response = client.get("/v1/customer/designs", headers=headers)

    assert response.status_code == status
    assert response.json["code"] == status and words in response.json["message"]
    assert response.json["status"] == ("Unauthorized" if status == 401 else "Forbidden")


def test_a_forged_reference_saves_nothing(app, client, merchant, product_id, font_id):
    headers = {**merchant.pk, "Monogram-Customer": reference(merchant, "7")[:-2] + "00"}
    response = client.post("/v1/designs", headers=headers, json=samples.design(product_id, font_id))
    assert response.status_code == 403
    with app.app_context():
        assert db.session.query(Design).count() == 0


def test_reordering_a_past_line_by_customer_reference(app, client, merchant, product_id, font_id):
    design = save(client, merchant.pk, product_id, font_id)
    placed = order(client, merchant, design, "7", "1042")
    line_id = placed["lines"][0]["id"]
    # After the order the design was changed: the reorder still copies what was ordered.
    edited = samples.design(product_id, font_id, text="Jeanne Martin")
    changed = client.put(
        f"/v1/designs/{design['id']}",
        headers={
            **merchant.pk,
            "Monogram-Design-Token": design["token"],
            "If-Match": f'"{design["etag"]}"',
        },
        json=edited,
    )
    assert changed.status_code == 200

    # Months later, on another device: no design token, only the shop's customer reference.
    copy = client.post(
        f"/v1/designs/{design['id']}/reorder",
        headers=as_customer(merchant, "7"),
        json={"order_line": line_id},
    )

    assert copy.status_code == 201, copy.json
    assert copy.json["id"] != design["id"] and copy.json["version"] == 1
    assert copy.json["source"] == {"design": design["id"], "version": 1}
    assert copy.json["document"] == design["document"]
    with app.app_context():
        stored = db.session.get(Design, copy.json["id"])
        ordered = db.session.query(DesignVersion).filter_by(design_id=design["id"], number=1)
        assert stored.source_version_id == ordered.one().id
        assert stored.customer_ref == f"{merchant.store_id}:7"

    # The copy is editable with its token, and the original keeps both its versions.
    retext = client.put(
        f"/v1/designs/{copy.json['id']}",
        headers={
            **merchant.pk,
            "Monogram-Design-Token": copy.json["token"],
            "If-Match": f'"{copy.json["etag"]}"',
        },
        json=samples.design(product_id, font_id, text="J. D."),
    )
    assert retext.status_code == 200
    original = client.get(f"/v1/designs/{design['id']}/versions", headers=merchant.sk).json
    assert [v["number"] for v in original] == [1, 2]
    first = client.get(f"/v1/designs/{design['id']}/versions/1", headers=merchant.sk).json
    assert first["document"] == design["document"]
    # The copy is now in the customer's library.
    library = client.get("/v1/customer/designs", headers=as_customer(merchant, "7")).json
    assert [d["id"] for d in library["designs"]] == [copy.json["id"]]


def test_only_the_customer_who_ordered_a_line_may_reorder_it(
    client, merchant, second_store, product_id, font_id
):
    design = save(client, merchant.pk, product_id, font_id)
    line_id = order(client, merchant, design, "7", "1042")["lines"][0]["id"]
    url = f"/v1/designs/{design['id']}/reorder"

    for headers in (as_customer(merchant, "8"), as_customer(second_store, "7")):
        refused = client.post(url, headers=headers, json={"order_line": line_id})
        assert refused.status_code == 404, refused.json
    assert client.post(url, headers=merchant.pk, json={"order_line": line_id}).status_code == 403
    # The line must be the design's: a reference does not stretch to another design's path.
    other = save(client, as_customer(merchant, "7"), product_id, font_id)
    wrong_path = client.post(
        f"/v1/designs/{other['id']}/reorder",
        headers=as_customer(merchant, "7"),
        json={"order_line": line_id},
    )
    assert wrong_path.status_code == 404


def test_a_saved_design_reopens_with_its_token_for_its_customer_only(
    client, merchant, product_id, font_id
):
    saved = save(client, as_customer(merchant, "7"), product_id, font_id)
    url = f"/v1/customer/designs/{saved['id']}"

    opened = client.get(url, headers=as_customer(merchant, "7"))

    assert opened.status_code == 200, opened.json
    assert opened.json["token"] == saved["token"]
    assert opened.headers["ETag"] == f'"{saved["etag"]}"'
    assert text_of(opened.json["document"]) == "Jeanne Dupont"
    assert client.get(url, headers=as_customer(merchant, "8")).status_code == 404
    # The design can also be copied by the customer, without its token.
    copy = client.post(
        f"/v1/designs/{saved['id']}/reorder", headers=as_customer(merchant, "7"), json={}
    )
    assert copy.status_code == 201 and copy.json["source"] == {"design": saved["id"], "version": 1}
    stranger = client.post(
        f"/v1/designs/{saved['id']}/reorder", headers=as_customer(merchant, "8"), json={}
    )
    assert stranger.status_code == 404


def test_a_customer_names_a_saved_design(client, merchant, product_id, font_id):
    saved = save(client, as_customer(merchant, "7"), product_id, font_id)
    url = f"/v1/customer/designs/{saved['id']}"

    named = client.patch(url, headers=as_customer(merchant, "7"), json={"title": "Salon 2026"})

    assert named.status_code == 200, named.json
    assert named.json["title"] == "Salon 2026"
    library = client.get("/v1/customer/designs", headers=as_customer(merchant, "7")).json
    assert library["designs"][0]["title"] == "Salon 2026"
    bad = client.patch(url, headers=as_customer(merchant, "7"), json={"title": "x" * 201})
    assert bad.status_code == 422
    assert (
        client.patch(url, headers=as_customer(merchant, "8"), json={"title": "Mine"}).status_code
        == 404
    )


def test_previews_show_the_customers_designs_and_ordered_versions_only(
    client, merchant, product_id, font_id
):
    saved = save(client, as_customer(merchant, "7"), product_id, font_id)
    ordered = save(client, merchant.pk, product_id, font_id)
    order(client, merchant, ordered, "7", "1042")
    library = client.get("/v1/customer/designs", headers=as_customer(merchant, "7")).json

    for path in (library["designs"][0]["preview_url"], library["orders"][0]["preview_url"]):
        shown = client.get(path, headers=as_customer(merchant, "7"))
        assert shown.status_code == 200, path
        assert shown.mimetype == "image/png"
        with Image.open(io.BytesIO(shown.data)) as image:
            # 85 + 2 × 3 mm of bleed at 96 dpi, give or take the trim to the art.
            assert image.width > 300 and image.height > 200
        assert client.get(path, headers=as_customer(merchant, "8")).status_code == 404
    # An ordered design's later versions are not the customer's to see: only what they ordered.
    client.put(
        f"/v1/designs/{ordered['id']}",
        headers={
            **merchant.pk,
            "Monogram-Design-Token": ordered["token"],
            "If-Match": f'"{ordered["etag"]}"',
        },
        json=samples.design(product_id, font_id, text="Someone else's edit"),
    )
    for later in ("", "&version=2"):
        path = f"/v1/customer/designs/{ordered['id']}/preview?area=front{later}"
        assert client.get(path, headers=as_customer(merchant, "7")).status_code == 404
    assert saved["id"] in library["designs"][0]["preview_url"]


def test_the_shopify_app_proxy_answers_with_a_reference_for_the_signed_in_customer(app, client):
    shop = "brodeur-martin.myshopify.com"
    account = _account(app, "Brodeur Martin", platform="shopify", domain=shop)

    def proxied(**params):
        params = {"shop": shop, "path_prefix": "/apps/monogram", "timestamp": "3", **params}
        message = "".join(f"{k}={v}" for k, v in sorted(params.items()))
        signature = hmac.new(
            TEST_SHOPIFY_SECRET.encode(), message.encode(), hashlib.sha256
        ).hexdigest()
        return client.get("/shopify/proxy/config?" + urlencode({**params, "signature": signature}))

    signed_in = proxied(logged_in_customer_id="6240557432")
    guest = proxied(logged_in_customer_id="")

    assert (
        signed_in.status_code == 200 and signed_in.headers["Cache-Control"] == "private, no-store"
    )
    assert guest.json["customer"] is None
    ref = signed_in.json["customer"]
    assert ref.startswith("mcr1.6240557432.")
    library = client.get("/v1/customer/designs", headers={**account.pk, "Monogram-Customer": ref})
    assert (
        library.status_code == 200 and library.json["customer"] == f"{account.store_id}:6240557432"
    )
    with app.app_context():
        expires = int(ref.split(".")[2])
        assert 0 < expires - time.time() <= customers.DEFAULT_TTL


def test_the_shopify_block_asks_the_proxy_for_signed_in_customers_only():
    snippet = (
        Path(__file__).resolve().parents[2]
        / "plugins/shopify/extensions/monogram-personaliser/snippets/monogram-loader.liquid"
    ).read_text()
    tag = re.search(r"<script\b(.*?)>", snippet, re.S).group(1)
    assert '{% if customer %}data-customer-url="/apps/monogram/config"{% endif %}' in tag
