"""Shopify: webhook, OAuth and app proxy signatures, and its order payload in Monogram's terms."""

import base64
import hashlib
import hmac
import json
import re
import urllib.request
from urllib.parse import urlencode

# *.myshopify.com is the only domain Shopify signs for; custom domains never reach these calls.
SHOP_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$")
DESIGN_PROPERTY = "_monogram_design"
TOKEN_PROPERTY = "_monogram_token"  # noqa: S105 - a cart property name


def _secrets(current, previous):
    return [secret for secret in (current, previous) if secret]


def webhook_is_authentic(raw_body, signature, secret, previous_secret=""):
    """X-Shopify-Hmac-SHA256: base64 HMAC-SHA256 of the raw body with the app's client secret."""
    if not signature:
        return False
    for key in _secrets(secret, previous_secret):
        digest = hmac.new(key.encode(), raw_body, hashlib.sha256).digest()
        if hmac.compare_digest(base64.b64encode(digest).decode(), signature.strip()):
            return True
    return False


def query_is_authentic(args, secret, previous_secret="", field="hmac"):
    """OAuth redirects (hmac, hex) and app proxy calls (signature, hex) sign their query string.

    OAuth joins the sorted pairs with "&"; the app proxy joins them with nothing and repeats a
    multi-valued key as comma-separated values.
    """
    signature = args.get(field, "")
    if not signature:
        return False
    if field == "hmac":
        pairs = sorted((k, v) for k, v in args.items(multi=True) if k != "hmac")
        message = "&".join(f"{k}={v}" for k, v in pairs)
    else:
        keys = sorted(k for k in args if k != "signature")
        message = "".join(f"{k}={','.join(args.getlist(k))}" for k in keys)
    for key in _secrets(secret, previous_secret):
        digest = hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()
        if hmac.compare_digest(digest, signature):
            return True
    return False


def order_fields(payload):
    """A Shopify order (REST webhook shape) as POST /v1/orders fields."""
    customer = payload.get("customer") or {}
    billing = payload.get("billing_address") or {}
    lines = []
    for item in payload.get("line_items") or []:
        properties = {p.get("name"): p.get("value") for p in item.get("properties") or []}
        lines.append(
            {
                "platform_line_id": str(item.get("id", "")),
                "title": str(item.get("title") or "")[:300],
                "quantity": int(item.get("quantity") or 1),
                "platform_product": str(item.get("product_id") or ""),
                "platform_variant": str(item.get("variant_id") or ""),
                "design": properties.get(DESIGN_PROPERTY),
                "design_token": properties.get(TOKEN_PROPERTY),
            }
        )
    return {
        "platform_order_id": str(payload["id"]),
        "name": str(payload.get("name") or ""),
        "currency": str(payload.get("currency") or "EUR")[:3],
        "customer": {
            "platform_id": str(customer["id"]) if customer.get("id") else None,
            "email": payload.get("email") or customer.get("email"),
            "company": billing.get("company"),
        },
        "lines": lines,
    }


def authorize_url(shop, api_key, scopes, redirect_uri, state):
    """Where to send a merchant to approve the app (authorization code grant)."""
    query = urlencode(
        {"client_id": api_key, "scope": scopes, "redirect_uri": redirect_uri, "state": state}
    )
    return f"https://{shop}/admin/oauth/authorize?{query}"


def exchange_code(admin_base, api_key, secret, code, timeout=10):
    """Trade the one-time code for the shop's offline Admin API token."""
    if not admin_base.startswith(("https://", "http://")):
        raise ValueError(f"the Admin API base must be an http(s) URL, not {admin_base!r}")
    body = json.dumps({"client_id": api_key, "client_secret": secret, "code": code}).encode()
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        f"{admin_base}/admin/oauth/access_token",
        data=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.loads(response.read())["access_token"]
