"""Alembic environment: runs migrations on the connection handed over by monogram.migrations."""

from alembic import context

import monogram.models  # noqa: F401  (registers every table on the metadata)
from monogram.models.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("Run migrations with `monogram db upgrade`, which supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
