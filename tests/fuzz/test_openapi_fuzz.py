"""Schemathesis on the committed openapi.yaml: each operation, valid keys, no 5xx, as documented."""

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from monogram import create_app
from monogram.extensions.db import db
from tests import samples
from tests.conftest import ServerLikeClient, _account, make_config

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = schemathesis.openapi.from_path(ROOT / "openapi.yaml")
# A handful per operation keeps `make test` short; the long run raises it (tests/fuzz/README.md).
EXAMPLES = int(os.environ.get("MONOGRAM_FUZZ_EXAMPLES", "10"))
# Steps of each stateful scenario; EXAMPLES scenarios run.
STEPS = 10
WIDGET_PATHS = (
    "/v1/designs",
    "/v1/customer",
    "/v1/prices",
    "/v1/assets",
    "/v1/templates/{template_id}/document",
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PRICE_RULE = {
    "base_prices": [{"variant": "", "tiers": [{"min_quantity": 1, "unit_price": 1200}]}],
    "surcharges": {"text": {"unit_price": 50, "free": 0}},
}


@dataclass
class SeededShop:
    """What the seeded shop holds: keys, the ids each path parameter takes, the design's token."""

    secret: str
    publishable: str
    ids: dict = field(default_factory=dict)
    design_token: str = ""
    template_token: str = ""


def _created(response):
    assert response.status_code in (200, 201, 202), response.get_json()
    return response.get_json()


def _seed(client, account):
    """One merchant with something behind every path parameter, made through the API itself."""
    sk = {"Authorization": f"Bearer {account.secret}"}
    pk = {"Authorization": f"Bearer {account.publishable}"}
    ids = {"store_id": account.store_id}

    font = client.post(
        "/v1/fonts",
        headers=sk,
        data={"file": (samples.font_io(), "Vera.ttf"), "licence_note": "Bitstream Vera"},
    )
    ids["font_id"] = _created(font)["id"]
    ids["product_id"] = _created(
        client.post("/v1/products", headers=sk, json=samples.card_product([ids["font_id"]]))
    )["id"]
    _created(client.put(f"/v1/products/{ids['product_id']}/pricing", headers=sk, json=PRICE_RULE))
    ids["asset_id"] = _created(
        client.post("/v1/assets", headers=sk, data={"file": (samples.png_io(), "photo.png")})
    )["id"]

    design = _created(
        client.post(
            "/v1/designs", headers=pk, json=samples.design(ids["product_id"], ids["font_id"])
        )
    )
    ids["design_id"], ids["number"] = design["id"], 1
    order = _created(
        client.post(
            "/v1/orders",
            headers=sk,
            json={
                "platform_order_id": "1042",
                "name": "#1042",
                "currency": "EUR",
                "customer": {"platform_id": "7", "email": "jeanne@example.fr"},
                "lines": [
                    {
                        "platform_line_id": "1",
                        "quantity": 250,
                        "title": "Carte de visite",
                        "design": design["id"],
                        "design_token": design["token"],
                    }
                ],
            },
        )
    )
    ids["order_id"], ids["job_id"] = order["id"], order["lines"][0]["job"]

    template = _created(
        client.post(
            "/v1/templates",
            headers=sk,
            json={
                "name": "Carte hôtel",
                "document": samples.design(ids["product_id"], ids["font_id"]),
            },
        )
    )
    ids["template_id"] = template["id"]
    token = _created(client.post(f"/v1/templates/{template['id']}/editing-token", headers=sk))[
        "token"
    ]

    workshop = _created(client.post("/v1/workshops", headers=sk, json={"name": "Atelier Lyon"}))
    ids["workshop_id"] = workshop["id"]
    ids["user_id"] = _created(
        client.post(
            f"/v1/workshops/{workshop['id']}/users",
            headers=sk,
            json={"email": "paul@lyon.example", "password": "x" * 12},
        )
    )["id"]
    ids["rule_id"] = _created(
        client.post(
            "/v1/dispatch-rules",
            headers=sk,
            json={"workshop": workshop["id"], "product": ids["product_id"]},
        )
    )["id"]
    ids["company_id"] = _created(
        client.post("/v1/companies", headers=sk, json={"name": "Dupont SA"})
    )["id"]
    ids["price_list_id"] = _created(
        client.post(
            "/v1/price-lists",
            headers=sk,
            json={"name": "Revendeurs", "discount_percent": 10},
        )
    )["id"]
    collection = _created(
        client.post(
            "/v1/media/collections",
            headers=sk,
            json={"name": "Pictograms", "category": "pictograms", "licence": "Ours."},
        )
    )
    ids["collection_id"] = collection["id"]
    ids["item_id"] = _created(
        client.post(
            f"/v1/media/collections/{collection['id']}/items",
            headers=sk,
            json={"asset": ids["asset_id"], "name": "Star", "tags": ["star"]},
        )
    )["id"]
    ids["quote_id"] = _created(
        client.post(
            "/v1/quotes",
            headers={**pk, "Monogram-Design-Token": design["token"]},
            json={
                "design": design["id"],
                "quantity": 120,
                "locale": "fr",
                "contact": {"name": "Jeanne Martin", "email": "jeanne@example.fr"},
            },
        )
    )["id"]
    ids["endpoint_id"] = _created(
        client.post(
            "/v1/webhook-endpoints",
            headers=sk,
            # A closed loopback port: deliveries fail at once and nothing leaves the machine.
            json={"url": "http://127.0.0.1:9/hooks", "events": ["job.ready"]},
        )
    )["id"]
    return design["token"], token, ids


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory, sqlite_template):
    """A seeded instance directory (SQLite file and stored files), copied for each operation."""
    instance = tmp_path_factory.mktemp("fuzz-shop") / "instance"
    instance.mkdir()
    shutil.copy(sqlite_template, instance / "monogram.sqlite3")
    app = create_app(make_config(instance.parent, DATABASE_URL=_url(instance)))
    app.test_client_class = ServerLikeClient
    account = _account(app, "Imprimerie Dupont")
    design_token, template_token, ids = _seed(app.test_client(), account)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return instance, SeededShop(
        account.secret, account.publishable, ids, design_token, template_token
    )


def _url(instance):
    return f"sqlite:///{instance / 'monogram.sqlite3'}"


@contextlib.contextmanager
def shop_copy(source, directory):
    """An app on a fresh copy of the seeded shop: what one test does harms no other."""
    instance = directory / "instance"
    shutil.copytree(source, instance)
    app = create_app(make_config(directory, DATABASE_URL=_url(instance)))
    app.test_client_class = ServerLikeClient
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture
def seeded_shop(seeded_template, tmp_path):
    source, seeded = seeded_template
    with shop_copy(source, tmp_path) as app:
        yield app, seeded


def _widget(case):
    """Operations the editor widget calls with the publishable key."""
    security = case.operation.definition.raw.get("security", [])
    schemes = {name for entry in security for name in entry}
    return "publishableKey" in schemes and case.path.startswith(WIDGET_PATHS)


def _headers(case, seeded):
    """The key a real caller uses for this operation, and the seeded design's tokens."""
    key = seeded.publishable if _widget(case) else seeded.secret
    headers = {"Authorization": f"Bearer {key}"}
    names = {parameter.name for parameter in case.operation.headers}
    if "Monogram-Design-Token" in names:
        headers["Monogram-Design-Token"] = seeded.design_token
    if "Monogram-Template-Token" in names:
        headers["Monogram-Template-Token"] = seeded.template_token
    return headers


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    # Seeding and the generous schemas of design documents make some examples slow to build.
    suppress_health_check=list(HealthCheck),
)


@SCHEMA.parametrize()
@FUZZ_SETTINGS
def test_operation_answers_as_documented(case, seeded_shop):
    app, seeded = seeded_shop
    # Ids of the seeded shop, so examples reach the route's work rather than stop at a 404.
    for name in case.path_parameters or {}:
        if name in seeded.ids:
            case.path_parameters[name] = seeded.ids[name]
    # The checks raise on an undocumented answer; the status is asserted here in plain sight too.
    response = case.call_and_validate(
        app=app, session=app.test_client(), headers=_headers(case, seeded), checks=CHECKS
    )
    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code)


def test_workflows_answer_as_documented(seeded_template, tmp_path):
    """Chains of calls along the links schemathesis infers (an id one answer gives, the next
    uses), since the spec declares none of its own. Each scenario starts from the seeded shop, so
    hypothesis replays one the same way."""
    source, seeded = seeded_template
    answered = []

    class Workflow(SCHEMA.as_state_machine()):
        def setup(self):
            self.shop = contextlib.ExitStack()
            self.app = self.shop.enter_context(shop_copy(source, tmp_path))

        def teardown(self):
            self.shop.close()

        def get_call_kwargs(self, case):
            return {
                "app": self.app,
                "session": self.app.test_client(),
                "headers": _headers(case, seeded),
            }

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)
            assert response.status_code < 500, (case.method, case.formatted_path)
            answered.append(response.status_code)

    Workflow.run(settings=settings(FUZZ_SETTINGS, stateful_step_count=STEPS))
    # The scenarios did reach the app, more than one call each on average.
    assert len(answered) > EXAMPLES, len(answered)
