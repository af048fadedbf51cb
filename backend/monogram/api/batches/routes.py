"""/v1/batches: a template merged with a spreadsheet into thousands of personalised items."""

from flask import Response, stream_with_context, url_for
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from monogram.api.assets.routes import upload_too_large
from monogram.api.batches.schemas import (
    BatchCreateSchema,
    BatchDataSchema,
    BatchSchema,
    RenderSchema,
    ReportArgsSchema,
    ReportSchema,
)
from monogram.api.common import Blueprint, file_doc
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import batches
from monogram.services.assets import clean_filename

blp = Blueprint(
    "batches",
    __name__,
    url_prefix="/v1/batches",
    description="Variable-data batches: a template filled from a CSV or XLSX file, row by row.",
)
blp.register_error_handler(RequestEntityTooLarge, upload_too_large)

FILES = {"print.pdf": "application/pdf", "records.zip": "application/zip"}
STREAM_BYTES = 1 << 20


def view(batch):
    report, total = batches.report_page(batch)
    return {
        "id": batch.id,
        "template_id": batch.template_id,
        "name": batch.name,
        "status": batch.status,
        "data_filename": batch.data_filename,
        "data_format": batch.data_format,
        "columns": batch.columns,
        "mapping": batch.mapping,
        "quantity": batch.quantity,
        "quantity_column": batch.quantity_column,
        "options": batch.options,
        "summary": batch.summary,
        "report": report,
        "report_total": total,
        "progress": batches.progress(batch),
        "pages": batch.pages,
        "files": {
            name: {
                "url": url_for("batches.BatchFile", batch_id=batch.id, name=name),
                "bytes": entry["bytes"],
                "sha256": entry["sha256"],
            }
            for name, entry in (batch.files or {}).items()
        },
        "reason": batch.reason,
        "created_at": batch.created_at,
        "updated_at": batch.updated_at,
    }


@blp.route("")
class Batches(MethodView):
    @auth.secret_key
    @blp.response(200, BatchSchema(many=True))
    def get(self):
        """List batches, newest first"""
        return [view(b) for b in batches.list_batches(auth.caller().merchant_id)]

    @auth.secret_key
    @blp.arguments(BatchCreateSchema, location="files")
    @blp.response(202, BatchSchema)
    def post(self, form):
        """Create a batch from a template and a data file; every row is validated in the
        background (status validating → validated, with a report per row)"""
        upload = form.pop("file")
        batch = batches.create_batch(
            auth.caller().merchant_id,
            form.pop("template"),
            upload.read(),
            clean_filename(upload.filename),
            form,
        )
        db.session.commit()
        return view(batch)


@blp.route("/<batch_id>")
class BatchById(MethodView):
    @auth.secret_key
    @blp.response(200, BatchSchema)
    def get(self, batch_id):
        """Get a batch: its validation summary, first issues, progress and files"""
        return view(batches.batch_of(auth.caller().merchant_id, batch_id))


@blp.route("/<batch_id>/data")
class BatchData(MethodView):
    @auth.secret_key
    @blp.arguments(BatchDataSchema, location="files")
    @blp.response(202, BatchSchema)
    def put(self, form, batch_id):
        """Send a corrected data file or mapping; the batch is validated again"""
        upload = form.pop("file", None)
        batch = batches.replace_data(
            auth.caller().merchant_id,
            batch_id,
            upload.read() if upload else None,
            clean_filename(upload.filename) if upload else None,
            form,
        )
        db.session.commit()
        return view(batch)


@blp.route("/<batch_id>/report")
class BatchReport(MethodView):
    @auth.secret_key
    @blp.arguments(ReportArgsSchema, location="query")
    @blp.response(200, ReportSchema)
    def get(self, args, batch_id):
        """The validation report, row by row, paged"""
        batch = batches.batch_of(auth.caller().merchant_id, batch_id)
        issues, total = batches.report_page(
            batch, args.get("severity"), args.get("offset", 0), args.get("limit", 1000)
        )
        return {"issues": issues, "total": total}


@blp.route("/<batch_id>/render")
class BatchRender(MethodView):
    @auth.secret_key
    @blp.arguments(RenderSchema)
    @blp.response(202, BatchSchema)
    @blp.alt_response(409, description="Records have errors, or the batch is not validated")
    def post(self, args, batch_id):
        """Render a validated batch (asking twice renders once)"""
        batch = batches.start_rendering(
            auth.caller().merchant_id, batch_id, args.get("skip_invalid", False)
        )
        db.session.commit()
        return view(batch)


@blp.route("/<batch_id>/cancel")
class BatchCancel(MethodView):
    @auth.secret_key
    @blp.response(200, BatchSchema)
    def post(self, batch_id):
        """Cancel a batch; a rendering one stops after its current chunk"""
        batch = batches.cancel(auth.caller().merchant_id, batch_id)
        db.session.commit()
        return view(batch)


@blp.route("/<batch_id>/files/<name>")
class BatchFile(MethodView):
    @auth.secret_key
    @blp.doc(**file_doc("print.pdf or records.zip", *FILES.values()))
    def get(self, batch_id, name):
        """Download print.pdf (every record's pages, in data order) or records.zip"""
        batch, entry, handle = batches.open_file(auth.caller().merchant_id, batch_id, name)

        def chunks():
            try:
                yield from iter(lambda: handle.read(STREAM_BYTES), b"")
            finally:
                handle.close()

        response = Response(stream_with_context(chunks()), mimetype=FILES.get(name))
        response.headers["Content-Length"] = str(entry["bytes"])
        response.headers["Content-Disposition"] = f'attachment; filename="{batch.id}-{name}"'
        response.set_etag(entry["sha256"])
        return response
