"""Fault tests run on PostgreSQL only: its connections are what they drop."""

import logging
import uuid

import pytest

from tests.conftest import _admin


@pytest.fixture
def database_url(postgres_template):
    """A fresh database copied from the migrated template, dropped after the test."""
    name = f"fault_{uuid.uuid4().hex[:12]}"
    _admin(postgres_template, f"CREATE DATABASE {name} TEMPLATE monogram_template")
    yield postgres_template.set(database=name).render_as_string(hide_password=False)
    _admin(postgres_template, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def app_log(caplog):
    """caplog for the app's own records: call it once the app exists, since create_app gives the
    `monogram` logger a handler of its own and stops it propagating."""
    logger = logging.getLogger("monogram")

    def watch():
        logger.addHandler(caplog.handler)
        return caplog

    yield watch
    logger.removeHandler(caplog.handler)
