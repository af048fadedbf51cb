"""Shop access tokens are kept sealed: no plaintext in the database; the app secret opens them."""

import base64
import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken

from tests.conftest import TEST_SECRET
from tests.connectors.test_shopify_install import (  # noqa: F401 - fixtures used by name
    SHOP,
    TOKEN,
    install,
    shop_app,
    token_endpoint,
)


def fernet(secret):
    """The platform tokens' key as an operator derives it from MONOGRAM_SECRET_KEY."""
    key = hashlib.sha256(b"monogram platform tokens\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def stored_bytes(database_url):
    """Everything the database keeps on disk for SQLite; every stores row as text for PostgreSQL."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database)
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT stores::text FROM stores")).scalars().all()
    engine.dispose()
    return "\n".join(rows).encode()


def test_the_shops_token_is_sealed_at_rest(shop_app, database_url):  # noqa: F811
    assert install(shop_app.test_client(), "2").status_code == 200
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        sealed = connection.execute(
            sa.text("SELECT access_token_encrypted FROM stores WHERE domain = :shop"),
            {"shop": SHOP},
        ).scalar_one()
    engine.dispose()
    assert TOKEN not in sealed
    assert TOKEN.encode() not in stored_bytes(database_url)
    assert TOKEN.encode().hex().encode() not in stored_bytes(database_url)
    assert fernet(TEST_SECRET).decrypt(sealed.encode()).decode() == TOKEN
    with pytest.raises(InvalidToken):
        fernet("another-secret-of-another-deployment-0123456789").decrypt(sealed.encode())
