import datetime
import io
import random
import zipfile

import openpyxl
import pytest

from monogram.errors import Invalid
from monogram.services.batch_data import MAX_ROWS, choose_delimiter, column_letter, read_table

# What Excel for Windows in France writes for "CSV (séparateur: point-virgule)".
EXCEL_FR_CSV = (
    "Nom;Prénom;Ville;Montant\r\n"
    "Dupré;Hélène;Besançon;12,50 €\r\n"
    "Lefèvre;François;Orléans;8 €\r\n"
    "Zoë;Œuvre;Noël;0,99 €\r\n"
).encode("cp1252")


def xlsx(rows, formats=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# CSV encodings -----------------------------------------------------------------------------


def test_excel_for_windows_csv_reads_accents_and_euro_signs():
    table = read_table(EXCEL_FR_CSV, "clients.csv")
    assert table.format == "csv"
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert table.columns == ["Nom", "Prénom", "Ville", "Montant"]
    assert table.rows == [
        ["Dupré", "Hélène", "Besançon", "12,50 €"],
        ["Lefèvre", "François", "Orléans", "8 €"],
        ["Zoë", "Œuvre", "Noël", "0,99 €"],
    ]
    assert [table.row_number(index) for index in range(3)] == [2, 3, 4]


def test_utf8_with_bom_keeps_the_first_column_name_clean():
    data = "\ufeffname,city\nHélène Dupré,Besançon\n".encode()
    table = read_table(data)
    assert table.encoding == "utf-8-sig"
    assert table.columns == ["name", "city"]
    assert table.rows == [["Hélène Dupré", "Besançon"]]


def test_plain_utf8():
    table = read_table("name,city\nZoë,Kraków\n".encode())
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    assert table.rows == [["Zoë", "Kraków"]]


def test_bytes_windows_1252_leaves_undefined_read_as_latin_1():
    # 0x81 has no character in Windows-1252: the file can only be Latin-1.
    data = "name;note\nZoë;a\x81b\n".encode("latin-1")
    table = read_table(data)
    assert table.encoding == "latin-1"
    assert table.rows == [["Zoë", "a\x81b"]]


def test_utf16_text_is_refused_with_how_to_save_it():
    with pytest.raises(Invalid, match=r"UTF-16.*CSV UTF-8"):
        read_table("name\tcity\nZoë\tParis\n".encode("utf-16"))


# CSV structure -----------------------------------------------------------------------------


def test_quoted_cells_hold_separators_and_line_breaks_and_count_as_one_row():
    data = (
        b"name,address,city\r\n"
        b'"Dupont, Jeanne","12 rue des Lilas; bat. B\r\n2e etage",Paris\r\n'
        b'Martin,"1 place ""du Marche""",Lyon\r\n'
    )
    table = read_table(data)
    assert table.delimiter == ","
    assert table.rows == [
        ["Dupont, Jeanne", "12 rue des Lilas; bat. B\n2e etage", "Paris"],
        ["Martin", '1 place "du Marche"', "Lyon"],
    ]
    # The spreadsheet shows the three-line record as one row: Martin is row 3, not 4.
    assert [table.row_number(index) for index in range(2)] == [2, 3]


def test_an_excel_separator_line_names_the_delimiter_and_is_not_a_row():
    table = read_table(b"sep=,\r\nname;title,city\r\nZoe;CEO,Paris\r\n")
    assert table.delimiter == ","
    assert table.columns == ["name;title", "city"]
    assert table.row_number(0) == 2


def test_tab_separated():
    table = read_table(b"name\tphone\nDupont, Jeanne\t+33 1 23 45 67 89\n")
    assert table.delimiter == "\t"
    assert table.rows == [["Dupont, Jeanne", "+33 1 23 45 67 89"]]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        # French decimals put commas in every record; the semicolon is the one that is regular.
        ("prix;nom\n3,50;Jean\n12,00;Zoë\n", ";"),
        # A semicolon inside quotes does not count.
        ('nom,adresse\nJean,"1 rue A; 2e"\nZoë,"3 rue B; 4e"\n', ","),
        # Both split the header in two; the semicolon splits it into more columns.
        ("nom;adresse, ville;tel\nJean;1 rue A, Paris;01\n", ";"),
        # One column: nothing to choose.
        ("nom\nJean\n", ","),
    ],
)
def test_delimiter_is_the_one_that_splits_records_like_the_header(text, delimiter):
    assert choose_delimiter(text) == delimiter


def test_blank_rows_are_skipped_but_keep_their_row_numbers():
    table = read_table(b"name;city\nA;1\n;\n\nB;2\n\n\n;;\n")
    assert table.rows == [["A", "1"], ["B", "2"]]
    assert table.first_row == 2
    assert [table.row_number(index) for index in range(2)] == [2, 5]


def test_short_rows_are_padded_and_cells_trimmed():
    table = read_table(b"name;city;zip\n  Zoe ;Paris\nMax;Lyon;69001\n")
    assert table.rows == [["Zoe", "Paris", ""], ["Max", "Lyon", "69001"]]


def test_empty_columns_without_a_name_are_dropped():
    # Excel writes trailing separators for columns that were once formatted.
    table = read_table(b"name;city;;\nZoe;Paris;;\nMax;Lyon;;\n")
    assert table.columns == ["name", "city"]
    assert table.rows == [["Zoe", "Paris"], ["Max", "Lyon"]]


# XLSX --------------------------------------------------------------------------------------


def test_xlsx_cells_read_as_excel_shows_them():
    data = xlsx(
        [
            [
                "Nom",
                "Code postal",
                "Téléphone",
                "Quantité",
                "Prix",
                "Remise",
                "Né le",
                "Rendez-vous",
            ],
            [
                "Hélène Dupré",
                "01000",
                "0612345678",
                25,
                12.5,
                0.15,
                datetime.date(1984, 3, 9),
                datetime.datetime(2024, 5, 2, 14, 30),
            ],
            [None] * 8,
            ["François", 1000, 33612345678, 2.0, 3.0, 0.1 + 0.2, None, None],
        ],
        formats={"B4": "00000", "E4": "0.00", "F2": "0%"},
    )
    table = read_table(data, "clients.xlsx")
    assert (table.format, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert table.columns[1] == "Code postal"
    assert table.rows == [
        [
            "Hélène Dupré",
            "01000",
            "0612345678",
            "25",
            "12.5",
            "15%",
            "1984-03-09",
            "2024-05-02 14:30",
        ],
        ["François", "01000", "33612345678", "2", "3.00", "0.3", "", ""],
    ]
    assert [table.row_number(index) for index in range(2)] == [2, 4]


def test_xlsx_header_below_a_blank_first_row_keeps_sheet_row_numbers():
    data = xlsx([[None, None], ["name", "city"], ["Zoë", "Noël"]])
    table = read_table(data)
    assert table.columns == ["name", "city"]
    assert table.row_number(0) == 3


# Files that cannot be read ---------------------------------------------------------------


def test_truncated_xlsx_is_called_damaged():
    data = xlsx([["name"], ["Zoë"]])
    with pytest.raises(Invalid) as caught:
        read_table(data[: len(data) // 2], "clients.xlsx")
    assert caught.value.message == (
        "This XLSX file is damaged or incomplete. Save it again from Excel and upload it again."
    )
    assert caught.value.status == 422


def test_zip_that_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(Invalid, match="not an Excel workbook"):
        read_table(out.getvalue())


def test_password_protected_workbook():
    # Excel stores an encrypted .xlsx in an OLE compound file with an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptionInfo".encode("utf-16-le")
    with pytest.raises(Invalid, match="protected by a password"):
        read_table(ole, "clients.xlsx")
    with pytest.raises(Invalid, match=r"old Excel workbook \(\.xls\)"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "clients.xls")


def test_random_binary_is_not_taken_for_windows_1252_text():
    noise = random.Random(9).randbytes(4000)
    with pytest.raises(Invalid) as caught:
        read_table(noise, "photo.heic")
    assert caught.value.message == (
        "photo.heic is not a CSV or XLSX file. Upload the spreadsheet as CSV or XLSX."
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty. Upload a CSV or XLSX file with a header row and records."),
        (
            b"\r\n \r\n",
            "The file is empty. Upload a CSV or XLSX file with a header row and records.",
        ),
        (b";;\n;;\n", "The file has no header row. Put the column names in the first row."),
        (
            b"name;city\r\n",
            "The file has a header row but no records. Add one row per item to print.",
        ),
        (
            b"Name;city;name\nA;B;C\n",
            "Two columns are named 'name' (columns A and C). Give each column its own name.",
        ),
        (
            b"name;;city\nA;;B\nC;x;D\n",
            "Column B has values (row 3) but no name in the header row 1. "
            "Name it or delete the column.",
        ),
        (
            b'name;city\nA;"Paris\nB;Lyon\n',
            'A quote mark (") opened in row 2 is never closed. '
            "Close it, or save the file again from the spreadsheet.",
        ),
    ],
)
def test_unreadable_csv_says_what_to_fix(data, message):
    with pytest.raises(Invalid) as caught:
        read_table(data)
    assert caught.value.message == message


def test_a_cell_longer_than_ten_thousand_characters_is_refused_with_its_row():
    data = b"name;note\nA;ok\nB;" + b"x" * 10_001 + b"\n"
    with pytest.raises(Invalid) as caught:
        read_table(data)
    assert caught.value.message.startswith(
        "Row 3, column 'note' holds 10,001 characters; a cell may hold at most 10,000."
    )


def test_more_than_max_rows_records_is_refused():
    header = b"serial\n"
    assert len(read_table(header + b"1\n" * MAX_ROWS).rows) == MAX_ROWS
    with pytest.raises(Invalid, match=r"more than 100,000 records\. Split it"):
        read_table(header + b"1\n" * (MAX_ROWS + 1))


def test_column_letters():
    assert [column_letter(index) for index in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
