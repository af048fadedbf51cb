"""Signed customer references: which shop customer is at the widget, proven by their shop."""

import hashlib
import hmac
import re
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from monogram.errors import Forbidden, Unauthorized
from monogram.extensions.db import db
from monogram.models import ApiKey, Store

# A reference reads mcr1.<customer id>.<expires, Unix s>.<hex HMAC-SHA256 of the rest>. It names
# no store: it is good with the publishable key of the store it was signed for, and only a party
# trusted for that store can sign it —
# - a connector (PrestaShop, Magento, a merchant's server) with the store's secret key: the HMAC
#   key is the key's lowercase hex SHA-256 as ASCII, which is all Monogram keeps of it; in PHP
#   hash_hmac('sha256', "mcr1.$customer.$expires", hash('sha256', $secretKey));
# - Monogram itself (Shopify's app proxy), with a key derived from its secret for that store.
PREFIX = "mcr1"
HEADER = "Monogram-Customer"
# Long enough for a shopper who keeps a product page open all day, short enough that a copied
# reference soon stops working.
DEFAULT_TTL = 12 * 3600
# A signer asking for more than this is mistaken or careless: its references are refused.
MAX_LIFETIME = 7 * 24 * 3600

_REFERENCE = re.compile(
    rf"^{PREFIX}\.(?P<customer>[A-Za-z0-9_-]{{1,64}})\.(?P<expires>\d{{1,12}})"
    r"\.(?P<signature>[0-9a-f]{64})$"
)


@dataclass(frozen=True)
class Customer:
    """A shop's customer, as proven by a reference."""

    store_id: str
    customer_id: str

    @property
    def ref(self):
        """What designs record (Design.customer_ref): the store and the shop's customer id."""
        return f"{self.store_id}:{self.customer_id}"


def _mac(key, customer_id, expires):
    message = f"{PREFIX}.{customer_id}.{expires}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _monogram_key(store_id):
    # A key of its own per store, derived from the app secret: a reference signed for one
    # store is worthless in another, and signed links never share the key.
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    material = b"monogram customer reference\0" + secret + b"\0" + store_id.encode()
    return hashlib.sha256(material).digest()


def _connector_key(secret_hash):
    """The HMAC key of references signed with a secret key, from the SHA-256 Monogram keeps."""
    return secret_hash.encode("ascii")


def sign(store_id, customer_id, now=None, ttl=DEFAULT_TTL):
    """A reference signed by Monogram itself, for the store's shop (Shopify's app proxy)."""
    expires = int(now if now is not None else time.time()) + ttl
    customer_id = str(customer_id)
    return f"{PREFIX}.{customer_id}.{expires}.{_mac(_monogram_key(store_id), customer_id, expires)}"


def _signing_keys(store_id, merchant_id):
    """Every key that may sign for the store: Monogram's own, and the store's secret keys."""
    yield _monogram_key(store_id)
    stores = db.session.scalar(
        sa.select(sa.func.count()).select_from(Store).where(Store.merchant_id == merchant_id)
    )
    keys = db.session.scalars(
        sa.select(ApiKey).where(
            ApiKey.merchant_id == merchant_id,
            ApiKey.kind == "secret",
            ApiKey.revoked_at.is_(None),
        )
    )
    for key in keys:
        # A merchant-wide key says nothing of the store, so it only vouches for a lone store.
        if key.store_id == store_id or (key.store_id is None and stores == 1):
            yield _connector_key(key.secret_hash)


def verify(caller, reference, now=None):
    """The customer a reference proves, for the caller's store; 401 or 403 when it does not."""
    if not reference:
        raise Unauthorized(
            f"Send the customer reference the shop put on the widget ({HEADER} header)."
        )
    match = _REFERENCE.match(reference.strip())
    if match is None:
        raise Unauthorized(
            f"{HEADER} is not a customer reference "
            f"({PREFIX}.<customer id>.<expires>.<hex signature>)."
        )
    if not caller.store_id:
        raise Forbidden("Customer references need a store's own key; this key has no store.")
    customer_id, expires = match["customer"], int(match["expires"])
    valid = False
    for key in _signing_keys(caller.store_id, caller.merchant_id):
        # Every key is tried, so the time taken does not tell which one signed.
        valid = hmac.compare_digest(_mac(key, customer_id, expires), match["signature"]) or valid
    if not valid:
        raise Forbidden("This customer reference was not signed for this store.")
    now = int(now if now is not None else time.time())
    if expires <= now:
        raise Unauthorized("This customer reference has expired; reload the page to get a new one.")
    if expires > now + MAX_LIFETIME:
        raise Forbidden(
            f"This customer reference lives longer than {MAX_LIFETIME // 86400} days; "
            "sign references for a few hours."
        )
    return Customer(caller.store_id, customer_id)


def design_token(design_id):
    """The design token of a customer's design: derived, so their library can hand it back."""
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    mac = hmac.new(secret, b"monogram design token\0" + design_id.encode(), hashlib.sha256)
    return "dt_" + mac.hexdigest()
