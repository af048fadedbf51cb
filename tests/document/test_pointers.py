"""Marshmallow's nested error messages turned into JSON pointers the API returns."""

import pytest
from marshmallow import ValidationError

from monogram.document import DesignDocumentSchema, messages_to_pointers


def test_nested_fields_and_list_indices_become_a_pointer():
    messages = {"surfaces": {0: {"objects": {1: {"colour": ["Unknown field."]}}}}}
    assert messages_to_pointers(messages) == [
        {"path": "/surfaces/0/objects/1/colour", "message": "Unknown field."}
    ]


def test_tilde_and_slash_in_a_key_are_escaped_per_rfc_6901():
    messages = {"a/b": {"c~d": ["Unknown field."]}, "~1": ["Unknown field."]}
    assert [item["path"] for item in messages_to_pointers(messages)] == ["/a~1b/c~0d", "/~01"]


def test_schema_level_errors_point_at_the_value_that_holds_them():
    messages = {
        "_schema": ["Must be a JSON object."],
        "surfaces": {0: {"objects": {2: {"color": {"_schema": ["Give one colour form."]}}}}},
    }
    assert messages_to_pointers(messages) == [
        {"path": "", "message": "Must be a JSON object."},
        {"path": "/surfaces/0/objects/2/color", "message": "Give one colour form."},
    ]


def test_every_message_of_a_field_is_kept_and_the_list_is_sorted_by_path_then_message():
    messages = {
        "surfaces": {
            10: {"area": ["Unknown area."]},
            2: {"objects": {11: {"x": ["Too far."]}, 9: {"x": ["Too far.", "Also wrong."]}}},
        },
        "format": ["Wrong format."],
    }
    assert messages_to_pointers(messages) == [
        {"path": "/format", "message": "Wrong format."},
        {"path": "/surfaces/2/objects/9/x", "message": "Also wrong."},
        {"path": "/surfaces/2/objects/9/x", "message": "Too far."},
        {"path": "/surfaces/2/objects/11/x", "message": "Too far."},
        {"path": "/surfaces/10/area", "message": "Unknown area."},
    ]


def test_a_prefix_places_the_pointers_under_a_parent():
    assert messages_to_pointers({"x": ["Too far."]}, prefix="/surfaces/0/objects/3") == [
        {"path": "/surfaces/0/objects/3/x", "message": "Too far."}
    ]


def test_a_real_schema_error_comes_out_as_a_pointer_per_fault():
    document = {
        "format": "monogram.design/1",
        "product": "prd_3k9f0q7x2m5b8n1c4v6z0a2sd",
        "surfaces": [
            {"area": "front", "objects": []},
            {"area": "back", "objects": [{"id": "o1", "type": "shape", "shape": "star"}]},
        ],
    }
    with pytest.raises(ValidationError) as caught:
        DesignDocumentSchema().load(document)
    pointers = messages_to_pointers(caught.value.messages)
    missing = "Missing data for required field."
    assert pointers == [
        {"path": "/surfaces/1/objects/0/height", "message": missing},
        {"path": "/surfaces/1/objects/0/shape", "message": "Must be one of: rect, ellipse, line."},
        {"path": "/surfaces/1/objects/0/width", "message": missing},
        {"path": "/surfaces/1/objects/0/x", "message": missing},
        {"path": "/surfaces/1/objects/0/y", "message": missing},
    ]
