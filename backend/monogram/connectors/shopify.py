"""Shopify: signatures, its order payload in Monogram's terms, shipments told to its Admin API."""

import base64
import hashlib
import hmac
import json
import re
import urllib.error
import urllib.request
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlencode

from monogram.services import signing

# *.myshopify.com is the only domain Shopify signs for; custom domains never reach these calls.
SHOP_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$")
DESIGN_PROPERTY = "_monogram_design"
TOKEN_PROPERTY = "_monogram_token"  # noqa: S105 - a cart property name
QUOTE_PROPERTY = "_monogram_quote"
# A personalisation fee line added for a design (fee product pattern): its price is the design's.
FEE_PROPERTY = "_monogram_fee_for"
# ISO 4217 currencies without minor units, as Monogram prices them.
NO_DECIMALS = frozenset({"JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "HUF"})


def _secrets(current, previous):
    return [secret for secret in (current, previous) if secret]


def webhook_is_authentic(raw_body, signature, secret, previous_secret=""):
    """X-Shopify-Hmac-SHA256: base64 HMAC-SHA256 of the raw body with the app's client secret."""
    if not signature:
        return False
    for key in _secrets(secret, previous_secret):
        digest = hmac.new(key.encode(), raw_body, hashlib.sha256).digest()
        if signing.same(base64.b64encode(digest).decode(), signature.strip()):
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
        if signing.same(digest, signature):
            return True
    return False


def order_fields(payload):
    """A Shopify order (REST webhook shape) as POST /v1/orders fields."""
    customer = payload.get("customer") or {}
    billing = payload.get("billing_address") or {}
    currency = str(payload.get("currency") or "EUR")[:3]
    items = payload.get("line_items") or []
    fees = _fees_by_design(items)
    lines = []
    for item in items:
        properties = _properties(item)
        lines.append(
            {
                "platform_line_id": str(item.get("id", "")),
                "title": str(item.get("title") or "")[:300],
                "quantity": int(item.get("quantity") or 1),
                "platform_product": str(item.get("product_id") or ""),
                "platform_variant": str(item.get("variant_id") or ""),
                "design": properties.get(DESIGN_PROPERTY),
                "design_token": properties.get(TOKEN_PROPERTY),
                "quote": properties.get(QUOTE_PROPERTY),
                "unit_price": _charged_unit_price(
                    item, fees.get(properties.get(DESIGN_PROPERTY), Decimal(0)), currency
                ),
            }
        )
    return {
        "platform_order_id": str(payload["id"]),
        "name": str(payload.get("name") or ""),
        "currency": currency,
        "customer": {
            "platform_id": str(customer["id"]) if customer.get("id") else None,
            "email": payload.get("email") or customer.get("email"),
            "name": " ".join(filter(None, [customer.get("first_name"), customer.get("last_name")]))[
                :200
            ]
            or None,
            "company": billing.get("company"),
            "company_id": _company_id(payload),
            "locale": str(payload.get("customer_locale") or "")[:16] or None,
        },
        "shipping_address": _address(payload.get("shipping_address")),
        "lines": lines,
    }


def _properties(item):
    return {p.get("name"): p.get("value") for p in item.get("properties") or []}


def _money(value):
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def _charged(item):
    """What the shopper paid for a whole line: its price × quantity, less the discounts Shopify
    allocated to it (codes, automatic discounts, a cart transform's own adjustments)."""
    price = _money(item.get("price"))
    if price is None:
        return None
    discounts = (_money(d.get("amount")) for d in item.get("discount_allocations") or [])
    return price * int(item.get("quantity") or 1) - sum((d for d in discounts if d), Decimal(0))


def _fees_by_design(items):
    """Fee lines added for a design, charged amount per design id."""
    fees = {}
    for item in items:
        design = _properties(item).get(FEE_PROPERTY)
        charged = _charged(item)
        if design and charged is not None:
            fees[design] = fees.get(design, Decimal(0)) + charged
    return fees


def _charged_unit_price(item, fee, currency):
    """The unit price the shop charged for a line, fee included, in minor units (rounded half
    up), tax as the shop shows prices: Monogram compares it with its own quote at intake."""
    charged = _charged(item)
    if charged is None:
        return None
    unit = (charged + fee) / int(item.get("quantity") or 1)
    exponent = 0 if currency.upper() in NO_DECIMALS else 2
    minor = int((unit * 10**exponent).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(minor, 0)


ADDRESS_FIELDS = ("name", "company", "address1", "address2", "zip", "city", "province", "phone")


def _address(address):
    if not address:
        return None
    fields = {key: str(address[key]) for key in ADDRESS_FIELDS if address.get(key)}
    if address.get("country_code"):
        fields["country_code"] = str(address["country_code"])[:2]
    return fields or None


def _company_id(payload):
    """Shopify B2B orders name the buyer's company location's company."""
    company = payload.get("company") or {}
    return str(company["id"]) if company.get("id") else None


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


# Admin GraphQL: recording a shipment ------------------------------------------------------------

# The version shopify.app.toml subscribes webhooks with; Shopify supports each for a year.
ADMIN_API_VERSION = "2026-10"
# Fulfillment orders that accept a fulfillment; ON_HOLD and SCHEDULED ones must be released first.
FULFILLABLE = ("OPEN", "IN_PROGRESS")

FULFILLMENT_ORDERS_QUERY = """
query MonogramFulfillmentOrders($order: ID!) {
  order(id: $order) {
    id
    fulfillmentOrders(first: 50) {
      nodes {
        id
        status
        lineItems(first: 250) {
          nodes { id remainingQuantity totalQuantity lineItem { id } }
        }
      }
    }
  }
}
"""

FULFILLMENT_CREATE_MUTATION = """
mutation MonogramFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}
"""


class AdminApiError(Exception):
    """Shopify refused or failed a call; the message says what, for the log and the merchant."""


def gid(kind, platform_id):
    """A REST id (what order webhooks carry) as the GraphQL global id of the same object."""
    return f"gid://shopify/{kind}/{platform_id}"


def admin_graphql(admin_base, token, query, variables, timeout=10):
    """One Admin GraphQL call with the shop's offline token; returns its `data`."""
    if not admin_base.startswith(("https://", "http://")):
        raise ValueError(f"the Admin API base must be an http(s) URL, not {admin_base!r}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        f"{admin_base}/admin/api/{ADMIN_API_VERSION}/graphql.json",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-Shopify-Access-Token": token,
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise AdminApiError(f"Shopify answered HTTP {error.code} {error.reason}") from error
    except (OSError, ValueError) as error:
        raise AdminApiError(f"Shopify could not be reached: {error}") from error
    # Throttling and missing scopes come back as top-level errors with HTTP 200.
    if answer.get("errors"):
        messages = "; ".join(str(e.get("message", e)) for e in answer["errors"])
        raise AdminApiError(f"Shopify refused the call: {messages}")
    return answer.get("data") or {}


def fulfillment_orders(admin_base, token, order_id):
    """The order's fulfillment orders with their line items, or None when the order is gone."""
    data = admin_graphql(admin_base, token, FULFILLMENT_ORDERS_QUERY, {"order": order_id})
    order = data.get("order")
    if order is None:
        return None
    return [
        {
            "id": node["id"],
            "status": node["status"],
            "line_items": node["lineItems"]["nodes"],
        }
        for node in order["fulfillmentOrders"]["nodes"]
    ]


def line_to_fulfill(orders, line_item_id):
    """(what is left to fulfill of one order line, per fulfillment order; what is on hold).

    A line may be split over several fulfillment orders (one per location); each open one is
    fulfilled for what remains of it. Two empty lists: already fulfilled. None: no such line.
    """
    due, held, found = [], [], False
    for order in orders:
        mine = [item for item in order["line_items"] if item["lineItem"]["id"] == line_item_id]
        found = found or bool(mine)
        items = [
            {"id": item["id"], "quantity": item["remainingQuantity"]}
            for item in mine
            if item["remainingQuantity"] > 0
        ]
        if not items:
            continue
        if order["status"] in FULFILLABLE:
            due.append({"fulfillmentOrderId": order["id"], "fulfillmentOrderLineItems": items})
        elif order["status"] not in ("CLOSED", "CANCELLED"):
            held.append(f"{order['id']} is {order['status']}")
    return (due, held) if found else None


def create_fulfillment(admin_base, token, by_fulfillment_order, tracking, notify_customer=True):
    """Record one shipment on Shopify (fulfillmentCreate); returns the fulfillment's id."""
    tracking_info = {"company": tracking["company"], "number": tracking["number"]}
    if tracking.get("url"):
        tracking_info["url"] = tracking["url"]
    variables = {
        "fulfillment": {
            "lineItemsByFulfillmentOrder": by_fulfillment_order,
            "trackingInfo": tracking_info,
            "notifyCustomer": notify_customer,
        }
    }
    data = admin_graphql(admin_base, token, FULFILLMENT_CREATE_MUTATION, variables)
    payload = data.get("fulfillmentCreate") or {}
    errors = payload.get("userErrors") or []
    if errors or not payload.get("fulfillment"):
        messages = "; ".join(e.get("message", "") for e in errors) or "no fulfillment returned"
        raise AdminApiError(f"Shopify did not record the shipment: {messages}")
    return payload["fulfillment"]["id"]


# Admin GraphQL: a draft order for an accepted quote ---------------------------------------------

DRAFT_ORDER_CREATE_MUTATION = """
mutation MonogramDraftOrderCreate($input: DraftOrderInput!) {
  draftOrderCreate(input: $input) {
    draftOrder { id invoiceUrl }
    userErrors { field message }
  }
}
"""


def create_draft_order(admin_base, token, draft):
    """A draft order (draftOrderCreate) the buyer pays through its invoice URL.

    `draft` is a DraftOrderInput; returns {"id", "invoiceUrl"}.
    """
    data = admin_graphql(admin_base, token, DRAFT_ORDER_CREATE_MUTATION, {"input": draft})
    payload = data.get("draftOrderCreate") or {}
    errors = payload.get("userErrors") or []
    if errors or not payload.get("draftOrder"):
        messages = "; ".join(e.get("message", "") for e in errors) or "no draft order returned"
        raise AdminApiError(f"Shopify did not create the draft order: {messages}")
    return payload["draftOrder"]
