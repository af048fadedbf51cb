"""Rate limits: per key and per address, a 429 envelope with Retry-After, shared through Redis."""

import re
import shutil

import pytest
import redis
from limits.storage import MemoryStorage, RedisStorage

from monogram import create_app
from monogram.extensions.db import db
from monogram.settings import Config, ConfigError
from tests.conftest import ServerLikeClient, _account, make_config

SHOPPER = "203.0.113.5"
NEIGHBOUR = "198.51.100.7"
QUOTE_LIMITED = {
    "RATE_LIMIT_QUOTE_PER_KEY": "3/minute",
    "RATE_LIMIT_QUOTE_PER_ADDRESS": "",
    "RATE_LIMIT_SIGNIN_PER_ADDRESS": "2/minute",
}


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path):
    # The limits do not depend on the database: one engine is enough.
    path = tmp_path / "monogram.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def build(tmp_path, name, **settings):
    app = create_app(make_config(tmp_path / name, **settings))
    app.test_client_class = ServerLikeClient
    return app


@pytest.fixture
def limited(sqlite_url, tmp_path):
    app = build(tmp_path, "app", DATABASE_URL=sqlite_url, **QUOTE_LIMITED)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def quote(client, account, address=SHOPPER):
    # An empty body is refused after the key is known: the request counts all the same.
    return client.post(
        "/v1/prices/quote", headers=account.pk, json={}, environ_base={"REMOTE_ADDR": address}
    )


def assert_too_many(response, what):
    assert response.status_code == 429
    assert response.json == {
        "code": 429,
        "status": "Too Many Requests",
        "message": f"{what}; try again after Retry-After seconds.",
    }
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def assert_too_many_page(response, text):
    """People filling a form get a page in their language, with the same Retry-After."""
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert text.format(wait=response.headers["Retry-After"]) in response.get_data(as_text=True)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


WAIT_EN = "Too many attempts came from your connection. Wait {wait} seconds, then go back"
WAIT_FR = "Trop de tentatives sont venues de votre connexion. Attendez {wait} secondes"


def test_a_key_gets_its_quotes_then_a_429_envelope_with_retry_after(limited):
    client = limited.test_client()
    shop, other = _account(limited, "Imprimerie Dupont"), _account(limited, "Brodeur Martin")
    assert isinstance(limited.extensions["monogram_limiter"].storage, MemoryStorage)
    answers = [quote(client, shop).status_code for _ in range(3)]
    assert 429 not in answers
    assert_too_many(quote(client, shop, address=NEIGHBOUR), "Too many price quotes")
    # Per key: another shop's shoppers are not held back by this one's.
    assert quote(client, other).status_code != 429


def test_sign_in_attempts_are_counted_per_address(limited):
    client = limited.test_client()
    signin = client.get("/console/signin").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', signin)[1]
    form = {"email": "nobody@example.com", "password": "wrong-password", "csrf": csrf}
    for _ in range(2):
        answer = client.post("/console/signin", data=form, environ_base={"REMOTE_ADDR": SHOPPER})
        assert answer.status_code == 403
    blocked = client.post("/console/signin", data=form, environ_base={"REMOTE_ADDR": SHOPPER})
    assert_too_many_page(blocked, WAIT_EN)
    french = client.post(
        "/console/signin",
        data=form,
        headers={"Accept-Language": "fr-FR,fr;q=0.9"},
        environ_base={"REMOTE_ADDR": SHOPPER},
    )
    assert_too_many_page(french, WAIT_FR)
    # Only the attempts count: the form itself still opens, and another address still signs in.
    assert client.get("/console/signin", environ_base={"REMOTE_ADDR": SHOPPER}).status_code == 200
    other = client.post("/console/signin", data=form, environ_base={"REMOTE_ADDR": NEIGHBOUR})
    assert other.status_code == 403


def test_two_servers_share_the_count_through_redis(sqlite_url, tmp_path, redis_url):
    settings = {
        "DATABASE_URL": sqlite_url,
        "REDIS_URL": redis_url,
        "RATE_LIMIT_DESIGN_PER_KEY": "4/minute",
        "RATE_LIMIT_DESIGN_PER_ADDRESS": "",
    }
    first, second = build(tmp_path, "first", **settings), build(tmp_path, "second", **settings)
    shop = _account(first, "Imprimerie Dupont")
    assert isinstance(first.extensions["monogram_limiter"].storage, RedisStorage)
    clients = [first.test_client(), second.test_client()]
    answers = [
        clients[number % 2].post("/v1/designs", headers=shop.pk, json={}).status_code
        for number in range(4)
    ]
    assert 429 not in answers
    for client in clients:
        assert_too_many(
            client.post("/v1/designs", headers=shop.pk, json={}), "Too many design saves"
        )
    # The counters are named by a digest of the key, never by the key itself.
    names = [name.decode() for name in redis.Redis.from_url(redis_url).keys("*monogram-limits*")]
    assert names
    assert not [name for name in names if shop.publishable in name]
    for app in (first, second):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_malformed_limit_stops_start_up():
    with pytest.raises(ConfigError, match="MONOGRAM_RATE_LIMIT_UPLOAD_PER_KEY"):
        Config.from_env(environ={"MONOGRAM_RATE_LIMIT_UPLOAD_PER_KEY": "plenty"})


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(sqlite_url, tmp_path):
    app = build(tmp_path, "proxied", DATABASE_URL=sqlite_url, TRUSTED_PROXIES=1, **QUOTE_LIMITED)
    client = app.test_client()
    signin = client.get("/console/signin").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', signin)[1]
    form = {"email": "nobody@example.com", "password": "wrong-password", "csrf": csrf}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # the load balancer every request comes through

    def attempt(client_address):
        headers = {"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"}
        return client.post("/console/signin", data=form, headers=headers, environ_base=proxy)

    for _ in range(2):
        assert attempt(SHOPPER).status_code == 403
    assert_too_many_page(attempt(SHOPPER), WAIT_EN)
    # The neighbour comes through the same proxy, and is not held back by the shopper.
    assert attempt(NEIGHBOUR).status_code == 403
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_request_with_a_key_counts_against_its_key_not_its_address(sqlite_url, tmp_path):
    # A shop's shoppers behind one company proxy share an address, not a budget.
    app = build(
        tmp_path,
        "keyed",
        DATABASE_URL=sqlite_url,
        RATE_LIMIT_QUOTE_PER_KEY="5/minute",
        RATE_LIMIT_QUOTE_PER_ADDRESS="2/minute",
    )
    client = app.test_client()
    shop = _account(app, "Imprimerie Dupont")
    assert [quote(client, shop).status_code for _ in range(5)] == [422] * 5
    assert_too_many(quote(client, shop), "Too many price quotes")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_with_redis_gone_the_count_goes_on_in_memory(sqlite_url, tmp_path, capsys):
    from tests.servers import free_port

    gone = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = build(tmp_path, "gone", DATABASE_URL=sqlite_url, REDIS_URL=gone, **QUOTE_LIMITED)
    client = app.test_client()
    shop = _account(app, "Imprimerie Dupont")
    # Shoppers are still served, and still limited.
    assert [quote(client, shop).status_code for _ in range(3)] == [422] * 3
    assert_too_many(quote(client, shop), "Too many price quotes")
    # The app's own log handler writes to the standard streams.
    assert "rate limit counters unavailable, counting in memory" in capsys.readouterr().out
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
