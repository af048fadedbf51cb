"""The shipped font library as shared font rows: one per style, with ids that never change."""

import logging

import sqlalchemy as sa

from monogram.fonts import LIBRARY, library
from monogram.models import Font
from monogram.services.font_metrics import read_metrics

log = logging.getLogger(__name__)

STYLE_NAMES = {
    "regular": "Regular",
    "bold": "Bold",
    "italic": "Italic",
    "bold-italic": "Bold Italic",
}
# Ids are at most 32 characters; "bolditalic" keeps the longest (Linux Libertine O) within them.
STYLE_CODES = {
    "regular": "regular",
    "bold": "bold",
    "italic": "italic",
    "bold-italic": "bolditalic",
}


def library_font_id(slug, style):
    """The id a library style has in every database: designs and products keep it for good."""
    return f"fnt_{slug}-{STYLE_CODES[style]}"


def sync_library(connection):
    """Make the library rows match library.json; idempotent, run after every migration to head.

    A style whose file is unchanged (same SHA-256) is not read again: the manifest's hashes were
    checked when the library was built, and its files were inspected then (tests/fonts).
    """
    table = Font.__table__
    known = {
        row.id: row
        for row in connection.execute(sa.select(table).where(table.c.merchant_id.is_(None)))
    }
    added = changed = 0
    for family in library():
        licence_note = f"{family.licence}. {family.copyright}"
        for style in family.styles:
            font_id = library_font_id(family.slug, style.style)
            described = {
                "family": family.family,
                "style": STYLE_NAMES[style.style],
                "weight": style.weight,
                "italic": "italic" in style.style,
                "category": family.category,
                "licence_note": licence_note,
                "library_file": style.path.relative_to(LIBRARY).as_posix(),
                "library_sha256": style.sha256,
            }
            row = known.get(font_id)
            if row is None:
                connection.execute(
                    table.insert().values(id=font_id, **described, **_file_facts(style.path))
                )
                added += 1
            elif any(getattr(row, name) != value for name, value in described.items()):
                if row.library_sha256 != style.sha256:
                    described.update(_file_facts(style.path))
                connection.execute(table.update().where(table.c.id == font_id).values(described))
                changed += 1
    if added or changed:
        log.info("font library: %d styles added, %d updated", added, changed)


def _file_facts(path):
    metrics = read_metrics(path.read_bytes())
    return {
        "outlines": metrics.outlines,
        "glyph_count": metrics.glyph_count,
        "ascent": metrics.ascent,
        "descent": metrics.descent,
    }
