"""Console stores and outbound endpoints: install steps, secrets, delivery log, redelivery."""

import html
import re

import pytest
import sqlalchemy as sa
from werkzeug.wrappers import Request, Response

from monogram.extensions.db import db
from monogram.models import ApiKey, OutboundDelivery, Store, WebhookEndpoint
from monogram.services import keys, outbound
from monogram.services import stores as store_service
from monogram.services.secrets_box import unseal
from tests.console.conftest import PUBLIC_URL, alert, csrf_of, sign_in
from tests.servers import serving

OWNER = "anne@dupont.example"
OTHER = "marc@martin.example"
SECRET = re.compile(r'<code class="secret">(whsec_[A-Za-z0-9_-]+)</code>')
KEY = re.compile(r'<code class="secret">(pk_[A-Za-z0-9_-]+)</code>')
STALE = "nothing was changed. Reload the page and try again."


class Receiver:
    """An endpoint on loopback answering `status`, keeping every body and signature it got."""

    def __init__(self):
        self.status, self.bodies, self.signatures = 200, [], []

    @Request.application
    def wsgi(self, request):
        self.bodies.append(request.get_data())
        self.signatures.append(request.headers.get("Monogram-Signature"))
        return Response("thanks", status=self.status)


@pytest.fixture
def receiver():
    receiver = Receiver()
    with serving(receiver.wsgi) as base:
        receiver.url = f"{base}/hooks"
        yield receiver


@pytest.fixture
def signed_in(admin, owner):
    sign_in(admin, OWNER)
    return admin


def stores_of(app, merchant_id):
    with app.app_context():
        return [
            (found.name, found.platform, found.domain, found.role)
            for found in store_service.list_stores(merchant_id)
        ]


def endpoints_of(app, merchant_id):
    with app.app_context():
        return [(e.url, e.events, e.enabled) for e in outbound.list_endpoints(merchant_id)]


def make_endpoint(app, merchant_id, url, events=("job.ready",)):
    with app.app_context():
        endpoint, secret = outbound.create_endpoint(merchant_id, url, list(events))
        db.session.commit()
        return endpoint.id, secret


def emit(app, merchant_id, data=None):
    with app.app_context():
        event = outbound.emit(merchant_id, "job.ready", data or {"job": "job_1"})
        db.session.commit()
        return event.id


def verify(secret, body, header):
    timestamp = header.split(",")[0].removeprefix("t=")
    return outbound.signature(secret, body, int(timestamp)) == header


# Stores


def test_the_list_shows_this_merchants_stores_only(app, signed_in, merchant, other_merchant):
    listed = signed_in.get("/console/stores")
    assert listed.status_code == 200
    assert re.findall(r'data-store="([^"]+)"', listed.text) == [merchant.store_id]
    assert other_merchant.store_id not in listed.text
    assert "Imprimerie Dupont" in listed.text and "Brodeur Martin" not in listed.text
    assert "Main store" in listed.text and "Other (through the API)" in listed.text
    assert 'href="/console/stores"' in listed.text  # the menu lists the area
    french = signed_in.get("/console/stores?lang=fr")
    assert "Boutique principale" in french.text and "Ajouter la boutique" in french.text


def test_a_store_page_gives_the_values_to_paste_and_its_platforms_steps(app, signed_in, merchant):
    with app.app_context():
        prefix = db.session.scalar(
            sa.select(ApiKey.display_prefix).where(
                ApiKey.store_id == merchant.store_id, ApiKey.kind == "publishable"
            )
        )
    shown = signed_in.get(f"/console/stores/{merchant.store_id}")
    assert shown.status_code == 200
    html = shown.text
    assert f'<code class="secret" data-value="api-url">{PUBLIC_URL}</code>' in html
    assert f"{prefix}…" in html
    assert merchant.publishable not in html and merchant.secret not in html
    assert 'href="/console/keys"' in html
    assert 'data-platform="custom"' in html and "POST /v1/orders" in html
    assert 'data-webhook-secret="unset"' in html and "Create the webhook secret" in html


@pytest.mark.parametrize(
    ("platform", "domain", "steps", "address"),
    [
        ("prestashop", "boutique.example.fr", "Modules > Module Manager > Upload a module",
         "https://boutique.example.fr/module/monogram/webhook"),
        ("magento", "shop.example.com", "Stores > Configuration > Monogram > Personalisation",
         "https://shop.example.com/monogram/webhook"),
        ("shopify", "dupont.myshopify.com", "Add block > Apps > Monogram personaliser", None),
    ],
)  # fmt: skip
def test_adding_a_store_shows_its_publishable_key_once_and_its_install_steps(
    app, signed_in, merchant, platform, domain, steps, address
):
    form = signed_in.get("/console/stores")
    data = {"csrf": csrf_of(form), "name": "Lyon", "platform": platform, "domain": domain}
    added = signed_in.post("/console/stores", data={**data, "role": "brand"})
    assert added.status_code == 201
    key = KEY.search(added.text).group(1)
    assert ("Lyon", platform, domain, "brand") in stores_of(app, merchant.merchant_id)
    with app.app_context():
        store = db.session.scalar(sa.select(Store).where(Store.domain == domain))
        found = keys.find_active_key(key)
        assert (found.store_id, found.kind) == (store.id, "publishable")
        store_id = store.id
    assert steps in html.unescape(added.text)
    if address:
        assert f'data-value="webhook-address">{address}</code>' in added.text
        link = re.search(r'href="(/console/endpoints\?[^"]+)"', added.text).group(1)
        prefilled = signed_in.get(link.replace("&amp;", "&"))
        assert f'value="{address}"' in prefilled.text
        for event in ("job.ready", "job.shipped", "job.status_changed"):
            assert f'value="{event}" checked' in prefilled.text
    else:
        assert "webhook-address" not in added.text
    again = signed_in.get(f"/console/stores/{store_id}")
    assert key not in again.text and f"{key[:10]}…" in again.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Check the store: give it a name"),
        ({"domain": "https://boutique.example.fr"}, "Check the store: give it a name"),
        ({"platform": "wix"}, "Check the store: give it a name"),
        ({"role": "franchise"}, "Check the store: give it a name"),
        ({"domain": "a" * 250 + ".example.fr"}, "Check the store: give it a name"),
        ({"name": "L" * 201}, "Check the store: give it a name"),
        ({"platform": "shopify"}, "A Shopify store’s domain is its name.myshopify.com address."),
    ],
)
def test_a_wrong_store_is_refused_with_the_form_kept_and_nothing_stored(
    app, signed_in, merchant, fields, message
):
    form = signed_in.get("/console/stores")
    data = {"name": "Lyon", "platform": "prestashop", "domain": "lyon.example.fr", "role": "brand"}
    refused = signed_in.post("/console/stores", data={"csrf": csrf_of(form), **data, **fields})
    assert refused.status_code == 422
    assert alert(refused).startswith(message)
    assert stores_of(app, merchant.merchant_id) == [
        ("Imprimerie Dupont", "custom", f"{merchant.merchant_id}.invalid", "main")
    ]
    assert f'value="{fields.get("name", "Lyon")}"' in refused.text


def test_a_domain_already_connected_is_refused(app, signed_in, merchant, other_merchant):
    with app.app_context():
        theirs = {"name": "Lyon", "platform": "prestashop", "domain": "lyon.example.fr"}
        store_service.create_store(other_merchant.merchant_id, theirs)
        db.session.commit()
    form = signed_in.get("/console/stores")
    data = {"csrf": csrf_of(form), "name": "Copie", "platform": "prestashop"}
    refused = signed_in.post(
        "/console/stores", data={**data, "domain": "Lyon.example.fr", "role": "brand"}
    )
    assert refused.status_code == 422
    assert alert(refused) == (
        "The shop lyon.example.fr (PrestaShop) is already connected to Monogram. "
        "Check the domain, or open that store."
    )
    assert len(stores_of(app, merchant.merchant_id)) == 1


def test_rotating_the_webhook_secret_shows_it_once_and_the_old_one_stops_working(
    app, signed_in, merchant
):
    path = f"/console/stores/{merchant.store_id}"
    page = signed_in.get(path)
    first = signed_in.post(f"{path}/webhook-secret", data={"csrf": csrf_of(page)})
    assert first.status_code == 200
    old = SECRET.search(first.text).group(1)
    assert 'data-webhook-secret="set"' in first.text
    second = signed_in.post(f"{path}/webhook-secret", data={"csrf": csrf_of(first)})
    new = SECRET.search(second.text).group(1)
    assert new != old
    with app.app_context():
        store = db.session.get(Store, merchant.store_id)
        assert new not in store.webhook_secret  # sealed at rest
        assert unseal(store.webhook_secret) == new
        assert store_service.webhook_secrets(store) == [new]
        assert store.webhook_secret_rotated_at is not None
    again = signed_in.get(path)
    assert new not in again.text and "Rotate the webhook secret" in again.text


def test_other_shop_addresses_are_saved_and_then_allowed_to_use_the_editor(
    app, client, signed_in, merchant
):
    path = f"/console/stores/{merchant.store_id}"
    page = signed_in.get(path)
    assert "Shop addresses allowed to use the editor" in page.text
    custom = "https://www.boutique-dupont.example.fr"

    def quote_from(origin):
        return client.post(
            "/v1/prices/quote", headers={**merchant.pk, "Origin": origin}, json={}
        )

    # Before: the shop's own domain name in front of it is refused, naming where to add it.
    refused = quote_from(custom)
    assert refused.status_code == 403
    assert custom in refused.json["message"]

    # A wrong line refuses the whole form, keeps what was typed, and changes nothing.
    wrong = signed_in.post(
        f"{path}/origins", data={"csrf": csrf_of(page), "origins": f"{custom}\nftp://old.example"}
    )
    assert wrong.status_code == 422
    assert alert(wrong) == (
        "These are not shop addresses: ftp://old.example. Write each one as "
        "https://name.example.fr, without a path. Nothing was changed."
    )
    assert f"{custom}\nftp://old.example</textarea>" in html.unescape(wrong.text)
    with app.app_context():
        assert db.session.get(Store, merchant.store_id).origins == []

    saved = signed_in.post(
        f"{path}/origins", data={"csrf": csrf_of(page), "origins": f" {custom}/ \n\n"}
    )
    assert (saved.status_code, saved.location) == (303, path)
    shown = signed_in.get(path)
    assert "The addresses are saved: their pages may use the editor now." in shown.text
    assert f">{custom}</textarea>" in shown.text
    with app.app_context():
        assert [row.origin for row in db.session.get(Store, merchant.store_id).origins] == [custom]
    allowed = quote_from(custom)
    assert allowed.status_code == 422  # past the origin check, to the empty body's refusal
    assert allowed.headers["Access-Control-Allow-Origin"] == custom
    assert quote_from("https://elsewhere.example").status_code == 403

    # Emptied, the address is refused again.
    signed_in.post(f"{path}/origins", data={"csrf": csrf_of(shown), "origins": ""})
    assert quote_from(custom).status_code == 403


# Outbound endpoints


def test_adding_an_endpoint_shows_its_signing_secret_once_and_signs_with_it(
    app, signed_in, merchant, receiver
):
    form = signed_in.get("/console/endpoints")
    assert "No endpoint yet." in form.text
    data = {"csrf": csrf_of(form), "url": receiver.url, "events": ["job.ready", "job.failed"]}
    added = signed_in.post("/console/endpoints", data=data)
    assert added.status_code == 201
    secret = SECRET.search(added.text).group(1)
    assert endpoints_of(app, merchant.merchant_id) == [
        (receiver.url, ["job.failed", "job.ready"], True)
    ]
    emit(app, merchant.merchant_id)
    assert verify(secret, receiver.bodies[0], receiver.signatures[0])
    listed = signed_in.get("/console/endpoints")
    assert receiver.url in listed.text and secret not in listed.text


@pytest.mark.parametrize(
    ("url", "events", "message"),
    [
        ("http://erp.example.com/hooks", ["job.ready"], "Type the endpoint’s address"),
        ("erp", ["job.ready"], "Type the endpoint’s address"),
        ("https://10.0.0.5/hooks", ["job.ready"], "The address must be on the public internet"),
        ("https://erp.example.com/" + "a" * 2000, ["job.ready"], "This address is too long"),
        ("https://erp.example.com/hooks", [], "Tick at least one event"),
        ("https://erp.example.com/hooks", ["job.exploded"], "Tick at least one event"),
    ],
)
def test_a_wrong_endpoint_is_refused_with_the_form_kept_and_nothing_stored(
    app, signed_in, merchant, url, events, message
):
    form = signed_in.get("/console/endpoints")
    refused = signed_in.post(
        "/console/endpoints", data={"csrf": csrf_of(form), "url": url, "events": events}
    )
    assert refused.status_code == 422
    assert alert(refused).startswith(message)
    assert f'value="{url}"' in refused.text
    assert endpoints_of(app, merchant.merchant_id) == []


def test_rotating_an_endpoints_secret_signs_the_next_deliveries_with_the_new_one(
    app, signed_in, merchant, receiver
):
    endpoint_id, old = make_endpoint(app, merchant.merchant_id, receiver.url)
    page = signed_in.get(f"/console/endpoints/{endpoint_id}")
    rotated = signed_in.post(
        f"/console/endpoints/{endpoint_id}/secret", data={"csrf": csrf_of(page)}
    )
    assert rotated.status_code == 200
    new = SECRET.search(rotated.text).group(1)
    assert new != old
    emit(app, merchant.merchant_id)
    assert verify(new, receiver.bodies[0], receiver.signatures[0])
    assert not verify(old, receiver.bodies[0], receiver.signatures[0])


def test_turning_an_endpoint_off_stops_its_deliveries_and_on_again_resumes_them(
    app, signed_in, merchant, receiver
):
    endpoint_id, _ = make_endpoint(app, merchant.merchant_id, receiver.url)
    path = f"/console/endpoints/{endpoint_id}"
    page = signed_in.get(path)
    off = signed_in.post(f"{path}/enabled", data={"csrf": csrf_of(page), "enabled": "0"})
    assert (off.status_code, off.location) == (303, path)
    shown = signed_in.get(path)
    assert "The endpoint is off: events are not sent to it." in shown.text
    assert 'data-enabled="no"' in shown.text and "Turn on" in shown.text
    emit(app, merchant.merchant_id)
    assert receiver.bodies == []
    signed_in.post(f"{path}/enabled", data={"csrf": csrf_of(shown), "enabled": "1"})
    emit(app, merchant.merchant_id)
    assert len(receiver.bodies) == 1


def test_deleting_an_endpoint_removes_it_from_the_console(app, signed_in, merchant, receiver):
    endpoint_id, _ = make_endpoint(app, merchant.merchant_id, receiver.url)
    page = signed_in.get(f"/console/endpoints/{endpoint_id}")
    done = signed_in.post(f"/console/endpoints/{endpoint_id}/delete", data={"csrf": csrf_of(page)})
    assert (done.status_code, done.location) == (303, "/console/endpoints")
    assert "The endpoint is deleted" in signed_in.get("/console/endpoints").text
    assert signed_in.get(f"/console/endpoints/{endpoint_id}").status_code == 404
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint_id).deleted_at is not None
    emit(app, merchant.merchant_id)
    assert receiver.bodies == []


def test_the_delivery_log_and_a_redelivery_of_the_same_event(app, signed_in, merchant, receiver):
    endpoint_id, _ = make_endpoint(app, merchant.merchant_id, receiver.url)
    receiver.status = 500
    event_id = emit(app, merchant.merchant_id)
    path = f"/console/endpoints/{endpoint_id}"
    log = signed_in.get(path)
    row = log.text.split("data-delivery=")[1].split("</tr>")[0]
    delivery_id = row.split('"')[1]
    assert 'data-status="pending"' in row and "Not delivered yet: tried again later" in row
    assert event_id in row and "job.ready" in row and "<td data-code>500" in row
    assert '<td class="number">1</td>' in row

    receiver.status = 200
    action = f"{path}/deliveries/{delivery_id}/redeliver"
    done = signed_in.post(action, data={"csrf": csrf_of(log)})
    assert (done.status_code, done.location) == (303, path)
    after = signed_in.get(path)
    assert "The delivery is being sent again, with the same event id." in after.text
    row = after.text.split("data-delivery=")[1].split("</tr>")[0]
    assert 'data-status="succeeded"' in row and "<td data-code>200" in row
    assert '<td class="number">2</td>' in row
    assert receiver.bodies[0] == receiver.bodies[1]
    assert f'"id":"{event_id}"'.encode() in receiver.bodies[1]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(OutboundDelivery.id))) == 1


def test_a_delivery_is_not_sent_again_while_its_endpoint_is_off(app, signed_in, merchant, receiver):
    endpoint_id, _ = make_endpoint(app, merchant.merchant_id, receiver.url)
    emit(app, merchant.merchant_id)
    with app.app_context():
        [delivery] = outbound.endpoint_deliveries(merchant.merchant_id, endpoint_id)
        delivery_id = delivery.id
        outbound.set_enabled(merchant.merchant_id, endpoint_id, False)
        db.session.commit()
    page = signed_in.get(f"/console/endpoints/{endpoint_id}")
    assert "/redeliver" not in page.text
    refused = signed_in.post(
        f"/console/endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver",
        data={"csrf": csrf_of(page)},
    )
    assert refused.status_code == 409
    assert "turn it on before sending a delivery again" in refused.text
    assert len(receiver.bodies) == 1


# Roles, CSRF and other merchants


def pages_and_forms(merchant_id, store_id, endpoint_id, delivery_id):
    endpoint = f"/console/endpoints/{endpoint_id}"
    pages = ["/console/stores", f"/console/stores/{store_id}", "/console/endpoints", endpoint]
    forms = [
        ("/console/stores", {"name": "X", "platform": "custom", "domain": "x.example"}),
        (f"/console/stores/{store_id}/webhook-secret", {}),
        ("/console/endpoints", {"url": "https://erp.example.com/h", "events": ["job.ready"]}),
        (f"{endpoint}/secret", {}),
        (f"{endpoint}/enabled", {"enabled": "0"}),
        (f"{endpoint}/deliveries/{delivery_id}/redeliver", {}),
        (f"{endpoint}/delete", {}),
    ]
    return pages, forms


def snapshot(app):
    with app.app_context():
        return (
            db.session.execute(sa.select(Store.id, Store.webhook_secret).order_by(Store.id)).all(),
            db.session.execute(
                sa.select(
                    WebhookEndpoint.id,
                    WebhookEndpoint.secret_encrypted,
                    WebhookEndpoint.enabled,
                    WebhookEndpoint.deleted_at,
                ).order_by(WebhookEndpoint.id)
            ).all(),
            db.session.execute(
                sa.select(OutboundDelivery.id, OutboundDelivery.status, OutboundDelivery.attempts)
            ).all(),
        )


@pytest.fixture
def records(app, merchant, receiver):
    endpoint_id, _ = make_endpoint(app, merchant.merchant_id, receiver.url)
    emit(app, merchant.merchant_id)
    with app.app_context():
        [delivery] = outbound.endpoint_deliveries(merchant.merchant_id, endpoint_id)
        return pages_and_forms(merchant.merchant_id, merchant.store_id, endpoint_id, delivery.id)


def test_every_form_without_its_csrf_token_changes_nothing(app, signed_in, records, receiver):
    _, forms = records
    before = snapshot(app)
    for path, data in forms:
        refused = signed_in.post(path, data={**data, "csrf": "x" * 43})
        assert refused.status_code == 400, path
        assert STALE in refused.text
        assert signed_in.post(path, data=data).status_code == 400, path
    assert snapshot(app) == before
    assert len(receiver.bodies) == 1


def test_another_merchants_stores_and_endpoints_are_not_found(
    app, admin, make_user, other_merchant, records, receiver
):
    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    pages, forms = records
    before = snapshot(app)
    token = csrf_of(admin.get("/console/stores"))
    for path in pages[1:2] + pages[3:]:
        assert admin.get(path).status_code == 404, path
    for path, data in forms[1:2] + forms[3:]:
        assert admin.post(path, data={**data, "csrf": token}).status_code == 404, path
    assert snapshot(app) == before
    assert len(receiver.bodies) == 1


@pytest.mark.parametrize("role", ["designer", "operator"])
def test_only_owners_open_stores_and_endpoints(app, admin, make_user, merchant, records, role):
    make_user(merchant.merchant_id, f"{role}@dupont.example", role=role)
    sign_in(admin, f"{role}@dupont.example")
    pages, forms = records
    before = snapshot(app)
    token = csrf_of(admin.get("/console/"))
    for path in pages:
        refused = admin.get(path)
        assert refused.status_code == 403, path
        assert "Only these roles can open this page: Owner." in refused.text
    for path, data in forms:
        assert admin.post(path, data={**data, "csrf": token}).status_code == 403, path
    assert snapshot(app) == before
    assert 'href="/console/stores"' not in admin.get("/console/").text
