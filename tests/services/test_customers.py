"""Customer references: signed by the shop or Monogram, for one store, for a while."""

import hashlib
import hmac
from types import SimpleNamespace

import pytest

from monogram.errors import Forbidden, Unauthorized
from monogram.extensions.db import db
from monogram.models import ApiKey, Store
from monogram.models.base import utcnow
from monogram.services import customers
from monogram.services.keys import digest, issue_key

# The recipe's known answer, shared with the PrestaShop and Magento modules' PHPUnit tests:
# hash_hmac('sha256', 'mcr1.42.1900000000', hash('sha256', 'sk_test_secret0123456789')).
KNOWN_SECRET = "sk_test_secret0123456789"
KNOWN_REFERENCE = (
    "mcr1.42.1900000000.29eb3d1233adbcf1be25943ada9b4e701b136dcc6a23e00528ebb91517699ce7"
)
BEFORE = 1_899_990_000  # a moment when the known reference is still good


def caller(account, store_id=None):
    return SimpleNamespace(
        merchant_id=account.merchant_id,
        store_id=store_id or account.store_id,
        is_secret=False,
    )


def connector_reference(secret, customer_id, expires):
    key = hashlib.sha256(secret.encode()).hexdigest().encode()
    mac = hmac.new(key, f"mcr1.{customer_id}.{expires}".encode(), hashlib.sha256).hexdigest()
    return f"mcr1.{customer_id}.{expires}.{mac}"


@pytest.fixture
def known_key(app, merchant):
    """The known secret key, installed as the merchant's store key (its hash only, as always)."""
    with app.app_context():
        db.session.add(
            ApiKey(
                merchant_id=merchant.merchant_id,
                store_id=merchant.store_id,
                kind="secret",
                display_prefix=KNOWN_SECRET[:10],
                secret_hash=digest(KNOWN_SECRET),
            )
        )
        db.session.commit()


@pytest.fixture
def second_store(app, merchant):
    """A brand store of the same merchant, with its own keys."""
    with app.app_context():
        store = Store(
            merchant_id=merchant.merchant_id, name="Dupont Pro", platform="custom", domain="pro"
        )
        db.session.add(store)
        db.session.flush()
        _, secret = issue_key(merchant.merchant_id, "secret", store_id=store.id)
        db.session.commit()
        return SimpleNamespace(id=store.id, secret=secret)


def test_the_connector_recipe_gives_the_known_answer(app, merchant, known_key):
    with app.app_context():
        customer = customers.verify(caller(merchant), KNOWN_REFERENCE, now=BEFORE)
    assert (customer.store_id, customer.customer_id) == (merchant.store_id, "42")
    assert customer.ref == f"{merchant.store_id}:42"


def test_a_reference_signed_with_the_stores_secret_key_is_good(app, merchant):
    reference = connector_reference(merchant.secret, "7", BEFORE + 3600)
    with app.app_context():
        assert customers.verify(caller(merchant), reference, now=BEFORE).customer_id == "7"


def test_monogram_signs_for_one_store_only(app, merchant, other_merchant, second_store):
    with app.app_context():
        reference = customers.sign(merchant.store_id, "7", now=BEFORE)
        assert customers.verify(caller(merchant), reference, now=BEFORE).ref == (
            f"{merchant.store_id}:7"
        )
        with pytest.raises(Forbidden):
            customers.verify(caller(merchant, second_store.id), reference, now=BEFORE)
        with pytest.raises(Forbidden):
            customers.verify(caller(other_merchant), reference, now=BEFORE)


def test_another_stores_secret_key_does_not_vouch(app, merchant, second_store):
    reference = connector_reference(second_store.secret, "7", BEFORE + 3600)
    with app.app_context():
        with pytest.raises(Forbidden):
            customers.verify(caller(merchant), reference, now=BEFORE)
        assert customers.verify(caller(merchant, second_store.id), reference, now=BEFORE)


def test_a_merchant_wide_key_vouches_for_a_lone_store_only(app, merchant):
    with app.app_context():
        _, wide = issue_key(merchant.merchant_id, "secret", store_id=None)
        db.session.commit()
        reference = connector_reference(wide, "7", BEFORE + 3600)
        assert customers.verify(caller(merchant), reference, now=BEFORE).customer_id == "7"
        # With a second store, the key cannot say which one the customer belongs to.
        db.session.add(
            Store(merchant_id=merchant.merchant_id, name="Pro", platform="custom", domain="pro")
        )
        db.session.commit()
        with pytest.raises(Forbidden):
            customers.verify(caller(merchant), reference, now=BEFORE)


def test_a_revoked_key_signs_nothing_more(app, merchant, known_key):
    with app.app_context():
        db.session.query(ApiKey).filter_by(
            secret_hash=digest(KNOWN_SECRET)
        ).one().revoked_at = utcnow()
        db.session.commit()
        with pytest.raises(Forbidden):
            customers.verify(caller(merchant), KNOWN_REFERENCE, now=BEFORE)


@pytest.mark.parametrize(
    ("reference", "error", "words"),
    [
        (None, Unauthorized, "Send the customer reference"),
        ("", Unauthorized, "Send the customer reference"),
        ("42", Unauthorized, "not a customer reference"),
        ("mcr1.42.1900000000.XYZ", Unauthorized, "not a customer reference"),
        ("mcr2" + KNOWN_REFERENCE[4:], Unauthorized, "not a customer reference"),
        ("mcr1.43" + KNOWN_REFERENCE[7:], Forbidden, "not signed for this store"),
        ("mcr1.42.1900000001" + KNOWN_REFERENCE[18:], Forbidden, "not signed for this store"),
        (KNOWN_REFERENCE[:-1] + "0", Forbidden, "not signed for this store"),
    ],
)
def test_missing_malformed_and_forged_references_are_refused(
    app, merchant, known_key, reference, error, words
):
    with app.app_context(), pytest.raises(error) as raised:
        customers.verify(caller(merchant), reference, now=BEFORE)
    assert words in raised.value.message


def test_an_expired_reference_is_401_and_an_overlong_one_403(app, merchant, known_key):
    with app.app_context():
        with pytest.raises(Unauthorized) as expired:
            customers.verify(caller(merchant), KNOWN_REFERENCE, now=1_900_000_000)
        assert "expired" in expired.value.message
        with pytest.raises(Forbidden) as overlong:
            customers.verify(caller(merchant), KNOWN_REFERENCE, now=1_900_000_000 - 8 * 86400)
        assert "7 days" in overlong.value.message


def test_a_key_without_a_store_cannot_name_a_customer(app, merchant, known_key):
    wide = SimpleNamespace(merchant_id=merchant.merchant_id, store_id=None, is_secret=False)
    with app.app_context(), pytest.raises(Forbidden):
        customers.verify(wide, KNOWN_REFERENCE, now=BEFORE)


def test_a_customers_design_token_is_derived_and_its_own(app):
    with app.app_context():
        first = customers.design_token("dsn_a")
        assert first == customers.design_token("dsn_a") != customers.design_token("dsn_b")
    assert first.startswith("dt_") and len(first) == 67
