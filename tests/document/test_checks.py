"""Designs checked against their product and the merchant's catalogue; validate_document."""

import pytest

from monogram.document import DesignDocumentSchema, ProductFacts, validate_document
from monogram.document.checks import AreaFacts, check_document
from monogram.errors import Invalid

PRODUCT = "prd_3k9f0q7x2m5b8n1c4v6z0a2sd"
TEMPLATE = "tpl_8m2c5x0v7b4n1q9w3e6r0t2yu"
SERIF = "fnt_0p4l7k1j9h2g6f3d8s5a0z1xc"
SANS = "fnt_7y3t9r1e5w0q2u8i4o6p1l3kj"
SCRIPT = "fnt_2m6n0b4v8c1x5z9a3s7d0f2gh"
PHOTO = "ast_5t1r8e2w6q0y3u7i9o4p1a2sd"
LOGO = "ast_9z3x6c0v2b7n5m1l4k8j0h6gf"
FONT_FILE = "ast_1q2w3e4r5t6y7u8i9o0p1a2sd"
MISSING = "ast_0000000000000000000000000"


class Catalogue:
    """The merchant's assets, fonts and templates, in memory."""

    def __init__(self):
        self.assets = {PHOTO: "raster", LOGO: "vector", FONT_FILE: "font"}
        self.fonts = {SERIF, SANS, SCRIPT}
        self.templates = {TEMPLATE}

    def asset_kind(self, asset_id):
        return self.assets.get(asset_id)

    def font_exists(self, font_id):
        return font_id in self.fonts

    def template_exists(self, template_id):
        return template_id in self.templates


CARD = ProductFacts(
    id=PRODUCT,
    areas={"front": AreaFacts(85, 55, 3, 3), "back": AreaFacts(85, 55, 3, 3)},
    fonts=frozenset({SERIF, SANS}),
)


def text(**changes):
    return {
        "id": "name", "type": "text", "x": 10, "y": 12, "width": 60, "height": 10,
        "text": "Jeanne Dupont", "font": SERIF, "size": 14, "color": {"cmyk": [0, 0, 0, 100]},
        **changes,
    }  # fmt: skip


def image(**changes):
    return {"id": "photo", "type": "image", "x": 0, "y": 0, "width": 85, "height": 55,
            "asset": PHOTO, **changes}  # fmt: skip


def vector(**changes):
    return {"id": "logo", "type": "vector", "x": 65, "y": 5, "width": 15, "height": 15,
            "asset": LOGO, **changes}  # fmt: skip


def design(*objects, area="front", **top):
    raw = {
        "format": "monogram.design/1",
        "product": PRODUCT,
        "surfaces": [{"area": area, "objects": list(objects)}],
        **top,
    }
    return DesignDocumentSchema().load(raw)


def check(document, product=CARD):
    return check_document(document, product, Catalogue())


def only_fault(document, product=CARD):
    found = check(document, product)
    assert len(found) == 1, found
    return found[0]


def test_a_design_that_fits_its_product_has_no_faults():
    document = design(image(), vector(), text(max_chars=13), template=TEMPLATE)
    assert check(document) == []


def test_the_product_must_be_the_one_checked_against():
    other = ProductFacts(id="prd_other", areas=CARD.areas, fonts=CARD.fonts)
    fault = only_fault(design(text()), other)
    assert fault["path"] == "/product" and "prd_other" in fault["message"]


def test_every_surface_is_an_area_of_the_product():
    document = design(text())
    document["surfaces"].append({"area": "inside", "objects": []})
    fault = only_fault(document)
    assert fault["path"] == "/surfaces/1/area"
    assert '"inside"' in fault["message"] and "use one of: front, back" in fault["message"]


def test_an_image_cannot_place_vector_artwork():
    fault = only_fault(design(text(), image(asset=LOGO)))
    assert fault["path"] == "/surfaces/0/objects/1/asset"
    assert 'type "vector"' in fault["message"]


def test_a_vector_object_cannot_place_a_photo():
    fault = only_fault(design(vector(asset=PHOTO)))
    assert fault["path"] == "/surfaces/0/objects/0/asset" and 'type "image"' in fault["message"]


def test_a_font_file_is_not_an_image():
    fault = only_fault(design(image(asset=FONT_FILE)))
    assert fault["path"] == "/surfaces/0/objects/0/asset" and "font file" in fault["message"]


@pytest.mark.parametrize("make", [image, vector])
def test_an_asset_the_merchant_does_not_have_is_missing(make):
    fault = only_fault(design(make(asset=MISSING)))
    assert fault["path"] == "/surfaces/0/objects/0/asset"
    assert MISSING in fault["message"] and "does not exist" in fault["message"]


def test_a_font_the_merchant_does_not_have_is_missing():
    fault = only_fault(design(text(font="fnt_unknown0000000000000000")))
    assert fault["path"] == "/surfaces/0/objects/0/font" and "does not exist" in fault["message"]


def test_a_font_the_product_does_not_offer_is_refused():
    fault = only_fault(design(text(font=SCRIPT)))
    assert fault["path"] == "/surfaces/0/objects/0/font"
    assert "not offered" in fault["message"] and f"use one of: {SERIF}, {SANS}" in fault["message"]


def test_a_product_without_a_font_list_takes_any_of_the_merchants_fonts():
    open_product = ProductFacts(id=PRODUCT, areas=CARD.areas, fonts=frozenset())
    assert check(design(text(font=SCRIPT)), open_product) == []


def test_max_chars_is_enforced_with_both_numbers_in_the_message():
    fault = only_fault(design(text(max_chars=5)))
    assert fault["path"] == "/surfaces/0/objects/0/text"
    assert "13 characters" in fault["message"] and "at most 5" in fault["message"]


def test_max_chars_does_not_count_line_breaks_and_counts_an_accent_once():
    assert check(design(text(text="Jeanne\nDupont", max_chars=12))) == []
    assert check(design(text(text="Re\u0301my", max_chars=4))) == []  # é typed as e + accent
    assert only_fault(design(text(text="Jeanne\nDupont", max_chars=11)))["path"].endswith("/text")


@pytest.mark.parametrize(
    ("x", "y"),
    [(88, 12), (-63, 12), (10, 58), (10, -13)],
    ids=["right", "left", "below", "above"],
)
def test_an_object_wholly_outside_the_bleed_box_can_never_print(x, y):
    # The text box is 60 × 10 mm; each case puts an edge exactly on the bleed line.
    fault = only_fault(design(text(x=x, y=y)))
    assert fault["path"] == "/surfaces/0/objects/0"
    assert "wholly outside" in fault["message"] and "85 × 55 mm with 3 mm bleed" in fault["message"]


@pytest.mark.parametrize(("x", "y"), [(87.9, 12), (-62.9, 12), (10, 57.9), (10, -12.9)])
def test_an_object_partly_in_the_bleed_is_accepted(x, y):
    assert check(design(text(x=x, y=y))) == []


def test_a_rotated_object_is_judged_by_where_it_lands():
    # A 2 × 30 mm bar left of the bleed; turned a quarter it spans 30 mm across the left edge.
    bar = {"x": -10, "y": 20, "width": 2, "height": 30}
    assert only_fault(design(vector(**bar)))["path"] == "/surfaces/0/objects/0"
    assert check(design(vector(**bar, rotation=90))) == []


def test_a_template_that_does_not_exist_is_refused():
    fault = only_fault(design(text(), template="tpl_gone000000000000000000000"))
    assert fault["path"] == "/template" and "does not exist" in fault["message"]


def test_all_faults_are_reported_at_once():
    document = design(text(font=SCRIPT, max_chars=5), image(asset=LOGO, x=200))
    assert [fault["path"] for fault in check(document)] == [
        "/surfaces/0/objects/0/font",
        "/surfaces/0/objects/0/text",
        "/surfaces/0/objects/1/asset",
        "/surfaces/0/objects/1",
    ]


def lookup(product_id):
    return CARD if product_id == PRODUCT else None


def raw_design(**top):
    return {
        "format": "monogram.design/1",
        "product": PRODUCT,
        "surfaces": [{"area": "front", "objects": [text()]}],
        **top,
    }


def test_validate_document_returns_the_normalised_document():
    document = validate_document(raw_design(), lookup, Catalogue())
    assert document["template"] is None
    obj = document["surfaces"][0]["objects"][0]
    assert (obj["align"], obj["fit"], obj["rotation"], obj["opacity"]) == ("left", "none", 0, 1)


def test_validate_document_reports_format_faults_as_pointers():
    raw = raw_design()
    raw["surfaces"][0]["objects"][0]["colour"] = "red"
    with pytest.raises(Invalid) as caught:
        validate_document(raw, lookup, Catalogue())
    assert caught.value.status == 422
    assert caught.value.message == "The design document is not valid."
    unknown = {"path": "/surfaces/0/objects/0/colour", "message": "Unknown field."}
    assert caught.value.errors == [unknown]


def test_validate_document_refuses_an_unknown_product():
    with pytest.raises(Invalid) as caught:
        validate_document(raw_design(product="prd_unknown"), lookup, Catalogue())
    [error] = caught.value.errors
    assert error["path"] == "/product" and "Unknown product prd_unknown" in error["message"]


def test_validate_document_reports_the_product_checks():
    raw = raw_design()
    raw["surfaces"][0]["objects"][0]["max_chars"] = 5
    raw["surfaces"].append({"area": "inside", "objects": []})
    with pytest.raises(Invalid) as caught:
        validate_document(raw, lookup, Catalogue())
    assert [error["path"] for error in caught.value.errors] == [
        "/surfaces/0/objects/0/text",
        "/surfaces/1/area",
    ]
