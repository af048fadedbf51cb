"""Shopify: the cart transform that charges Monogram's signed prices, and the key it checks."""

from monogram.connectors.shopify import AdminApiError, admin_graphql

FUNCTION_HANDLE = "monogram-price"  # plugins/shopify/extensions/monogram-price
KEY_NAMESPACE = "$app:monogram"  # app-owned: only Monogram and its functions read it
KEY_NAME = "price_key"

SHOP_QUERY = "query MonogramShop { shop { id } }"
SET_KEY_MUTATION = """
mutation MonogramPriceKey($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { key }
    userErrors { field message code }
  }
}
"""
CREATE_TRANSFORM_MUTATION = """
mutation MonogramCartTransform($handle: String!) {
  cartTransformCreate(functionHandle: $handle, blockOnFailure: false) {
    cartTransform { id }
    userErrors { field message code }
  }
}
"""


def install(admin_base, token, price_key):
    """Give the shop its price key and turn the cart transform on; safe to run again.

    blockOnFailure is false: should the function ever fail, the cart keeps the catalogue price
    (and intake flags the line) rather than stopping the checkout.
    """
    shop = admin_graphql(admin_base, token, SHOP_QUERY, {})["shop"]["id"]
    metafield = {
        "ownerId": shop,
        "namespace": KEY_NAMESPACE,
        "key": KEY_NAME,
        "type": "single_line_text_field",
        "value": price_key,
    }
    answer = admin_graphql(admin_base, token, SET_KEY_MUTATION, {"metafields": [metafield]})
    _raise_user_errors(answer["metafieldsSet"])
    answer = admin_graphql(
        admin_base, token, CREATE_TRANSFORM_MUTATION, {"handle": FUNCTION_HANDLE}
    )
    created = answer["cartTransformCreate"]
    # A reinstall finds the transform registered already: that is the state we want.
    errors = [e for e in created["userErrors"] if e.get("code") != "FUNCTION_ALREADY_REGISTERED"]
    _raise_user_errors({"userErrors": errors})


def _raise_user_errors(payload):
    errors = payload.get("userErrors") or []
    if errors:
        raise AdminApiError("; ".join(error.get("message", "") for error in errors))
