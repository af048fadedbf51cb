"""Console fixtures: an app that mails to the loopback SMTP server, users and an https browser."""

import re

import pytest

from monogram.extensions.db import db
from monogram.services import console_users
from tests.conftest import ServerLikeClient, mailing_app

PUBLIC_URL = "https://monogram.example"
PASSWORD = "ten letters or more"


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    yield from mailing_app(database_url, tmp_path, smtp_server, PUBLIC_URL)


def https_client(app):
    """A browser on the console: https, as PUBLIC_URL says, so the Secure cookie comes back."""
    app.test_client_class = ServerLikeClient
    browser = app.test_client()
    browser.environ_base.update({"wsgi.url_scheme": "https", "REMOTE_ADDR": "198.51.100.7"})
    return browser


@pytest.fixture
def admin(app):
    return https_client(app)


@pytest.fixture
def make_user(app):
    """make_user(merchant_id, email, role="owner") → the new user's id, password PASSWORD."""

    def make(merchant_id, email, role="owner"):
        with app.app_context():
            user = console_users.create_user(merchant_id, email, role, password=PASSWORD)
            db.session.commit()
            return user.id

    return make


@pytest.fixture
def owner(make_user, merchant):
    make_user(merchant.merchant_id, "anne@dupont.example")
    return "anne@dupont.example"


def csrf_of(response):
    return re.search(r'name="csrf" value="([^"]+)"', response.text).group(1)


def alert(response):
    found = re.search(r'<p role="alert">([^<]*)</p>', response.text)
    return found.group(1) if found else None


def sign_in(browser, email, password=PASSWORD, lang="en"):
    form = browser.get(f"/console/signin?lang={lang}")
    data = {"csrf": csrf_of(form), "email": email, "password": password}
    return browser.post("/console/signin", data=data)
