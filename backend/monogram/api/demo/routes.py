"""/demo: a fictional shop's product page that embeds the loader as a merchant would, and a cart."""

from pathlib import Path

from flask import Blueprint, Response, render_template, request, url_for

from monogram.errors import NotFound
from monogram.extensions.security import WIDGET_PAGE_POLICY, page_policy
from monogram.services.demo import demo_photo, demo_shop

# Templates live with the console's, as every server-rendered page does.
TEMPLATES = Path(__file__).resolve().parents[2] / "console" / "templates"

blp = Blueprint("demo", __name__, url_prefix="/demo", template_folder=str(TEMPLATES))

LOCALES = ("en", "fr")
TEXTS = {
    "en": {
        "shop": "Atelier Monogram",
        "tagline": "Stationery printed in our Lyon workshop",
        "demo_note": "A demo shop: nothing is sold, nothing is charged.",
        "product": "Business card",
        "details": "Printed both sides on 350 g matte paper, 85 × 55 mm, delivered in 3 days.",
        "price": "€29.90",
        "per": "per box of 100 cards",
        "photo_alt": "The business card, front and back, lying on an oak desk",
        "quantity": "Quantity (boxes)",
        "personalise_hint": "Add your name, your details and your logo, then add to cart.",
        "add_to_cart": "Add to cart",
        "cart": "Cart",
        "empty_cart": "Your cart is empty.",
        "line": "Business card × {quantity}",
        "properties": "Everything the product page sent for this line",
        "field": "Field",
        "value": "Value",
        "back": "Back to the business card",
        "not_seeded_title": "The demo shop is not set up yet",
        "not_seeded": "Set it up with this command (make run does it too), then reload this page:",
    },
    "fr": {
        "shop": "Atelier Monogram",
        "tagline": "Papeterie imprimée dans notre atelier lyonnais",
        "demo_note": "Boutique de démonstration : rien n’est vendu ni débité.",
        "product": "Carte de visite",
        "details": "Imprimée recto verso sur papier mat 350 g, 85 × 55 mm, livrée en 3 jours.",
        "price": "29,90 €",
        "per": "la boîte de 100 cartes",
        "photo_alt": "La carte de visite, recto et verso, posée sur un bureau en chêne",
        "quantity": "Quantité (boîtes)",
        "personalise_hint": (
            "Ajoutez votre nom, vos coordonnées et votre logo, puis ajoutez au panier."
        ),
        "add_to_cart": "Ajouter au panier",
        "cart": "Panier",
        "empty_cart": "Votre panier est vide.",
        "line": "Carte de visite × {quantity}",
        "properties": "Tout ce que la page produit a envoyé pour cette ligne",
        "field": "Champ",
        "value": "Valeur",
        "back": "Retour à la carte de visite",
        "not_seeded_title": "La boutique de démonstration n’est pas encore prête",
        "not_seeded": "Préparez-la avec cette commande (make run le fait aussi), puis rechargez :",
    },
}


def locale():
    lang = request.args.get("lang", "")
    return lang if lang in LOCALES else "en"


def page(template, status=200, **context):
    lang = locale()
    # A shop's page, as a merchant's would be: the widget embedded, its own styles.
    page_policy(WIDGET_PAGE_POLICY)
    # Links keep the shopper's language; English is the default and needs no parameter.
    query = {"lang": lang} if lang != "en" else {}
    html = render_template(
        f"demo/{template}",
        lang=lang,
        t=TEXTS[lang],
        query=query,
        switch={code: url_for(request.endpoint, lang=code) for code in LOCALES},
        **context,
    )
    return Response(html, status=status, mimetype="text/html")


@blp.get("")
def product_page():
    shop = demo_shop()
    if shop is None:
        return page("not_seeded.html", status=404)
    return page("product.html", shop=shop)


@blp.route("/cart", methods=["GET", "POST"])
def cart():
    # Every field the form sent, in order and repeats included: what a connector would receive.
    fields = list(request.form.items(multi=True)) if request.method == "POST" else []
    quantity = request.form.get("quantity", "1")
    return page("cart.html", fields=fields, quantity=quantity)


@blp.get("/photo.png")
def photo():
    shop = demo_shop()
    found = demo_photo(shop["product"]) if shop else None
    if found is None:
        raise NotFound("The demo shop has no product photo yet: run `monogram demo`.")
    data, media_type, sha256 = found
    response = Response(data, mimetype=media_type)
    response.set_etag(sha256)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response.make_conditional(request)
