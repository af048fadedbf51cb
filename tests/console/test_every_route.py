"""Every console route at once: forms refuse a missing CSRF token, merchant B sees none of A.

The routes are read from the app's URL map, so a page added later is covered without a line
here; its URL arguments must name a kind of record the estate below knows (ESTATE_IDS).
"""

import re

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import (
    ApiKey,
    Batch,
    ConsoleUser,
    DispatchRule,
    Font,
    MediaCollection,
    MediaItem,
    Merchant,
    Order,
    OrderLine,
    OutboundDelivery,
    PrintArea,
    Product,
    ProductionJob,
    Quote,
    Store,
    Template,
    WebhookEndpoint,
    Workshop,
    WorkshopUser,
)
from tests import samples
from tests.api.test_media import add_item, create_collection, upload
from tests.api.test_prices import put_rule
from tests.api.test_quotes import request_quote
from tests.console.conftest import csrf_of, sign_in
from tests.console.test_pages import batch, created, order  # noqa: F401  (batch: a fixture)

OWNER_A = "anne@dupont.example"
DESIGNER_A = "dora@dupont.example"
OWNER_B = "marc@martin.example"
# Routes anyone may use, signed in or not: nothing of a merchant behind them.
PUBLIC = {"console.signin", "console.reset_request", "console.reset", "console.static"}
PUBLIC_FORMS = {"console.signin_post", "console.reset_request_post", "console.reset_post"}

# URL argument → the query finding merchant A's record of that kind.
ESTATE_IDS = {
    "product_id": lambda m: sa.select(Product.id).where(Product.merchant_id == m),
    "area_id": lambda m: (
        sa.select(PrintArea.id)
        .join(Product, Product.id == PrintArea.product_id)
        .where(Product.merchant_id == m)
    ),
    "template_id": lambda m: sa.select(Template.id).where(Template.merchant_id == m),
    "font_id": lambda m: sa.select(Font.id).where(Font.merchant_id == m),
    "collection_id": lambda m: sa.select(MediaCollection.id).where(
        MediaCollection.merchant_id == m
    ),
    "media_id": lambda m: (
        sa.select(MediaItem.id)
        .join(MediaCollection, MediaCollection.id == MediaItem.collection_id)
        .where(MediaCollection.merchant_id == m)
    ),
    "quote_id": lambda m: sa.select(Quote.id).where(Quote.merchant_id == m),
    "order_id": lambda m: sa.select(Order.id).where(Order.merchant_id == m),
    "line_id": lambda m: (
        sa.select(OrderLine.id)
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.merchant_id == m)
    ),
    "job_id": lambda m: sa.select(ProductionJob.id).where(ProductionJob.merchant_id == m),
    "batch_id": lambda m: sa.select(Batch.id).where(Batch.merchant_id == m),
    "workshop_id": lambda m: sa.select(Workshop.id).where(Workshop.merchant_id == m),
    "dispatch_id": lambda m: sa.select(DispatchRule.id).where(DispatchRule.merchant_id == m),
    "store_id": lambda m: sa.select(Store.id).where(Store.merchant_id == m),
    "endpoint_id": lambda m: sa.select(WebhookEndpoint.id).where(WebhookEndpoint.merchant_id == m),
    "delivery_id": lambda m: sa.select(OutboundDelivery.id).where(
        OutboundDelivery.merchant_id == m
    ),
    "user_id": lambda m: sa.select(ConsoleUser.id).where(
        ConsoleUser.merchant_id == m, ConsoleUser.email == DESIGNER_A
    ),
    "key_id": lambda m: sa.select(ApiKey.id).where(ApiKey.merchant_id == m),
}
# Under a workshop, <user_id> is one of its portal users.
WORKSHOP_USER = lambda m: (  # noqa: E731
    sa.select(WorkshopUser.id)
    .join(Workshop, Workshop.id == WorkshopUser.workshop_id)
    .where(Workshop.merchant_id == m)
)


def console_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/console")),
        key=lambda rule: rule.rule,
    )


def snapshot():
    """Every row of every table, to show a refused form changed nothing."""
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(table.select()))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def estate(app, client, merchant, make_user, product_id, font_id, batch):  # noqa: F811
    """Merchant A with one record of every kind a console URL can name: {argument: id}."""
    client.post(f"/v1/batches/{batch}/render", headers=merchant.sk, json={"skip_invalid": True})
    created(
        client.post(
            "/v1/webhook-endpoints",
            headers=merchant.sk,
            json={"url": "http://127.0.0.1:9/hooks", "events": ["job.ready"]},
        )
    )
    workshop = created(client.post("/v1/workshops", headers=merchant.sk, json={"name": "Lyon"}))
    created(
        client.post(
            f"/v1/workshops/{workshop['id']}/users",
            headers=merchant.sk,
            json={"email": "atelier@lyon.example", "name": "Lyon", "password": "x" * 16},
        )
    )
    created(
        client.post("/v1/dispatch-rules", headers=merchant.sk, json={"workshop": workshop["id"]})
    )
    order(client, merchant, product_id, font_id, "1042")
    put_rule(client, merchant, product_id)
    client.put(
        f"/v1/stores/{merchant.store_id}/pricing",
        headers=merchant.sk,
        json={"prices_include_tax": True, "tax_rate": "20", "rounding": "0.01"},
    )
    with app.app_context():
        db.session.get(Merchant, merchant.merchant_id).notification_email = "devis@dupont.example"
        db.session.commit()
    design = created(
        client.post("/v1/designs", headers=merchant.pk, json=samples.design(product_id, font_id))
    )
    created(request_quote(client, merchant, design))
    collection = create_collection(client, merchant)
    picture = upload(client, merchant, samples.png(), "etoile.png")
    add_item(client, merchant, collection["id"], picture, "Étoile")
    make_user(merchant.merchant_id, OWNER_A)
    make_user(merchant.merchant_id, DESIGNER_A, role="designer")
    with app.app_context():
        found = {
            name: db.session.scalar(query(merchant.merchant_id).limit(1))
            for name, query in ESTATE_IDS.items()
        }
        # An area's pages live under its own product.
        found["product_id"] = product_id
        found["area_id"] = db.session.scalar(
            sa.select(PrintArea.id).where(PrintArea.product_id == found["product_id"]).limit(1)
        )
        found["workshop_user_id"] = db.session.scalar(WORKSHOP_USER(merchant.merchant_id).limit(1))
    missing = [name for name, value in found.items() if value is None]
    assert not missing, f"the estate lacks records for {missing}"
    return found


def address(rule, ids, browser=None):
    """The rule's path naming merchant A's records (a file's <name>: the first its page links)."""
    values = {}
    for argument in rule.arguments:
        if argument == "name":
            continue
        if argument == "user_id" and "workshop_id" in rule.arguments:
            values[argument] = str(ids["workshop_user_id"])
        else:
            assert argument in ids, f"{rule.rule}: add <{argument}> to ESTATE_IDS"
            values[argument] = str(ids[argument])
    path = rule.rule
    for argument, value in values.items():
        path = path.replace(f"<{argument}>", value)
    if "<name>" in path:
        files = path.split("<name>")[0]
        # The nearest page up the path that links a file there.
        page = files.rstrip("/")
        while page.count("/") > 2:
            page = page.rsplit("/", 1)[0]
            names = re.findall(re.escape(files) + r'([^"?/]+)"', browser.get(page).text)
            if names:
                break
        assert names, f"no page links a file under {files}"
        path = path.replace("<name>", names[0])
    return path


def pages(app):
    return [
        rule
        for rule in console_rules(app)
        if "GET" in rule.methods and rule.arguments and rule.endpoint not in PUBLIC
    ]


def forms(app):
    return [
        rule
        for rule in console_rules(app)
        if "POST" in rule.methods and rule.endpoint not in PUBLIC_FORMS
    ]


def test_every_form_refuses_a_post_without_its_csrf_token_and_changes_nothing(app, admin, estate):
    sign_in(admin, OWNER_A)
    posted = forms(app)
    assert len(posted) >= 5
    for rule in posted:
        path = address(rule, estate)
        with app.app_context():
            before = snapshot()
        response = admin.post(path, data={"name": "Changed", "email": "x@example.com"})
        assert response.status_code == 400, path
        assert "This page was out of date, so nothing was changed." in response.text, path
        with app.app_context():
            assert snapshot() == before, path
    # The token of another visit is no better than none.
    other = admin.application.test_client()
    stale = csrf_of(other.get("/console/signin"))
    response = admin.post(address(posted[0], estate), data={"csrf": stale})
    assert response.status_code == 400


def test_every_page_and_form_of_merchant_a_is_a_404_for_an_owner_of_merchant_b(
    app, admin, estate, other_merchant, make_user
):
    sign_in(admin, OWNER_A)
    shown = pages(app)
    paths = {}
    for rule in shown:
        path = address(rule, estate, admin)
        # Merchant A's own owner opens it: the ids are real, so B's 404 below means something.
        assert admin.get(path).status_code == 200, path
        paths[rule.rule] = path
    admin.post("/console/signout", data={"csrf": csrf_of(admin.get("/console/"))})

    make_user(other_merchant.merchant_id, OWNER_B)
    sign_in(admin, OWNER_B)
    csrf = csrf_of(admin.get("/console/"))
    for path in paths.values():
        response = admin.get(path)
        assert response.status_code == 404, path
        assert "There is no such page or record in your account." in response.text, path
    for rule in forms(app):
        if not rule.arguments:
            continue
        path = address(rule, estate)
        with app.app_context():
            before = snapshot()
        response = admin.post(path, data={"csrf": csrf, "name": "Changed", "confirm": "yes"})
        assert response.status_code == 404, path
        with app.app_context():
            assert snapshot() == before, path
