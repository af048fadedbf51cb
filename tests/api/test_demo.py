"""/demo: a product page embedding the loader as a merchant would, and a cart listing its lines."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from monogram.services.demo import seed_demo


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order, plus the open forms around it."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.forms = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes, list(self.forms)))
        if tag == "form":
            self.forms.append(attributes)

    def handle_endtag(self, tag):
        if tag == "form" and self.forms:
            self.forms.pop()

    def find(self, tag, **wanted):
        return [
            (attributes, forms)
            for name, attributes, forms in self.tags
            if name == tag and all(attributes.get(k) == v for k, v in wanted.items())
        ]


@pytest.fixture
def demo(app):
    with app.app_context():
        return seed_demo()


def cells(html):
    """The cart's (field, value) rows as the shopper reads them."""
    rows = re.findall(r'<th scope="row">(.*?)</th><td data-field="[^"]*">(.*?)</td>', html)
    return [(name, value) for name, value in rows]


def test_the_demo_keeps_its_publishable_key_for_the_page(app, demo):
    kept = json.loads((Path(app.config["MONOGRAM"].INSTANCE_DIR) / "demo.json").read_text())
    assert kept == {"publishable_key": demo["keys"]["publishable"], "product": demo["product"]}
    # Seeding again revokes the old keys: the page must follow to the new one.
    with app.app_context():
        again = seed_demo()
    kept = json.loads((Path(app.config["MONOGRAM"].INSTANCE_DIR) / "demo.json").read_text())
    assert kept["publishable_key"] == again["keys"]["publishable"] != demo["keys"]["publishable"]


def test_the_product_page_embeds_the_loader_in_its_cart_form(client, demo):
    response = client.get("/demo")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "Atelier Monogram" in html and "Business card" in html
    page = Elements(html)
    ((script, forms),) = page.find("script", src="/widget/monogram.js")
    assert script["data-key"] == demo["keys"]["publishable"]
    assert script["data-product"] == demo["product"]
    assert script["data-locale"] == "en"
    assert "async" in script
    # The loader finds its form as the closest form around the script.
    assert forms == [{"method": "post", "action": "/demo/cart"}]
    assert page.find("input", type="number", name="quantity")
    assert page.find("html", lang="en")

    # The key on the page is the one the API takes for the product.
    product = client.get(
        f"/v1/products/{demo['product']}",
        headers={"Authorization": f"Bearer {script['data-key']}"},
    )
    assert product.status_code == 200
    assert product.json["name"] == "Business card"


def test_the_page_speaks_french_on_request(client, demo):
    html = client.get("/demo?lang=fr").get_data(as_text=True)
    page = Elements(html)
    ((script, forms),) = page.find("script", src="/widget/monogram.js")
    assert script["data-locale"] == "fr"
    assert forms[0]["action"] == "/demo/cart?lang=fr"
    assert page.find("html", lang="fr")
    assert "Carte de visite" in html and "Ajouter au panier" in html
    # Both languages stay one click away.
    assert page.find("a", href="/demo?lang=en") and page.find("a", href="/demo?lang=fr")


def test_the_product_photo_is_the_demo_mockup(client, demo):
    html = client.get("/demo").get_data(as_text=True)
    ((img, _),) = Elements(html).find("img")
    assert img["alt"]
    response = client.get(img["src"])
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")


def test_an_unseeded_demo_says_what_to_run(client):
    response = client.get("/demo")
    assert response.status_code == 404
    assert "monogram demo" in response.get_data(as_text=True)
    assert "widget/monogram.js" not in response.get_data(as_text=True)
    assert client.get("/demo/photo.png").status_code == 404


def test_the_cart_lists_every_posted_field(client, demo):
    response = client.post(
        "/demo/cart",
        data={
            "product": demo["product"],
            "quantity": "3",
            "properties[_monogram_design]": "dsg_0123456789abcdef",
            "properties[_monogram_token]": "dtk_secret-ish",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert cells(html) == [
        ("product", demo["product"]),
        ("quantity", "3"),
        ("properties[_monogram_design]", "dsg_0123456789abcdef"),
        ("properties[_monogram_token]", "dtk_secret-ish"),
    ]
    assert "Business card × 3" in html
    assert Elements(html).find("a", href="/demo")


def test_the_cart_escapes_what_was_posted(client, demo):
    hostile = '<script>alert("x")</script>&"'
    response = client.post("/demo/cart", data={"quantity": "1", f"note{hostile}": hostile})
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&#34;"
    assert cells(html)[1] == (f"note{escaped}", escaped)


def test_an_empty_cart(client, demo):
    response = client.get("/demo/cart?lang=fr")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Votre panier est vide." in html
    assert cells(html) == []
    assert Elements(html).find("a", href="/demo?lang=fr")


def test_the_demo_offers_a_template_gallery_and_starter_clipart(client, demo):
    editor = {"Authorization": f"Bearer {demo['keys']['publishable']}"}
    gallery = client.get("/v1/templates", headers=editor, query_string={"product": demo["product"]})
    assert [t["name"] for t in gallery.json] == [
        "Hôtel — classique",
        "Restaurant — ardoise",
        "Artisan — atelier",
    ]
    for template in gallery.json:
        # Drawn for the demo's own fonts: nothing substituted, nothing left unconverted.
        assert template["import_report"] == []
        objects = template["document"]["surfaces"][0]["objects"]
        fields = [o for o in objects if o.get("field")]
        assert [o["type"] for o in fields] == ["image", "text", "text", "text"]
        assert all(o["lock"]["move"] and not o["lock"]["edit"] for o in fields)
        thumbnail = client.get(template["thumbnail_url"], headers=editor)
        assert thumbnail.status_code == 200
        assert thumbnail.data.startswith(b"\x89PNG")
    # Seeding again adds nothing twice (and hands out a new key).
    with client.application.app_context():
        editor = {"Authorization": f"Bearer {seed_demo()['keys']['publishable']}"}
    again = client.get("/v1/templates", headers=editor, query_string={"product": demo["product"]})
    assert len(again.json) == 3
    clipart = client.get("/v1/media", headers=editor, query_string={"product": demo["product"]})
    assert clipart.status_code == 200
    assert len(clipart.json) >= 16
