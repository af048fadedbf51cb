"""The merchant's font library: uploaded font files with their licence notes."""

import sqlalchemy as sa

from monogram.errors import Conflict, Invalid
from monogram.extensions.db import db
from monogram.models import Font
from monogram.services.assets import store_upload


def add_font(merchant_id, data, filename, licence_note, family=None, style=None):
    licence_note = (licence_note or "").strip()
    if not licence_note:
        raise Invalid(
            "Say under which licence you may use this font (e.g. 'SIL OFL' or 'desktop + server "
            "licence from the foundry, order 1234').",
            errors=[{"path": "/licence_note", "location": "form", "message": "Required."}],
        )
    asset, inspected = store_upload(merchant_id, data, filename, frozenset({"font"}))
    existing = db.session.scalar(
        sa.select(Font).where(Font.merchant_id == merchant_id, Font.asset_id == asset.id)
    )
    if existing is not None:
        raise Conflict(f"This font file is already in your library as {existing.id}.")
    facts = inspected.font
    font = Font(
        merchant_id=merchant_id,
        asset_id=asset.id,
        family=(family or facts.family).strip()[:200],
        style=(style or facts.style).strip()[:200],
        weight=facts.weight,
        italic=facts.italic,
        outlines=facts.outlines,
        glyph_count=facts.glyph_count,
        licence_note=licence_note[:4000],
    )
    db.session.add(font)
    db.session.flush()
    return font


def list_fonts(merchant_id):
    return db.session.scalars(
        sa.select(Font).where(Font.merchant_id == merchant_id).order_by(Font.family, Font.weight)
    ).all()
