"""An accepted quote's way to payment: a Shopify draft order, or a link into the shop module."""

import logging
from decimal import Decimal
from urllib.parse import urlencode

from flask import current_app

from monogram.connectors import shopify
from monogram.extensions.db import db
from monogram.models import Store
from monogram.services import pricing, quotes
from monogram.services.secrets_box import unseal

log = logging.getLogger(__name__)

# Where each shop module takes a quote into its cart (see the PrestaShop and Magento modules).
CART_LINKS = {
    "prestashop": "https://{domain}/module/monogram/quote?{query}",
    "magento": "https://{domain}/monogram/quote/accept?{query}",
}


def open_checkout(quote, token):
    """{"kind", "url", "id"?} for the buyer to pay the quote, or None: the merchant follows up."""
    store = db.session.get(Store, quote.store_id)
    if store.platform == "shopify":
        return _draft_order(quote, store)
    if store.platform in CART_LINKS:
        query = urlencode({"quote": quote.id, "token": token})
        url = CART_LINKS[store.platform].format(domain=store.domain, query=query)
        return {"kind": "cart_link", "url": url}
    return None


def amount(minor, currency):
    """Minor units as the decimal string Shopify's MoneyInput takes ("12.40")."""
    exponent = pricing.StoreTerms(currency=currency).exponent
    return str(Decimal(minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent)))


def draft_order_input(quote):
    """The DraftOrderInput of a quote: the design's line at the quoted unit price, carrying the
    cart properties an order from the widget carries, then the quote's one-off lines."""

    def money(minor):
        return {"amount": amount(minor, quote.currency), "currencyCode": quote.currency}

    attributes = [
        {"key": shopify.DESIGN_PROPERTY, "value": quote.design_id},
        {"key": shopify.TOKEN_PROPERTY, "value": quotes.line_token(quote)},
        {"key": shopify.QUOTE_PROPERTY, "value": quote.id},
    ]
    line = {"quantity": quote.quantity, "customAttributes": attributes}
    ref = quotes.platform_ref(quote)
    if ref is not None and ref.platform_variant:
        line["variantId"] = shopify.gid("ProductVariant", ref.platform_variant)
        line["priceOverride"] = money(quote.unit_price)
    else:
        # No variant to sell it as: a custom line of the product's name at the quoted price.
        line["title"] = quotes.product_of(quote).name
        line["originalUnitPriceWithCurrency"] = money(quote.unit_price)
    lines = [line]
    discounts = []
    for adjustment in quote.adjustments:
        if adjustment["amount"] >= 0:
            lines.append(
                {
                    "title": adjustment["label"],
                    "quantity": 1,
                    "originalUnitPriceWithCurrency": money(adjustment["amount"]),
                }
            )
        else:
            discounts.append(adjustment)
    draft = {
        "lineItems": lines,
        "email": quote.contact["email"],
        "note": quote.number,
        "presentmentCurrencyCode": quote.currency,
        "customAttributes": [{"key": shopify.QUOTE_PROPERTY, "value": quote.id}],
    }
    if discounts:
        # Shopify's lines cannot be negative: the quote's discounts become the order's discount.
        total = -sum(adjustment["amount"] for adjustment in discounts)
        draft["appliedDiscount"] = {
            "title": "; ".join(adjustment["label"] for adjustment in discounts)[:255],
            "amountWithCurrency": money(total),
            # GraphQL's Float: a JSON number, printed from the exact decimal string.
            "value": float(amount(total, quote.currency)),
            "valueType": "FIXED_AMOUNT",
        }
    return draft


def _draft_order(quote, store):
    token = unseal(store.access_token_encrypted) if store.access_token_encrypted else None
    if store.uninstalled_at is not None or token is None:
        log.warning("quote %s accepted, but the app is not installed on %s", quote.id, store.domain)
        return None
    admin_base = current_app.config["MONOGRAM"].SHOPIFY_ADMIN_URL.format(shop=store.domain)
    try:
        draft = shopify.create_draft_order(admin_base, token, draft_order_input(quote))
    except shopify.AdminApiError as error:
        # The acceptance stands; the merchant is told and makes the order by hand.
        log.warning("quote %s accepted, no draft order on %s: %s", quote.id, store.domain, error)
        return None
    return {"kind": "draft_order", "url": draft["invoiceUrl"], "id": draft["id"]}
