"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import monogram.models  # noqa: F401
from monogram.models.base import Base


def test_migrated_schema_matches_the_models(database_url):
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() is not None
    engine.dispose()
