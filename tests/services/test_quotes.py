"""Quote numbering, expiry and the Shopify draft order, below the HTTP layer."""

from datetime import timedelta

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Quote
from monogram.services import quote_checkout, quotes
from tests.api.test_quotes import app, design, priced, quote, request_quote  # noqa: F401


def test_numbers_count_per_year(app, merchant, quote):  # noqa: F811
    with app.app_context():
        stored = db.session.get(Quote, quote["id"])
        stored.number, stored.sequence = "D-2025-0041", 41
        db.session.commit()
        year = quotes.today().year
        assert quotes._number(merchant.merchant_id, 2025) == ("D-2025-0042", 42)
        assert quotes._number(merchant.merchant_id, year) == (f"D-{year}-0001", 1)


def test_a_number_taken_meanwhile_is_followed_by_the_next(
    app,  # noqa: F811
    client,
    merchant,
    design,  # noqa: F811
    quote,  # noqa: F811
    monkeypatch,
):
    """Two requests read the same last number; the one that loses the insert takes the next."""
    real = quotes._number
    calls = []

    def stale_then_real(merchant_id, year):
        calls.append(year)
        if len(calls) == 1:
            return quote["number"], 1  # what a concurrent request has just taken
        return real(merchant_id, year)

    monkeypatch.setattr(quotes, "_number", stale_then_real)
    second = request_quote(client, merchant, design)
    assert second.status_code == 201, second.json
    assert second.json["number"] == f"D-{quotes.today().year}-0002"
    assert len(calls) == 2
    with app.app_context():
        numbers = db.session.scalars(sa.select(Quote.number).order_by(Quote.sequence)).all()
    assert numbers == [quote["number"], second.json["number"]]


def test_only_sent_quotes_past_their_last_day_expire(
    app,  # noqa: F811
    client,
    merchant,
    design,  # noqa: F811
    quote,  # noqa: F811
):
    last_day = request_quote(client, merchant, design).json
    withdrawn = request_quote(client, merchant, design).json
    client.post(f"/v1/quotes/{withdrawn['id']}/withdraw", headers=merchant.sk)
    with app.app_context():
        today = quotes.today()
        db.session.get(Quote, quote["id"]).valid_until = today - timedelta(days=1)
        db.session.get(Quote, last_day["id"]).valid_until = today
        db.session.get(Quote, withdrawn["id"]).valid_until = today - timedelta(days=3)
        db.session.commit()
        assert [q.id for q in quotes.expire_due()] == [quote["id"]]
        db.session.commit()
        statuses = dict(db.session.execute(sa.select(Quote.id, Quote.status)).all())
    assert statuses == {
        quote["id"]: "expired",
        last_day["id"]: "sent",
        withdrawn["id"]: "withdrawn",
    }


def test_a_product_sold_as_no_variant_is_a_custom_line_at_the_quoted_price(
    app,  # noqa: F811
    quote,  # noqa: F811
):
    with app.app_context():
        stored = db.session.get(Quote, quote["id"])
        draft = quote_checkout.draft_order_input(stored)
    (line,) = draft["lineItems"]
    assert line["title"] == "Business card"
    assert line["originalUnitPriceWithCurrency"] == {"amount": "10.53", "currencyCode": "EUR"}
    assert "variantId" not in line and "priceOverride" not in line
    assert "appliedDiscount" not in draft


def test_amounts_are_written_in_the_currencys_own_decimals():
    assert quote_checkout.amount(1053, "EUR") == "10.53"
    assert quote_checkout.amount(5, "EUR") == "0.05"
    assert quote_checkout.amount(1500, "JPY") == "1500"


def test_links_are_signed_and_name_their_quote(app, quote):  # noqa: F811
    with app.app_context():
        stored = db.session.get(Quote, quote["id"])
        token = quotes.acceptance_token(stored)
        assert quotes.by_token(token) is stored
        assert quotes.accept_url(stored) == f"https://monogram.example/quote/{token}"
        assert quotes.line_token(stored).startswith("dq_")
        assert quotes.line_token(stored) != token
