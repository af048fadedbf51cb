"""A Shopify shop for end-to-end tests: Monogram on loopback with SMTP, its Admin API a stand-in."""

import base64
import contextlib
import hashlib
import hmac
import json
import uuid

from monogram import create_app
from monogram.extensions.db import db
from monogram.migrations import upgrade
from monogram.services.merchants import create_merchant
from monogram.services.secrets_box import seal
from monogram.settings import Config
from tests.conftest import TEST_SECRET, TEST_SHOPIFY_SECRET
from tests.servers import free_port, serving


@contextlib.contextmanager
def monogram_for_shopify(tmp_path, smtp_server, admin, domain, token, **settings):
    """Monogram serving one installed Shopify shop whose Admin API is `admin` (a ShopifyAdmin);
    yields {url, app, admin, keys, store, merchant}."""
    with serving(admin.wsgi) as admin_url:
        (tmp_path / "instance").mkdir()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        app = create_app(
            Config.from_env(
                environ={},
                INSTANCE_DIR=str(tmp_path / "instance"),
                SECRET_KEY=TEST_SECRET,
                SHOPIFY_API_SECRET=TEST_SHOPIFY_SECRET,
                SHOPIFY_ADMIN_URL=admin_url,
                PUBLIC_URL=url,
                SMTP_HOST=smtp_server.host,
                SMTP_PORT=smtp_server.port,
                SMTP_SECURITY="none",
                LOG_LEVEL="WARNING",
                **settings,
            )
        )
        with app.app_context():
            with db.engine.begin() as connection:
                upgrade(connection)
            merchant, store, keys = create_merchant(
                "Atelier Dupont", platform="shopify", domain=domain
            )
            store.access_token_encrypted = seal(token)
            db.session.commit()
            ids = {"merchant": merchant.id, "store": store.id}
        with serving(app, port):
            yield {"url": url, "app": app, "admin": admin, "keys": keys, **ids}
        with app.app_context():
            db.engine.dispose()


def api(page, method, path, key, body=None, headers=None):
    """A call to Monogram's API from the test's browser context; it must succeed."""
    response = page.request.fetch(
        path,
        method=method,
        headers={
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
        data=json.dumps(body) if body is not None else None,
    )
    assert response.ok, (method, path, response.status, response.text())
    return response


def shopify_delivery(page, payload, domain):
    """Shopify's orders/create webhook for `payload`, signed as Shopify signs it."""
    body = json.dumps(payload)
    digest = hmac.new(TEST_SHOPIFY_SECRET.encode(), body.encode(), hashlib.sha256).digest()
    response = page.request.post(
        "/webhooks/shopify/orders-create",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Hmac-Sha256": base64.b64encode(digest).decode(),
            "X-Shopify-Shop-Domain": domain,
            "X-Shopify-Webhook-Id": str(uuid.uuid4()),
            "X-Shopify-API-Version": "2026-10",
        },
    )
    assert response.status == 200, response.text()
