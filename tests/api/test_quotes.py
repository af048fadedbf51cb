"""Quotes over HTTP: priced like the live price, numbered, e-mailed as a PDF, adjusted, ordered."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Merchant, Quote, WebhookEvent
from monogram.models.base import utcnow
from monogram.services import duties
from tests import samples
from tests.api.test_prices import put_rule
from tests.conftest import mailing_app
from tests.documents import tools

PUBLIC_URL = "https://monogram.example"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/quote/(quo_[a-z0-9]+-[0-9a-f]{64})")
NBSP, NNBSP = "\u00a0", "\u202f"
CONTACT = {
    "name": "Jeanne Martin",
    "email": "jeanne@example.fr",
    "company": "Société d’Études",
    "phone": "+33 4 78 00 00 00",
}


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


@pytest.fixture
def priced(app, client, merchant, product_id):
    put_rule(client, merchant, product_id)
    terms = client.put(
        f"/v1/stores/{merchant.store_id}/pricing",
        headers=merchant.sk,
        json={"prices_include_tax": True, "tax_rate": "20", "rounding": "0.01"},
    )
    assert terms.status_code == 200, terms.json
    with app.app_context():
        db.session.get(Merchant, merchant.merchant_id).notification_email = "devis@dupont.example"
        db.session.commit()
    return product_id


@pytest.fixture
def design(client, merchant, priced, font_id):
    created = client.post("/v1/designs", headers=merchant.pk, json=samples.design(priced, font_id))
    assert created.status_code == 201, created.json
    return created.json


def request_quote(client, account, design, **changes):
    body = {
        "design": design["id"],
        "quantity": 120,
        "locale": "fr",
        "contact": CONTACT,
        "message": "Livraison avant le 15 décembre, merci.",
        **changes,
    }
    headers = {**account.pk, "Monogram-Design-Token": design["token"]}
    return client.post("/v1/quotes", headers=headers, json=body)


@pytest.fixture
def quote(client, merchant, design):
    created = request_quote(client, merchant, design)
    assert created.status_code == 201, created.json
    return created.json


def pdf_of(part, tmp_path, name="quote.pdf"):
    path = tmp_path / name
    path.write_bytes(part.get_content())
    return path


def lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def today():
    return utcnow().date()


def test_a_quote_is_priced_numbered_and_emailed_with_its_pdf(
    client, merchant, design, smtp_server, tmp_path
):
    created = request_quote(client, merchant, design)
    assert created.status_code == 201, created.json
    quote = created.json
    year = today().year
    live = client.post(
        "/v1/prices/quote",
        headers={**merchant.pk, "Monogram-Design-Token": design["token"]},
        json={"design": design["id"], "quantity": 120, "locale": "fr"},
    ).json
    # The live price at 120 pieces: 10.00 base (50+ tier) + 0.50 text + 0.03 surface.
    assert (quote["unit_price"], quote["total"], quote["tax"]) == (1053, 126360, 21060)
    assert quote["lines"] == live["breakdown"]
    assert quote["unit_price"] == live["unit_price"]
    assert quote["number"] == f"D-{year}-0001"
    assert created.headers["Location"].endswith(f"/v1/quotes/{quote['id']}")
    assert {key: quote[key] for key in ("status", "revision", "quantity", "currency")} == {
        "status": "sent",
        "revision": 1,
        "quantity": 120,
        "currency": "EUR",
    }
    assert (quote["design"], quote["tax_included"], quote["locale"]) == (design["id"], True, "fr")
    assert quote["contact"] == CONTACT
    assert quote["adjustments"] == []
    assert quote["valid_until"] == (today() + timedelta(days=30)).isoformat()
    assert (quote["order"], quote["checkout_url"], quote["accepted_at"]) == (None, None, None)
    assert quote["document_url"] == f"{PUBLIC_URL}/v1/quotes/{quote['id']}/document.pdf"

    buyer, notice = smtp_server.messages
    assert buyer["To"] == "jeanne@example.fr"
    assert buyer["Subject"] == f"Votre devis D-{year}-0001 – Imprimerie Dupont"
    text = buyer.get_body(("plain",)).get_content()
    assert "Bonjour Jeanne Martin," in text
    assert f"Total : 1{NNBSP}263,60{NBSP}€ (TTC)" in text
    (token,) = set(LINK.findall(text))
    (attachment,) = list(buyer.iter_attachments())
    assert (attachment.get_content_type(), attachment.get_filename()) == (
        "application/pdf",
        f"D-{year}-0001.pdf",
    )
    pdf = pdf_of(attachment, tmp_path)
    assert tools.page_size(pdf) == (595.276, 841.89, "A4")
    found = lines(tools.text(pdf))
    assert found[0] == "Imprimerie Dupont Devis"
    assert f"Numéro D-{year}-0001" in found
    found = [line.replace(NNBSP, " ") for line in found]
    assert "Business card 120 10,53 € 1 263,60 €" in found
    assert "Total HT 1 053,00 €" in found
    assert "TVA (20 %) 210,60 €" in found
    assert "Total TTC 1 263,60 €" in found
    assert "Bon pour accord" in found

    # The merchant's notification address hears of it, in French (the merchant is in France).
    assert notice["To"] == "devis@dupont.example"
    assert notice["Subject"] == f"Nouvelle demande de devis D-{year}-0001 – Jeanne Martin"
    assert "Livraison avant le 15 décembre, merci." in notice.get_body(("plain",)).get_content()
    assert list(notice.iter_attachments()) == []

    # The link opens the quote; the PDF is the one e-mailed.
    assert client.get(f"/quote/{token}").status_code == 200
    stored = client.get(f"/v1/quotes/{quote['id']}/document.pdf", headers=merchant.sk)
    assert (stored.status_code, stored.mimetype) == (200, "application/pdf")
    assert stored.data == attachment.get_content()

    second = request_quote(client, merchant, design, quantity=10, locale="en-GB")
    assert second.json["number"] == f"D-{year}-0002"
    assert (second.json["locale"], second.json["unit_price"]) == ("en", 1253)
    assert smtp_server.messages[2]["Subject"] == f"Your quote D-{year}-0002 – Imprimerie Dupont"


def test_numbers_are_per_merchant(client, merchant, other_merchant, design, font_id):
    their_font = client.post(
        "/v1/fonts",
        headers=other_merchant.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    other_product = client.post(
        "/v1/products", headers=other_merchant.sk, json=samples.card_product([their_font])
    ).json["id"]
    put_rule(client, other_merchant, other_product)
    other_design = client.post(
        "/v1/designs", headers=other_merchant.pk, json=samples.design(other_product, their_font)
    ).json
    first = request_quote(client, merchant, design).json
    theirs = request_quote(client, other_merchant, other_design).json
    assert first["number"] == theirs["number"] == f"D-{today().year}-0001"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"contact": {**CONTACT, "email": "jeanne@"}}, "/contact/email"),
        ({"contact": {"email": "jeanne@example.fr"}}, "/contact/name"),
        ({"quantity": 0}, "/quantity"),
        ({"quantity": "12"}, "/quantity"),
        ({"bcc": "x@example.fr"}, "/bcc"),
    ],
)
def test_an_invalid_request_is_422_and_stores_nothing(
    app, client, merchant, design, smtp_server, change, path
):
    response = request_quote(client, merchant, design, **change)
    assert response.status_code == 422, response.json
    assert response.json["code"] == 422
    assert path in [error["path"] for error in response.json["errors"]]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Quote)) == 0
    assert smtp_server.messages == []


def test_an_address_gets_only_so_many_quotes_a_day(app, client, merchant, design, smtp_server):
    for _ in range(5):
        assert request_quote(client, merchant, design).status_code == 201
    before = len(smtp_server.messages)
    refused = request_quote(
        client, merchant, design, contact={**CONTACT, "email": "Jeanne@Example.fr"}
    )
    assert refused.status_code == 429, refused.json
    assert refused.json["message"].startswith("Jeanne@Example.fr has been sent 5 quotes today")
    assert refused.headers["Retry-After"] == "86400"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Quote)) == 5
    assert len(smtp_server.messages) == before
    # Another address is answered, and the shop itself (secret key) is never held back.
    other = request_quote(client, merchant, design, contact={**CONTACT, "email": "paul@ex.fr"})
    assert other.status_code == 201
    body = {"design": design["id"], "quantity": 10, "contact": CONTACT}
    assert client.post("/v1/quotes", headers=merchant.sk, json=body).status_code == 201


def test_a_product_without_prices_cannot_be_quoted(client, merchant, product_id, font_id):
    design = client.post(
        "/v1/designs", headers=merchant.pk, json=samples.design(product_id, font_id)
    ).json
    response = request_quote(client, merchant, design)
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"path": "/design", "message": "The design's product has no price rule."}
    ]


def test_the_design_token_or_a_secret_key_is_needed(client, merchant, other_merchant, design):
    body = {"design": design["id"], "quantity": 5, "contact": CONTACT}
    assert client.post("/v1/quotes", headers=merchant.pk, json=body).status_code == 403
    wrong = {**merchant.pk, "Monogram-Design-Token": "dt_wrong"}
    assert client.post("/v1/quotes", headers=wrong, json=body).status_code == 403
    assert client.post("/v1/quotes", headers=other_merchant.sk, json=body).status_code == 404
    by_secret = client.post("/v1/quotes", headers=merchant.sk, json=body)
    assert (by_secret.status_code, by_secret.json["locale"]) == (201, "en")


def test_quotes_are_read_with_a_secret_key_in_their_own_account(
    client, merchant, other_merchant, quote
):
    assert client.get("/v1/quotes", headers=merchant.pk).status_code == 403
    assert client.get(f"/v1/quotes/{quote['id']}", headers=merchant.pk).status_code == 403
    assert client.get(f"/v1/quotes/{quote['id']}", headers=other_merchant.sk).status_code == 404
    assert client.get("/v1/quotes", headers=other_merchant.sk).json == []
    listed = client.get("/v1/quotes", headers=merchant.sk).json
    assert [q["id"] for q in listed] == [quote["id"]]
    assert client.get("/v1/quotes?status=sent", headers=merchant.sk).json == listed
    assert client.get("/v1/quotes?status=accepted", headers=merchant.sk).json == []
    assert client.get("/v1/quotes?status=lost", headers=merchant.sk).status_code == 422
    assert client.get(f"/v1/quotes/{quote['id']}", headers=merchant.sk).json == quote


def test_the_merchant_adjusts_then_sends_the_next_revision(
    client, merchant, quote, smtp_server, tmp_path
):
    sent = len(smtp_server.messages)
    changed = client.patch(
        f"/v1/quotes/{quote['id']}",
        headers=merchant.sk,
        json={
            "unit_price": 950,
            "adjustments": [
                {"label": "Frais de calage", "amount": 2500},
                {"label": "Remise fidélité", "amount": -1000},
            ],
            "valid_until": (today() + timedelta(days=60)).isoformat(),
        },
    )
    assert changed.status_code == 200, changed.json
    patched = changed.json
    assert (patched["unit_price"], patched["total"]) == (950, 950 * 120 + 1500)
    assert patched["tax"] == 19250  # 115 500 with 20 % in it
    assert patched["lines"][:-1] == quote["lines"]
    assert patched["lines"][-1] == {
        "kind": "agreed",
        "label": f"Ajustement du prix unitaire convenu : \u22121,03{NBSP}€",
        "count": None,
        "amount": -103,
    }
    assert sum(line["amount"] for line in patched["lines"]) == 950
    assert (patched["revision"], patched["status"]) == (1, "sent")
    assert len(smtp_server.messages) == sent  # the buyer sees it once it is sent

    resent = client.post(f"/v1/quotes/{quote['id']}/send", headers=merchant.sk)
    assert resent.status_code == 200, resent.json
    assert (resent.json["revision"], resent.json["status"]) == (2, "sent")
    mail = smtp_server.messages[sent]
    assert mail["To"] == "jeanne@example.fr"
    assert "version mise à jour (2)" in mail.get_body(("plain",)).get_content()
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_filename() == f"{quote['number']}-2.pdf"
    found = [line.replace(NNBSP, " ") for line in lines(tools.text(pdf_of(attachment, tmp_path)))]
    assert "Version 2" in found
    assert "Frais de calage 1 25,00 € 25,00 €" in found
    assert "Remise fidélité 1 \u221210,00 € \u221210,00 €" in found
    assert "Total TTC 1 155,00 €" in found
    document = client.get(f"/v1/quotes/{quote['id']}/document.pdf", headers=merchant.sk)
    assert document.data == attachment.get_content()

    # Another quantity is priced again from the quoted design, in its tier.
    fewer = client.patch(f"/v1/quotes/{quote['id']}", headers=merchant.sk, json={"quantity": 10})
    assert (fewer.json["unit_price"], fewer.json["total"]) == (1253, 12530 + 1500)
    assert [line["kind"] for line in fewer.json["lines"]] == [
        line["kind"] for line in quote["lines"]
    ]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"unit_price": -1}, "/unit_price"),
        ({"valid_until": "2020-01-01"}, "/valid_until"),
        ({"adjustments": [{"label": "", "amount": 5}]}, "/adjustments/0/label"),
        ({"adjustments": [{"label": "Remise", "amount": -(10**7)}]}, "/adjustments"),
        ({"status": "accepted"}, "/status"),
    ],
)
def test_an_invalid_change_is_422_and_changes_nothing(client, merchant, quote, body, path):
    response = client.patch(f"/v1/quotes/{quote['id']}", headers=merchant.sk, json=body)
    assert response.status_code == 422, response.json
    assert path in [error["path"] for error in response.json["errors"]]
    assert client.get(f"/v1/quotes/{quote['id']}", headers=merchant.sk).json == quote


def test_a_withdrawn_quote_cannot_change_or_be_sent(client, merchant, quote, smtp_server):
    sent = len(smtp_server.messages)
    withdrawn = client.post(f"/v1/quotes/{quote['id']}/withdraw", headers=merchant.sk)
    assert (withdrawn.status_code, withdrawn.json["status"]) == (200, "withdrawn")
    patch = client.patch(f"/v1/quotes/{quote['id']}", headers=merchant.sk, json={"quantity": 5})
    assert patch.status_code == 409
    assert client.post(f"/v1/quotes/{quote['id']}/send", headers=merchant.sk).status_code == 409
    assert len(smtp_server.messages) == sent


def test_an_expired_quote_is_sent_again_only_with_a_new_date(app, client, merchant, quote):
    with app.app_context():
        db.session.get(Quote, quote["id"]).valid_until = today() - timedelta(days=1)
        db.session.commit()
        assert duties.run_due_duties(["quote expiry"]) == {"quote expiry": 1}
    expired = client.get(f"/v1/quotes/{quote['id']}", headers=merchant.sk).json
    assert expired["status"] == "expired"
    refused = client.post(f"/v1/quotes/{quote['id']}/send", headers=merchant.sk)
    assert refused.status_code == 409
    assert "valid_until" in refused.json["message"]
    later = (today() + timedelta(days=15)).isoformat()
    extended = client.patch(
        f"/v1/quotes/{quote['id']}", headers=merchant.sk, json={"valid_until": later}
    )
    assert (extended.json["status"], extended.json["valid_until"]) == ("expired", later)
    resent = client.post(f"/v1/quotes/{quote['id']}/send", headers=merchant.sk).json
    assert (resent["status"], resent["revision"], resent["valid_until"]) == ("sent", 2, later)


def order_line(quote, design, unit_price, quantity=120, token=None):
    return {
        "platform_order_id": f"po-{unit_price}",
        "name": "#3001",
        "currency": "EUR",
        "customer": {"email": "jeanne@example.fr"},
        "lines": [
            {
                "platform_line_id": "1",
                "quantity": quantity,
                "design": design["id"],
                "design_token": token or design["token"],
                "unit_price": unit_price,
                "quote": quote["id"],
            }
        ],
    }


def test_an_order_of_the_quote_is_checked_against_the_quoted_price(
    app, client, merchant, design, quote
):
    client.patch(f"/v1/quotes/{quote['id']}", headers=merchant.sk, json={"unit_price": 950})
    order = client.post("/v1/orders", headers=merchant.sk, json=order_line(quote, design, 950))
    assert order.status_code == 201, order.json
    (line,) = order.json["lines"]
    assert line["status"] == "accepted"
    # Today's price list says 10.53; the quote agreed 9.50, and the shop charged that.
    assert line["price_check"] == {
        "quoted": 950,
        "charged": 950,
        "currency": "EUR",
        "status": "ok",
        "quote": quote["id"],
    }
    ordered = client.get(f"/v1/quotes/{quote['id']}", headers=merchant.sk).json
    assert (ordered["status"], ordered["order"]) == ("ordered", order.json["id"])
    with app.app_context():
        events = db.session.scalars(
            sa.select(WebhookEvent.type).order_by(WebhookEvent.created_at, WebhookEvent.id)
        ).all()
    assert [e for e in events if e.startswith("quote.")] == ["quote.created", "quote.ordered"]

    # An ordered quote is spent: a second order is priced as any other.
    again = client.post("/v1/orders", headers=merchant.sk, json=order_line(quote, design, 951))
    assert again.json["lines"][0]["price_check"]["quoted"] == 1053


def test_the_quoted_version_is_made_even_after_the_design_changed(
    client, merchant, priced, design, quote, font_id
):
    changed = samples.design(priced, font_id, text="Autre nom")
    saved = client.put(
        f"/v1/designs/{design['id']}",
        headers={
            **merchant.pk,
            "Monogram-Design-Token": design["token"],
            "If-Match": f'"{design["etag"]}"',
        },
        json=changed,
    )
    assert (saved.status_code, saved.json["version"]) == (200, 2)
    order = client.post("/v1/orders", headers=merchant.sk, json=order_line(quote, design, 1053))
    (line,) = order.json["lines"]
    assert (line["status"], line["design_version"]) == ("accepted", 1)
    job = client.get(f"/v1/jobs/{line['job']}", headers=merchant.sk).json
    assert job["version"] == 1


def test_the_quotes_own_discount_spread_over_the_line_is_no_mismatch(
    client, merchant, design, quote
):
    client.patch(
        f"/v1/quotes/{quote['id']}",
        headers=merchant.sk,
        json={"unit_price": 990, "adjustments": [{"label": "Remise", "amount": -1000}]},
    )
    # Shopify allocates the draft order's 10.00 discount to the line: (1188.00 - 10.00) / 120.
    spread = client.post("/v1/orders", headers=merchant.sk, json=order_line(quote, design, 982))
    assert spread.json["lines"][0]["price_check"]["status"] == "ok"
    quote_2 = request_quote(client, merchant, design).json
    client.patch(f"/v1/quotes/{quote_2['id']}", headers=merchant.sk, json={"unit_price": 990})
    cheaper = client.post(
        "/v1/orders",
        headers=merchant.sk,
        json={**order_line(quote_2, design, 982), "platform_order_id": "po-no-discount"},
    )
    assert cheaper.json["lines"][0]["price_check"]["status"] == "mismatch"


def test_a_different_price_or_quantity_than_quoted_is_flagged(client, merchant, design, quote):
    cheaper = client.post("/v1/orders", headers=merchant.sk, json=order_line(quote, design, 500))
    assert cheaper.json["lines"][0]["price_check"] == {
        "quoted": 1053,
        "charged": 500,
        "currency": "EUR",
        "quoted_currency": "EUR",
        "status": "mismatch",
        "quote": quote["id"],
    }
    quote_2 = request_quote(client, merchant, design).json
    more = client.post(
        "/v1/orders",
        headers=merchant.sk,
        json={**order_line(quote_2, design, 1053, quantity=500), "platform_order_id": "po-more"},
    )
    check = more.json["lines"][0]["price_check"]
    assert (check["status"], check["reason"]) == (
        "mismatch",
        f"The quote {quote_2['number']} is for 120 pieces.",
    )


def test_a_quote_of_another_design_does_not_vouch_for_a_line(
    client, merchant, priced, font_id, quote
):
    other = client.post("/v1/designs", headers=merchant.pk, json=samples.design(priced, font_id))
    other = other.json
    response = client.post(
        "/v1/orders",
        headers=merchant.sk,
        json=order_line(quote, other, 1053, token="dq_" + "0" * 64),
    )
    assert response.json["lines"][0]["status"] == "flagged"
    assert client.get(f"/v1/quotes/{quote['id']}", headers=merchant.sk).json["status"] == "sent"
