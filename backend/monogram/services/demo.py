"""The demo shop `make run` shows: a merchant, its fonts, clipart, a business card, a workshop."""

import io
import json
import os
import secrets
from pathlib import Path

import reportlab
import sqlalchemy as sa
from flask import current_app
from PIL import Image, ImageDraw, ImageFilter

from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import ApiKey, Asset, Font, Product, Store, Workshop, WorkshopUser
from monogram.models.base import utcnow
from monogram.services import console_users, fonts, products, workshops
from monogram.services.assets import store_upload
from monogram.services.demo_models import add_demo_model_products
from monogram.services.demo_templates import add_demo_templates
from monogram.services.keys import issue_key
from monogram.services.merchants import create_merchant
from monogram.services.starter_media import add_starter_collection

DEMO_DOMAIN = "demo.monogram.test"
# Where the /demo page finds the demo store's publishable key: keys are stored hashed, and a
# publishable key is public by design (every product page that embeds the widget shows it).
DEMO_FILE = "demo.json"
DEMO_WORKSHOP_USER = "atelier@demo.monogram.test"
DEMO_CONSOLE_USER = "demo@monogram.test"
# Bitstream Vera ships with reportlab under a licence that allows any use and embedding.
VERA = ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")
VERA_LICENCE = (
    "Bitstream Vera licence: free to use, embed and redistribute (shipped with reportlab)."
)
# A few of the shipped library's typefaces, so the demo card offers a serif, a script and a display.
LIBRARY_FONTS = (
    "fnt_inter-regular",
    "fnt_inter-bold",
    "fnt_vollkorn-regular",
    "fnt_vollkorn-italic",
    "fnt_dancing-script-regular",
    "fnt_bebas-neue-regular",
)
CARD_W, CARD_H = 85.0, 55.0
PALETTE = [
    {"name": "Black", "color": {"cmyk": [0, 0, 0, 100]}},
    {"name": "Navy", "color": {"spot": "PANTONE 289 C", "cmyk": [100, 64, 0, 60]}},
    {"name": "Brick red", "color": {"cmyk": [0, 85, 90, 20]}},
    {"name": "Forest green", "color": {"cmyk": [80, 0, 90, 40]}},
    {"name": "Warm grey", "color": {"cmyk": [0, 5, 10, 55]}},
]


def seed_demo(templates=True):
    """Create the demo shop once; every call hands out fresh keys and revokes the old ones.

    `templates`: publish the demo's template gallery, which the editor then opens first.
    """
    store = db.session.scalar(
        sa.select(Store).where(Store.platform == "custom", Store.domain == DEMO_DOMAIN)
    )
    if store is None:
        _, store, _ = create_merchant(
            "Atelier Monogram (demo)", store_name="Demo shop", domain=DEMO_DOMAIN
        )
    merchant_id = store.merchant_id
    for key in db.session.scalars(sa.select(ApiKey).where(ApiKey.merchant_id == merchant_id)):
        key.revoked_at = key.revoked_at or utcnow()
    _, secret = issue_key(merchant_id, "secret", label="demo")
    _, publishable = issue_key(merchant_id, "publishable", store_id=store.id, label="demo editor")

    font_ids = [_demo_font(merchant_id, name) for name in VERA] + list(LIBRARY_FONTS)
    product = db.session.scalar(
        sa.select(Product).where(
            Product.merchant_id == merchant_id, Product.name == "Business card"
        )
    )
    if product is None:
        mockup, _ = store_upload(
            merchant_id, mockup_photo(), "business-card-mockup.png", frozenset({"raster"})
        )
        product = products.create_product(merchant_id, _business_card(mockup.id, font_ids))
    models = add_demo_model_products(merchant_id, font_ids, PALETTE)
    add_starter_collection(merchant_id, locale="fr")
    if templates:
        add_demo_templates(merchant_id, product.id)
    workshop_password = _demo_workshop(merchant_id)
    console_password = _demo_console_owner(merchant_id)
    db.session.commit()
    _keep_for_demo_page(publishable, product.id)
    return {
        "merchant": merchant_id,
        "store": store.id,
        "product": product.id,
        "models": models,
        "keys": {"secret": secret, "publishable": publishable},
        "workshop": {"email": DEMO_WORKSHOP_USER, "password": workshop_password},
        "console": {"email": DEMO_CONSOLE_USER, "password": console_password},
    }


def _demo_workshop(merchant_id):
    """The demo's in-house workshop, default for every job; its user gets a fresh password."""
    workshop = db.session.scalar(sa.select(Workshop).where(Workshop.merchant_id == merchant_id))
    if workshop is None:
        workshop = workshops.create_workshop(
            merchant_id, {"name": "Atelier Monogram", "is_default": True}
        )
    password = secrets.token_urlsafe(12)
    user = db.session.scalar(
        sa.select(WorkshopUser).where(WorkshopUser.email == DEMO_WORKSHOP_USER)
    )
    if user is None:
        workshops.add_user(workshop, DEMO_WORKSHOP_USER, "Demo workshop", password)
    else:
        workshops.set_password(user, password)
    return password


def _demo_console_owner(merchant_id):
    """The demo merchant's console owner; like the workshop user, a fresh password each time."""
    password = secrets.token_urlsafe(12)
    user = console_users.find_by_email(DEMO_CONSOLE_USER)
    if user is None:
        console_users.create_user(
            merchant_id, DEMO_CONSOLE_USER, "owner", name="Demo owner", password=password
        )
    else:
        console_users.set_password(user, password)
    return password


def demo_shop():
    """{"publishable_key", "product"} of the seeded demo shop, or None before `monogram demo`."""
    try:
        kept = json.loads(_demo_file().read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or not kept.get("publishable_key") or not kept.get("product"):
        return None
    return {"publishable_key": kept["publishable_key"], "product": kept["product"]}


def demo_photo(product_id):
    """(bytes, media type, sha256) of the demo product's photo, or None if it has none."""
    product = db.session.get(Product, product_id)
    area = next((a for a in product.areas if a.mockup_asset_id), None) if product else None
    if area is None:
        return None
    asset = db.session.get(Asset, area.mockup_asset_id)
    return storage().get(asset.storage_key), asset.media_type, asset.sha256


def _demo_file():
    return Path(current_app.config["MONOGRAM"].INSTANCE_DIR) / DEMO_FILE


def _keep_for_demo_page(publishable_key, product_id):
    path = _demo_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then renamed, so the demo page never reads half a file.
    partial = path.with_name(f".{DEMO_FILE}.{os.getpid()}")
    partial.write_text(json.dumps({"publishable_key": publishable_key, "product": product_id}))
    partial.replace(path)


def _demo_font(merchant_id, filename):
    data = (Path(reportlab.__file__).parent / "fonts" / filename).read_bytes()
    asset, _ = store_upload(merchant_id, data, filename, frozenset({"font"}))
    existing = db.session.scalar(
        sa.select(Font).where(Font.merchant_id == merchant_id, Font.asset_id == asset.id)
    )
    return (existing or fonts.add_font(merchant_id, data, filename, VERA_LICENCE)).id


def _business_card(mockup_id, font_ids):
    def area(code, name, quad):
        return {
            "id": code,
            "name": name,
            "width": CARD_W,
            "height": CARD_H,
            "bleed": 3.0,
            "safe": 3.0,
            "technique": "digital_print",
            "color_mode": "cmyk",
            "max_colors": None,
            "min_dpi": 250,
            "cut_contour": "trim",
            "mockup": {"asset": mockup_id, "quad": quad},
        }

    return {
        "name": "Business card",
        "proof": "customer",
        "areas": [area("front", "Recto", CARD_QUADS[0]), area("back", "Verso", CARD_QUADS[1])],
        "fonts": font_ids,
        "palette": PALETTE,
        "platform_refs": [],
    }


# Two cards lying on a desk, seen slightly from above: the front on the left, the back on the right.
CARD_QUADS = (
    [[150.0, 260.0], [720.0, 240.0], [740.0, 620.0], [160.0, 640.0]],
    [[880.0, 240.0], [1450.0, 260.0], [1440.0, 640.0], [860.0, 620.0]],
)


def mockup_photo():
    """A product photo drawn in code, so the demo ships no binary file; same bytes every time."""
    photo = Image.new("RGB", (1600, 900), (196, 170, 138))
    draw = ImageDraw.Draw(photo)
    for y in range(0, 900, 6):  # wood grain
        shade = 186 + (y * 37 % 23)
        draw.line([(0, y), (1600, y + 18)], fill=(shade, shade - 28, shade - 62), width=3)
    shadow = Image.new("L", photo.size, 0)
    shadow_draw = ImageDraw.Draw(shadow)
    for quad in CARD_QUADS:
        shadow_draw.polygon([(x + 14, y + 18) for x, y in quad], fill=120)
    photo.paste((70, 55, 40), mask=shadow.filter(ImageFilter.GaussianBlur(14)))
    for quad in CARD_QUADS:
        draw.polygon(
            [tuple(point) for point in quad], fill=(250, 249, 246), outline=(225, 222, 215)
        )
    out = io.BytesIO()
    photo.save(out, "PNG", optimize=True)
    return out.getvalue()
