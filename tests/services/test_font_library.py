"""The shipped library as font rows: stable ids, synced after migrations, files read as shipped."""

import dataclasses
import hashlib

import pytest
import sqlalchemy as sa

from monogram import fonts as shipped
from monogram.extensions.db import db
from monogram.migrations import upgrade
from monogram.models import Font
from monogram.services import font_library
from monogram.services.resolving import StorageResolver


@pytest.fixture
def connection(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'library.sqlite3'}")
    with engine.begin() as connection:
        upgrade(connection)
        yield connection
    engine.dispose()


def library_rows(connection):
    table = Font.__table__
    query = sa.select(table).where(table.c.merchant_id.is_(None)).order_by(table.c.id)
    return [row._asdict() for row in connection.execute(query)]


def test_every_library_style_is_a_row_with_an_id_made_from_its_family_and_style(connection):
    expected = {
        f"fnt_{family.slug}-{style.style.replace('-', '')}": (family, style)
        for family in shipped.library()
        for style in family.styles
    }
    rows = {row["id"]: row for row in library_rows(connection)}
    assert rows.keys() == expected.keys()
    assert all(len(font_id) <= 32 for font_id in rows)
    row = rows["fnt_vollkorn-bolditalic"]
    assert (row["family"], row["style"], row["weight"], row["italic"], row["category"]) == (
        "Vollkorn",
        "Bold Italic",
        700,
        True,
        "serif",
    )
    for font_id, (family, _style) in expected.items():
        path = shipped.LIBRARY / rows[font_id]["library_file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == rows[font_id]["library_sha256"]
        assert rows[font_id]["ascent"] > 0 and rows[font_id]["descent"] >= 0
        assert rows[font_id]["licence_note"].startswith(family.licence)


def test_a_second_sync_changes_nothing_and_reads_no_file(connection, monkeypatch):
    before = library_rows(connection)
    monkeypatch.setattr(font_library, "read_metrics", pytest.fail)
    font_library.sync_library(connection)
    assert library_rows(connection) == before


def test_a_renamed_family_keeps_its_ids(connection, monkeypatch):
    families = shipped.library()
    renamed = [dataclasses.replace(families[0], family="Vollkorn Nouveau"), *families[1:]]
    monkeypatch.setattr(font_library, "library", lambda: renamed)
    font_library.sync_library(connection)
    rows = {row["id"]: row for row in library_rows(connection)}
    assert rows["fnt_vollkorn-regular"]["family"] == "Vollkorn Nouveau"
    assert len(rows) == sum(len(family.styles) for family in families)


def test_the_renderer_reads_a_library_font_from_the_shipped_file(app, merchant):
    with app.app_context():
        font = StorageResolver(merchant.merchant_id).font("fnt_caladea-regular")
        path = shipped.LIBRARY / "caladea" / "Caladea-Regular.ttf"
        assert font.data == path.read_bytes()
        assert font.sha256 == hashlib.sha256(font.data).hexdigest()
        assert db.session.get(Font, "fnt_caladea-regular").merchant_id is None
