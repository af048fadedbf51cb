"""Secrets never reach a log: keys, webhook secrets, passwords, shop and link tokens are masked."""

import logging
import secrets
import shutil
import urllib.error
import urllib.request
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config as GunicornConfig
from gunicorn.glogging import Logger as GunicornLogger

from monogram import create_app
from monogram.extensions.db import db
from tests.conftest import ServerLikeClient, _account, make_config
from tests.servers import serving

# Loggers that do not pass their records up to the root, where caplog listens.
OWN_HANDLERS = ("monogram", "gunicorn.access")


@pytest.fixture
def app(sqlite_template, tmp_path):
    path = tmp_path / "monogram.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app(make_config(tmp_path, DATABASE_URL=f"sqlite:///{path}", LOG_LEVEL="DEBUG"))
    app.test_client_class = ServerLikeClient
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def records(caplog):
    """Every record at DEBUG and above, from every logger, Monogram's and gunicorn's included."""
    caplog.set_level(logging.DEBUG)
    for name in OWN_HANDLERS:
        logging.getLogger(name).addHandler(caplog.handler)
    yield caplog
    for name in OWN_HANDLERS:
        logging.getLogger(name).removeHandler(caplog.handler)


def link_token(prefix=""):
    return prefix + secrets.token_urlsafe(32)


def get(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def gunicorn_access_line(path, query):
    """What a gunicorn worker logs for one request, through gunicorn's own access logger."""
    config = GunicornConfig()
    config.set("accesslog", "-")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    GunicornLogger(config).access(response, [], environ, timedelta(milliseconds=12))


def test_no_secret_reaches_any_log_record(app, records):
    client = app.test_client()
    account = _account(app, "Imprimerie Dupont")
    password = "correct horse battery staple 42"
    with app.app_context():
        from monogram.services import console_users

        console_users.create_user(account.merchant_id, "owner@example.fr", "owner", password)
        db.session.commit()
    endpoint = client.post(
        "/v1/webhook-endpoints",
        headers=account.sk,
        json={"url": "https://erp.example.fr/hooks", "events": ["order.received"]},
    )
    assert endpoint.status_code == 201, endpoint.json
    webhook_secret = endpoint.json["secret"]
    logging.getLogger("monogram.services.outbound").debug("signing with %s", webhook_secret)
    proof_token, reset_token = link_token("prf_"), link_token()
    design_token, shop_token = link_token("dt_"), "shpat_" + secrets.token_hex(16)
    signature = secrets.token_hex(32)
    secrets_sent = [
        account.secret,
        account.publishable,
        webhook_secret,
        password,
        proof_token,
        reset_token,
        design_token,
        shop_token,
        signature,
    ]

    # Through the app: keys in headers, a password in a form, tokens in paths and headers.
    client.get("/v1/products", headers=account.sk)
    client.get("/v1/products", headers={"Authorization": f"Bearer {account.publishable}x"})
    client.get(
        "/v1/designs/dsg_unknown",
        headers={**account.pk, "Monogram-Design-Token": design_token},
    )
    signin = client.get("/console/signin").get_data(as_text=True)
    csrf = signin.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    client.post(
        "/console/signin", data={"email": "owner@example.fr", "password": password, "csrf": csrf}
    )
    client.get(f"/console/reset/{reset_token}")
    # Code that logs what it is handed: the masking holds for any logger, whatever it was given.
    logging.getLogger("monogram.services.shopify_install").debug(
        "installed with token %s for key %s", shop_token, account.secret
    )
    logging.getLogger("rq.worker").info("job args: %r", {"password": password})
    try:
        raise RuntimeError(f"Admin API refused {shop_token}")
    except RuntimeError:
        logging.getLogger("monogram.jobs").exception("shop call failed")

    # Access lines: werkzeug's (the development server) over real HTTP, and gunicorn's.
    with serving(app) as url:
        assert get(f"{url}/proof/{proof_token}?lang=en") == 404
        assert get(f"{url}/console/reset/{reset_token}") in (200, 404)
        assert get(f"{url}/v1/products", {"Authorization": f"Bearer {account.secret}"}) == 200
        get(f"{url}/v1/files/print.pdf?expires=1999999999&signature={signature}")
    gunicorn_access_line(f"/proof/{proof_token}/edit", f"signature={signature}&lang=fr")

    texts = [record.getMessage() for record in records.records] + [records.text]
    leaked = {s for s in secrets_sent for text in texts if s in text}
    assert not leaked, f"{len(leaked)} secret(s) in the logs"
    # The access lines were logged, masked: the test saw what it means to check.
    assert any("/proof/prf_***" in text for text in texts if "HTTP/1.1" in text)
    assert any("/console/reset/***" in text for text in texts)
    assert any("signature=***" in text for text in texts)
    assert any("Admin API refused shpat_***" in text for text in texts)
