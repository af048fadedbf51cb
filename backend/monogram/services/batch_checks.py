"""A batch's records against its template: which column fills which field, and what each row
would print wrong, found before any page is rendered."""

import re
import unicodedata
from dataclasses import dataclass

from PIL import Image

from monogram.document.schema import ean13_check_digit
from monogram.errors import Invalid
from monogram.rendering import RenderCache
from monogram.rendering.images import effective_dpi
from monogram.rendering.model import MissingFile
from monogram.rendering.preflight import raster_header
from monogram.rendering.text import layout_text

ERROR = "error"  # the row cannot print as it is; it is fixed or skipped
WARNING = "warning"  # the row prints, not quite as designed
SLOT_KINDS = ("text", "image", "code")
# Required fields: an empty value would print an empty box or no code at all.
REQUIRED_KINDS = ("text", "code")
MAX_QUANTITY = 100_000
# Bytes any QR encoder fits in the largest symbol at level L: version 40-L holds 2956 data
# codewords (23,648 bits); byte mode takes 4 + 16 bits of header, an ECI for UTF-8 12 more,
# then 8 bits a byte: (23,648 - 32) / 8 = 2952. No encoder needs more bytes than UTF-8 gives.
QR_CERTAIN_BYTES = 2952
# Messages quote a value up to this length, and the start of a longer one.
QUOTED_CHARS = 40

_PRINTABLE_ASCII = re.compile(r"[ -~]+")
_WHOLE_NUMBER = re.compile(r"\d+")
# What Excel makes of a long number in a General cell: 3.01234E+12, or 3,01234E+12 in French.
_SCIENTIFIC = re.compile(r"\d[.,]\d+E\+\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Slot:
    """A template field: the first object that carries it, and every object that does.

    kind is "text", "image" or "code"; obj and area are the first object and its area id;
    places lists (area id, object) for every object with the field, the first included, in
    document order: the same value fills them all.
    """

    field: str
    kind: str
    obj: dict
    area: str
    places: tuple = ()


@dataclass(frozen=True)
class RowIssue:
    """One thing wrong with one record: row is the spreadsheet line, record the 1-based index."""

    row: int
    record: int
    field: str
    column: str
    severity: str  # "error" or "warning"
    code: str
    message: str

    def to_dict(self):
        return {
            "row": self.row,
            "record": self.record,
            "field": self.field,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def template_slots(document):
    """Field name → Slot for every text, image and code object with a field, in document order."""
    slots = {}
    for surface in document["surfaces"]:
        for obj in surface["objects"]:
            name = obj.get("field")
            if not name or obj["type"] not in SLOT_KINDS:
                continue
            place = (surface["area"], obj)
            slot = slots.get(name)
            if slot is None:
                slots[name] = Slot(name, obj["type"], obj, surface["area"], (place,))
            else:
                slots[name] = Slot(name, slot.kind, slot.obj, slot.area, (*slot.places, place))
    return slots


def field_key(name):
    """A column or field name as matching compares it: "E-mail", "e_mail" and "E mail" alike."""
    return re.sub(r"[\s_-]+", "", name).casefold()


def resolve_mapping(columns, slots, mapping=None):
    """Field → column: the merchant's mapping first, then the column of the same name.

    A mapping value of None or "" leaves the field unmapped (an image slot then keeps the
    template's image). Raises Invalid listing unknown fields, unknown columns and text or code
    fields no column fills.
    """
    mapping = mapping or {}
    errors = []
    for name, column in mapping.items():
        if name not in slots:
            known = ", ".join(slots) or "none"
            errors.append(
                _fault(name, f"The template has no field {name!r}; its fields are {known}.")
            )
        elif column and column not in columns:
            errors.append(
                _fault(name, f"The file has no column {column!r}; it has {_listed(columns)}.")
            )
    if errors:
        raise Invalid(
            "The column mapping names fields or columns that do not exist.", errors=errors
        )
    resolved, ambiguous = {}, set()
    for name in slots:
        if name in mapping:
            if mapping[name]:
                resolved[name] = mapping[name]
            continue
        same = [column for column in columns if field_key(column) == field_key(name)]
        exact = [column for column in same if column == name]
        if len(same) == 1 or exact:
            resolved[name] = (exact or same)[0]
        elif same:
            ambiguous.add(name)
            message = f"Columns {_listed(same)} could both fill field {name!r}; map one of them."
            errors.append(_fault(name, message))
    unmapped = [
        name
        for name, slot in slots.items()
        if name not in resolved and name not in ambiguous and _required(slot)
    ]
    errors.extend(
        _fault(name, f"Map a column to field {name!r}; the file has {_listed(columns)}.")
        for name in unmapped
    )
    if errors:
        what = _listed(unmapped or sorted(ambiguous))
        raise Invalid(
            f"Map a column to field {what}: no single column has that name.", errors=errors
        )
    return resolved


def _fault(name, message):
    return {"path": f"/mapping/{name}", "message": message}


def _listed(names):
    return ", ".join(repr(name) for name in names)


def _required(slot):
    return any(obj["type"] in REQUIRED_KINDS for _, obj in slot.places or ((slot.area, slot.obj),))


def check_rows(
    table, slots, mapping, *, fonts, assets, quantity_column=None, cache=None, product=None
):
    """Every issue of every record, by row and then in the template's field order.

    fonts maps a font id to a FontFile (raising MissingFile when it is gone); assets maps an
    image value to an AssetFile, or None when no asset has that name. product, when given, lends
    its areas' min_dpi to image slots that set none.
    """
    quantity_column = quantity_column or None
    if quantity_column is not None and quantity_column not in table.columns:
        raise Invalid(
            f"The file has no quantity column {quantity_column!r}.",
            errors=[{"path": "/quantity_column", "message": "Choose one of the file's columns."}],
        )
    checker = _Checker(fonts, assets, cache or RenderCache(), product)
    fields = [
        (slots[name], name, mapping[name], table.columns.index(mapping[name]))
        for name in slots
        if name in mapping
    ]
    quantity_index = None if quantity_column is None else table.columns.index(quantity_column)
    issues = []
    for index, row in enumerate(table.rows):
        where = (table.row_number(index), index + 1)
        for slot, name, column, column_index in fields:
            found = checker.value_issue(slot, row[column_index])
            if found:
                issues.append(RowIssue(*where, name, column, *found))
        if quantity_index is not None:
            found = _quantity_issue(row[quantity_index])
            if found:
                issues.append(RowIssue(*where, "", quantity_column, *found))
    return issues


def summary(issues, total):
    """Counts for the report: records, valid ones, those with an error, and warnings given."""
    invalid = len({issue.record for issue in issues if issue.severity == ERROR})
    return {
        "records": total,
        "valid": total - invalid,
        "invalid": invalid,
        "warnings": sum(issue.severity == WARNING for issue in issues),
    }


def _error(code, message):
    return ERROR, code, message


def _warning(code, message):
    return WARNING, code, message


class _Checker:
    """Checks one value against its slot, remembering answers for values seen before."""

    def __init__(self, fonts, assets, cache, product):
        self.fonts, self.assets, self.cache, self.product = fonts, assets, cache, product
        self.answers = {}  # (field, value) → (severity, code, message) or None
        self.font_files = {}

    def value_issue(self, slot, value):
        """(severity, code, message) of the first problem the value has in the slot, or None."""
        key = (slot.field, value)
        if key not in self.answers:
            self.answers[key] = self._issue(slot, value)
        return self.answers[key]

    def _issue(self, slot, value):
        places = slot.places or ((slot.area, slot.obj),)
        kinds = [obj["type"] for _, obj in places]
        if not value:
            if any(kind in REQUIRED_KINDS for kind in kinds):
                return _error("empty_required", f"Field {slot.field!r} is empty; fill it in.")
            return None  # an empty image slot keeps the template's image
        if "text" in kinds:
            found = _too_long([obj for _, obj in places if obj["type"] == "text"], value)
            if found:
                return found
        warning = None
        for area, obj in places:
            if obj["type"] == "text":
                found = self._fit(obj, value)
            elif obj["type"] == "code":
                found = _code_issue(obj["symbology"], value)
            else:
                found = self._image(obj, area, value)
            if found and found[0] == ERROR:
                return found
            warning = warning or found
        return warning

    # Text -------------------------------------------------------------------------------------

    def _fit(self, obj, value):
        """The batch's overflow rule: set with the object's fit, else shrunk, else an error."""
        font = self._font(obj)
        layout = layout_text({**obj, "text": value}, font, self.cache)
        if not layout.overflows:
            return None
        if obj.get("fit") != "shrink":
            layout = layout_text({**obj, "text": value, "fit": "shrink"}, font, self.cache)
        if layout.overflows:
            return _error(
                "overflow",
                f"{_quoted(value)} does not fit in its box, even at the smallest size "
                f"({layout.size:g} pt). Shorten it.",
            )
        return _warning(
            "shrunk",
            f"{_quoted(value)} is too long for its box at {obj['size']:g} pt; it is shrunk to "
            f"{layout.size:g} pt. Shorten it to keep the template's size.",
        )

    def _font(self, obj):
        font_id = obj["font"]
        if font_id not in self.font_files:
            try:
                self.font_files[font_id] = self.fonts(font_id)
            except MissingFile:
                raise Invalid(
                    f"The font of field {obj['field']!r} is no longer available. "
                    "Choose another font in the template."
                ) from None
        return self.font_files[font_id]

    # Images -----------------------------------------------------------------------------------

    def _image(self, obj, area, value):
        asset = self.assets(value)
        if asset is None:
            return _error(
                "missing_asset",
                f"There is no image {_quoted(value)}. Upload it, or correct the name.",
            )
        minimum = obj.get("min_dpi") or self._area_min_dpi(area)
        if asset.kind != "raster" or not minimum:
            return None
        try:
            width, height, _ = raster_header(asset, self.cache)
        except (OSError, Image.DecompressionBombError):
            return _error(
                "missing_asset", f"The image {_quoted(value)} cannot be read. Upload it again."
            )
        dpi = round(min(effective_dpi(obj, width, height)), 6)
        if dpi >= minimum:
            return None
        # Never "149.6 → 150 dpi, needs 150": the figure shown stays below the minimum.
        shown = min(round(dpi), minimum - 1)
        return _warning(
            "low_resolution",
            f"The image {_quoted(value)} is only {shown} dpi at its printed size; "
            f"it needs {minimum} dpi to print sharp. Use a larger image.",
        )

    def _area_min_dpi(self, area):
        if self.product is None:
            return None
        try:
            return self.product.area(area).min_dpi
        except KeyError:
            return None


def _too_long(objects, value):
    # Line breaks are layout, not text; NFC counts an accent typed as two code points once.
    count = len(unicodedata.normalize("NFC", value).replace("\n", ""))
    limits = [obj["max_chars"] for obj in objects if obj.get("max_chars")]
    if limits and count > min(limits):
        return _error(
            "too_long",
            f"{_quoted(value)} has {count} characters; this field takes at most {min(limits)}. "
            "Shorten it.",
        )
    return None


def _code_issue(symbology, value):
    if symbology == "qr":
        return _qr_issue(value)
    if symbology == "code128":
        if not _PRINTABLE_ASCII.fullmatch(value):
            return _error(
                "invalid_code",
                f"{_quoted(value)} cannot go in a Code 128 barcode: it takes printable ASCII "
                "only, no accents, emoji or line breaks.",
            )
        return None
    return _ean13_issue(value)


def _ean13_issue(value):
    if _SCIENTIFIC.fullmatch(value):
        return _error(
            "invalid_code",
            f"{_quoted(value)} is not an EAN-13 number: the spreadsheet shows it in scientific "
            "notation. Format the column as text and type the 13 digits.",
        )
    if not value.isascii() or not value.isdigit() or len(value) not in (12, 13):
        return _error(
            "invalid_code",
            f"{_quoted(value)} is not an EAN-13 number: it takes 12 digits (the check digit is "
            "added) or 13 digits.",
        )
    check = ean13_check_digit(value[:12])
    if len(value) == 13 and value[12] != check:
        return _error(
            "invalid_code",
            f"EAN-13 {value} has a wrong check digit: it should end in {check}, not "
            f"{value[12]}. Check the number.",
        )
    return None


def _qr_issue(value):
    if len(value.encode()) <= QR_CERTAIN_BYTES:
        return None  # fits, by the arithmetic above: encoding costs half a millisecond a value
    # Imported here: only a value near the capacity needs the encoder's own answer.
    import zxingcpp

    try:
        # Level L holds the most data; a value that does not fit at L fits no QR code.
        zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level="L")
    except ValueError:
        return _error(
            "invalid_code",
            f"{_quoted(value)} is too long for a QR code ({len(value)} characters). "
            "Shorten it, for example with a short link.",
        )
    return None


def _quantity_issue(value):
    if _WHOLE_NUMBER.fullmatch(value) and 1 <= int(value) <= MAX_QUANTITY:
        return None
    shown = _quoted(value) if value else "an empty cell"
    return _error(
        "bad_quantity",
        f"The quantity is {shown}; it must be a whole number from 1 to {MAX_QUANTITY:,}.",
    )


def _quoted(value):
    """The value as messages name it: on one line, its start only when it is long."""
    value = value.replace("\n", " ")
    if len(value) > QUOTED_CHARS:
        value = value[: QUOTED_CHARS - 1] + "…"
    return repr(value)
