"""The demo's 3D products: a mug, a box and a sign, each with its model made in code."""

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Product
from monogram.rendering import models3d_demo
from monogram.services import models3d, products


def _area(code, name, width, height, technique="digital_print", bleed=2.0, safe=3.0):
    return {
        "id": code,
        "name": name,
        "width": width,
        "height": height,
        "bleed": bleed,
        "safe": safe,
        "technique": technique,
        "color_mode": "cmyk",
        "max_colors": None,
        "min_dpi": 150,
        "cut_contour": "none",
        "mockup": None,
    }


BOX_NAMES = {
    "front": "Front",
    "back": "Back",
    "left": "Left side",
    "right": "Right side",
    "top": "Lid",
    "bottom": "Bottom",
}


def demo_model_products():
    """(product fields without fonts and palette, GLB bytes, file name) of each 3D demo product."""
    mug, box, sign = models3d_demo.MUG, models3d_demo.BOX, models3d_demo.SIGN
    return [
        (
            {
                "name": "Mug",
                "category": "mugs",
                # The wrap is flat in the design: its width is the printable arc of the round.
                "areas": [
                    _area("wrap", "Wrap", mug.wrap_width, mug.wrap_height, "sublimation", 0.0)
                ],
            },
            models3d_demo.mug_glb(mug, "wrap"),
            "mug.glb",
        ),
        (
            {
                "name": "Gift box",
                "category": "boxes",
                "areas": [
                    _area(code, BOX_NAMES[code], width, height)
                    for code, (width, height) in box.panels().items()
                ],
            },
            models3d_demo.box_glb(box),
            "box.glb",
        ),
        (
            {
                "name": "Sign",
                "category": "signs",
                "areas": [_area("front", "Front", sign.width, sign.height, bleed=3.0, safe=5.0)],
            },
            models3d_demo.sign_glb(sign, "front"),
            "sign.glb",
        ),
    ]


def add_demo_model_products(merchant_id, font_ids=(), palette=()):
    """Create the mug, box and sign once, with their 3D models; returns their product ids."""
    ids = []
    for fields, glb, filename in demo_model_products():
        product = db.session.scalar(
            sa.select(Product).where(
                Product.merchant_id == merchant_id, Product.name == fields["name"]
            )
        )
        if product is None:
            product = products.create_product(
                merchant_id,
                {
                    **fields,
                    "proof": "none",
                    "fonts": list(font_ids),
                    "palette": list(palette),
                    "platform_refs": [],
                },
            )
        if product.model_asset_id is None:
            models3d.attach_model(merchant_id, product.id, glb, filename)
        ids.append(product.id)
    return ids
