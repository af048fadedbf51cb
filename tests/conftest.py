"""Fixtures in the flaskr style: app (per test, SQLite and PostgreSQL), client, accounts."""

import io
import shutil
import uuid
from dataclasses import dataclass

import psycopg
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from monogram import create_app
from monogram.extensions.db import db
from monogram.migrations import upgrade
from monogram.settings import Config

pytest_plugins = ("tests.servers",)

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
TEST_SHOPIFY_SECRET = "shpss_test_client_secret"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file; each test gets a copy, so migrations run once per session."""
    path = tmp_path_factory.mktemp("sqlite-template") / "monogram.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        upgrade(connection)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_url):
    """A migrated PostgreSQL database used as the template of each test's own database."""
    url = sa.engine.make_url(postgres_url)
    _admin(url, "CREATE DATABASE monogram_template")
    engine = sa.create_engine(url.set(database="monogram_template"))
    with engine.begin() as connection:
        upgrade(connection)
    engine.dispose()
    return url


def _admin(url, statement):
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "monogram.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"test_{uuid.uuid4().hex[:12]}"
    _admin(template, f"CREATE DATABASE {name} TEMPLATE monogram_template")
    yield template.set(database=name).render_as_string(hide_password=False)
    _admin(template, f"DROP DATABASE {name} WITH (FORCE)")


def make_config(tmp_path, **overrides):
    settings = {
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": TEST_SECRET,
        "SHOPIFY_API_KEY": "test-shopify-client-id",
        "SHOPIFY_API_SECRET": TEST_SHOPIFY_SECRET,
        "TESTING": True,
        "LOG_LEVEL": "WARNING",
    }
    settings.update(overrides)
    return Config.from_env(environ={}, **settings)


def mailing_app(database_url, tmp_path, smtp_server, public_url):
    """An app that sends its e-mails to the loopback SMTP server, with links to `public_url`."""
    app = create_app(
        make_config(
            tmp_path,
            DATABASE_URL=database_url,
            PUBLIC_URL=public_url,
            SMTP_HOST=smtp_server.host,
            SMTP_PORT=smtp_server.port,
            SMTP_SECURITY="none",
        )
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(make_config(tmp_path, DATABASE_URL=database_url))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class ServerLikeClient(FlaskClient):
    """A WSGI server closes every response, which is when in-process jobs run; buffering makes the
    test client close it too before handing it back."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = ServerLikeClient
    return app.test_client()


@dataclass
class Account:
    """A merchant as the tests use it: ids, keys and ready-made headers."""

    merchant_id: str
    store_id: str
    secret: str
    publishable: str

    @property
    def sk(self):
        return {"Authorization": f"Bearer {self.secret}"}

    @property
    def pk(self):
        return {"Authorization": f"Bearer {self.publishable}"}


def _account(app, name, **store):
    from monogram.services.merchants import create_merchant

    with app.app_context():
        merchant, store, keys = create_merchant(name, **store)
        db.session.commit()
        return Account(merchant.id, store.id, keys["secret"], keys["publishable"])


@pytest.fixture
def merchant(app):
    return _account(app, "Imprimerie Dupont")


@pytest.fixture
def other_merchant(app):
    return _account(app, "Brodeur Martin")


@pytest.fixture
def font_id(client, merchant):
    from tests import samples

    response = client.post(
        "/v1/fonts",
        headers=merchant.sk,
        data={
            "file": (io.BytesIO(samples.VERA.read_bytes()), "Vera.ttf"),
            "licence_note": "Bitstream Vera",
        },
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def product_id(client, merchant, font_id):
    from tests import samples

    response = client.post(
        "/v1/products", headers=merchant.sk, json=samples.card_product([font_id])
    )
    assert response.status_code == 201, response.json
    return response.json["id"]
