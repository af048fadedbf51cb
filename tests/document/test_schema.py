"""The monogram.design/1 schema: what it accepts, the defaults it writes, where faults are."""

import json

import pytest
from marshmallow import ValidationError, fields

from monogram.document import FORMAT, DesignDocumentSchema
from monogram.document.pointers import messages_to_pointers
from monogram.document.schema import OBJECT_SCHEMAS

PRODUCT = "prd_3k9f0q7x2m5b8n1c4v6z0a2sd"
TEMPLATE = "tpl_8m2c5x0v7b4n1q9w3e6r0t2yu"
FONT = "fnt_0p4l7k1j9h2g6f3d8s5a0z1xc"
PHOTO = "ast_5t1r8e2w6q0y3u7i9o4p1a2sd"
LOGO = "ast_9z3x6c0v2b7n5m1l4k8j0h6gf"

TEXT = "/surfaces/0/objects/0"
IMAGE = "/surfaces/0/objects/1"
SHAPE = "/surfaces/0/objects/3"
CODE = "/surfaces/0/objects/4"


def example():
    """The example of DESIGN.md §3, with ids such as the service makes."""
    return {
        "format": "monogram.design/1",
        "product": PRODUCT,
        "template": TEMPLATE,
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {"id": "o1", "type": "text", "x": 10, "y": 12, "width": 60, "height": 10,
                     "rotation": 0, "text": "Jeanne Dupont", "font": FONT, "size": 14,
                     "color": {"cmyk": [0, 0, 0, 100]}, "align": "left", "valign": "middle",
                     "line_height": 1.2, "letter_spacing": 0, "fit": "shrink", "curve": None,
                     "field": "name", "max_chars": 30,
                     "lock": {"move": True, "resize": True, "rotate": True, "edit": False,
                              "delete": True}},
                    {"id": "o2", "type": "image", "x": 0, "y": 0, "width": 85, "height": 55,
                     "asset": PHOTO, "fit": "cover", "crop": None, "opacity": 1},
                    {"id": "o3", "type": "vector", "asset": LOGO, "x": 65, "y": 5, "width": 15,
                     "height": 15, "recolor": None},
                    {"id": "o4", "type": "shape", "shape": "rect", "x": 0, "y": 45, "width": 85,
                     "height": 10, "fill": {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]},
                     "stroke": None, "stroke_width": 0, "corner_radius": 0},
                    {"id": "o5", "type": "code", "symbology": "qr",
                     "data": "https://example.com/jeanne", "x": 70, "y": 40, "width": 12,
                     "height": 12, "color": {"cmyk": [0, 0, 0, 100]}},
                ],
            }
        ],
    }  # fmt: skip


def load(document):
    return DesignDocumentSchema().load(document)


def faults(document):
    with pytest.raises(ValidationError) as caught:
        load(document)
    return messages_to_pointers(caught.value.messages)


def only_fault(document):
    found = faults(document)
    assert len(found) == 1, found
    return found[0]


def loaded_object(document, index):
    return load(document)["surfaces"][0]["objects"][index]


def with_object(index, **changes):
    document = example()
    document["surfaces"][0]["objects"][index].update(changes)
    return document


def test_the_design_md_example_loads_with_every_default_written_in():
    surface = load(example())["surfaces"][0]
    text, image, vector, shape, code = surface["objects"]
    # Given values are kept as given.
    assert (text["valign"], text["fit"], text["field"]) == ("middle", "shrink", "name")
    assert text["max_chars"] == 30
    assert text["lock"] == {
        "move": True, "resize": True, "rotate": True, "edit": False, "delete": True
    }  # fmt: skip
    # Omitted values are written in, so a later change of a default never changes an old order.
    assert (text["opacity"], text["min_dpi"]) == (1, None)
    assert (image["rotation"], image["lock"], image["field"]) == (0, None, None)
    assert (image["max_chars"], image["min_dpi"]) == (None, None)
    assert vector == {
        "id": "o3", "type": "vector", "asset": LOGO, "x": 65, "y": 5, "width": 15, "height": 15,
        "recolor": None, "rotation": 0, "opacity": 1, "lock": None, "field": None,
        "max_chars": None, "min_dpi": None,
    }  # fmt: skip
    assert shape["fill"] == {"spot": "PANTONE 286 C", "cmyk": [100, 66, 0, 2]}
    assert (code["rotation"], code["opacity"], code["lock"]) == (0, 1, None)


def test_a_text_with_only_what_is_required_gets_the_documented_defaults():
    document = example()
    document["surfaces"][0]["objects"] = [
        {"id": "t", "type": "text", "x": 0, "y": 0, "width": 10, "height": 5, "text": "A",
         "font": FONT, "size": 9, "color": {"rgb": "#1A2B3C"}}
    ]  # fmt: skip
    text = loaded_object(document, 0)
    defaulted = ("align", "valign", "line_height", "letter_spacing", "fit", "curve")
    assert {key: text[key] for key in defaulted} == {
        "align": "left", "valign": "top", "line_height": 1.2, "letter_spacing": 0, "fit": "none",
        "curve": None,
    }  # fmt: skip
    assert text["color"] == {"rgb": "#1a2b3c"}


def test_a_partial_lock_is_completed_with_false():
    document = with_object(1, lock={"move": True})
    lock = loaded_object(document, 1)["lock"]
    assert lock == {"move": True, "resize": False, "rotate": False, "edit": False, "delete": False}


def test_loading_again_and_dumping_give_back_the_same_document():
    # The API loads the body, then the service validates that result again; responses dump it.
    once = load(example())
    assert load(json.loads(json.dumps(once))) == once
    assert DesignDocumentSchema().dump(once) == once
    assert load({**example(), "template": None})["template"] is None


def test_unknown_key_at_the_top_is_rejected():
    fault = only_fault({**example(), "colour": "red"})
    assert fault == {"path": "/colour", "message": "Unknown field."}


def test_unknown_key_deep_in_an_object_is_rejected():
    fault = only_fault(with_object(1, colour="red"))
    assert fault == {"path": "/surfaces/0/objects/1/colour", "message": "Unknown field."}


def test_unknown_key_in_a_colour_is_rejected():
    fault = only_fault(with_object(0, color={"cmyk": [0, 0, 0, 100], "alpha": 1}))
    assert fault == {"path": f"{TEXT}/color/alpha", "message": "Unknown field."}


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_coordinates(literal):
    value = json.loads(f'{{"x": {literal}}}')["x"]
    fault = only_fault(with_object(0, x=value))
    assert fault["path"] == f"{TEXT}/x" and "finite" in fault["message"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("width", True, "Not a valid number."),
        ("opacity", False, "Not a valid number."),
        ("x", "10", "Not a valid number."),
        ("max_chars", True, "Not a valid integer."),
        ("max_chars", 12.5, "Not a valid integer."),
    ],
)
def test_booleans_and_strings_are_not_numbers(key, value, message):
    fault = only_fault(with_object(0, **{key: value}))
    assert fault == {"path": f"{TEXT}/{key}", "message": message}


def test_a_lock_flag_must_be_true_or_false_not_1():
    fault = only_fault(with_object(0, lock={"move": 1}))
    assert fault == {"path": f"{TEXT}/lock/move", "message": "Not a valid boolean."}


@pytest.mark.parametrize(
    ("key", "value", "phrase"),
    [
        ("width", 0, "more than 0"),
        ("height", -1, "more than 0"),
        ("x", 10001, "at most 10000 mm"),
        ("rotation", 400, "at most 360°"),
        ("opacity", 1.5, "at most 1"),
        ("size", 0, "more than 0"),
        ("line_height", 0.4, "at least 0.5"),
        ("align", "centre", "left, center, right, justify"),
        ("field", "first name", "letters, digits or _"),
        ("id", "", "1 to 64"),
        ("text", "x" * 10001, "at most 10000"),
        ("font", "Helvetica", "fnt_"),
    ],
)
def test_out_of_range_values_point_at_their_key(key, value, phrase):
    fault = only_fault(with_object(0, **{key: value}))
    assert fault["path"] == f"{TEXT}/{key}" and phrase in fault["message"], fault


def test_a_missing_required_key_points_at_it():
    document = example()
    del document["surfaces"][0]["objects"][0]["font"]
    fault = only_fault(document)
    assert fault == {"path": f"{TEXT}/font", "message": "Missing data for required field."}


def test_a_colour_cannot_be_both_rgb_and_cmyk():
    fault = only_fault(with_object(0, color={"rgb": "#000000", "cmyk": [0, 0, 0, 100]}))
    assert fault["path"] == f"{TEXT}/color/rgb" and "not both" in fault["message"]


def test_cmyk_has_four_values():
    fault = only_fault(with_object(0, color={"cmyk": [0, 0, 100]}))
    assert fault["path"] == f"{TEXT}/color/cmyk" and "four values" in fault["message"]


def test_each_cmyk_value_is_a_percentage():
    fault = only_fault(with_object(0, color={"cmyk": [0, 0, 0, 101]}))
    assert fault["path"] == f"{TEXT}/color/cmyk/3" and "at most 100" in fault["message"]


@pytest.mark.parametrize("rgb", ["#12345", "123456", "#12345g", "#1234567"])
def test_rgb_is_hash_and_six_hex_digits(rgb):
    fault = only_fault(with_object(0, color={"rgb": rgb}))
    assert fault["path"] == f"{TEXT}/color/rgb" and "#rrggbb" in fault["message"]


def test_a_spot_colour_needs_its_cmyk_fallback():
    fault = only_fault(with_object(3, fill={"spot": "PANTONE 286 C"}))
    assert fault["path"] == f"{SHAPE}/fill/cmyk" and "fallback" in fault["message"]


def test_a_spot_colour_falls_back_on_cmyk_not_rgb():
    fault = only_fault(with_object(3, fill={"spot": "PANTONE 286 C", "rgb": "#0033a0"}))
    assert fault["path"] == f"{SHAPE}/fill/rgb" and "not rgb" in fault["message"]


def test_an_empty_colour_says_which_forms_exist():
    fault = only_fault(with_object(0, color={}))
    assert fault["path"] == f"{TEXT}/color" and '"cmyk", "rgb", or "spot"' in fault["message"]


def test_an_unknown_object_type_is_an_error_on_type():
    fault = only_fault(with_object(1, type="sticker"))
    assert fault["path"] == "/surfaces/0/objects/1/type"
    assert "'sticker'" in fault["message"]
    assert "use one of: text, image, vector, shape, code" in fault["message"]


def test_an_object_without_type_or_that_is_not_an_object():
    document = example()
    document["surfaces"][0]["objects"][1:] = [{"id": "o2"}, "o3"]
    assert faults(document) == [
        {"path": "/surfaces/0/objects/1/type", "message": "Missing data for required field."},
        {"path": "/surfaces/0/objects/2", "message": "Must be an object with a type."},
    ]


def test_keys_of_another_object_type_are_unknown():
    fault = only_fault(with_object(2, font=FONT))
    assert fault == {"path": "/surfaces/0/objects/2/font", "message": "Unknown field."}


def test_object_ids_are_unique_in_the_document():
    document = example()
    document["surfaces"].append(
        {"area": "back", "objects": [{**document["surfaces"][0]["objects"][2], "id": "o1"}]}
    )
    fault = only_fault(document)
    assert fault["path"] == "/surfaces/1/objects/0/id"
    assert '"o1"' in fault["message"] and "/surfaces/0/objects/0" in fault["message"]


def test_each_area_appears_once():
    document = example()
    document["surfaces"].append({"area": "front", "objects": []})
    fault = only_fault(document)
    assert fault["path"] == "/surfaces/1/area" and "/surfaces/0" in fault["message"]


def test_only_a_line_may_have_zero_height():
    line = with_object(3, shape="line", height=0)
    assert loaded_object(line, 3)["height"] == 0
    fault = only_fault(with_object(3, height=0))
    assert fault["path"] == f"{SHAPE}/height" and "only a line" in fault["message"]


def test_an_image_crop_stays_inside_the_image():
    crop = {"x": 0.5, "y": 0.25, "width": 0.5, "height": 0.75}
    assert loaded_object(with_object(1, crop=crop), 1)["crop"] == crop
    fault = only_fault(with_object(1, crop={**crop, "width": 0.6}))
    assert fault["path"] == f"{IMAGE}/crop/width" and "at most 1" in fault["message"]
    fault = only_fault(with_object(1, crop={**crop, "height": 0}))
    assert fault["path"] == f"{IMAGE}/crop/height" and "more than 0" in fault["message"]


def test_a_curve_of_radius_zero_is_refused():
    assert loaded_object(with_object(0, curve={"radius": -40}), 0)["curve"] == {"radius": -40}
    fault = only_fault(with_object(0, curve={"radius": 0}))
    assert fault["path"] == f"{TEXT}/curve/radius" and "null" in fault["message"]


@pytest.mark.parametrize("data", ["400638133393", "4006381333931"])
def test_ean13_takes_12_digits_or_13_with_the_right_check_digit(data):
    assert loaded_object(with_object(4, symbology="ean13", data=data), 4)["data"] == data


def test_ean13_with_a_wrong_check_digit_is_refused():
    fault = only_fault(with_object(4, symbology="ean13", data="4006381333932"))
    assert fault["path"] == f"{CODE}/data" and "should be 1, not 2" in fault["message"]


@pytest.mark.parametrize("data", ["40063813339", "40063813339311", "40063813339a", "٤٠٠٦٣٨١٣٣٣٩٣"])
def test_ean13_refuses_anything_but_12_or_13_ascii_digits(data):
    fault = only_fault(with_object(4, symbology="ean13", data=data))
    assert fault["path"] == f"{CODE}/data" and "12 digits" in fault["message"]


def test_code128_takes_printable_ascii_only():
    assert loaded_object(with_object(4, symbology="code128", data="INV-2024/07 #5"), 4)["data"]
    fault = only_fault(with_object(4, symbology="code128", data="Café"))
    assert fault["path"] == f"{CODE}/data" and "printable ASCII" in fault["message"]


def test_the_format_string_is_checked():
    fault = only_fault({**example(), "format": "monogram.design/2"})
    assert fault["path"] == "/format" and FORMAT in fault["message"]


def test_the_product_is_a_product_id():
    fault = only_fault({**example(), "product": "business-card"})
    assert fault["path"] == "/product" and "prd_" in fault["message"]


def test_a_document_must_be_an_object():
    assert faults(["not", "a", "document"]) == [{"path": "", "message": "Must be a JSON object."}]


def test_at_most_500_objects_per_surface():
    document = example()
    text = document["surfaces"][0]["objects"][0]
    document["surfaces"][0]["objects"] = [{**text, "id": f"o{i}"} for i in range(501)]
    fault = only_fault(document)
    assert fault["path"] == "/surfaces/0/objects" and "500" in fault["message"]


def every_field():
    """Every field of every part of the document, named Schema.field."""
    found = {}
    schemas = [DesignDocumentSchema(), *OBJECT_SCHEMAS.values()]
    while schemas:
        schema = schemas.pop()
        for name, field in schema.fields.items():
            found[f"{type(schema).__name__}.{name}"] = field
            if isinstance(field, fields.List):
                found[f"{type(schema).__name__}.{name}[]"] = field = field.inner
            if isinstance(field, fields.Nested):
                schemas.append(field.schema)
    return found


def test_every_field_is_described_for_the_openapi_document():
    described = every_field()
    assert len(described) > 60
    undescribed = [name for name, field in described.items() if "description" not in field.metadata]
    assert undescribed == []
    assert "points" in described["TextSchema.letter_spacing"].metadata["description"]
