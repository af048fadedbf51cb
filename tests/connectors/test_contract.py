"""Each PHP module's real order hook against the running backend over HTTP: one order, twice."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from monogram import create_app
from monogram.extensions.db import db
from monogram.models import Order
from tests import samples
from tests.conftest import ServerLikeClient, _account, make_config
from tests.servers import serving

ROOT = Path(__file__).resolve().parents[2]
HARNESSES = {
    "prestashop": ROOT / "plugins/prestashop/monogram/tests/contract/report_order.php",
    "magento": ROOT / "plugins/magento2/Monogram/Personalisation/Test/contract/report_order.php",
}


@pytest.fixture
def live(tmp_path, database_url):
    """The app on a loopback port, as a module in a shop would reach it."""
    app = create_app(make_config(tmp_path, DATABASE_URL=database_url))
    app.test_client_class = ServerLikeClient
    with serving(app) as url:
        yield app, url


def php_or_skip():
    if shutil.which("php") is None:
        if os.environ.get("MONOGRAM_TEST_SERVERS") == "1":
            pytest.fail("php is missing: make test installs php-cli")
        pytest.skip("php is not installed")


@pytest.mark.parametrize("platform", sorted(HARNESSES))
def test_the_modules_order_hook_reports_one_order(live, platform):
    php_or_skip()
    harness = HARNESSES[platform]
    if not harness.exists():
        pytest.fail(f"{harness.relative_to(ROOT)} is missing")
    app, url = live
    account = _account(app, f"Boutique {platform}", platform=platform, domain=f"{platform}.test")
    client = app.test_client()
    font = client.post(
        "/v1/fonts",
        headers=account.sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    ).json["id"]
    product = client.post("/v1/products", headers=account.sk, json=samples.card_product([font]))
    design = client.post(
        "/v1/designs", headers=account.pk, json=samples.design(product.json["id"], font)
    ).json
    env = {
        **os.environ,
        "MONOGRAM_API_URL": url,
        "MONOGRAM_SECRET_KEY": account.secret,
        "MONOGRAM_PUBLISHABLE_KEY": account.publishable,
        "MONOGRAM_DESIGN": design["id"],
        "MONOGRAM_DESIGN_TOKEN": design["token"],
        "MONOGRAM_ORDER_ID": "100042",
    }
    for attempt in (1, 2):
        run = subprocess.run(
            ["php", str(harness)], env=env, capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, f"attempt {attempt}: {run.stdout}\n{run.stderr}"
        json.loads(run.stdout.strip().splitlines()[-1])  # the harness reports one JSON line

    with app.app_context():
        orders = db.session.query(Order).all()
        assert len(orders) == 1
        (order,) = orders
        assert (order.platform_order_id, order.store_id) == ("100042", account.store_id)
        personalised = [line for line in order.lines if line.design_id]
        assert len(personalised) == 1
        assert (personalised[0].design_id, personalised[0].status) == (design["id"], "accepted")
        assert personalised[0].job_id is not None
