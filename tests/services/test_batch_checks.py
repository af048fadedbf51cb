import hashlib

import pytest

from monogram.errors import Invalid
from monogram.rendering import Area, AssetFile, FontFile, MissingFile, RenderProduct
from monogram.services.batch_checks import (
    RowIssue,
    check_rows,
    resolve_mapping,
    summary,
    template_slots,
)
from monogram.services.batch_data import DataTable, read_table
from tests.samples import VERA, jpeg

BLACK = {"cmyk": [0, 0, 0, 100]}
# Vera's M advances 1767 of 2048 units and kerns with nothing: a line of M is easy to measure.
M_EM = 1767 / 2048
NAME_BOX_PT = 60 * 72 / 25.4


def text(field, **overrides):
    obj = {
        "id": field,
        "type": "text",
        "x": 8,
        "y": 8,
        "width": 60,
        "height": 9,
        "text": "Jeanne Dupont",
        "font": "fnt_vera",
        "size": 14,
        "color": BLACK,
        "align": "left",
        "valign": "middle",
        "line_height": 1.2,
        "letter_spacing": 0,
        "fit": "none",
        "curve": None,
        "field": field,
    }
    obj.update(overrides)
    return obj


def card_template():
    return {
        "format": "monogram.design/1",
        "product": "prd_card",
        "surfaces": [
            {
                "area": "front",
                "objects": [
                    {
                        "id": "band",
                        "type": "shape",
                        "shape": "rect",
                        "x": 0,
                        "y": 45,
                        "width": 85,
                        "height": 10,
                        "fill": BLACK,
                        "stroke": None,
                        "stroke_width": 0,
                        "corner_radius": 0,
                    },
                    text("name", max_chars=30),
                    text("job_title", y=18, height=12, size=9, fit="wrap"),
                    {
                        "id": "vcard",
                        "type": "code",
                        "symbology": "qr",
                        "data": "BEGIN:VCARD",
                        "x": 68,
                        "y": 30,
                        "width": 12,
                        "height": 12,
                        "color": BLACK,
                        "field": "vcard",
                    },
                ],
            },
            {
                "area": "back",
                "objects": [
                    {
                        "id": "photo",
                        "type": "image",
                        "asset": "ast_default",
                        "x": 20,
                        "y": 12,
                        "width": 45,
                        "height": 30,
                        "fit": "cover",
                        "crop": None,
                        "opacity": 1,
                        "field": "photo",
                        "min_dpi": 300,
                    },
                    {
                        "id": "barcode",
                        "type": "code",
                        "symbology": "ean13",
                        "data": "400638133393",
                        "x": 10,
                        "y": 44,
                        "width": 30,
                        "height": 8,
                        "color": BLACK,
                        "field": "ean",
                    },
                ],
            },
        ],
    }


def fonts(font_id):
    if font_id != "fnt_vera":
        raise MissingFile(font_id)
    data = VERA.read_bytes()
    return FontFile("fnt_vera", hashlib.sha256(data).hexdigest(), data)


def raster(asset_id, data):
    return AssetFile(asset_id, hashlib.sha256(data).hexdigest(), "image/jpeg", "raster", data)


# 45 × 30 mm at 300 dpi takes 532 × 355 pixels.
ASSETS = {
    "sharp.jpg": raster("ast_sharp", jpeg(600, 400)),
    "small.jpg": raster("ast_small", jpeg(400, 300)),
}

COLUMNS = ["name", "job_title", "vcard", "photo", "ean"]
GOOD = ["Jeanne Dupont", "Directrice", "BEGIN:VCARD\nFN:Jeanne Dupont\nEND:VCARD", "", ""]


def table(*rows, columns=COLUMNS):
    return DataTable(list(columns), [list(row) for row in rows], "csv", "utf-8", ",")


def good(**values):
    row = dict(zip(COLUMNS, GOOD, strict=True))
    row["ean"] = "4006381333931"
    row.update(values)
    return [row[column] for column in COLUMNS]


def issues_of(data_table, document=None, **kwargs):
    slots = template_slots(document or card_template())
    mapping = resolve_mapping(data_table.columns, slots, kwargs.pop("mapping", None))
    return check_rows(data_table, slots, mapping, fonts=fonts, assets=ASSETS.get, **kwargs)


# Slots -------------------------------------------------------------------------------------


def test_slots_are_the_text_image_and_code_fields_in_document_order():
    slots = template_slots(card_template())
    assert list(slots) == ["name", "job_title", "vcard", "photo", "ean"]
    assert [(slot.kind, slot.area, slot.obj["id"]) for slot in slots.values()] == [
        ("text", "front", "name"),
        ("text", "front", "job_title"),
        ("code", "front", "vcard"),
        ("image", "back", "photo"),
        ("code", "back", "barcode"),
    ]


def test_a_field_on_several_objects_is_one_slot_listing_them_all():
    document = card_template()
    document["surfaces"][1]["objects"].append(text("name", id="name_back", size=8))
    slot = template_slots(document)["name"]
    assert (slot.area, slot.obj["id"]) == ("front", "name")
    assert [(area, obj["id"]) for area, obj in slot.places] == [
        ("front", "name"),
        ("back", "name_back"),
    ]


# Mapping -----------------------------------------------------------------------------------


def test_columns_map_to_fields_of_the_same_name_whatever_the_case_and_separators():
    slots = template_slots(card_template())
    columns = ["Name", "Job Title", "VCARD", "ean", "Photo", "City"]
    assert resolve_mapping(columns, slots) == {
        "name": "Name",
        "job_title": "Job Title",
        "vcard": "VCARD",
        "photo": "Photo",
        "ean": "ean",
    }


def test_an_explicit_mapping_overrides_and_an_image_slot_may_stay_unmapped():
    slots = template_slots(card_template())
    columns = ["Nom complet", "name", "Fonction", "QR", "EAN-13"]
    mapping = {"name": "Nom complet", "job_title": "Fonction", "vcard": "QR", "ean": "EAN-13"}
    assert resolve_mapping(columns, slots, mapping) == mapping
    mapping["photo"] = None
    assert resolve_mapping([*columns, "photo"], slots, mapping) == {
        key: value for key, value in mapping.items() if value
    }


def test_unknown_fields_and_columns_in_the_mapping_are_refused():
    slots = template_slots(card_template())
    with pytest.raises(Invalid) as caught:
        resolve_mapping(COLUMNS, slots, {"nickname": "name", "name": "Nom"})
    assert caught.value.status == 422
    assert caught.value.errors == [
        {
            "path": "/mapping/nickname",
            "message": "The template has no field 'nickname'; its fields are "
            "name, job_title, vcard, photo, ean.",
        },
        {
            "path": "/mapping/name",
            "message": "The file has no column 'Nom'; it has 'name', 'job_title', 'vcard', "
            "'photo', 'ean'.",
        },
    ]


def test_text_and_code_fields_without_a_column_are_listed():
    slots = template_slots(card_template())
    with pytest.raises(Invalid) as caught:
        resolve_mapping(["Nom", "job_title", "Ville"], slots)
    assert caught.value.message == (
        "Map a column to field 'name', 'vcard', 'ean': no single column has that name."
    )
    assert [error["path"] for error in caught.value.errors] == [
        "/mapping/name",
        "/mapping/vcard",
        "/mapping/ean",
    ]
    assert caught.value.errors[0]["message"] == (
        "Map a column to field 'name'; the file has 'Nom', 'job_title', 'Ville'."
    )


def test_two_columns_matching_one_field_must_be_chosen_between():
    slots = template_slots(card_template())
    columns = ["Job-Title", "job title", "name", "vcard", "ean"]
    with pytest.raises(Invalid) as caught:
        resolve_mapping(columns, slots)
    assert caught.value.errors == [
        {
            "path": "/mapping/job_title",
            "message": "Columns 'Job-Title', 'job title' could both fill field 'job_title'; "
            "map one of them.",
        }
    ]
    # A column named exactly as the field settles it.
    mapping = resolve_mapping([*columns, "job_title"], slots)
    assert mapping["job_title"] == "job_title"


# Rows --------------------------------------------------------------------------------------


def test_excel_csv_row_too_long_for_its_field_is_reported_with_its_spreadsheet_row():
    data = (
        "name;job_title;vcard;ean\r\n"
        "Hélène Dupré;Gérante;BEGIN:VCARD;4006381333931\r\n"
        "François Lefèvre;Technicien;BEGIN:VCARD;4006381333931\r\n"
        "Marie-Élisabeth de La Rochefoucauld;Zoë;BEGIN:VCARD;4006381333931\r\n"
    ).encode("cp1252")
    issues = issues_of(read_table(data))
    assert issues == [
        RowIssue(
            row=4,
            record=3,
            field="name",
            column="name",
            severity="error",
            code="too_long",
            message="'Marie-Élisabeth de La Rochefoucauld' has 35 characters; "
            "this field takes at most 30. Shorten it.",
        )
    ]


def test_row_numbers_count_the_blank_lines_the_reader_skipped():
    data = b"name,job_title,vcard,ean\nA,B,C,4006381333931\n\n,,,\nD,E,F,123\n"
    (issue,) = issues_of(read_table(data))
    assert (issue.row, issue.record, issue.code) == (5, 2, "invalid_code")


def test_characters_are_counted_without_line_breaks_and_with_accents_composed():
    # 30 letters on two lines, the é typed as e + combining accent: exactly 30 characters.
    value = "Ame\u0301lie Poulain-Dupont\nDirection"
    issues = issues_of(table(good(name=value), good(name=value + "s")))
    assert [(issue.record, issue.code) for issue in issues if issue.code == "too_long"] == [
        (2, "too_long")
    ]


def test_text_wider_than_its_box_is_shrunk_with_a_warning():
    # Twenty M at 14 pt are 241 pt wide in a 170 pt box; they fit below 170 / (20 × M) points.
    fitting = int(NAME_BOX_PT / (20 * M_EM) * 10) / 10
    assert fitting == 9.8
    (issue,) = issues_of(table(good(name="M" * 20)))
    assert (issue.severity, issue.code, issue.field) == ("warning", "shrunk", "name")
    assert issue.message == (
        "'MMMMMMMMMMMMMMMMMMMM' is too long for its box at 14 pt; it is shrunk to 9.8 pt. "
        "Shorten it to keep the template's size."
    )


def test_a_template_that_shrinks_its_text_itself_gets_no_warning_for_it():
    document = card_template()
    document["surfaces"][0]["objects"][1]["fit"] = "shrink"
    assert issues_of(table(good(name="M" * 20)), document) == []


def test_the_same_value_on_several_rows_is_reported_on_each():
    issues = issues_of(table(good(name="M" * 20), good(), good(name="M" * 20)))
    assert [(issue.row, issue.code) for issue in issues] == [(2, "shrunk"), (4, "shrunk")]


def test_text_that_overflows_even_at_the_smallest_size_is_an_error():
    document = card_template()
    document["surfaces"][0]["objects"][1]["max_chars"] = 80
    # Sixty M at 4 pt are 207 pt wide: past the 170 pt box.
    assert 60 * M_EM * 4 > NAME_BOX_PT
    (issue,) = issues_of(table(good(name="M" * 60)), document)
    assert (issue.severity, issue.code) == ("error", "overflow")
    assert issue.message == (
        f"'{'M' * 39}…' does not fit in its box, even at the smallest size (4 pt). Shorten it."
    )


def test_a_field_on_two_objects_is_checked_against_the_tighter_one():
    document = card_template()
    document["surfaces"][1]["objects"].append(text("name", id="name_back", width=20, size=8))
    (issue,) = issues_of(table(good(name="Jeanne Dupont")), document)
    assert issue.code == "shrunk"
    assert "at 8 pt" in issue.message


def test_image_values_name_assets_that_exist_and_are_sharp_enough():
    rows = table(good(photo="sharp.jpg"), good(photo="small.jpg"), good(photo="lost.jpg"))
    issues = issues_of(rows)
    # 400 pixels over 45 mm (1.77 in), the photo's width once it covers its box: 226 dpi.
    assert round(400 / (45 / 25.4)) == 226
    assert [(issue.record, issue.severity, issue.code, issue.message) for issue in issues] == [
        (
            2,
            "warning",
            "low_resolution",
            "The image 'small.jpg' is only 226 dpi at its printed size; it needs 300 dpi "
            "to print sharp. Use a larger image.",
        ),
        (
            3,
            "error",
            "missing_asset",
            "There is no image 'lost.jpg'. Upload it, or correct the name.",
        ),
    ]


def test_the_areas_min_dpi_applies_when_the_slot_sets_none():
    document = card_template()
    del document["surfaces"][1]["objects"][0]["min_dpi"]
    product = RenderProduct(
        "prd_card",
        "Card",
        (Area("front", "Recto", 85, 55), Area("back", "Verso", 85, 55, min_dpi=250)),
    )
    rows = table(good(photo="small.jpg"))
    assert issues_of(rows, document) == []
    (issue,) = issues_of(rows, document, product=product)
    assert "it needs 250 dpi" in issue.message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "4006381333932",
            "EAN-13 4006381333932 has a wrong check digit: it should end in 1, not 2. "
            "Check the number.",
        ),
        (
            "40063813339",
            "'40063813339' is not an EAN-13 number: it takes 12 digits (the check digit is added) "
            "or 13 digits.",
        ),
        (
            "4,00638E+12",
            "'4,00638E+12' is not an EAN-13 number: the spreadsheet shows it in scientific "
            "notation. Format the column as text and type the 13 digits.",
        ),
    ],
)
def test_ean_values_must_be_valid_numbers(value, message):
    (issue,) = issues_of(table(good(ean=value)))
    assert (issue.field, issue.code, issue.message) == ("ean", "invalid_code", message)


def test_ean_of_twelve_digits_takes_its_computed_check_digit():
    assert issues_of(table(good(ean="400638133393"))) == []


def test_qr_data_beyond_the_largest_qr_code_is_refused():
    # A version 40 QR code at level L holds 2953 bytes.
    fits, too_long = "a" * 2953, "a" * 2954
    issues = issues_of(table(good(vcard=fits), good(vcard=too_long)))
    assert [(issue.record, issue.field, issue.code) for issue in issues] == [
        (2, "vcard", "invalid_code")
    ]
    assert issues[0].message == (
        f"'{'a' * 39}…' is too long for a QR code (2954 characters). "
        "Shorten it, for example with a short link."
    )


def test_code128_takes_printable_ascii_only():
    document = card_template()
    document["surfaces"][1]["objects"][1]["symbology"] = "code128"
    issues = issues_of(table(good(ean="SN-0042"), good(ean="Série 42")), document)
    assert [(issue.record, issue.code) for issue in issues] == [(2, "invalid_code")]


def test_empty_text_and_code_fields_are_errors_and_an_empty_image_keeps_the_template_image():
    issues = issues_of(table(good(name="", ean="", photo="")))
    assert [(issue.field, issue.code, issue.message) for issue in issues] == [
        ("name", "empty_required", "Field 'name' is empty; fill it in."),
        ("ean", "empty_required", "Field 'ean' is empty; fill it in."),
    ]


def test_issues_come_by_row_then_in_the_templates_field_order():
    rows = table(
        good(ean="1", name="", photo="lost.jpg"),
        good(),
        good(vcard="", job_title="Directrice\nd'atelier\nImprimerie\nDupont"),
    )
    issues = issues_of(rows)
    assert [(issue.row, issue.field, issue.code) for issue in issues] == [
        (2, "name", "empty_required"),
        (2, "photo", "missing_asset"),
        (2, "ean", "invalid_code"),
        (4, "job_title", "shrunk"),
        (4, "vcard", "empty_required"),
    ]
    assert summary(issues, 3) == {"records": 3, "valid": 1, "invalid": 2, "warnings": 1}


@pytest.mark.parametrize("value", ["0", "2.5", "", "100001", "deux", "-3"])
def test_quantities_must_be_whole_numbers_from_one_to_a_hundred_thousand(value):
    rows = table([*good(), "3"], [*good(), value], [*good(), "100000"], columns=[*COLUMNS, "qty"])
    (issue,) = issues_of(rows, quantity_column="qty")
    assert (issue.row, issue.field, issue.column, issue.code) == (3, "", "qty", "bad_quantity")
    shown = f"{value!r}" if value else "an empty cell"
    assert issue.message == (
        f"The quantity is {shown}; it must be a whole number from 1 to 100,000."
    )


def test_a_quantity_column_the_file_lacks_is_refused():
    with pytest.raises(Invalid) as caught:
        issues_of(table(good()), quantity_column="qty")
    assert caught.value.errors == [
        {"path": "/quantity_column", "message": "Choose one of the file's columns."}
    ]


def test_a_font_gone_from_the_template_stops_the_check_with_a_reason():
    document = card_template()
    document["surfaces"][0]["objects"][1]["font"] = "fnt_gone"
    with pytest.raises(Invalid, match="The font of field 'name' is no longer available"):
        issues_of(table(good()), document)
