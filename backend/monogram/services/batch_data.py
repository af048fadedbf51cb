"""A batch's data file, CSV or XLSX, read as named columns and rows of text as Excel shows them."""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from itertools import islice

from monogram.errors import Invalid, TooLarge

MAX_ROWS = 100_000
# What a workbook's parts may unpack to, together: 100,000 rows of a dozen columns stay well
# under it; a zip bomb (a cell of hundreds of MB of zeros) is refused before openpyxl reads it.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_CELL_CHARS = 10_000
DELIMITERS = (";", ",", "\t")
# Records read to choose the delimiter: enough to see a pattern, few enough to stay instant.
SNIFF_RECORDS = 50
# Random bytes decode as Windows-1252 like any text; control characters give them away.
SNIFF_CHARS = 65_536
MAX_CONTROL_SHARE = 0.01

ZIP_MAGIC = b"PK\x03\x04"
# An OLE compound file: an old .xls workbook, or an .xlsx that Excel encrypted with a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_SEP_HINT = re.compile(r"sep=([;,\t])\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Number formats that only pad with zeros ("00000" keeps a French postcode's leading zero), or
# fix the decimals ("0.00", "#,##0.00"), or show a percentage ("0%", "0.0%").
_ZERO_PAD = re.compile(r"0+")
_DECIMALS = re.compile(r"(?:#,##)?0(?:\.(0+))?(%?)")


@dataclass(frozen=True)
class DataTable:
    """The records of a data file: header names and, per record, one text per column."""

    columns: list[str]
    rows: list[list[str]]
    format: str  # "csv" or "xlsx"
    encoding: str | None  # csv only: "utf-8", "utf-8-sig", "cp1252" or "latin-1"
    delimiter: str | None  # csv only: ";", "," or "\t"
    first_row: int = 2
    # The spreadsheet line of every record when blank lines lie between them; None when the
    # records follow each other from first_row.
    lines: tuple[int, ...] | None = field(default=None, repr=False)

    def row_number(self, index):
        """The line the spreadsheet shows for rows[index] (the header being line 1)."""
        if self.lines is not None:
            return self.lines[index]
        return self.first_row + index


def read_table(data, filename=""):
    """The data file's header and records; Invalid with a message the merchant can act on."""
    if not data or not data.strip():
        raise Invalid("The file is empty. Upload a CSV or XLSX file with a header row and records.")
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        if OLE_ENCRYPTED in data:
            raise Invalid(
                "This workbook is protected by a password. Save it again without a password, "
                "or export the sheet as CSV."
            )
        raise Invalid(
            "This is an old Excel workbook (.xls). Save it as an Excel workbook (.xlsx) or as CSV."
        )
    if data.startswith(UTF16_BOMS):
        raise Invalid(
            "This file is Unicode (UTF-16) text. In Excel, save it as "
            '"CSV UTF-8 (comma delimited)" or as an Excel workbook (.xlsx).'
        )
    return _read_csv(data, filename)


# CSV ------------------------------------------------------------------------------------------


def _read_csv(data, filename):
    text, encoding = _decode(data)
    sample = text[:SNIFF_CHARS]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        name = f"{filename} is" if filename else "This file is"
        raise Invalid(f"{name} not a CSV or XLSX file. Upload the spreadsheet as CSV or XLSX.")
    hint = _SEP_HINT.match(text)
    if hint:
        # "sep=;" on the first line names the separator; Excel reads it and does not show it.
        delimiter, text = hint.group(1), text[hint.end() :]
    else:
        delimiter = choose_delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    _check_closed_quotes(text, records)
    # Each CSV record is one spreadsheet row, however many lines its quoted cells span.
    numbered = ((number, record) for number, record in enumerate(records, start=1))
    return _table(numbered, "csv", encoding, delimiter)


def _decode(data):
    """(text, encoding): UTF-8 when the bytes are UTF-8, else what Excel for Windows writes."""
    if data.startswith(UTF8_BOM):
        encoding = "utf-8-sig"
    else:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined; a file holding any of them is not
            # Windows-1252, and Latin-1 reads every byte.
            encoding = "cp1252"
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                encoding = "latin-1"
    text = data.decode(encoding)
    # Line breaks inside cells come as CRLF from some tools and LF from Excel: one form for all.
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def choose_delimiter(text):
    """The separator that splits the first records into as many cells as the header has.

    csv.Sniffer guesses from character frequencies and is misled by commas in French decimals
    and addresses. Here each candidate parses the first records (quotes honoured, so a `;` in a
    quoted address does not count); the winner has the largest share of records with the
    header's cell count, the header having at least two cells; ties go to more columns, then
    to the order `;` (Excel in French), `,`, tab. A file with a single column reads as `,`.
    """
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        counts = [len(record) for record in islice(reader, SNIFF_RECORDS) if record]
        if not counts or counts[0] < 2:
            continue
        records = counts[1:] or counts
        share = sum(count == counts[0] for count in records) / len(records)
        score = (share, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _check_closed_quotes(text, records):
    # A quote left open swallows the rest of the file into one cell: an odd count of quote
    # marks with line breaks in the last cell is that, not a quote used as an inch mark.
    if records and records[-1] and "\n" in records[-1][-1] and text.count('"') % 2:
        raise Invalid(
            f'A quote mark (") opened in row {len(records)} is never closed. '
            "Close it, or save the file again from the spreadsheet."
        )


# XLSX -----------------------------------------------------------------------------------------


def _read_xlsx(data):
    # Imported here: openpyxl is only needed for workbooks, and is slow to import.
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise Invalid(
            "This XLSX file is damaged or incomplete. Save it again from Excel and upload it again."
        ) from None
    if "xl/workbook.xml" not in names:
        raise Invalid(
            "This zip file is not an Excel workbook. Upload the spreadsheet as XLSX or CSV."
        )
    # zipfile stops each part at its declared size, so the declared sizes bound what is read.
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise TooLarge(
            f"This workbook unpacks to {unpacked / 2**20:,.0f} MB; the limit is "
            f"{MAX_XLSX_UNPACKED_BYTES / 2**20:g} MB. Remove unused sheets and pictures, or split "
            "the records into several batches."
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Some programs write a wrong sheet size; without it openpyxl reads every cell there is.
            sheet.reset_dimensions()
            numbered = [(_line(row), [_shown(cell) for cell in row]) for row in sheet.iter_rows()]
        finally:
            workbook.close()
    except Invalid:
        raise
    except Exception:  # openpyxl raises anything from KeyError to XML parse errors on bad parts
        raise Invalid(
            "This XLSX file cannot be read. Open it in Excel, save it again and upload it again."
        ) from None
    return _table(((line, row) for line, row in numbered if line), "xlsx", None, None)


def _line(row):
    """The row's number in the sheet, from its first real cell; None for a row of empty cells."""
    return next((cell.row for cell in row if getattr(cell, "row", None)), None)


def _shown(cell):
    """The cell as the merchant reads it in Excel: 42 not 42.0, 2024-03-01, 01000."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return _shown_number(value, cell.number_format or "General")
    return str(value)


def _shown_number(value, number_format):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int) and _ZERO_PAD.fullmatch(number_format):
        return f"{value:0{len(number_format)}d}"
    decimals = _DECIMALS.fullmatch(number_format)
    if decimals:
        places = len(decimals.group(1) or "")
        if decimals.group(2):
            return f"{value * 100:.{places}f}%"
        return f"{value:.{places}f}"
    if isinstance(value, int):
        return str(value)
    # Excel shows at most 15 significant digits: 0.1 + 0.2 is 0.3 on screen.
    return f"{value:.15g}"


# Both -----------------------------------------------------------------------------------------


def _table(numbered, file_format, encoding, delimiter):
    """Header and records from (line, cells) pairs, blank rows skipped but their lines counted."""
    header_line, header, lines, rows = None, None, [], []
    for line, cells in numbered:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header_line, header = line, cells
            continue
        if len(rows) == MAX_ROWS:
            raise Invalid(
                f"The file has more than {MAX_ROWS:,} records. Split it into several batches."
            )
        lines.append(line)
        rows.append(cells)
    if header is None:
        raise Invalid("The file has no header row. Put the column names in the first row.")
    if not rows:
        raise Invalid("The file has a header row but no records. Add one row per item to print.")
    kept = _named_columns(header, header_line, rows, lines)
    columns = [header[index] for index in kept]
    rows = [[_cell(row, index) for index in kept] for row in rows]
    for row, line in zip(rows, lines, strict=True):
        for name, value in zip(columns, row, strict=True):
            if len(value) > MAX_CELL_CHARS:
                raise Invalid(
                    f"Row {line}, column {name!r} holds {len(value):,} characters; a cell may "
                    f"hold at most {MAX_CELL_CHARS:,}. Check for a quote mark left open."
                )
    first_row = lines[0]
    consecutive = lines[-1] - first_row == len(lines) - 1
    return DataTable(
        columns,
        rows,
        file_format,
        encoding,
        delimiter,
        first_row=first_row,
        lines=None if consecutive else tuple(lines),
    )


def _named_columns(header, header_line, rows, lines):
    """Indexes of the columns to keep; a column without a name is dropped if it is all empty."""
    width = max(len(header), *(len(row) for row in rows))
    kept, seen = [], {}
    for index in range(width):
        name = header[index] if index < len(header) else ""
        if not name:
            filled = next(
                (line for row, line in zip(rows, lines, strict=True) if _cell(row, index)), None
            )
            if filled is not None:
                raise Invalid(
                    f"Column {column_letter(index)} has values (row {filled}) but no name in "
                    f"the header row {header_line}. Name it or delete the column."
                )
            continue
        if name.casefold() in seen:
            raise Invalid(
                f"Two columns are named {name!r} (columns {column_letter(seen[name.casefold()])} "
                f"and {column_letter(index)}). Give each column its own name."
            )
        seen[name.casefold()] = index
        kept.append(index)
    return kept


def _cell(row, index):
    return row[index] if index < len(row) else ""


def column_letter(index):
    """The spreadsheet's letter for a 0-based column index: A, B, … Z, AA…"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
