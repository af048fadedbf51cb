"""The starter clipart every account may begin with: pictograms, labels and seasonal shapes,
drawn here as plain SVG (shapes only, no text, no fonts) so they are ours to give away."""

import math
from dataclasses import dataclass

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import MediaCollection
from monogram.services import media
from monogram.services.assets import store_upload

LICENCE = (
    "Original drawings shipped with Monogram's starter library. They may be printed, changed "
    "and sold on any product personalised with Monogram, with no credit required."
)

# Safety colours close to ISO 7010's, kept to a few flat inks.
RED = "#c8102e"
YELLOW = "#ffd100"
GREEN = "#00843d"
BLUE = "#005eb8"
BLACK = "#1d1d1b"
WHITE = "#ffffff"
GOLD = "#c99a2e"
ORANGE = "#e87722"
BROWN = "#7a4a24"
PINK = "#e0457b"
PINE = "#1f6b3a"
SKY = "#4aa3df"


@dataclass(frozen=True)
class Clipart:
    slug: str
    names: dict  # {"en": …, "fr": …}
    tags: tuple  # English and French, so a shopper finds it in either
    body: str  # SVG markup inside a 100 × 100 viewBox


@dataclass(frozen=True)
class StarterCollection:
    names: dict
    category: str
    position: int
    pieces: tuple


def svg(body, width_mm=30, height_mm=30):
    """A standalone SVG of `body`, drawn in a 100 × 100 box, printed `width_mm` × `height_mm`."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width_mm}mm" height="{height_mm}mm" viewBox="0 0 100 100">{body}</svg>'
    ).encode()


def _points(pairs):
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in pairs)


def _star(cx, cy, outer, inner, tips, turn=-90.0):
    """Points of a star (or a rosette with many shallow tips) around (cx, cy)."""
    pairs = []
    for index in range(tips * 2):
        radius = outer if index % 2 == 0 else inner
        angle = math.radians(turn + index * 180.0 / tips)
        pairs.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return _points(pairs)


def _rays(cx, cy, start, end, count, width, colour):
    lines = []
    for index in range(count):
        angle = 2 * math.pi * index / count
        x1, y1 = cx + start * math.cos(angle), cy + start * math.sin(angle)
        x2, y2 = cx + end * math.cos(angle), cy + end * math.sin(angle)
        lines.append(
            f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
            f'stroke="{colour}" stroke-width="{width}" stroke-linecap="round"/>'
        )
    return "".join(lines)


def _snowflake_arm():
    return (
        '<line x1="50" y1="50" x2="50" y2="10"/>'
        '<polyline points="40,20 50,28 60,20" fill="none"/>'
        '<polyline points="42,32 50,38 58,32" fill="none"/>'
    )


def _prohibition(inside):
    """The red ring and bar of a prohibition sign over a black pictogram."""
    return (
        f'<circle cx="50" cy="50" r="44" fill="{WHITE}"/>{inside}'
        f'<circle cx="50" cy="50" r="40" fill="none" stroke="{RED}" stroke-width="9"/>'
        f'<line x1="22" y1="22" x2="78" y2="78" stroke="{RED}" stroke-width="9"/>'
    )


def _warning(inside):
    """The yellow triangle of a warning sign around a black pictogram."""
    return (
        f'<polygon points="50,6 95,88 5,88" fill="{YELLOW}" stroke="{BLACK}" '
        f'stroke-width="6" stroke-linejoin="round"/>{inside}'
    )


PICTOGRAMS = (
    Clipart(
        "warning",
        {"en": "Warning", "fr": "Attention"},
        ("warning", "danger", "safety", "attention", "sécurité"),
        _warning(
            f'<rect x="45" y="32" width="10" height="32" rx="4" fill="{BLACK}"/>'
            f'<circle cx="50" cy="75" r="5.5" fill="{BLACK}"/>'
        ),
    ),
    Clipart(
        "electric-hazard",
        {"en": "Electrical hazard", "fr": "Danger électrique"},
        ("electricity", "voltage", "danger", "safety", "électricité", "sécurité"),
        _warning(f'<polygon points="56,28 38,60 50,60 44,80 64,50 52,50 60,28" fill="{BLACK}"/>'),
    ),
    Clipart(
        "no-entry",
        {"en": "No entry", "fr": "Accès interdit"},
        ("no entry", "forbidden", "prohibition", "interdit", "accès"),
        f'<circle cx="50" cy="50" r="45" fill="{RED}"/>'
        f'<rect x="20" y="42" width="60" height="16" rx="2" fill="{WHITE}"/>',
    ),
    Clipart(
        "no-smoking",
        {"en": "No smoking", "fr": "Interdit de fumer"},
        ("no smoking", "cigarette", "prohibition", "interdit", "fumer", "tabac"),
        _prohibition(
            f'<rect x="22" y="52" width="46" height="9" fill="{BLACK}"/>'
            f'<rect x="70" y="52" width="8" height="9" fill="{BLACK}"/>'
            f'<path d="M70 46 C70 38 78 38 76 30" fill="none" stroke="{BLACK}" stroke-width="3"/>'
        ),
    ),
    Clipart(
        "first-aid",
        {"en": "First aid", "fr": "Premiers secours"},
        ("first aid", "health", "safety", "secours", "santé", "sécurité"),
        f'<rect x="5" y="5" width="90" height="90" rx="6" fill="{GREEN}"/>'
        f'<path d="M40 20 H60 V40 H80 V60 H60 V80 H40 V60 H20 V40 H40 Z" fill="{WHITE}"/>',
    ),
    Clipart(
        "exit-arrow",
        {"en": "Exit this way", "fr": "Sortie par ici"},
        ("exit", "arrow", "emergency", "sortie", "flèche", "secours"),
        f'<rect x="5" y="5" width="90" height="90" rx="6" fill="{GREEN}"/>'
        f'<polygon points="18,42 52,42 52,24 84,50 52,76 52,58 18,58" fill="{WHITE}"/>',
    ),
    Clipart(
        "information",
        {"en": "Information", "fr": "Information"},
        ("information", "info", "help", "aide", "accueil"),
        f'<circle cx="50" cy="50" r="45" fill="{BLUE}"/>'
        f'<circle cx="50" cy="27" r="7" fill="{WHITE}"/>'
        f'<path d="M40 40 H56 V72 H62 V80 H38 V72 H44 V48 H40 Z" fill="{WHITE}"/>',
    ),
    Clipart(
        "wifi",
        {"en": "Wi-Fi", "fr": "Wi-Fi"},
        ("wifi", "wi-fi", "internet", "network", "réseau"),
        f'<g fill="none" stroke="{BLUE}" stroke-width="9" stroke-linecap="round">'
        '<path d="M12 40 A54 54 0 0 1 88 40"/>'
        '<path d="M25 54 A36 36 0 0 1 75 54"/>'
        '<path d="M38 68 A18 18 0 0 1 62 68"/></g>'
        f'<circle cx="50" cy="80" r="7" fill="{BLUE}"/>',
    ),
)

LABELS = (
    Clipart(
        "label-rounded",
        {"en": "Rounded label", "fr": "Étiquette arrondie"},
        ("label", "frame", "border", "étiquette", "cadre", "bordure"),
        f'<rect x="4" y="24" width="92" height="52" rx="12" fill="{WHITE}" stroke="{BLACK}" '
        'stroke-width="3"/>'
        f'<rect x="10" y="30" width="80" height="40" rx="8" fill="none" stroke="{BLACK}" '
        'stroke-width="1.5"/>',
    ),
    Clipart(
        "ribbon-banner",
        {"en": "Ribbon banner", "fr": "Banderole"},
        ("ribbon", "banner", "title", "ruban", "banderole", "titre"),
        f'<polygon points="2,42 18,42 18,70 10,62 2,70" fill="{BROWN}"/>'
        f'<polygon points="98,42 82,42 82,70 90,62 98,70" fill="{BROWN}"/>'
        f'<rect x="12" y="32" width="76" height="30" fill="{RED}"/>'
        f'<polygon points="12,62 18,62 18,70" fill="{BLACK}"/>'
        f'<polygon points="88,62 82,62 82,70" fill="{BLACK}"/>',
    ),
    Clipart(
        "badge-circle",
        {"en": "Round badge", "fr": "Badge rond"},
        ("badge", "round", "stamp", "macaron", "rond", "tampon"),
        f'<circle cx="50" cy="50" r="46" fill="{BLUE}"/>'
        f'<circle cx="50" cy="50" r="38" fill="none" stroke="{WHITE}" stroke-width="2" '
        'stroke-dasharray="4 3"/>'
        f'<circle cx="50" cy="50" r="30" fill="{WHITE}"/>',
    ),
    Clipart(
        "oval-frame",
        {"en": "Oval frame", "fr": "Cadre ovale"},
        ("frame", "oval", "portrait", "cadre", "ovale"),
        f'<ellipse cx="50" cy="50" rx="36" ry="46" fill="none" stroke="{GOLD}" stroke-width="6"/>'
        f'<ellipse cx="50" cy="50" rx="29" ry="39" fill="none" stroke="{GOLD}" '
        'stroke-width="1.5"/>',
    ),
    Clipart(
        "gift-tag",
        {"en": "Gift tag", "fr": "Étiquette cadeau"},
        ("tag", "gift", "label", "étiquette", "cadeau"),
        f'<path d="M30 20 H92 V80 H30 L6 50 Z" fill="{WHITE}" stroke="{BLACK}" stroke-width="3" '
        'stroke-linejoin="round"/>'
        f'<circle cx="24" cy="50" r="5" fill="none" stroke="{BLACK}" stroke-width="3"/>',
    ),
    Clipart(
        "seal-rosette",
        {"en": "Seal", "fr": "Sceau"},
        ("seal", "rosette", "quality", "award", "sceau", "qualité", "médaille"),
        f'<polygon points="{_star(50, 50, 47, 40, 24)}" fill="{GOLD}"/>'
        f'<circle cx="50" cy="50" r="33" fill="none" stroke="{WHITE}" stroke-width="2.5"/>',
    ),
    Clipart(
        "frame-notched",
        {"en": "Notched frame", "fr": "Cadre à coins"},
        ("frame", "border", "classic", "cadre", "bordure", "classique"),
        f'<path d="M14 4 H86 A10 10 0 0 0 96 14 V86 A10 10 0 0 0 86 96 H14 A10 10 0 0 0 4 86 '
        f'V14 A10 10 0 0 0 14 4 Z" fill="none" stroke="{BLACK}" stroke-width="3"/>'
        f'<rect x="14" y="14" width="72" height="72" fill="none" stroke="{BLACK}" '
        'stroke-width="1"/>',
    ),
    Clipart(
        "speech-bubble",
        {"en": "Speech bubble", "fr": "Bulle"},
        ("speech", "bubble", "comic", "bulle", "parole", "bd"),
        f'<path d="M20 10 H80 A14 14 0 0 1 94 24 V58 A14 14 0 0 1 80 72 H42 L22 92 L26 72 H20 '
        f'A14 14 0 0 1 6 58 V24 A14 14 0 0 1 20 10 Z" fill="{WHITE}" stroke="{BLACK}" '
        'stroke-width="3" stroke-linejoin="round"/>',
    ),
)

SEASONAL = (
    Clipart(
        "heart",
        {"en": "Heart", "fr": "Cœur"},
        ("heart", "love", "valentine", "cœur", "coeur", "amour", "saint-valentin"),
        f'<path d="M50 88 C20 66 6 50 6 32 C6 18 17 8 30 8 C40 8 46 14 50 22 C54 14 60 8 70 8 '
        f'C83 8 94 18 94 32 C94 50 80 66 50 88 Z" fill="{RED}"/>',
    ),
    Clipart(
        "snowflake",
        {"en": "Snowflake", "fr": "Flocon"},
        ("snowflake", "winter", "snow", "christmas", "flocon", "hiver", "neige", "noël"),
        f'<g stroke="{SKY}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round">'
        + "".join(
            f'<g transform="rotate({angle} 50 50)">{_snowflake_arm()}</g>'
            for angle in range(0, 360, 60)
        )
        + "</g>",
    ),
    Clipart(
        "christmas-tree",
        {"en": "Christmas tree", "fr": "Sapin de Noël"},
        ("christmas", "tree", "winter", "noël", "sapin", "hiver"),
        f'<rect x="44" y="80" width="12" height="14" fill="{BROWN}"/>'
        f'<polygon points="50,16 74,48 62,48 84,80 16,80 38,48 26,48" fill="{PINE}"/>'
        f'<polygon points="{_star(50, 14, 10, 4, 5)}" fill="{GOLD}"/>'
        f'<circle cx="40" cy="66" r="3.5" fill="{RED}"/>'
        f'<circle cx="60" cy="58" r="3.5" fill="{GOLD}"/>'
        f'<circle cx="56" cy="72" r="3.5" fill="{RED}"/>',
    ),
    Clipart(
        "pumpkin",
        {"en": "Pumpkin", "fr": "Citrouille"},
        ("pumpkin", "halloween", "autumn", "citrouille", "automne"),
        f'<path d="M48 24 C48 16 52 10 58 8" fill="none" stroke="{PINE}" stroke-width="6" '
        'stroke-linecap="round"/>'
        f'<ellipse cx="30" cy="58" rx="24" ry="32" fill="{ORANGE}"/>'
        f'<ellipse cx="70" cy="58" rx="24" ry="32" fill="{ORANGE}"/>'
        f'<ellipse cx="50" cy="58" rx="22" ry="34" fill="{ORANGE}" stroke="{BROWN}" '
        'stroke-width="2"/>',
    ),
    Clipart(
        "easter-egg",
        {"en": "Easter egg", "fr": "Œuf de Pâques"},
        ("easter", "egg", "spring", "pâques", "œuf", "oeuf", "printemps"),
        f'<path d="M50 6 C74 6 88 44 88 62 C88 82 72 94 50 94 C28 94 12 82 12 62 '
        f'C12 44 26 6 50 6 Z" fill="{SKY}"/>'
        f'<polyline points="{_points((12 + 8 * i, 52 if i % 2 == 0 else 44) for i in range(10))}" '
        f'fill="none" stroke="{WHITE}" stroke-width="4" stroke-linejoin="round"/>'
        f'<polyline points="{_points((12 + 8 * i, 72 if i % 2 == 0 else 64) for i in range(10))}" '
        f'fill="none" stroke="{PINK}" stroke-width="4" stroke-linejoin="round"/>',
    ),
    Clipart(
        "sun",
        {"en": "Sun", "fr": "Soleil"},
        ("sun", "summer", "holidays", "soleil", "été", "vacances"),
        _rays(50, 50, 32, 45, 12, 6, ORANGE) + f'<circle cx="50" cy="50" r="24" fill="{YELLOW}"/>',
    ),
    Clipart(
        "leaf",
        {"en": "Autumn leaf", "fr": "Feuille d’automne"},
        ("leaf", "autumn", "nature", "feuille", "automne"),
        f'<path d="M24 78 L8 94" stroke="{BROWN}" stroke-width="5" stroke-linecap="round"/>'
        f'<path d="M24 78 C12 42 40 12 90 10 C90 58 62 88 24 78 Z" fill="{ORANGE}"/>'
        f'<path d="M24 78 L78 22 M44 58 L44 34 M44 58 L68 60 M60 42 L60 24 M60 42 L80 42" '
        f'stroke="{BROWN}" stroke-width="2.5" stroke-linecap="round" fill="none"/>',
    ),
    Clipart(
        "gift",
        {"en": "Gift box", "fr": "Paquet cadeau"},
        ("gift", "present", "birthday", "christmas", "cadeau", "anniversaire", "noël"),
        f'<rect x="12" y="40" width="76" height="54" fill="{RED}"/>'
        f'<rect x="6" y="28" width="88" height="16" fill="{RED}"/>'
        f'<rect x="44" y="28" width="12" height="66" fill="{GOLD}"/>'
        f'<path d="M50 28 C40 6 20 12 30 26 Z M50 28 C60 6 80 12 70 26 Z" fill="{GOLD}"/>',
    ),
)

STARTER = (
    StarterCollection({"en": "Pictograms", "fr": "Pictogrammes"}, "pictograms", 0, PICTOGRAMS),
    StarterCollection(
        {"en": "Labels and frames", "fr": "Étiquettes et cadres"}, "labels", 1, LABELS
    ),
    StarterCollection({"en": "Seasonal", "fr": "Saisons et fêtes"}, "seasonal", 2, SEASONAL),
)


def add_starter_collection(merchant_id, locale="en"):
    """Gives an account the starter clipart: three collections (pictograms, labels, seasonal),
    named in `locale` (en or fr). Idempotent: a collection already there is left as it is.
    The caller commits."""
    language = "fr" if locale == "fr" else "en"
    collections = []
    for starter in STARTER:
        name = starter.names[language]
        existing = db.session.scalar(
            sa.select(MediaCollection).where(
                MediaCollection.merchant_id == merchant_id, MediaCollection.name == name
            )
        )
        if existing is not None:
            collections.append(existing)
            continue
        collection = media.create_collection(
            merchant_id,
            {
                "name": name,
                "category": starter.category,
                "licence": LICENCE,
                "position": starter.position,
            },
        )
        for piece in starter.pieces:
            asset, _ = store_upload(
                merchant_id, svg(piece.body), f"{piece.slug}.svg", frozenset({"vector"})
            )
            media.add_item(
                merchant_id,
                collection.id,
                {"asset": asset.id, "name": piece.names[language], "tags": list(piece.tags)},
            )
        collections.append(collection)
    return media.with_stores(collections)
