"""Alembic migrations of the SQL schema; `monogram db upgrade` runs them."""

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig

HERE = Path(__file__).parent


def alembic_config(connection=None):
    config = AlembicConfig()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


def upgrade(connection, revision="head"):
    """Bring the schema to a revision on an open SQLAlchemy connection.

    At head the shipped font library's rows follow: designs name them by id.
    """
    command.upgrade(alembic_config(connection), revision)
    if revision == "head":
        from monogram.services.font_library import sync_library

        sync_library(connection)
