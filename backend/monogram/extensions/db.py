"""The SQL database: Flask-SQLAlchemy bound to the declarative base of monogram.models."""

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy

from monogram.models.base import Base

db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def init_app(app):
    url = app.config["MONOGRAM"].database_url
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    # A server may drop a pooled connection (restart, failover, idle timeout): test it first.
    options = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        # Several web threads and the in-process job runner share the file; wait rather than fail.
        # A file is never dropped: no ping, one query less per request.
        options = {"connect_args": {"timeout": 30}}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)


@sa.event.listens_for(sa.engine.Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # SQLite ignores foreign keys unless asked, and WAL lets readers work during a write.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
