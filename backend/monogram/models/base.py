"""Declarative base, public ids and the column types every model shares."""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase

# Constraint names are fixed so Alembic migrations name the same things on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
Json = sa.JSON().with_variant(JSONB(), "postgresql")

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


def new_id(prefix):
    """A public id such as prd_3k9…: 25 base-36 characters, about 129 bits, never guessable."""
    return prefix + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(25))


def utcnow():
    return datetime.now(UTC)


class UtcDateTime(sa.types.TypeDecorator):
    """Timestamps stored in UTC and always read back timezone-aware, SQLite included."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use monogram.models.base.utcnow()")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
