"""The price of a design: base tiers, surcharges, price lists, rounding and tax, line by line.

Pure: it works on rules already loaded (services.price_rules loads and caches them), so the
editor can ask on every edit. Amounts are Decimal minor units (cents) until the one rounding.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from monogram.errors import Invalid
from monogram.rendering.preflight import box_corners
from monogram.services.price_labels import label, money

# Surcharges counted per piece, each with a number of free ones (e.g. 20 characters included).
COUNTED = ("area", "text", "character", "image", "ink_colour")
# ISO 4217 currencies without cents; every other one has two decimals here.
NO_DECIMALS = frozenset({"JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "HUF"})
_MM2_PER_CM2 = Decimal(100)


@dataclass(frozen=True)
class AreaPricing:
    code: str
    width: float
    height: float
    bleed: float
    technique: str


@dataclass(frozen=True)
class PricedProduct:
    """A product's print areas and price rule, as loaded once and cached."""

    id: str
    areas: dict
    base_prices: list
    surcharges: dict
    # False while the merchant has set no rule: such a product cannot be quoted.
    priced: bool = True


@dataclass(frozen=True)
class StoreTerms:
    currency: str = "EUR"
    prices_include_tax: bool = True
    tax_rate: Decimal = Decimal(0)
    rounding: str = "0.01"

    @property
    def exponent(self):
        return 0 if self.currency in NO_DECIMALS else 2


@dataclass(frozen=True)
class QuoteLine:
    """One line a shopper reads; amount is per piece, in minor units."""

    kind: str
    label: str
    amount: int
    count: int | None = None


@dataclass
class Quote:
    currency: str
    quantity: int
    unit_price: int
    total: int
    tax: int
    tax_included: bool
    lines: list = field(default_factory=list)
    signed_price: str | None = None  # for a Shopify cart line; see services/signed_prices


@dataclass
class _Artwork:
    """What the surcharges count in a design document, per piece."""

    area: int = 0
    text: int = 0
    character: int = 0
    image: int = 0
    ink_colour: int = 0
    square_cm: Decimal = Decimal(0)
    techniques: Counter = field(default_factory=Counter)


def quote(product, document, quantity, variant=None, price_list=None, store=None, locale="en"):
    """The Quote of `quantity` pieces of `document` on `product` (a PricedProduct).

    price_list: anything with name, discount_percent and prices ({product id: tiers}), or None.
    """
    store = store or StoreTerms()
    say = _Sayer(locale, store)
    lines = []  # (kind, exact amount, label, count)

    tiers, list_name = _tiers(product, variant, price_list)
    if tiers:
        tier = max((t for t in tiers if t["min_quantity"] <= quantity), key=_min_quantity)
        lines.append(_base_line(say, tier, list_name))

    lines += _surcharge_lines(say, product.surcharges, measure(product, document), document)

    subtotal = sum((amount for _, amount, _, _ in lines), Decimal(0))
    percent = price_list.discount_percent if price_list is not None else None
    if percent:
        discount = -(subtotal * Decimal(percent) / 100)
        text = say(
            "discount",
            name=price_list.name,
            percent=say.number(Decimal(percent)),
            price=say.money(discount),
        )
        lines.append(("discount", discount, text, None))

    # Rounded once, here, on the unit price: each rule's share stays exact (no cent lost or
    # gained per rule), and carts charge unit price × quantity, so rounding the unit is what
    # makes our total and the platform's agree to the cent.
    exact_unit = sum((amount for _, amount, _, _ in lines), Decimal(0))
    unit_price = round_price(exact_unit, store.rounding, store.exponent)
    shown = [QuoteLine(kind, text, _cents(amount), count) for kind, amount, text, count in lines]
    leftover = unit_price - sum(line.amount for line in shown)
    if leftover:
        shown.append(QuoteLine("rounding", say("rounding", price=say.money(leftover)), leftover))
    total = unit_price * quantity
    return Quote(
        currency=store.currency,
        quantity=quantity,
        unit_price=unit_price,
        total=total,
        tax=tax_of(total, store),
        tax_included=store.prices_include_tax,
        lines=shown,
    )


def _surcharge_lines(say, charges, artwork, document):
    """(kind, exact amount per piece, label, count) for each surcharge the artwork incurs."""
    lines = []
    for kind in COUNTED:
        rule = charges.get(kind)
        if not rule:
            continue
        count = max(0, getattr(artwork, kind) - rule.get("free", 0))
        if count and rule["unit_price"]:
            price = Decimal(rule["unit_price"])
            text = say(kind, count=count, price=say.money(price), free=rule.get("free", 0))
            lines.append((kind, count * price, text, count))
    per_cm2 = charges.get("square_cm")
    if per_cm2 and artwork.square_cm:
        amount = artwork.square_cm * Decimal(per_cm2["unit_price"])
        text = say("square_cm", surface=say.number(artwork.square_cm), price=say.money(amount))
        lines.append(("square_cm", amount, text, None))
    for technique, count in sorted(artwork.techniques.items()):
        price = (charges.get("technique") or {}).get(technique)
        if price:
            price = Decimal(price)
            text = say(
                "technique", name=say.technique(technique), count=count, price=say.money(price)
            )
            lines.append(("technique", count * price, text, count))
    template_price = (charges.get("template") or {}).get(document.get("template") or "")
    if template_price:
        price = Decimal(template_price)
        lines.append(("template", price, say("template", price=say.money(price)), None))
    return lines


def quantity_range(product, quantity, variant=None, price_list=None):
    """(first, last) quantity priced at the same unit price as `quantity`: its tier's span.

    Surcharges are per piece and a price list's discount is a percentage, so only the tiers
    move the unit price with the quantity.
    """
    tiers, _ = _tiers(product, variant, price_list)
    if not tiers:
        return 1, None
    starts = sorted(tier["min_quantity"] for tier in tiers)
    first = max(start for start in starts if start <= quantity)
    later = [start for start in starts if start > quantity]
    return first, (later[0] - 1 if later else None)


def _min_quantity(tier):
    return tier["min_quantity"]


def _tiers(product, variant, price_list):
    """The tiers that apply: the price list's own for this product, else the variant's."""
    own = (price_list.prices or {}).get(product.id) if price_list is not None else None
    if own:
        return own, price_list.name
    by_variant = {entry["variant"]: entry["tiers"] for entry in product.base_prices}
    if not by_variant:
        return None, None  # surcharges only: the platform's product price is the base
    tiers = by_variant.get(variant or "") or by_variant.get("")
    if tiers is None:
        raise Invalid(
            f"This product has no price for variant {variant!r}.",
            errors=[{"path": "/variant", "message": "No base price for this variant."}],
        )
    return tiers, None


def _base_line(say, tier, list_name):
    price = Decimal(tier["unit_price"])
    minimum = tier["min_quantity"]
    key = "list_price" if list_name else "base"
    if minimum > 1:
        key += "_from"
    text = say(key, name=list_name, minimum=minimum, price=say.money(price))
    return ("base", price, text, None)


def measure(product, document):
    """Counts of one piece's artwork: used areas, texts, characters, images, inks and surface."""
    artwork = _Artwork()
    for surface in document["surfaces"]:
        area = product.areas.get(surface["area"])
        objects = surface["objects"]
        if area is None or not objects:
            continue
        artwork.area += 1
        artwork.techniques[area.technique] += 1
        inks = set()
        for obj in objects:
            kind = obj["type"]
            if kind == "text" and obj["text"].strip():
                artwork.text += 1
                # Engravers and embroiderers charge by the letter: a space costs no stroke.
                artwork.character += sum(1 for c in obj["text"] if not c.isspace())
            elif kind in ("image", "vector"):
                artwork.image += 1
            inks.update(_inks(obj))
        artwork.ink_colour += len(inks)
        artwork.square_cm += _printed_cm2(area, objects)
    return artwork


def _inks(obj):
    """The inks an object names. A photo's or logo's own colours are not read here: that needs
    the file, and quotes read no files; merchants price those with the image surcharge."""
    colours = [obj.get("color"), obj.get("fill"), obj.get("recolor")]
    if obj.get("stroke") and obj.get("stroke_width"):
        colours.append(obj["stroke"])
    for colour in colours:
        if not colour:
            continue
        if "spot" in colour:
            yield ("spot", colour["spot"])
        elif "cmyk" in colour:
            yield ("cmyk", tuple(colour["cmyk"]))
        else:
            yield ("rgb", colour["rgb"])


def _printed_cm2(area, objects):
    """The bounding box of the artwork on one area, clipped to what can print (trim + bleed)."""
    xs, ys = [], []
    for obj in objects:
        box = (obj["x"], obj["y"], obj["width"], obj["height"], obj.get("rotation", 0))
        for x, y in box_corners(box):
            xs.append(min(max(x, -area.bleed), area.width + area.bleed))
            ys.append(min(max(y, -area.bleed), area.height + area.bleed))
    # Geometry is measured in floats; a hundredth of a mm² is far below what anyone charges.
    mm2 = Decimal(repr(round((max(xs) - min(xs)) * (max(ys) - min(ys)), 2)))
    return (mm2 / _MM2_PER_CM2).quantize(Decimal("0.01"), ROUND_HALF_UP)


def round_price(amount, rounding, exponent=2):
    """Minor units rounded to the store's step: "0.05" → nearest 5 cents, "0.99" → nearest
    whole unit less one cent (12.34 → 11.99); never below one minor unit of step."""
    one = Decimal(10) ** exponent
    if rounding == "0.99":
        whole = (amount / one).quantize(Decimal(1), ROUND_HALF_UP) * one
        if whole > 1:
            return int(whole) - 1
        rounding = "0.01"
    step = max(Decimal(rounding) * one, Decimal(1))
    return int((amount / step).quantize(Decimal(1), ROUND_HALF_UP) * step)


def tax_of(total, store):
    """The tax in a total (prices with tax) or to add to it (prices without), to the cent."""
    rate = Decimal(store.tax_rate) / 100
    if not rate:
        return 0
    tax = total - total / (1 + rate) if store.prices_include_tax else total * rate
    return _cents(tax)


def _cents(amount):
    return int(Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP))


class _Sayer:
    """Labels in the shopper's language, with the store's money format."""

    def __init__(self, locale, store):
        self.locale = "fr" if (locale or "").lower().startswith("fr") else "en"
        self.store = store

    def __call__(self, key, **values):
        return label(self.locale, key, **values)

    def money(self, minor):
        return money(minor, self.store.currency, self.store.exponent, self.locale)

    def number(self, value):
        text = format(value.normalize(), "f")
        return text.replace(".", ",") if self.locale == "fr" else text

    def technique(self, name):
        return label(self.locale, f"technique:{name}")
