"""The fonts an editor offers: the merchant's uploads with their licence notes, and the library."""

import io
import struct

import sqlalchemy as sa
from fontTools.ttLib import TTFont

from monogram.errors import Conflict, Invalid, NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.fonts import LIBRARY
from monogram.models import Design, DesignVersion, Font, Product, ProductFont, Template
from monogram.services import visibility
from monogram.services.assets import store_upload
from monogram.services.font_metrics import read_metrics


def add_font(
    merchant_id, data, filename, licence_note, family=None, style=None, category=None, stores=()
):
    licence_note = (licence_note or "").strip()
    if not licence_note:
        raise Invalid(
            "Say under which licence you may use this font (e.g. 'SIL OFL' or 'desktop + server "
            "licence from the foundry, order 1234').",
            errors=[{"path": "/licence_note", "location": "form", "message": "Required."}],
        )
    store_ids = visibility.check_stores(merchant_id, stores)
    asset, inspected = store_upload(
        merchant_id, data, filename, frozenset({"font"}), check=_check_head
    )
    existing = db.session.scalar(
        sa.select(Font).where(Font.merchant_id == merchant_id, Font.asset_id == asset.id)
    )
    if existing is not None:
        raise Conflict(f"This font file is already in your library as {existing.id}.")
    facts = inspected.font
    # The stored file, not the upload: a WOFF or WOFF2 was unpacked to the TTF/OTF print uses.
    metrics = read_metrics(storage().get(asset.storage_key))
    font = Font(
        merchant_id=merchant_id,
        asset_id=asset.id,
        family=_family_name(merchant_id, family or facts.family),
        style=(style or facts.style).strip()[:200],
        weight=facts.weight,
        italic=facts.italic,
        outlines=facts.outlines,
        glyph_count=facts.glyph_count,
        category=category,
        ascent=metrics.ascent,
        descent=metrics.descent,
        licence_note=licence_note[:4000],
    )
    db.session.add(font)
    db.session.flush()
    visibility.limit_to(font.id, store_ids)
    return font


# head: magicNumber at byte 12, unitsPerEm at byte 18 (OpenType specification).
_HEAD = struct.Struct(">12xI2xH")
HEAD_MAGIC = 0x5F0F3CF5
UNITS_PER_EM = range(16, 16385)


def _check_head(inspected):
    """Refuse a font whose head table cannot scale its glyphs: every size divides by its em."""
    head = TTFont(io.BytesIO(inspected.data), lazy=True).reader["head"]
    magic, units_per_em = _HEAD.unpack_from(head)
    if magic != HEAD_MAGIC or units_per_em not in UNITS_PER_EM:
        raise Invalid(
            "This font's header table (head) is damaged: its units per em are "
            f"{units_per_em}, where 16 to 16384 are possible. Export it again from the "
            "foundry's files."
        )


def _family_name(merchant_id, name):
    """The family as already spelt in the library, so a family's styles group under one name."""
    name = " ".join(name.split())[:200]
    known = db.session.scalar(
        sa.select(Font.family).where(
            Font.merchant_id == merchant_id, sa.func.lower(Font.family) == name.lower()
        )
    )
    return known or name


def update_font(merchant_id, font_id, fields):
    """Renames, recategorises or re-limits an uploaded font; library fonts are read-only."""
    font = db.session.get(Font, font_id)
    if font is None or font.merchant_id != merchant_id:
        # Library fonts are every merchant's and nobody's to change.
        raise NotFound(f"No uploaded font with id {font_id!r} in this account.")
    if "stores" in fields:
        visibility.limit_to(font.id, visibility.check_stores(merchant_id, fields["stores"]))
    for name in ("family", "style", "category", "licence_note"):
        if name in fields:
            setattr(font, name, fields[name])
    db.session.flush()
    return font


def list_fonts(merchant_id, store_id=None, category=None):
    """The library and the merchant's uploads visible from a store (None: every store), grouped
    into families and ordered by weight, then upright before italic."""
    query = sa.select(Font).where(_visible_from(merchant_id, store_id))
    if category is not None:
        query = query.where(Font.category == category)
    # The merchant's own families first: a brand typeface is what its editor should offer first.
    query = query.order_by(
        Font.merchant_id.is_(None), Font.family, Font.weight, Font.italic, Font.id
    )
    return db.session.scalars(query).all()


def visible_font_ids(merchant_id, store_id, font_ids):
    """The fonts among these that the store sees, in their order."""
    if not font_ids:
        return []
    found = set(
        db.session.scalars(
            sa.select(Font.id).where(
                Font.id.in_(list(font_ids)), _visible_from(merchant_id, store_id)
            )
        )
    )
    return [font_id for font_id in font_ids if font_id in found]


def get_font(merchant_id, store_id, font_id):
    """A font the caller may use: theirs (and visible from the store) or the library's."""
    font = db.session.get(Font, font_id) if isinstance(font_id, str) else None
    if (
        font is None
        or font.merchant_id not in (None, merchant_id)
        or not _is_visible(font, store_id)
    ):
        raise NotFound(f"No font with id {font_id!r} in this account.")
    return font


def font_file(font):
    """The TTF/OTF the print file embeds: the shipped file of a library font, or the upload."""
    if font.merchant_id is None:
        return (LIBRARY / font.library_file).read_bytes()
    return storage().get(font.asset.storage_key)


def font_sha256(font):
    return font.library_sha256 if font.merchant_id is None else font.asset.sha256


def font_media_type(font):
    return "font/ttf" if font.outlines == "truetype" else "font/otf"


def stores_by_font(fonts):
    return visibility.stores_of([font.id for font in fonts])


def _visible_from(merchant_id, store_id):
    charter = visibility.exclusive_fonts(store_id)
    own = sa.and_(
        Font.merchant_id == merchant_id, visibility.visible(Font.id, store_id, exclusive=charter)
    )
    return own if charter else sa.or_(Font.merchant_id.is_(None), own)


def _is_visible(font, store_id):
    charter = visibility.exclusive_fonts(store_id)
    if font.merchant_id is None:
        return not charter
    return visibility.is_visible(font.id, store_id, exclusive=charter)


def font_documents(fonts):
    """Fonts as the API shows them, with their store limits and the editor's WOFF2 path."""
    _fill_metrics(fonts)
    limits = visibility.stores_of([font.id for font in fonts])
    return [
        {
            "id": font.id,
            "family": font.family,
            "style": font.style,
            "weight": font.weight,
            "italic": font.italic,
            "category": font.category,
            "library": font.merchant_id is None,
            "outlines": font.outlines,
            "glyph_count": font.glyph_count,
            "ascent": font.ascent,
            "descent": font.descent,
            "licence_note": font.licence_note,
            "asset_id": font.asset_id,
            "stores": limits.get(font.id, []),
            "woff2_url": f"/v1/fonts/{font.id}/woff2",
            "created_at": font.created_at,
        }
        for font in fonts
    ]


def _fill_metrics(fonts):
    # Uploads from before the editor took metrics from the server get them on first read.
    for font in fonts:
        if font.ascent is None:
            metrics = read_metrics(font_file(font))
            font.ascent, font.descent = metrics.ascent, metrics.descent


def delete_font(merchant_id, font_id):
    """Takes an uploaded font out of the library while nothing uses it; its file stays stored.

    A product offering it, a template or a saved design setting text in it would no longer
    render, so those are named instead and nothing is deleted.
    """
    font = db.session.get(Font, font_id) if isinstance(font_id, str) else None
    if font is None or font.merchant_id != merchant_id:
        raise NotFound(f"No uploaded font with id {font_id!r} in this account.")
    products, templates, designs = font_users(merchant_id, font.id)
    if products or templates or designs:
        named = [*(f"product {n}" for n in products), *(f"template {n}" for n in templates)]
        if designs:
            named.append(f"{designs} saved design(s)")
        raise Conflict(f"This font is still used by {', '.join(named)}.")
    visibility.limit_to(font.id, [])
    db.session.delete(font)
    db.session.flush()


def font_users(merchant_id, font_id):
    """What uses a font: ([product names], [template names], number of saved designs)."""
    products = db.session.scalars(
        sa.select(Product.name)
        .join(ProductFont, ProductFont.product_id == Product.id)
        .where(Product.merchant_id == merchant_id, ProductFont.font_id == font_id)
        .order_by(Product.name)
    ).all()
    # Font ids sit inside JSON documents: searched as text, the same on SQLite and PostgreSQL.
    templates = db.session.scalars(
        sa.select(Template.name)
        .where(
            Template.merchant_id == merchant_id,
            sa.or_(
                sa.cast(Template.fonts, sa.Text).contains(font_id),
                sa.cast(Template.document, sa.Text).contains(font_id),
            ),
        )
        .order_by(Template.name)
    ).all()
    designs = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Design.id)))
        .join(DesignVersion, DesignVersion.design_id == Design.id)
        .where(
            Design.merchant_id == merchant_id,
            sa.cast(DesignVersion.document, sa.Text).contains(font_id),
        )
    )
    return products, templates, designs
