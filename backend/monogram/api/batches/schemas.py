"""Batch schemas."""

import json

import marshmallow as ma
from marshmallow import fields, validate

from monogram.api.assets.schemas import FileUpload
from monogram.api.common import StrictSchema, described
from monogram.models.batch import BATCH_STATUSES
from monogram.services.batches import CHUNK_SIZES, SHEETS

_QUANTITY = validate.Range(1, 100_000)


class JsonField(fields.Field):
    """A JSON text in a multipart form field, read as its value and checked by a schema."""

    def __init__(self, schema=None, example="", **kwargs):
        super().__init__(**kwargs)
        self.schema = schema
        self.example = example

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ma.ValidationError(f"Must be JSON, e.g. {self.example}.") from None
        if self.schema is not None:
            return self.schema().load(value)
        return value


class MappingField(JsonField):
    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ma.ValidationError('Must map field names to column names, e.g. {"name": "Nom"}.')
        return value


class ImpositionSchema(StrictSchema):
    sheet = described(
        fields.Raw,
        f"Sheet: one of {', '.join(SHEETS)}, or [width, height] in mm",
        required=True,
    )
    gap = described(fields.Float, "Gap between cells in mm", validate=validate.Range(0, 50))
    marks = described(fields.Boolean, "Crop marks at every cell's trim corners (default true)")
    mode = described(
        fields.String,
        "n-up: records follow each other on the sheet; step-and-repeat: each record fills "
        "its own sheets",
        validate=validate.OneOf(["n-up", "step-and-repeat"]),
    )

    @ma.validates("sheet")
    def _sheet(self, value, **kwargs):
        if isinstance(value, str) and value in SHEETS:
            return
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and 20 <= v <= 2000 for v in value)
        ):
            return
        raise ma.ValidationError(f"Use {', '.join(SHEETS)} or [width, height] in mm (20–2000).")


class _OptionsSchema(StrictSchema):
    name = described(fields.String, "Name shown in lists", validate=validate.Length(1, 200))
    mapping = described(
        MappingField,
        'Field → column, as JSON, e.g. {"name": "Nom"}; fields default to the column of the '
        "same name",
        example='{"name": "Nom"}',
    )
    quantity = described(
        fields.Integer, "Copies of every record (default 1)", strict=False, validate=_QUANTITY
    )
    quantity_column = described(fields.String, "Column holding each record's number of copies")
    zip = described(fields.Boolean, "Also make a zip with one PDF per record")
    zip_name_column = described(fields.String, "Column that names each record's PDF in the zip")
    imposition = described(
        JsonField,
        "N-up or step-and-repeat on a sheet, as JSON",
        schema=ImpositionSchema,
        example='{"sheet": "SRA3", "gap": 4}',
    )


class BatchCreateSchema(_OptionsSchema):
    template = described(fields.String, "Template id (tpl_…)", required=True)
    file = described(
        FileUpload,
        "The data: CSV (UTF-8, UTF-8 with BOM, Latin-1 or Windows-1252; , ; or tab separated) "
        "or XLSX; the first row names the columns",
        required=True,
    )
    start = described(fields.Boolean, "Render as soon as validation finds no error")
    skip_invalid = described(fields.Boolean, "With start: render leaving out records with errors")
    chunk_size = described(
        fields.Integer,
        "Records rendered per checkpoint (default 500)",
        strict=False,
        validate=validate.Range(*CHUNK_SIZES),
    )


class BatchDataSchema(_OptionsSchema):
    file = described(FileUpload, "A corrected data file; the batch's own when left out")


class RenderSchema(StrictSchema):
    skip_invalid = described(
        fields.Boolean, "Leave out the records with errors (otherwise they refuse the render)"
    )


class ReportArgsSchema(StrictSchema):
    severity = described(
        fields.String, "error or warning", validate=validate.OneOf(["error", "warning"])
    )
    offset = described(fields.Integer, "Skip this many issues", validate=validate.Range(0))
    limit = described(fields.Integer, "At most this many issues", validate=validate.Range(1, 1000))


class IssueSchema(ma.Schema):
    row = described(fields.Integer, "Line in the spreadsheet (the header is line 1)")
    record = described(fields.Integer, "Record number, 1 for the first data row")
    field = described(fields.String, "Template field")
    column = described(fields.String, "Column of the data file")
    severity = described(fields.String, "error (the record cannot be rendered) or warning")
    code = described(
        fields.String,
        "too_long, overflow, shrunk, missing_asset, invalid_code, empty_required, "
        "low_resolution, bad_quantity",
    )
    message = described(fields.String, "What is wrong and what to do")


class ReportSchema(ma.Schema):
    issues = described(fields.List, "Issues, by row", fields.Nested(IssueSchema))
    total = described(fields.Integer, "Issues matching the filter")


class DataFormatSchema(ma.Schema):
    format = described(fields.String, "csv or xlsx")
    encoding = described(fields.String, "Detected text encoding (CSV)", allow_none=True)
    delimiter = described(fields.String, "Detected separator (CSV)", allow_none=True)
    records = described(fields.Integer, "Data rows")


class SummarySchema(ma.Schema):
    records = described(fields.Integer, "Records in the file")
    valid = described(fields.Integer, "Records without error")
    invalid = described(fields.Integer, "Records with at least one error")
    warnings = described(fields.Integer, "Warnings")


class ProgressSchema(ma.Schema):
    done = described(fields.Integer, "Records rendered")
    total = described(fields.Integer, "Records to render")
    percent = described(fields.Float, "done / total, in %")
    rate = described(fields.Float, "Records per second over the last chunks", allow_none=True)
    eta_seconds = described(fields.Integer, "Seconds left at that rate", allow_none=True)


class BatchFileSchema(ma.Schema):
    url = described(fields.String, "Download address (secret key)")
    bytes = described(fields.Integer, "Size")
    sha256 = described(fields.String, "Checksum")


class BatchSchema(ma.Schema):
    id = described(fields.String, "Batch id (bat_…)")
    template = described(fields.String, "Template id", attribute="template_id")
    name = described(fields.String, "Name")
    status = described(fields.String, " → ".join(BATCH_STATUSES[:4]) + "; or failed, cancelled")
    data_filename = described(fields.String, "The data file's name")
    data_format = described(fields.Nested, "What was detected in the file", nested=DataFormatSchema)
    columns = described(fields.List, "Columns of the file", fields.String())
    mapping = described(fields.Dict, "Field → column used")
    quantity = described(fields.Integer, "Copies of every record")
    quantity_column = described(fields.String, "Column of copies", allow_none=True)
    options = described(fields.Dict, "zip, zip_name_column, imposition, start, skip_invalid")
    summary = described(fields.Nested, "Validation counts", nested=SummarySchema)
    report = described(
        fields.List, "The first issues (all at /report)", fields.Nested(IssueSchema)
    )
    report_total = described(fields.Integer, "Issues in all")
    progress = described(fields.Nested, "Rendering progress", nested=ProgressSchema)
    pages = described(fields.Integer, "Pages of print.pdf")
    files = described(
        fields.Dict,
        "print.pdf and records.zip once ready",
        keys=fields.String(),
        values=fields.Nested(BatchFileSchema),
    )
    reason = described(fields.String, "Why it failed or stopped", allow_none=True)
    created_at = described(fields.DateTime, "Created")
    updated_at = described(fields.DateTime, "Last change")
