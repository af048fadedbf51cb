"""What workshop paper says, in French and English: labels, techniques and dates."""

from datetime import date, datetime

LANGUAGES = ("en", "fr")
TEXTS = {
    "en": {
        "ticket": "Job ticket",
        "order": "Order",
        "line": "Item",
        "product": "Product",
        "quantity": "Quantity",
        "due": "Ship by",
        "workshop": "Workshop",
        "areas": "Print areas",
        "no_proof": "No proof image",
        "scan": "Scan to open the job",
        "shipment": "Shipment — fill in by hand",
        "carrier": "Carrier",
        "tracking": "Tracking number",
        "shipped_on": "Date",
        "initials": "Initials",
        "continued": "continued",
        "slip": "Packing slip",
        "order_date": "Order date",
        "ship_to": "Ship to",
        "job": "Job",
        "page": "Page {number} of {total}",
        "none": "—",
    },
    "fr": {
        "ticket": "Fiche de travail",
        "order": "Commande",
        "line": "Article",
        "product": "Produit",
        "quantity": "Quantité",
        "due": "À expédier le",
        "workshop": "Atelier",
        "areas": "Zones d’impression",
        "no_proof": "Pas d’image de BAT",
        "scan": "Scanner pour ouvrir le travail",
        "shipment": "Expédition — à remplir à la main",
        "carrier": "Transporteur",
        "tracking": "N° de suivi",
        "shipped_on": "Date",
        "initials": "Visa",
        "continued": "suite",
        "slip": "Bon de livraison",
        "order_date": "Date de commande",
        "ship_to": "Livrer à",
        "job": "Travail",
        "page": "Page {number} sur {total}",
        "none": "—",
    },
}
TECHNIQUES = {
    "en": {
        "digital_print": "Digital print",
        "screen_print": "Screen print",
        "engraving": "Engraving",
        "laser_cut": "Laser cut",
        "embroidery": "Embroidery",
        "sublimation": "Sublimation",
    },
    "fr": {
        "digital_print": "Impression numérique",
        "screen_print": "Sérigraphie",
        "engraving": "Gravure",
        "laser_cut": "Découpe laser",
        "embroidery": "Broderie",
        "sublimation": "Sublimation",
    },
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}


def language(locale):
    """The language of workshop paper for a locale: French for any French one, else English."""
    return "fr" if (locale or "").lower().replace("_", "-").split("-")[0] == "fr" else "en"


def technique(code, lang):
    return TECHNIQUES[lang].get(code, code)


def day(moment, lang):
    """A date as people write it: "3 March 2025", "3 mars 2025"; None gives a dash."""
    if moment is None:
        return TEXTS[lang]["none"]
    if isinstance(moment, datetime):
        moment = moment.date()
    if not isinstance(moment, date):
        raise TypeError(f"not a date: {moment!r}")
    month = MONTHS[lang].split()[moment.month - 1]
    first = "1er" if lang == "fr" and moment.day == 1 else str(moment.day)
    return f"{first} {month} {moment.year}"
