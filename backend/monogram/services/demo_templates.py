"""The demo gallery: three business-card templates drawn as SVG, imported as a designer's are."""

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import Template
from monogram.services.templates import import_template

# 91 × 61 mm: the 85 × 55 mm card and 3 mm of bleed, in 0.1 mm user units.
_PAGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="91mm" height="61mm" viewBox="0 0 910 610">'
    "{body}</svg>"
)

_HOTEL = """
<rect width="910" height="610" fill="#f6f1e7"/>
<rect y="500" width="910" height="110" fill="#1f3a5f"/>
<rect x="60" y="480" width="790" height="4" fill="#b08d57"/>
<g transform="translate(150 190)" fill="none" stroke="#b08d57" stroke-width="8">
  <circle r="80"/><circle r="62" stroke-width="3"/>
  <path d="M -34 30 V -20 L 0 -48 L 34 -20 V 30 Z" fill="#1f3a5f" stroke="none"/>
</g>
<rect data-monogram-slot="logo" x="640" y="90" width="210" height="140" fill="#e4dccb"/>
<text data-monogram-field="name" data-monogram-max-chars="32" x="300" y="300"
      font-family="Vollkorn" font-size="48" fill="#1f3a5f">Camille Martin</text>
<text data-monogram-field="title" data-monogram-max-chars="40" x="300" y="360"
      font-family="Vollkorn" font-style="italic" font-size="32" fill="#6b5a3e">Directrice</text>
<text data-monogram-field="phone" data-monogram-max-chars="24" x="850" y="568"
      font-family="Inter" font-size="30" fill="#ffffff" text-anchor="end">+33 4 72 00 00 00</text>
"""

_RESTAURANT = """
<rect width="910" height="610" fill="#2e3338"/>
<rect x="40" y="40" width="830" height="530" fill="none" stroke="#d9c6a5" stroke-width="4"/>
<g transform="translate(170 305)" fill="#d9c6a5">
  <rect x="-52" y="-120" width="10" height="90"/><rect x="-30" y="-120" width="10" height="90"/>
  <rect x="-8" y="-120" width="10" height="90"/><rect x="-38" y="-40" width="18" height="160"/>
  <path d="M 40 -120 C 80 -100 80 -20 48 0 V 120 H 30 V -120 Z"/>
</g>
<rect data-monogram-slot="photo" x="580" y="90" width="250" height="170" fill="#4a5259"/>
<text data-monogram-field="name" data-monogram-max-chars="24" x="300" y="340"
      font-family="Bebas Neue" font-size="72" fill="#ffffff">Le Petit Zinc</text>
<text data-monogram-field="address" data-monogram-max-chars="40" x="300" y="410"
      font-family="Inter" font-size="28" fill="#d9c6a5">12 rue des Halles, Lyon</text>
<text data-monogram-field="phone" data-monogram-max-chars="24" x="300" y="470"
      font-family="Inter" font-size="28" fill="#d9c6a5">04 78 00 00 00</text>
"""

_CRAFTSMAN = """
<rect width="910" height="610" fill="#ffffff"/>
<path d="M 0 0 H 330 L 200 610 H 0 Z" fill="#a4402c"/>
<path d="M 345 0 H 375 L 245 610 H 215 Z" fill="#e3a23b"/>
<g transform="translate(120 300)" fill="#ffffff">
  <rect x="-14" y="-10" width="28" height="120" rx="6"/>
  <rect x="-55" y="-80" width="110" height="60" rx="10"/>
</g>
<rect data-monogram-slot="logo" x="680" y="70" width="170" height="170" fill="#f1e4d8"/>
<text data-monogram-field="name" data-monogram-max-chars="28" x="420" y="330"
      font-family="Inter" font-weight="bold" font-size="46" fill="#2b2b2b">Julien Moreau</text>
<text data-monogram-field="trade" data-monogram-max-chars="36" x="420" y="385"
      font-family="Inter" font-size="30" fill="#a4402c">Menuisier ébéniste</text>
<text data-monogram-field="phone" data-monogram-max-chars="24" x="420" y="520"
      font-family="Inter" font-size="30" fill="#2b2b2b">06 12 34 56 78</text>
"""

DEMO_TEMPLATES = (
    ("Hôtel — classique", {"sector": ["hotel"], "use": ["business-card"]}, ["classic"], _HOTEL),
    (
        "Restaurant — ardoise",
        {"sector": ["restaurant"], "use": ["business-card"]},
        ["dark"],
        _RESTAURANT,
    ),
    (
        "Artisan — atelier",
        {"sector": ["craftsman"], "use": ["business-card"]},
        ["bold"],
        _CRAFTSMAN,
    ),
)


def add_demo_templates(merchant_id, product_id):
    """Imports the demo templates a merchant does not have yet (by name); the caller commits."""
    existing = set(
        db.session.scalars(
            sa.select(Template.name).where(
                Template.merchant_id == merchant_id, Template.product_id == product_id
            )
        )
    )
    added = []
    for position, (name, categories, tags, body) in enumerate(DEMO_TEMPLATES):
        if name in existing:
            continue
        fields = {
            "product": product_id,
            "name": name,
            "categories": categories,
            "tags": tags,
            "status": "published",
            "position": position,
        }
        svg = _PAGE.format(body=body).encode()
        added.append(import_template(merchant_id, fields, svg, f"{name}.svg"))
    return added
