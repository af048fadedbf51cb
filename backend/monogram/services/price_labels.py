"""Quote lines in the shopper's words, French or English, and money as each writes it."""

from decimal import ROUND_HALF_UP, Decimal

# French sets a no-break space before ":" and "€", and a narrow one between thousands.
NBSP, NNBSP = "\u00a0", "\u202f"
# The typographic minus sign: a hyphen reads as a dash in front of a price.
MINUS = "\u2212"
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}

LABELS = {
    "en": {
        "base": "Base price: {price}",
        "base_from": "Base price, {minimum}+ pieces: {price}",
        "list_price": "{name} price: {price}",
        "list_price_from": "{name} price, {minimum}+ pieces: {price}",
        "area": "Printed areas: {count} × {price}",
        "text": "Text: {count} × {price}",
        "character": "Characters beyond {free}: {count} × {price}",
        "image": "Images: {count} × {price}",
        "ink_colour": "Ink colours: {count} × {price}",
        "square_cm": "Printed surface ({surface} cm²): {price}",
        "technique": "{name}: {count} × {price}",
        "template": "Premium template: {price}",
        "discount": "{name} ({minus}{percent}%): {price}",
        "rounding": "Rounding: {price}",
        "technique:digital_print": "Digital print",
        "technique:screen_print": "Screen print",
        "technique:engraving": "Engraving",
        "technique:laser_cut": "Laser cut",
        "technique:embroidery": "Embroidery",
        "technique:sublimation": "Sublimation",
    },
    "fr": {
        "base": "Prix de base : {price}",
        "base_from": "Prix de base, à partir de {minimum} pièces : {price}",
        "list_price": "Tarif {name} : {price}",
        "list_price_from": "Tarif {name}, à partir de {minimum} pièces : {price}",
        "area": "Zones imprimées : {count} × {price}",
        "text": "Texte : {count} × {price}",
        "character": "Caractères au-delà de {free} : {count} × {price}",
        "image": "Images : {count} × {price}",
        "ink_colour": "Couleurs d’encre : {count} × {price}",
        "square_cm": "Surface imprimée ({surface} cm²) : {price}",
        "technique": "{name} : {count} × {price}",
        "template": "Modèle premium : {price}",
        "discount": "{name} ({minus}{percent} %) : {price}",
        "rounding": "Arrondi : {price}",
        "technique:digital_print": "Impression numérique",
        "technique:screen_print": "Sérigraphie",
        "technique:engraving": "Gravure",
        "technique:laser_cut": "Découpe laser",
        "technique:embroidery": "Broderie",
        "technique:sublimation": "Sublimation",
    },
}


def label(locale, key, **values):
    text = LABELS[locale][key].format(minus=MINUS, **values)
    return text.replace(" :", NBSP + ":").replace(" %", NBSP + "%") if locale == "fr" else text


def money(minor, currency, exponent, locale):
    """ "1 234,50 €" in French, "€1,234.50" in English; a currency without a symbol by its code.

    Shown to the cent: fractions of a cent (a surface rate) are rounded half up for reading only.
    """
    minor = Decimal(minor)
    major = (minor / Decimal(10) ** exponent).quantize(Decimal(1).scaleb(-exponent), ROUND_HALF_UP)
    sign = MINUS if major < 0 else ""
    digits = f"{abs(major):,.{exponent}f}"
    symbol = SYMBOLS.get(currency)
    if locale == "fr":
        digits = digits.replace(",", NNBSP).replace(".", ",")
        return f"{sign}{digits}{NBSP}{symbol or currency}"
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency}"
