"""What the console's browser tests share: accounts and their people, signing in, screenshots."""

import re

import pytest

from monogram.errors import Conflict
from monogram.extensions.db import db
from monogram.services import console_users
from monogram.services.merchants import create_merchant
from tests import samples
from tests.browser.conftest import RESULTS

expect = pytest.importorskip("playwright.sync_api").expect

SIGN_IN_TITLES = {"en": "Sign in to the console", "fr": "Connexion à la console"}
DASHBOARD = re.compile("Dashboard|Tableau de bord")


def created(response):
    assert response.status in (200, 201, 202), response.text()
    return response.json()


def screenshot(page, name):
    """The whole page, kept as test-results/console-{name}.png for a person to look at."""
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / f"console-{name}.png", full_page=True)


def sign_in(page, email, password, lang="en", at="/console/", lands_on=DASHBOARD):
    """Sign in by the form `at` shows; then, unless `lands_on` is None, see that heading."""
    page.goto(f"{at}?lang={lang}")
    expect(page.get_by_role("heading", name=SIGN_IN_TITLES[lang])).to_be_visible()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if lands_on is not None:
        expect(page.get_by_role("heading", name=lands_on)).to_be_visible()


def add_people(live_server, merchant, people, password):
    """Console users {email: role} of `merchant`; those an earlier module made are kept."""
    with live_server.app.app_context():
        for email, role in people.items():
            try:
                console_users.create_user(merchant, email, role, "", password)
            except Conflict:  # the module ran already in this session
                continue
        db.session.commit()


def new_account(live_server, api, name, people, password):
    """A merchant of its own with console users {email: role} and the Vera font uploaded.

    Returns its ids, its keys as request headers ("secret", "publishable") and the font's id.
    """
    with live_server.app.app_context():
        merchant, store, keys = create_merchant(name)
        account = {"merchant": merchant.id, "store": store.id}
        db.session.commit()
    add_people(live_server, account["merchant"], people, password)
    account["secret"] = {"Authorization": f"Bearer {keys['secret']}"}
    account["publishable"] = {"Authorization": f"Bearer {keys['publishable']}"}
    account["font"] = created(
        api.post(
            "/v1/fonts",
            headers=account["secret"],
            multipart={
                "file": {"name": "Vera.ttf", "mimeType": "font/ttf",
                         "buffer": samples.VERA.read_bytes()},
                "licence_note": "Bitstream Vera",
            },
        )
    )["id"]  # fmt: skip
    return account
