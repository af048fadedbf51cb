"""/shopify: app install (OAuth) and the app proxy for storefront calls through the shop."""

from flask import Blueprint, current_app, jsonify, make_response, redirect, request, url_for

from monogram.connectors import shopify
from monogram.errors import NotFound, Unauthorized
from monogram.extensions.db import db
from monogram.services import customers, shopify_install

blp = Blueprint("shopify", __name__, url_prefix="/shopify")


@blp.get("/install")
def install():
    url, state = shopify_install.begin(request.args, url_for("shopify.callback", _external=True))
    response = redirect(url, 302)
    response.set_cookie(
        shopify_install.STATE_COOKIE,
        state,
        max_age=shopify_install.STATE_TTL,
        httponly=True,
        secure=request.is_secure,
        samesite="Lax",
    )
    return response


@blp.get("/callback")
def callback():
    store, keys = shopify_install.finish(
        request.args, request.cookies.get(shopify_install.STATE_COOKIE)
    )
    db.session.commit()
    body = {"installed": True, "store": store.id, "shop": store.domain}
    if keys:
        # Shown once: the theme block needs the publishable key; the secret stays with the admin.
        body["publishable_key"] = keys["publishable"]
    response = make_response(jsonify(body))
    response.delete_cookie(shopify_install.STATE_COOKIE)
    return response


@blp.get("/proxy/config")
def proxy_config():
    """Storefront calls through https://<shop>/apps/monogram/config, signed by Shopify."""
    config = current_app.config["MONOGRAM"]
    if not shopify.query_is_authentic(
        request.args,
        config.SHOPIFY_API_SECRET,
        config.SHOPIFY_PREVIOUS_API_SECRET,
        field="signature",
    ):
        raise Unauthorized("This call did not come through the shop's app proxy.")
    from monogram.services.shopify_webhooks import store_for_domain

    store = store_for_domain(request.args.get("shop", "").lower())
    if store is None or store.uninstalled_at is not None:
        raise NotFound("Monogram is not installed on this shop.")
    # Shopify adds the signed-in shopper's id to proxied calls (empty for a guest): the widget
    # gets a reference to it, signed by Monogram, to open that customer's library.
    customer_id = request.args.get("logged_in_customer_id", "")
    signed_in = customer_id.isascii() and customer_id.isdigit()
    answer = {
        "store": store.id,
        "api": config.PUBLIC_URL,
        "widget": "/widget/monogram.js",
        "customer": customers.sign(store.id, customer_id) if signed_in else None,
    }
    response = jsonify(answer)
    # The answer names a customer: no shared cache may keep it.
    response.headers["Cache-Control"] = "private, no-store"
    return response
