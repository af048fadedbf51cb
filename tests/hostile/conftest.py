"""Fixtures for hostile uploads: one app per module on SQLite and local storage, a loopback
origin that counts what parsers fetch, and snapshots of every table and stored file."""

import contextlib
import http.server
import io
import shutil
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from monogram import create_app
from monogram.extensions.db import db
from tests import samples
from tests.conftest import ServerLikeClient, _account, make_config


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a tiny body, and records its path: any request is a leak."""

    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"leaked")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def origin():
    """A loopback HTTP server standing for an attacker's host; `origin.requests` lists hits."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    server.requests = []
    server.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # The count must see a fetch for "no request" to mean anything.
    with urllib.request.urlopen(f"{server.url}/probe", timeout=10) as answer:
        assert answer.read() == b"leaked"
    assert server.requests == ["/probe"]
    server.requests.clear()
    yield server
    server.shutdown()
    thread.join(timeout=10)


FIELD_LOCK = {"move": True, "resize": True, "rotate": True, "delete": True, "edit": False}


def template_document(product_id, font_id):
    """A card with one field, "nom", that a batch's data file fills."""
    name = {"id": "name", "type": "text", "x": 5, "y": 20, "width": 75, "height": 8,
            "text": "Prénom Nom", "font": font_id, "size": 12, "color": {"rgb": "#003366"},
            "field": "nom", "lock": FIELD_LOCK}  # fmt: skip
    return {
        "format": "monogram.design/1",
        "product": product_id,
        "surfaces": [{"area": "front", "objects": [name]}],
    }


@dataclass
class Shop:
    """An app with a merchant, a product with a font and a template with fields."""

    app: object
    client: object
    storage_root: Path
    sk: dict
    pk: dict
    product_id: str
    template_id: str
    merchant_id: str


def make_shop(tmp_path, sqlite_template):
    database = tmp_path / "monogram.sqlite3"
    shutil.copy(sqlite_template, database)
    app = create_app(make_config(tmp_path, DATABASE_URL=f"sqlite:///{database}"))
    app.test_client_class = ServerLikeClient
    client = app.test_client()
    account = _account(app, "Imprimerie Dupont")
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (io.BytesIO(samples.VERA.read_bytes()), "Vera.ttf"), "licence_note": "Vera"},
    )
    assert font.status_code == 201, font.json
    product = client.post(
        "/v1/products", headers=account.sk, json=samples.card_product([font.json["id"]])
    )
    assert product.status_code == 201, product.json
    template = client.post(
        "/v1/templates",
        headers=account.sk,
        json={
            "name": "Carte",
            "document": template_document(product.json["id"], font.json["id"]),
        },
    )
    assert template.status_code == 201, template.json
    return Shop(
        app=app,
        client=client,
        storage_root=tmp_path / "instance" / "storage",
        sk=account.sk,
        pk=account.pk,
        product_id=product.json["id"],
        template_id=template.json["id"],
        merchant_id=account.merchant_id,
    )


@pytest.fixture(scope="module")
def shop(tmp_path_factory, sqlite_template):
    """Shared by the refusal tests of a module: a refused upload leaves it as it was."""
    found = make_shop(tmp_path_factory.mktemp("hostile-shop"), sqlite_template)
    yield found
    with found.app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def fresh_shop(tmp_path, sqlite_template):
    """Its own shop, for uploads that are accepted after sanitising."""
    found = make_shop(tmp_path, sqlite_template)
    yield found
    with found.app.app_context():
        db.session.remove()
        db.engine.dispose()


def snapshot(shop):
    """Every row of every table, and every stored file with its bytes' length."""
    with shop.app.app_context():
        rows = {
            table.name: sorted(
                (tuple(map(repr, row)) for row in db.session.execute(sa.select(table))), key=str
            )
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
    files = {
        str(path.relative_to(shop.storage_root)): path.stat().st_size
        for path in shop.storage_root.rglob("*")
        if path.is_file()
    }
    return rows, files


@contextlib.contextmanager
def unchanged(shop):
    """Asserts that the block changed no row and stored or removed no file."""
    rows, files = snapshot(shop)
    yield
    after_rows, after_files = snapshot(shop)
    assert after_files == files
    changed = [name for name in rows if after_rows[name] != rows[name]]
    assert changed == []
