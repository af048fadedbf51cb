"""Console quotes: the list and its filter, a quote's lines and history, and what it can do next."""

import re
from datetime import timedelta

import pytest

import monogram.api.console.pricing  # noqa: F401  (registers the routes before the app is made)
from monogram.extensions.db import db
from monogram.models import Quote
from monogram.models.base import utcnow
from tests.api.test_quotes import CONTACT, request_quote
from tests.api.test_quotes import design as design  # a fixture: a design of a priced product
from tests.api.test_quotes import priced as priced  # a fixture: the product priced, tax 20 %
from tests.console.conftest import alert, csrf_of, sign_in

OPERATOR = "olive@dupont.example"
DESIGNER = "denis@dupont.example"
STRANGER = "bruno@martin.example"
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def quote(client, merchant, design):
    created = request_quote(client, merchant, design)
    assert created.status_code == 201, created.json
    return created.json


@pytest.fixture
def operator(admin, make_user, merchant):
    make_user(merchant.merchant_id, OPERATOR, role="operator")
    sign_in(admin, OPERATOR)
    return admin


def stored(app, quote_id):
    with app.app_context():
        found = db.session.get(Quote, quote_id)
        return {
            name: getattr(found, name)
            for name in (
                "status",
                "revision",
                "quantity",
                "unit_price",
                "total",
                "valid_until",
                "unsent_changes",
                "accepted_at",
            )
        }


def act(browser, quote_id, action, **data):
    page = browser.get(f"/console/quotes/{quote_id}")
    return browser.post(
        f"/console/quotes/{quote_id}/{action}", data={"csrf": csrf_of(page), **data}
    )


def post_every_form(browser, quote_id, token):
    """Each of the quote's forms posted once with `token`, filled in: (action, response)."""
    for action in ("extend", "change", "send", "accept", "withdraw"):
        response = browser.post(
            f"/console/quotes/{quote_id}/{action}",
            data={"csrf": token, "valid_until": "2099-01-01", "quantity": "300"},
        )
        yield action, response


def test_the_list_shows_the_merchants_quotes_and_filters_by_status(
    app,
    client,
    operator,
    merchant,
    design,
    quote,
):
    second = request_quote(client, merchant, design, quantity=10).json
    with app.app_context():
        db.session.get(Quote, second["id"]).status = "withdrawn"
        db.session.commit()
    listed = operator.get("/console/quotes")
    assert listed.status_code == 200
    assert re.findall(r'data-quote="([^"]+)"', listed.text) == [second["id"], quote["id"]]
    row = listed.text.split(f'data-quote="{quote["id"]}"')[1].split("</tr>")[0]
    assert quote["number"] in row and "Sent" in row
    assert CONTACT["name"] in row and "Société d’Études" in row
    assert "€1,263.60" in row
    sent_only = operator.get("/console/quotes?status=sent")
    assert re.findall(r'data-quote="([^"]+)"', sent_only.text) == [quote["id"]]
    french = operator.get("/console/quotes?lang=fr")
    assert f"1{NNBSP}263,60{NBSP}€" in french.text and "Envoyé" in french.text


def test_the_quote_shows_its_lines_prices_and_history(operator, quote):
    shown = operator.get(f"/console/quotes/{quote['id']}")
    assert shown.status_code == 200
    html = shown.text
    for line in quote["lines"]:
        assert f'data-kind="{line["kind"]}"' in html and line["label"] in html
    assert "<dd data-unit-price>€10.53</dd>" in html and "<dd data-total>€1,263.60</dd>" in html
    assert "Asked for by the buyer, revision 1 sent" in html
    assert CONTACT["email"] in html and "Livraison avant le 15 décembre" in html
    for button in (
        "Extend",
        "Save the changes",
        "Send the quote again",
        "Record the buyer’s acceptance",
        "Withdraw the quote",
    ):
        assert button in html
    document = operator.get(re.search(r'href="([^"]+document\.pdf)"', html).group(1))
    assert (document.status_code, document.mimetype) == (200, "application/pdf")
    assert document.data.startswith(b"%PDF")


def test_extending_changing_and_sending_make_a_new_revision(app, operator, quote, smtp_server):
    later = (utcnow().date() + timedelta(days=60)).isoformat()
    extended = act(operator, quote["id"], "extend", valid_until=later)
    assert extended.status_code == 303
    assert "The new date is saved" in operator.get(extended.headers["Location"]).text
    changed = act(operator, quote["id"], "change", quantity="300", unit_price="")
    assert changed.status_code == 303
    after = stored(app, quote["id"])
    assert (after["valid_until"].isoformat(), after["quantity"], after["unsent_changes"]) == (
        later,
        300,
        True,
    )
    # 300 pieces fall in the 250+ tier: 8.00 + 0.50 + 0.03, priced again by the service.
    assert (after["unit_price"], after["total"]) == (853, 255900)
    agreed = act(operator, quote["id"], "change", quantity="300", unit_price="8,00")
    assert agreed.status_code == 303
    assert stored(app, quote["id"])["unit_price"] == 800
    sent = len(smtp_server.messages)
    resent = act(operator, quote["id"], "send")
    assert resent.status_code == 303
    assert "Revision 2 is sent to the buyer." in operator.get(resent.headers["Location"]).text
    assert (stored(app, quote["id"])["revision"], stored(app, quote["id"])["unsent_changes"]) == (
        2,
        False,
    )
    assert smtp_server.messages[sent]["To"] == CONTACT["email"]


def test_accepting_on_behalf_and_withdrawing(app, client, operator, merchant, design, quote):
    accepted = act(operator, quote["id"], "accept")
    assert accepted.status_code == 303
    after = stored(app, quote["id"])
    assert after["status"] == "accepted" and after["accepted_at"] is not None
    other = request_quote(client, merchant, design, quantity=10).json
    withdrawn = act(operator, other["id"], "withdraw")
    assert withdrawn.status_code == 303
    assert stored(app, other["id"])["status"] == "withdrawn"
    page = operator.get(f"/console/quotes/{other['id']}")
    assert "This quote is withdrawn: there is nothing more to do here." in page.text
    again = act(operator, other["id"], "send")
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("action", "data", "said"),
    [
        ("extend", {"valid_until": "31/01/2027"}, "Valid until: give a date like 2027-01-31"),
        ("extend", {"valid_until": "2020-01-01"}, "Valid until: give a date like 2027-01-31"),
        ("change", {"quantity": "0", "unit_price": ""}, "Quantity: give a whole number"),
        ("change", {"quantity": "120", "unit_price": "douze"}, "Price per piece: “douze”"),
        ("change", {"quantity": "120", "unit_price": ""}, "Give a new quantity, a new price"),
    ],
)
def test_bad_input_is_shown_again_and_changes_nothing(app, operator, quote, action, data, said):
    before = stored(app, quote["id"])
    refused = act(operator, quote["id"], action, **data)
    assert refused.status_code == 422
    assert alert(refused).startswith(said)
    for value in data.values():
        assert f'value="{value}"' in refused.text
    assert stored(app, quote["id"]) == before


def test_forms_without_the_csrf_token_change_nothing(app, operator, quote):
    before = stored(app, quote["id"])
    for action, data in (
        ("extend", {"valid_until": "2099-01-01"}),
        ("change", {"quantity": "300"}),
        ("send", {}),
        ("accept", {}),
        ("withdraw", {}),
    ):
        assert operator.post(f"/console/quotes/{quote['id']}/{action}", data=data).status_code == (
            400
        ), action
    assert stored(app, quote["id"]) == before


def test_a_designer_may_not_open_quotes(app, admin, make_user, merchant, quote):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    sign_in(admin, DESIGNER)
    for path in ("/console/quotes", f"/console/quotes/{quote['id']}"):
        assert admin.get(path).status_code == 403, path
    token = csrf_of(admin.get("/console/pricing"))
    before = stored(app, quote["id"])
    for action, response in post_every_form(admin, quote["id"], token):
        assert response.status_code == 403, action
    assert stored(app, quote["id"]) == before


def test_another_merchants_quote_is_not_found_on_every_page_and_form(
    app, admin, make_user, other_merchant, quote
):
    make_user(other_merchant.merchant_id, STRANGER)
    sign_in(admin, STRANGER)
    own = admin.get("/console/quotes")
    assert own.status_code == 200 and quote["id"] not in own.text
    for path in (f"/console/quotes/{quote['id']}", f"/console/quotes/{quote['id']}/document.pdf"):
        assert admin.get(path).status_code == 404, path
    token = csrf_of(own)
    before = stored(app, quote["id"])
    for action, response in post_every_form(admin, quote["id"], token):
        assert response.status_code == 404, action
    assert stored(app, quote["id"]) == before
