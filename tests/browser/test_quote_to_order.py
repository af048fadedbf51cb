"""From the editor's "Request a quote" to a Shopify order in one run: the quote e-mailed with
its PDF, read and accepted online, turned into a draft order at the quoted price, and the order
Shopify sends back tied to the quote."""

import os
import re
import subprocess
import time
from datetime import date, datetime, timedelta

import pytest

from monogram.settings import Config
from tests import samples
from tests.browser.conftest import CHROMIUM, RESULTS
from tests.browser.shop import (
    FOCUSED,
    RECORD_EVENTS,
    editor,
    editor_button,
    personalise_button,
    saved_design,
    tab_to,
    tool,
)
from tests.browser.shopify_shop import api as shop_api
from tests.browser.shopify_shop import monogram_for_shopify, shopify_delivery
from tests.connectors.test_shop_status import ShopifyAdmin

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = pytest.mark.browser

SHOP = "atelier-dupont.myshopify.com"
TOKEN = "shpat_quote_to_order_0123456789"
PLATFORM_PRODUCT, PLATFORM_VARIANT = "8001", "9001"
ORDER, LINE = 7101, 71011
BUYER = {
    "name": "Jeanne Dupont",
    "email": "jeanne@example.fr",
    "company": "Cabinet Dupont & Fils",
    "phone": "+33 6 12 34 56 78",
    "message": "Livraison avant le 15 si possible.",
}
MERCHANT_INBOX = "devis@atelier-dupont.example"
QUANTITY = 120
# 50 to 249 cards at 10.00 € each, plus 0.50 € for the one text: 10.50 € a card, before VAT.
RULE = {
    "base_prices": [
        {
            "variant": "",
            "tiers": [
                {"min_quantity": 1, "unit_price": 1200},
                {"min_quantity": 50, "unit_price": 1000},
                {"min_quantity": 250, "unit_price": 800},
            ],
        }
    ],
    "surcharges": {"text": {"unit_price": 50, "free": 0}},
}
UNIT_PRICE, TOTAL, TAX = 1050, 126_000, 25_200
FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def french_date(day):
    return f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def euros(pattern):
    """French text with amounts as a regex: "1 260,00 €" with whichever spaces were put in."""
    return pattern.replace(" ", r"[\s\u202f\u00a0]?")


@pytest.fixture
def shop(tmp_path, smtp_server):
    """Monogram on loopback with SMTP and the widget, a Shopify shop's Admin API stand-in."""
    widget_dir = Config.from_env(
        environ={k: v for k, v in os.environ.items() if k == "MONOGRAM_WIDGET_DIR"}
    ).WIDGET_DIR
    admin = ShopifyAdmin(TOKEN)
    with monogram_for_shopify(
        tmp_path, smtp_server, admin, SHOP, TOKEN, WIDGET_DIR=widget_dir
    ) as running:
        yield running


def api(page, method, path, key, body=None):
    return shop_api(page, method, path, key, body).json()


def merchant_setup(page, shop):
    """A business card sold on Shopify as variant 9001, priced per piece before VAT."""
    sk = shop["keys"]["secret"]
    api(page, "PATCH", "/v1/account", sk, {"notification_email": MERCHANT_INBOX})
    font = page.request.post(
        "/v1/fonts",
        headers={"Authorization": f"Bearer {sk}"},
        multipart={
            "file": {
                "name": "Vera.ttf",
                "mimeType": "font/ttf",
                "buffer": samples.VERA.read_bytes(),
            },
            "licence_note": "Bitstream Vera",
        },
    ).json()["id"]
    product = {
        **samples.card_product([font]),
        "platform_refs": [
            {"store": shop["store"], "product": PLATFORM_PRODUCT, "variant": PLATFORM_VARIANT}
        ],
    }
    product = api(page, "POST", "/v1/products", sk, product)["id"]
    api(page, "PUT", f"/v1/products/{product}/pricing", sk, RULE)
    api(
        page,
        "PUT",
        f"/v1/stores/{shop['store']}/pricing",
        sk,
        {"prices_include_tax": False, "tax_rate": "20"},
    )
    return product


def product_page(shop, product):
    """A Shopify product page as a Dawn-like theme renders it, with the app's loader tag."""
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cartes de visite – Atelier Dupont</title></head>
<body><h1>Cartes de visite</h1>
<form method="post" action="/cart/add" id="product-form" accept-charset="UTF-8">
<input type="hidden" name="id" value="{PLATFORM_VARIANT}">
<label>Quantité <input type="number" name="quantity" value="{QUANTITY}" min="1"></label>
<script src="/widget/monogram.js" data-key="{shop["keys"]["publishable"]}"
 data-product="{product}" data-locale="fr" async></script>
<button type="submit" name="add">Ajouter au panier</button>
</form></body></html>"""


def mail_to(smtp_server, address, timeout=60):
    """The first e-mail the SMTP server received for this address."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_server.messages:
            if address in message["To"]:
                return message
        time.sleep(0.2)
    got = [m["To"] for m in smtp_server.messages]
    raise AssertionError(f"no e-mail to {address} within {timeout} s; got e-mails to {got}")


def accept_link(message, base):
    text = message.get_body(("plain",)).get_content()
    links = {
        link.rstrip(".,;)>")
        for link in re.findall(re.escape(base) + r"/quote/\S+", text)
        if "/document.pdf" not in link
    }
    assert len(links) == 1, (links, text)
    return links.pop()


def pdf_text(pdf, tmp_path):
    """What poppler reads in the PDF, French spaces made plain, and its page count."""
    path = tmp_path / "quote.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(
        [tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    text = subprocess.run(
        [tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return re.sub(r"[\u00a0\u202f]", " ", text), pages


def wait_for(page, path, key, ready, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        document = api(page, "GET", path, key)
        if ready(document):
            return document
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never got there: {document}")
        time.sleep(0.2)


def quote_request(shop):
    """Matches the widget's POST /v1/quotes."""
    url = f"{shop['url']}/v1/quotes"
    return lambda response: response.url == url and response.request.method == "POST"


def focused(page):
    return page.evaluate(FOCUSED)


def test_quote_to_order(shop, smtp_server, playwright_driver, tmp_path):
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    context = browser.new_context(base_url=shop["url"], locale="fr-FR")
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    page = context.new_page()
    log = []
    page.on("console", lambda message: log.append(f"console.{message.type}: {message.text}"))
    page.on("pageerror", lambda error: log.append(f"page error: {error}"))
    sk = shop["keys"]["secret"]
    shots = RESULTS / "quote-to-order"
    shots.mkdir(parents=True, exist_ok=True)
    try:
        product = merchant_setup(page, shop)
        html = product_page(shop, product)
        page.add_init_script(RECORD_EVENTS)
        page.route(
            f"{shop['url']}/products/cartes-de-visite",
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
        )
        page.goto("/products/cartes-de-visite")

        # The buyer personalises the card; the live price comes, and the quote button with it.
        personalise_button(page, "Personnaliser").click()
        quote_button = editor_button(page, "Demander un devis")
        expect(editor_button(page, "Ajouter un texte")).to_be_enabled()
        editor_button(page, "Ajouter un texte").click()
        text = editor(page).get_by_label("Texte", exact=True)
        text.fill(BUYER["name"])
        price = editor(page).locator(".price")
        expect(price).to_contain_text(re.compile("Prix: " + euros("1 260,00 €")))
        expect(price).to_contain_text(re.compile(euros("Texte : 1 × 0,50 €")))
        expect(quote_button).to_be_visible()
        page.screenshot(path=shots / "1-price-and-quote-button.png")

        # By keyboard: to the button, Enter; the dialog opens on the name, quantity filled in.
        tab_to(page, quote_button)
        page.keyboard.press("Enter")
        dialog = editor(page).get_by_role("dialog", name="Demander un devis")
        expect(dialog).to_be_visible()
        name = dialog.get_by_label("Nom", exact=True)
        expect(name).to_be_focused()
        expect(dialog.get_by_label("Quantité")).to_have_value(str(QUANTITY))
        page.keyboard.type(BUYER["name"])
        page.keyboard.press("Tab")
        page.keyboard.type("jeanne@")  # a slip: no domain
        page.keyboard.press("Tab")
        page.keyboard.type(BUYER["company"])
        page.keyboard.press("Enter")

        # The slip is said under its field, in French, and the keyboard is taken back to it.
        email = dialog.get_by_label("E-mail")
        expect(email).to_be_focused()
        expect(email).to_have_attribute("aria-invalid", "true")
        expect(editor(page).locator("#quote-email-error")).to_have_text(
            "Indiquez une adresse e-mail, par exemple nom@exemple.fr."
        )
        expect(dialog.get_by_role("alert")).to_have_text("Corrigez les champs signalés ci-dessous.")
        assert email.get_attribute("aria-describedby") == "quote-email-error"
        page.screenshot(path=shots / "2-quote-form-slip.png")
        email.fill(BUYER["email"])
        expect(email).not_to_have_attribute("aria-invalid", "true")
        dialog.get_by_label("Message (facultatif)").fill(BUYER["message"])

        # What only the server knows (a phone number too long) comes back under its field too,
        # and nothing is stored.
        phone = dialog.get_by_label("Téléphone (facultatif)")
        phone.fill("+33 6 12 34 56 78, ou le standard : +33 4 72 00 00 00")
        send = dialog.get_by_role("button", name="Envoyer ma demande")
        with page.expect_response(quote_request(shop)) as refused:
            send.click()
        assert refused.value.status == 422, refused.value.text()
        (error,) = refused.value.json()["errors"]
        assert error["path"] == "/contact/phone"
        expect(editor(page).locator("#quote-phone-error")).to_have_text(error["message"])
        expect(phone).to_have_attribute("aria-invalid", "true")
        expect(phone).to_be_focused()
        expect(email).not_to_have_attribute("aria-invalid", "true")
        assert api(page, "GET", "/v1/quotes", sk) == []
        phone.fill(BUYER["phone"])
        with page.expect_response(quote_request(shop)) as posted:
            send.click()
        assert posted.value.status == 201, posted.value.text()

        # The design was saved first, as for the cart; the quote is numbered and held 30 days.
        confirmation = dialog.get_by_role("status").filter(has_text="Devis D-")
        expect(confirmation).to_be_visible()
        expect(confirmation).to_be_focused()
        design = saved_design(page)
        # A Shopify shop's cart charges the price Monogram signed: it came with the save.
        signed = re.fullmatch(
            r"mp1\.(\w+)\.(\d+)\.(\d+)\.(\d+)\.EUR\.[0-9a-f]{64}", design["signed_price"]
        )
        assert signed is not None, design
        assert (signed[1], int(signed[4])) == (design["design"], 1050)
        saved = api(page, "GET", f"/v1/designs/{design['design']}", sk)["document"]
        assert [o["text"] for s in saved["surfaces"] for o in s["objects"]] == [BUYER["name"]]
        quote = api(page, "GET", f"/v1/quotes/{posted.value.json()['id']}", sk)
        assert [q["id"] for q in api(page, "GET", "/v1/quotes", sk)] == [quote["id"]]
        created = datetime.fromisoformat(quote["created_at"])
        valid_until = date.fromisoformat(quote["valid_until"])
        assert quote["number"] == f"D-{created.year}-0001"
        assert valid_until == created.date() + timedelta(days=30)
        assert {key: quote[key] for key in ("status", "design", "quantity", "currency")} == {
            "status": "sent",
            "design": design["design"],
            "quantity": QUANTITY,
            "currency": "EUR",
        }
        assert (quote["unit_price"], quote["total"], quote["tax"], quote["tax_included"]) == (
            UNIT_PRICE,
            TOTAL,
            TAX,
            False,
        )
        assert quote["contact"]["name"] == BUYER["name"]
        assert quote["contact"]["email"] == BUYER["email"]
        assert quote["contact"]["company"] == BUYER["company"]
        assert quote["contact"]["phone"] == BUYER["phone"]
        assert quote["message"] == BUYER["message"]
        assert quote["locale"] == "fr"
        expect(confirmation).to_contain_text(
            f"Devis {quote['number']} envoyé à {BUYER['email']}, "
            f"valable jusqu’au {french_date(valid_until)}."
        )
        expect(confirmation).to_contain_text(re.compile("Total : " + euros("1 260,00 €") + " HT"))
        page.screenshot(path=shots / "3-quote-sent.png")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        assert "Demander un devis" in focused(page), focused(page)

        # The buyer's e-mail: in French, the PDF attached, the link to accept.
        mail = mail_to(smtp_server, BUYER["email"])
        assert quote["number"] in mail["Subject"]
        assert mail["Subject"].startswith("Votre devis")
        body = mail.get_body(("plain",)).get_content()
        assert "Bonjour Jeanne Dupont" in body
        (attachment,) = mail.iter_attachments()
        assert attachment.get_content_type() == "application/pdf"
        assert quote["number"] in attachment.get_filename()
        document, pages = pdf_text(attachment.get_content(), tmp_path)
        assert pages >= 1
        for words in (
            quote["number"],
            "Atelier Dupont",
            BUYER["name"],
            BUYER["company"],
            french_date(valid_until),
            "Bon pour accord",
        ):
            assert words in document, (words, document)
        assert re.search("HT.*" + euros("1 260,00"), document), document
        assert re.search("TVA.*" + euros("252,00"), document), document
        assert re.search("TTC.*" + euros("1 512,00"), document), document
        assert re.search(rf"\b1 ?(?:/|sur) ?{pages}\b", document), document  # page numbers
        # The merchant hears of the request too.
        notice = mail_to(smtp_server, MERCHANT_INBOX)
        assert quote["number"] in notice["Subject"]

        # The buyer opens the link: the quote as the PDF says it, and a way to accept it.
        link = accept_link(mail, shop["url"])
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_contain_text(quote["number"])
        expect(page.locator("body")).to_contain_text(re.compile(euros("1 260,00 €")))
        expect(page.locator("body")).to_contain_text(re.compile(euros("252,00 €")))
        expect(page.locator("body")).to_contain_text(re.compile(euros("1 512,00 €")))
        expect(page.locator("body")).to_contain_text(french_date(valid_until))
        pdf_link = page.get_by_role("link", name=re.compile("PDF"))
        assert pdf_link.get_attribute("href").endswith("/document.pdf")
        page.screenshot(path=shots / "4-quote-page.png", full_page=True)
        # Accepting sends the browser on to Shopify's invoice (Shopify itself is not here, and
        # Playwright routes no redirect's target: the request going out is what the test sees).
        with page.expect_request(lambda request: request.url.startswith(f"https://{SHOP}/")) as out:
            page.get_by_role("button", name=re.compile("^Accepter")).click()
        accepting = out.value.redirected_from
        assert accepting.method == "POST"
        assert accepting.url.startswith(link + "/accept")
        assert accepting.response().status == 303

        # Accepted: Shopify made a draft order at the quoted price. Back on the link later (in a
        # new tab: this one is left on the unreachable invoice), the page leads to it.
        quote = api(page, "GET", f"/v1/quotes/{quote['id']}", sk)
        assert quote["status"] == "accepted"
        assert quote["checkout_url"] == out.value.url
        page = context.new_page()
        page.goto(link)
        expect(page.get_by_role("status")).to_contain_text("vous avez accepté ce devis")
        checkout = page.get_by_role("link", name="Finaliser ma commande")
        expect(checkout).to_have_attribute("href", quote["checkout_url"])
        expect(page.get_by_role("button", name=re.compile("^Accepter"))).to_have_count(0)
        page.screenshot(path=shots / "5-quote-accepted.png", full_page=True)
        drafts = [variables for name, variables in shop["admin"].calls if "DraftOrder" in name]
        assert len(drafts) == 1, shop["admin"].calls
        draft = drafts[0]["input"]
        assert (draft["email"], draft["note"]) == (BUYER["email"], quote["number"])
        (line,) = draft["lineItems"]  # no one-off lines on this quote
        attributes = {a["key"]: a["value"] for a in line.pop("customAttributes")}
        assert line == {
            "variantId": f"gid://shopify/ProductVariant/{PLATFORM_VARIANT}",
            "quantity": QUANTITY,
            "priceOverride": {"amount": "10.50", "currencyCode": "EUR"},
        }
        assert sorted(attributes) == ["_monogram_design", "_monogram_quote", "_monogram_token"]
        assert attributes["_monogram_design"] == design["design"]
        assert attributes["_monogram_quote"] == quote["id"]
        # The token is whatever opens the design for this quote's order: the intake checks it.
        assert attributes["_monogram_token"]

        # The buyer pays; Shopify sends the order, its line carrying the draft's attributes.
        shopify_delivery(
            page,
            {
                "id": ORDER,
                "name": "#7101",
                "email": BUYER["email"],
                "customer_locale": "fr",
                "currency": "EUR",
                "taxes_included": False,
                "source_name": "shopify_draft_order",
                "customer": {"id": 502, "email": BUYER["email"]},
                "billing_address": {"company": BUYER["company"]},
                "shipping_address": {"name": BUYER["name"], "city": "Lyon", "country_code": "FR"},
                "line_items": [
                    {
                        "id": LINE,
                        "product_id": int(PLATFORM_PRODUCT),
                        "variant_id": int(PLATFORM_VARIANT),
                        "title": "Cartes de visite",
                        "quantity": QUANTITY,
                        "price": "10.50",
                        "total_discount": "0.00",
                        "discount_allocations": [],
                        "properties": [
                            {"name": key, "value": value} for key, value in attributes.items()
                        ],
                    }
                ],
            },
            SHOP,
        )

        # Monogram has the order on the quoted design, checked against the quote: ordered.
        quote = wait_for(
            page, f"/v1/quotes/{quote['id']}", sk, lambda quote: quote["status"] == "ordered"
        )
        order = api(page, "GET", f"/v1/orders/{quote['order']}", sk)
        assert order["platform_order_id"] == str(ORDER)
        (ordered,) = order["lines"]
        assert ordered["platform_line_id"] == str(LINE)
        assert ordered["design"] == design["design"]
        assert ordered["quantity"] == QUANTITY
        assert ordered["status"] == "accepted"
        assert ordered["price_check"]["status"] == "ok", ordered["price_check"]
        assert ordered["price_check"]["quoted"] == UNIT_PRICE
        assert ordered["price_check"]["charged"] == UNIT_PRICE
    except BaseException:
        page.screenshot(path=shots / "failure.png", full_page=True)
        (shots / "failure.log").write_text("\n".join(log) + "\n")
        raise
    finally:
        context.close()
        browser.close()
