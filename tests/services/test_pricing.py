"""The pricing engine on rules already loaded: each rule, tiers, price lists, rounding and tax."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from monogram.errors import Invalid
from monogram.services.pricing import (
    AreaPricing,
    PricedProduct,
    StoreTerms,
    quote,
    round_price,
    tax_of,
)

NBSP = "\u00a0"
BLACK = {"cmyk": [0, 0, 0, 100]}
TIERS = [
    {"min_quantity": 1, "unit_price": 1200},
    {"min_quantity": 50, "unit_price": 1000},
    {"min_quantity": 250, "unit_price": 800},
]


def product(surcharges=None, base_prices=None):
    return PricedProduct(
        id="prd_card",
        areas={
            "front": AreaPricing("front", 85, 55, 3, "digital_print"),
            "back": AreaPricing("back", 85, 55, 3, "screen_print"),
        },
        base_prices=[{"variant": "", "tiers": TIERS}] if base_prices is None else base_prices,
        surcharges=surcharges or {},
    )


def text(obj_id, words, x=10, y=12, width=60, height=10, color=BLACK, **more):
    return {
        "id": obj_id,
        "type": "text",
        "x": x,
        "y": y,
        "width": width,
        "height": height,
        "text": words,
        "color": color,
        **more,
    }


def document(front=(), back=(), template=None):
    surfaces = [{"area": "front", "objects": list(front)}]
    if back:
        surfaces.append({"area": "back", "objects": list(back)})
    return {"product": "prd_card", "template": template, "surfaces": surfaces}


def lines(result):
    return [(line.kind, line.amount, line.count) for line in result.lines]


@pytest.mark.parametrize(
    ("quantity", "unit_price"), [(1, 1200), (49, 1200), (50, 1000), (249, 1000), (250, 800)]
)
def test_the_tier_of_the_quantity_sets_the_base_price(quantity, unit_price):
    result = quote(product(), document([text("a", "Jeanne")]), quantity)
    assert (result.unit_price, result.total) == (unit_price, unit_price * quantity)
    assert lines(result) == [("base", unit_price, None)]


def test_base_labels_name_the_tier():
    assert quote(product(), document(), 49).lines[0].label == "Base price: €12.00"
    assert quote(product(), document(), 50).lines[0].label == "Base price, 50+ pieces: €10.00"
    assert (
        quote(product(), document(), 250, locale="fr").lines[0].label
        == f"Prix de base, à partir de 250 pièces{NBSP}: 8,00{NBSP}€"
    )


def test_a_variant_has_its_own_tiers_and_others_fall_back():
    rules = product(
        base_prices=[
            {"variant": "", "tiers": TIERS},
            {"variant": "gold", "tiers": [{"min_quantity": 1, "unit_price": 1500}]},
        ]
    )
    assert quote(rules, document(), 10, variant="gold").unit_price == 1500
    assert quote(rules, document(), 10, variant="silver").unit_price == 1200
    only_gold = product(base_prices=[{"variant": "gold", "tiers": TIERS}])
    with pytest.raises(Invalid) as raised:
        quote(only_gold, document(), 10, variant="silver")
    assert raised.value.errors == [
        {"path": "/variant", "message": "No base price for this variant."}
    ]


def test_without_base_prices_the_quote_is_the_personalisation_alone():
    rules = product(base_prices=[], surcharges={"text": {"unit_price": 300, "free": 0}})
    assert lines(quote(rules, document([text("a", "Jeanne")]), 5)) == [("text", 300, 1)]


def test_text_objects_are_charged_each_and_blank_ones_are_free():
    rules = product({"text": {"unit_price": 50, "free": 0}})
    doc = document([text("a", "Jeanne Dupont"), text("b", "CEO", y=30), text("c", "  \n ", y=40)])
    result = quote(rules, doc, 1)
    assert lines(result) == [("base", 1200, None), ("text", 100, 2)]
    assert result.lines[1].label == "Text: 2 × €0.50"
    assert quote(rules, doc, 1, locale="fr").lines[1].label == f"Texte{NBSP}: 2 × 0,50{NBSP}€"


def test_characters_beyond_the_free_count_are_charged_and_spaces_are_free():
    rules = product({"character": {"unit_price": 5, "free": 10}})
    # "Jeanne Dupont" is 12 letters, "C E O" 3: 15, of which 10 are free.
    doc = document([text("a", "Jeanne Dupont"), text("b", "C E O", y=30)])
    result = quote(rules, doc, 1)
    assert lines(result)[1:] == [("character", 25, 5)]
    assert result.lines[1].label == "Characters beyond 10: 5 × €0.05"
    short = document([text("a", "Jeanne")])
    assert lines(quote(rules, short, 1)) == [("base", 1200, None)]


def test_photos_and_logos_are_images():
    rules = product({"image": {"unit_price": 100, "free": 0}})
    photo = {
        "id": "p",
        "type": "image",
        "x": 0,
        "y": 0,
        "width": 20,
        "height": 20,
        "asset": "ast_1",
    }
    logo = {**photo, "id": "l", "type": "vector"}
    assert lines(quote(rules, document([photo], [logo]), 1))[1:] == [("image", 200, 2)]


def test_used_areas_beyond_the_free_ones_are_charged():
    rules = product({"area": {"unit_price": 200, "free": 1}})
    one = document([text("a", "Recto")])
    both = document([text("a", "Recto")], [text("b", "Verso")])
    assert lines(quote(rules, one, 1)) == [("base", 1200, None)]
    assert lines(quote(rules, both, 1))[1:] == [("area", 200, 1)]
    # A surface left empty prints nothing, so it is not a used area.
    empty_back = {**one, "surfaces": [*one["surfaces"], {"area": "back", "objects": []}]}
    assert lines(quote(rules, empty_back, 1)) == [("base", 1200, None)]


def test_distinct_inks_are_counted_per_area():
    rules = product({"ink_colour": {"unit_price": 30, "free": 1}})
    navy = {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}
    band = {
        "id": "band",
        "type": "shape",
        "shape": "rect",
        "x": 0,
        "y": 45,
        "width": 85,
        "height": 10,
        "fill": navy,
        "stroke": BLACK,
        "stroke_width": 0,  # no outline is drawn, so its colour is no ink
    }
    front = [text("a", "Jeanne"), text("b", "Dupont", y=30), band]  # black + navy
    back = [text("c", "Verso", color={"rgb": "#ff0000"})]  # red
    assert lines(quote(rules, document(front, back), 1))[1:] == [("ink_colour", 60, 2)]


def test_the_printed_surface_is_the_artworks_bounding_box_clipped_to_the_bleed():
    rules = product({"square_cm": {"unit_price": "0.5"}})
    # 10..70 × 12..40 mm: 16.8 cm², 8.4 cents a piece.
    doc = document([text("a", "Jeanne"), text("b", "Dupont", y=30)])
    result = quote(rules, doc, 10)
    assert lines(result) == [("base", 1200, None), ("square_cm", 8, None)]
    assert result.lines[1].label == "Printed surface (16.8 cm²): €0.08"
    assert result.unit_price == 1208
    # Turned a quarter: 35..45 × -13..47, and the bleed stops it at -3 mm: 10 × 50 mm = 5 cm².
    turned = document([text("a", "Jeanne", x=10, y=12, width=60, height=10, rotation=90)])
    assert lines(quote(rules, turned, 1))[1:] == [("square_cm", 3, None)]  # 2.5 → 3 cents


def test_techniques_are_charged_per_area_printed_with_them():
    rules = product({"technique": {"screen_print": 150, "embroidery": 900}})
    result = quote(rules, document([text("a", "Recto")], [text("b", "Verso")]), 1)
    assert lines(result)[1:] == [("technique", 150, 1)]
    assert result.lines[1].label == "Screen print: 1 × €1.50"
    assert (
        quote(rules, document([text("a", "Recto")], [text("b", "Verso")]), 1, locale="fr")
        .lines[1]
        .label
        == f"Sérigraphie{NBSP}: 1 × 1,50{NBSP}€"
    )


def test_premium_templates_are_charged_and_others_are_not():
    rules = product({"template": {"tpl_premium": 300}})
    assert lines(quote(rules, document(template="tpl_premium"), 1))[1:] == [("template", 300, None)]
    assert lines(quote(rules, document(template="tpl_plain"), 1)) == [("base", 1200, None)]


def price_list(name="Or", discount_percent=None, prices=None):
    return SimpleNamespace(name=name, discount_percent=discount_percent, prices=prices or {})


def test_a_discount_list_takes_its_percent_off_base_and_surcharges():
    rules = product({"text": {"unit_price": 100, "free": 0}})
    result = quote(rules, document([text("a", "Jeanne")]), 1, price_list=price_list("Or", "10"))
    assert lines(result) == [("base", 1200, None), ("text", 100, 1), ("discount", -130, None)]
    assert result.unit_price == 1170
    assert result.lines[2].label == "Or (\u221210%): \u2212€1.30"
    fr = quote(
        rules, document([text("a", "Jeanne")]), 1, price_list=price_list("Or", "10"), locale="fr"
    )
    assert fr.lines[2].label == f"Or (\u221210{NBSP}%){NBSP}: \u22121,30{NBSP}€"


def test_a_list_with_its_own_tiers_replaces_the_base_price():
    own = [{"min_quantity": 1, "unit_price": 900}, {"min_quantity": 50, "unit_price": 700}]
    reseller = price_list("Revendeurs", prices={"prd_card": own, "prd_other": [TIERS[0]]})
    assert quote(product(), document(), 49, price_list=reseller).unit_price == 900
    result = quote(product(), document(), 50, price_list=reseller)
    assert (result.unit_price, result.lines[0].label) == (
        700,
        "Revendeurs price, 50+ pieces: €7.00",
    )
    # A list without prices for this product leaves the product's own.
    other = price_list("Autre", prices={"prd_other": own})
    assert quote(product(), document(), 50, price_list=other).unit_price == 1000


def test_rounding_happens_once_on_the_unit_price_and_shows_as_a_line():
    rules = product({"square_cm": {"unit_price": "0.5"}})
    doc = document([text("a", "Jeanne"), text("b", "Dupont", y=30)])  # 1208.4 cents exact
    swiss = StoreTerms(currency="CHF", rounding="0.05")
    result = quote(rules, doc, 3, store=swiss)
    assert (result.unit_price, result.total, result.currency) == (1210, 3630, "CHF")
    assert lines(result)[-1] == ("rounding", 2, None)
    assert result.lines[-1].label == "Rounding: 0.02 CHF"
    assert sum(line.amount for line in result.lines) == result.unit_price


@pytest.mark.parametrize(
    ("exact", "rounding", "rounded"),
    [
        (Decimal("1234.4"), "0.01", 1234),
        (Decimal("1234.5"), "0.01", 1235),
        (Decimal("1232.4"), "0.05", 1230),
        (Decimal("1232.5"), "0.05", 1235),
        (Decimal("1234"), "0.10", 1230),
        (Decimal("1225"), "0.50", 1250),
        (Decimal("1249"), "1", 1200),
        (Decimal("1234"), "0.99", 1199),
        (Decimal("1260"), "0.99", 1299),
        (Decimal("30"), "0.99", 30),  # under half a unit: to the cent, never 0 or below
    ],
)
def test_rounding_rules(exact, rounding, rounded):
    assert round_price(exact, rounding) == rounded


def test_currencies_without_cents_round_to_whole_units():
    assert round_price(Decimal("1234.6"), "0.05", exponent=0) == 1235
    yen = quote(product(), document(), 1, store=StoreTerms(currency="JPY"))
    assert yen.lines[0].label == "Base price: 1,200 JPY"


def test_tax_included_is_taken_out_of_the_total_and_tax_excluded_added():
    inclusive = StoreTerms(prices_include_tax=True, tax_rate=Decimal("20"), rounding="0.05")
    result = quote(product(), document(), 3, store=inclusive)
    # 36.00 with 20 % tax in it: 30.00 net, 6.00 tax.
    assert (result.total, result.tax, result.tax_included) == (3600, 600, True)
    exclusive = StoreTerms(prices_include_tax=False, tax_rate=Decimal("5.5"))
    result = quote(product(), document(), 3, store=exclusive)
    assert (result.total, result.tax, result.tax_included) == (3600, 198, False)
    assert tax_of(1999, inclusive) == 333  # 19.99 - 19.99 / 1.2 = 3.3317
    assert tax_of(1000, StoreTerms()) == 0


def test_french_money_groups_thousands():
    big = product(
        base_prices=[{"variant": "", "tiers": [{"min_quantity": 1, "unit_price": 123456}]}]
    )
    assert (
        quote(big, document(), 1, locale="fr-FR").lines[0].label
        == f"Prix de base{NBSP}: 1\u202f234,56{NBSP}€"
    )
    assert quote(big, document(), 1, locale="en").lines[0].label == "Base price: €1,234.56"
