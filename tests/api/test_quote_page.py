"""/quote/<token>: the buyer reads the quote, accepts it once, and goes to the shop's checkout."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram import create_app
from monogram.api.quote_page.routes import csrf_token
from monogram.documents.texts import day
from monogram.extensions.db import db
from monogram.models import Asset, Merchant, OrderLine, Quote, WebhookEvent
from monogram.models.base import utcnow
from monogram.services import quotes
from tests import samples
from tests.api.test_prices import put_rule
from tests.api.test_quotes import LINK, PUBLIC_URL, request_quote
from tests.conftest import ServerLikeClient, _account, make_config
from tests.connectors.test_shop_status import TOKEN, ShopifyAdmin, installed_shop
from tests.connectors.test_shopify_webhooks import SHOP, deliver, shopify_order
from tests.servers import serving

NBSP, NNBSP = "\u00a0", "\u202f"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def shopify_admin():
    admin = ShopifyAdmin(TOKEN)
    with serving(admin.wsgi) as url:
        admin.url = url
        yield admin


@pytest.fixture
def app(database_url, tmp_path, smtp_server, shopify_admin):
    app = create_app(
        make_config(
            tmp_path,
            DATABASE_URL=database_url,
            PUBLIC_URL=PUBLIC_URL,
            SMTP_HOST=smtp_server.host,
            SMTP_PORT=smtp_server.port,
            SMTP_SECURITY="none",
            SHOPIFY_ADMIN_URL=shopify_admin.url,
        )
    )
    app.test_client_class = ServerLikeClient
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def shop_with_design(client, account, variant=None):
    """A priced business card, sold as `variant` of product 632910392 if given, and a design."""
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    body = samples.card_product([font])
    if variant:
        body["platform_refs"] = [
            {"store": account.store_id, "product": "632910392", "variant": variant}
        ]
    product = client.post("/v1/products", headers=account.sk, json=body)
    assert product.status_code == 201, product.json
    put_rule(client, account, product.json["id"])
    design = client.post(
        "/v1/designs", headers=account.pk, json=samples.design(product.json["id"], font)
    )
    assert design.status_code == 201, design.json
    return design.json


def sent_quote(client, account, smtp_server, design=None, **changes):
    """(quote, token of its link) as the buyer received them."""
    design = design or shop_with_design(client, account, changes.pop("variant", None))
    created = request_quote(client, account, design, **changes)
    assert created.status_code == 201, created.json
    buyer = [m for m in smtp_server.messages if m["To"] == created.json["contact"]["email"]][-1]
    (token,) = set(LINK.findall(buyer.get_body(("plain",)).get_content()))
    return created.json, token


def text_of(response):
    """The page's visible words on one line each, tags dropped."""
    html = re.sub(r"<style.*?</style>", "", response.get_data(as_text=True), flags=re.S)
    words = re.sub(r"<[^>]+>", "\n", html).replace(NNBSP, " ").replace(NBSP, " ")
    return [" ".join(line.split()) for line in words.splitlines() if line.strip()]


def accept(client, token, csrf=None):
    if csrf is None:
        csrf = CSRF.search(client.get(f"/quote/{token}").get_data(as_text=True))[1]
    return client.post(f"/quote/{token}/accept", data={"csrf": csrf})


@pytest.fixture
def custom_shop(app):
    return _account(app, "Imprimerie Dupont")


def test_the_page_shows_the_lines_totals_and_validity_in_the_buyers_language(
    client, custom_shop, smtp_server
):
    quote, token = sent_quote(client, custom_shop, smtp_server)
    page = client.get(f"/quote/{token}")
    assert page.status_code == 200
    found = text_of(page)
    assert f"Devis {quote['number']}" in found
    assert "Imprimerie Dupont" in found
    assert found[found.index("Business card") : found.index("Business card") + 2] == [
        "Business card",
        "Prix de base, à partir de 50 pièces : 10,00 €",
    ]
    at = found.index("Total HT")
    assert found[at : at + 6] == [
        "Total HT",
        "1 263,60 €",
        "TVA (0 %)",
        "0,00 €",
        "Total TTC",
        "1 263,60 €",
    ]
    assert "Accepter ce devis" in found
    valid = quotes.today() + timedelta(days=30)
    assert f'datetime="{valid.isoformat()}"' in page.get_data(as_text=True)
    # No script may run, the one style block is the page's own, and the token never leaks.
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    style_nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    assert f'<style nonce="{style_nonce}">' in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"

    english = text_of(client.get(f"/quote/{token}?lang=en"))
    assert f"Quote {quote['number']}" in english
    assert "Total incl. tax" in english and "Accept this quote" in english

    pdf = client.get(f"/quote/{token}/document.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    assert pdf.data.startswith(b"%PDF-")


def test_an_unknown_or_forged_link_is_a_plain_404(client, custom_shop, smtp_server):
    quote, token = sent_quote(client, custom_shop, smtp_server)
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    for link in (forged, "quo_nothing", f"{quote['id']}-{'0' * 64}"):
        page = client.get(f"/quote/{link}")
        assert page.status_code == 404
        assert "Lien de devis non valide" in text_of(page) or "Quote link not valid" in text_of(
            page
        )
        assert client.post(f"/quote/{link}/accept", data={"csrf": "1.x"}).status_code == 404


def test_accepting_needs_the_pages_own_form(client, custom_shop, smtp_server):
    quote, token = sent_quote(client, custom_shop, smtp_server)
    for csrf in ("", "123.abc", f"{int(utcnow().timestamp())}.{'0' * 64}"):
        refused = accept(client, token, csrf)
        assert refused.status_code == 400
        assert "Cette page n’est plus à jour ; rechargez-la et recommencez." in text_of(refused)
    assert client.get(f"/v1/quotes/{quote['id']}", headers=custom_shop.sk).json["status"] == "sent"


def test_a_quote_of_a_store_without_checkout_is_accepted_for_the_merchant_to_follow_up(
    app, client, custom_shop, smtp_server
):
    with app.app_context():
        db.session.get(Merchant, custom_shop.merchant_id).notification_email = "devis@dupont.fr"
        db.session.commit()
    quote, token = sent_quote(client, custom_shop, smtp_server)
    accepted = accept(client, token)
    assert accepted.status_code == 200
    found = text_of(accepted)
    assert any(
        line.startswith("Merci : vous avez accepté ce devis le")
        and line.endswith("Imprimerie Dupont vous contactera pour finaliser votre commande.")
        for line in found
    )
    assert "Accepter ce devis" not in found
    fetched = client.get(f"/v1/quotes/{quote['id']}", headers=custom_shop.sk).json
    assert (fetched["status"], fetched["checkout_url"]) == ("accepted", None)
    assert fetched["accepted_at"] is not None

    # The merchant hears of it, with what to do next; webhooks get quote.accepted.
    notice = smtp_server.messages[-1]
    assert (notice["To"], notice["Subject"]) == (
        "devis@dupont.fr",
        f"Devis accepté {quote['number']} – Jeanne Martin",
    )
    assert "contactez l'acheteur pour la finaliser" in notice.get_body(("plain",)).get_content()
    with app.app_context():
        events = db.session.scalars(sa.select(WebhookEvent).order_by(WebhookEvent.created_at))
        accepted_event = [e for e in events if e.type == "quote.accepted"]
        (event,) = accepted_event
        assert (event.payload["id"], event.payload["status"]) == (quote["id"], "accepted")

    twice = accept(client, token, issued_csrf(client, token))
    assert twice.status_code == 409
    assert any(line.startswith("Merci : vous avez accepté ce devis le") for line in text_of(twice))


def issued_csrf(client, token):
    """A form token as the page issues it, for posting when the page shows no form any more."""
    with client.application.test_request_context():
        return csrf_token(token)


def test_expired_and_withdrawn_quotes_say_what_to_do(app, client, custom_shop, smtp_server):
    design = shop_with_design(client, custom_shop)
    quote, token = sent_quote(client, custom_shop, smtp_server, design)
    with app.app_context():
        db.session.get(Quote, quote["id"]).valid_until = quotes.today() - timedelta(days=1)
        db.session.commit()
    found = text_of(client.get(f"/quote/{token}"))
    yesterday = quotes.today() - timedelta(days=1)
    assert (
        f"Ce devis était valable jusqu’au {day(yesterday, 'fr')} ; il a expiré. Contactez "
        "Imprimerie Dupont (en répondant à l’e-mail du devis) pour recevoir un devis à jour."
    ) in found
    assert "Accepter ce devis" not in found
    late = accept(client, token, issued_csrf(client, token))
    assert late.status_code == 409
    assert client.get(f"/v1/quotes/{quote['id']}", headers=custom_shop.sk).json["status"] == (
        "expired"
    )

    other, other_token = sent_quote(client, custom_shop, smtp_server, design)
    client.post(f"/v1/quotes/{other['id']}/withdraw", headers=custom_shop.sk)
    found = text_of(client.get(f"/quote/{other_token}?lang=en"))
    assert (
        "Imprimerie Dupont withdrew this quote. Contact them (reply to the quote e-mail) for a "
        "new one." in found
    )


def test_a_quote_being_revised_waits_for_its_next_revision(client, custom_shop, smtp_server):
    design = shop_with_design(client, custom_shop)
    quote, token = sent_quote(client, custom_shop, smtp_server, design)
    csrf = issued_csrf(client, token)
    changed = client.patch(
        f"/v1/quotes/{quote['id']}", headers=custom_shop.sk, json={"unit_price": 777}
    )
    assert (changed.status_code, changed.json["unsent_changes"]) == (200, True)
    found = text_of(client.get(f"/quote/{token}"))
    assert (
        "Imprimerie Dupont révise ce devis : vous recevrez la nouvelle version par e-mail, "
        "à accepter depuis celle-ci." in found
    )
    shown = " ".join(found)
    assert "7,77" not in shown and "Accepter ce devis" not in shown  # the draft stays the shop's
    assert accept(client, token, csrf).status_code == 409
    sent = client.post(f"/v1/quotes/{quote['id']}/send", headers=custom_shop.sk)
    assert (sent.json["revision"], sent.json["unsent_changes"]) == (2, False)
    shown = " ".join(text_of(client.get(f"/quote/{token}")))
    assert "7,77" in shown and "Accepter ce devis" in shown
    assert accept(client, token, issued_csrf(client, token)).status_code == 200


def test_the_merchants_logo_is_on_the_page_and_the_pdf(app, client, custom_shop, smtp_server):
    logo = client.post(
        "/v1/assets", headers=custom_shop.sk, data={"file": (samples.png_io(), "logo.png")}
    )
    assert logo.status_code == 201, logo.json
    with app.app_context():
        db.session.get(Merchant, custom_shop.merchant_id).logo_asset_id = logo.json["id"]
        db.session.commit()
        stored = db.session.get(Asset, logo.json["id"])
        media_type = stored.media_type
    _, token = sent_quote(client, custom_shop, smtp_server)
    page = client.get(f"/quote/{token}").get_data(as_text=True)
    assert f'<img src="/quote/{token}/logo" alt="Imprimerie Dupont">' in page
    image = client.get(f"/quote/{token}/logo")
    assert (image.status_code, image.mimetype) == (200, media_type)


def test_a_shopify_quote_becomes_a_draft_order_then_the_order(
    app, client, shopify_admin, smtp_server
):
    shop = installed_shop(app)
    quote, token = sent_quote(client, shop, smtp_server, variant="808950810")
    client.patch(
        f"/v1/quotes/{quote['id']}",
        headers=shop.sk,
        json={
            "unit_price": 990,
            "adjustments": [
                {"label": "Frais de calage", "amount": 2500},
                {"label": "Remise fidélité", "amount": -1000},
            ],
        },
    )
    assert client.post(f"/v1/quotes/{quote['id']}/send", headers=shop.sk).status_code == 200
    accepted = accept(client, token)
    assert accepted.status_code == 303
    assert accepted.headers["Location"] == f"https://{SHOP}/invoices/draft-1"
    (draft,) = shopify_admin.draft_orders
    line_token = quotes_line_token(app, quote["id"])
    assert draft == {
        "lineItems": [
            {
                "quantity": 120,
                "customAttributes": [
                    {"key": "_monogram_design", "value": quote["design"]},
                    {"key": "_monogram_token", "value": line_token},
                    {"key": "_monogram_quote", "value": quote["id"]},
                ],
                "variantId": "gid://shopify/ProductVariant/808950810",
                "priceOverride": {"amount": "9.90", "currencyCode": "EUR"},
            },
            {
                "title": "Frais de calage",
                "quantity": 1,
                "originalUnitPriceWithCurrency": {"amount": "25.00", "currencyCode": "EUR"},
            },
        ],
        "email": "jeanne@example.fr",
        "note": quote["number"],
        "presentmentCurrencyCode": "EUR",
        "customAttributes": [{"key": "_monogram_quote", "value": quote["id"]}],
        "appliedDiscount": {
            "title": "Remise fidélité",
            "amountWithCurrency": {"amount": "10.00", "currencyCode": "EUR"},
            "value": 10.0,
            "valueType": "FIXED_AMOUNT",
        },
    }
    fetched = client.get(f"/v1/quotes/{quote['id']}", headers=shop.sk).json
    assert (fetched["status"], fetched["checkout_url"]) == (
        "accepted",
        f"https://{SHOP}/invoices/draft-1",
    )
    # The page now sends the buyer back to the checkout, never to a second draft order.
    found = text_of(client.get(f"/quote/{token}"))
    assert "Finaliser ma commande" in found
    assert accept(client, token, issued_csrf(client, token)).status_code == 409
    assert len(shopify_admin.draft_orders) == 1

    # Shopify completes the draft order: its orders/create carries the line's properties.
    payload = shopify_order(7001, quote["design"], line_token)
    payload["line_items"][0]["quantity"] = 120
    payload["line_items"][0]["properties"].append({"name": "_monogram_quote", "value": quote["id"]})
    assert deliver(client, "orders/create", payload).status_code == 200
    with app.app_context():
        line = db.session.query(OrderLine).filter_by(platform_line_id="70011").one()
        assert (line.status, line.design_id, line.job_id is not None) == (
            "accepted",
            quote["design"],
            True,
        )
        stored = db.session.get(Quote, quote["id"])
        assert (stored.status, stored.order_id) == ("ordered", line.order_id)


def quotes_line_token(app, quote_id):
    with app.app_context():
        return quotes.line_token(db.session.get(Quote, quote_id))


def test_shopify_refusing_the_draft_order_leaves_the_quote_accepted(
    app, client, shopify_admin, smtp_server
):
    shop = installed_shop(app)
    quote, token = sent_quote(client, shop, smtp_server)
    shopify_admin.outages = 1
    accepted = accept(client, token)
    assert accepted.status_code == 200
    assert any(
        line.endswith("Atelier Dupont vous contactera pour finaliser votre commande.")
        for line in text_of(accepted)
    )
    fetched = client.get(f"/v1/quotes/{quote['id']}", headers=shop.sk).json
    assert (fetched["status"], fetched["checkout_url"]) == ("accepted", None)


@pytest.mark.parametrize(
    ("platform", "domain", "expected"),
    [
        ("prestashop", "boutique.example", "https://boutique.example/module/monogram/quote"),
        ("magento", "magasin.example", "https://magasin.example/monogram/quote/accept"),
    ],
)
def test_prestashop_and_magento_quotes_go_to_the_modules_cart_link(
    app, client, smtp_server, platform, domain, expected
):
    shop = _account(app, "Atelier Dupont", platform=platform, domain=domain)
    quote, token = sent_quote(client, shop, smtp_server, variant="17")
    cart = client.get(f"/v1/quotes/{quote['id']}/cart?token={token}", headers=shop.sk)
    assert cart.status_code == 409  # not accepted yet
    accepted = accept(client, token)
    assert accepted.status_code == 303
    assert accepted.headers["Location"] == f"{expected}?quote={quote['id']}&token={token}"

    cart = client.get(f"/v1/quotes/{quote['id']}/cart?token={token}", headers=shop.sk)
    assert cart.status_code == 200, cart.json
    assert cart.json == {
        "quote": quote["id"],
        "number": quote["number"],
        "design": quote["design"],
        "design_token": quotes_line_token(app, quote["id"]),
        "quantity": 120,
        "unit_price": 1053,
        "currency": "EUR",
        "adjustments": [],
        "platform_product_id": "632910392",
        "platform_variant_id": "17",
    }
    forged = token[:-1] + ("1" if token.endswith("0") else "0")
    wrong = client.get(f"/v1/quotes/{quote['id']}/cart?token={forged}", headers=shop.sk)
    assert wrong.status_code == 404
    assert (
        client.get(f"/v1/quotes/{quote['id']}/cart?token={token}", headers=shop.pk).status_code
        == 403
    )
    with app.app_context():
        db.session.get(Quote, quote["id"]).valid_until = quotes.today() - timedelta(days=1)
        db.session.commit()
    late = client.get(f"/v1/quotes/{quote['id']}/cart?token={token}", headers=shop.sk)
    assert late.status_code == 409
