"""Batches: a template merged with a spreadsheet — validated per row, rendered chunk by chunk.

A batch's worker takes a lease on it and renews it after every chunk. The chunks it finished are
rows of batch_chunks with their pages in storage, so a worker killed mid-batch costs at most the
chunk it was on: the next one skips the finished chunks, renders the rest, and assembles every
chunk in data order into one print file.
"""

import dataclasses
import functools
import hashlib
import logging
import os
import re
import socket
import tempfile
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from monogram.errors import Conflict, Invalid, NotFound, TooLarge
from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.extensions.storage import storage
from monogram.models import Asset, Batch, BatchChunk, Product, Template
from monogram.models.base import utcnow
from monogram.rendering import MissingFile, RenderCache
from monogram.services import batch_checks, batch_data, batch_pool
from monogram.services.lookup import owned
from monogram.services.resolving import StorageResolver, render_product

log = logging.getLogger(__name__)

CHUNK_SIZE = 500
CHUNK_SIZES = (10, 5000)
SHEETS = {"A4": (210, 297), "A3": (297, 420), "SRA3": (320, 450), "SRA4": (225, 320)}
# What a batch's GET shows of its report; the whole report is paged at /report.
REPORT_PREVIEW = 200
# Rate and ETA are measured over the last few chunks: a resumed batch's pause does not count.
RATE_CHUNKS = 5
FINISHED = ("ready", "failed", "cancelled")
PDF = "application/pdf"


def storage_prefix(batch_id):
    return f"batches/{batch_id}"


def batch_of(merchant_id, batch_id):
    return owned(Batch, batch_id, merchant_id)


def list_batches(merchant_id, limit=100):
    return db.session.scalars(
        sa.select(Batch)
        .where(Batch.merchant_id == merchant_id)
        .order_by(Batch.created_at.desc(), Batch.id)
        .limit(limit)
    ).all()


def create_batch(merchant_id, template_id, data, filename, form):
    """Read the file and its mapping now (a bad one is a 422 and nothing is kept), then
    validate every row in the background."""
    template = owned(Template, template_id, merchant_id)
    if template.archived_at is not None:
        raise Conflict("This template is archived; restore it or choose another.")
    table, mapping = _read(template.document, data, filename, form)
    batch = Batch(
        merchant_id=merchant_id,
        template_id=template.id,
        document=template.document,
        name=form.get("name") or Path(filename or "data").stem[:200],
        data_key="",
        options=_options(form, table),
        chunk_size=form.get("chunk_size") or CHUNK_SIZE,
    )
    db.session.add(batch)
    db.session.flush()
    _set_data(batch, table, mapping, data, filename, form)
    _queue_validation(batch)
    return batch


def replace_data(merchant_id, batch_id, data, filename, form):
    """A fixed file or mapping: validate again. Rendering or rendered batches keep theirs."""
    batch = batch_of(merchant_id, batch_id)
    if batch.status in ("rendering", "ready"):
        raise Conflict(f"This batch is {batch.status}; start a new batch for new data.")
    if data is None:
        data = storage().get(batch.data_key)
        filename = batch.data_filename
    form = {
        "mapping": batch.requested_mapping or None,
        "quantity": batch.quantity,
        "quantity_column": batch.quantity_column,
        **{key: value for key, value in form.items() if value is not None},
    }
    table, mapping = _read(batch.document, data, filename, form)
    batch.options = {**batch.options, **_options(form, table)}
    _set_data(batch, table, mapping, data, filename, form)
    batch.report, batch.summary, batch.reason = [], {}, None
    batch.status = "validating"
    _queue_validation(batch)
    return batch


def _read(document, data, filename, form):
    if len(data) > current_app.config["MONOGRAM"].MAX_BATCH_DATA_BYTES:
        raise TooLarge("The data file is too large; split it into several batches.")
    table = batch_data.read_table(data, filename or "")
    slots = batch_checks.template_slots(document)
    if not slots:
        raise Invalid("This template has no fields: a batch fills a template's fields.")
    mapping = batch_checks.resolve_mapping(table.columns, slots, form.get("mapping") or None)
    named = (("quantity_column", "for the quantity"), ("zip_name_column", "to name the PDFs"))
    for key, use in named:
        column = (form.get(key) or "").strip()
        if column and column not in table.columns:
            raise Invalid(
                f"No column {column!r} in the file {use}.",
                errors=[{"path": f"/{key}", "message": f"Columns: {', '.join(table.columns)}"}],
            )
    return table, mapping


def _options(form, table):
    options = {}
    if form.get("zip") is not None:
        options["zip"] = bool(form["zip"])
    if form.get("zip_name_column") is not None:
        options["zip_name_column"] = form["zip_name_column"] or None
    if form.get("imposition") is not None:
        options["imposition"] = form["imposition"] or None
    if form.get("start") is not None:
        options["start"] = bool(form["start"])
    if form.get("skip_invalid") is not None:
        options["skip_invalid"] = bool(form["skip_invalid"])
    return options


def _set_data(batch, table, mapping, data, filename, form):
    digest = hashlib.sha256(data).hexdigest()[:16]
    suffix = "xlsx" if table.format == "xlsx" else "csv"
    batch.data_key = f"{storage_prefix(batch.id)}/data-{digest}.{suffix}"
    storage().put(batch.data_key, data, "application/octet-stream")
    batch.data_filename = (filename or f"data.{suffix}")[:255]
    batch.data_format = {
        "format": table.format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "records": len(table.rows),
    }
    batch.columns = list(table.columns)
    batch.mapping = mapping
    batch.requested_mapping = form.get("mapping") or {}
    batch.quantity = form.get("quantity") or 1
    batch.quantity_column = form.get("quantity_column") or None


def _queue_validation(batch):
    queue.enqueue("batch", "monogram.jobs.batches.validate", batch.id, timeout=1800)


# Validation, in a job: every row checked against the template's rules.


def validate(batch_id):
    batch = db.session.get(Batch, batch_id)
    if batch is None or batch.status != "validating":
        return
    try:
        _validate(batch)
    except Exception:
        db.session.rollback()
        log.exception("validating batch %s failed", batch_id)
        batch = db.session.get(Batch, batch_id)
        batch.status = "failed"
        batch.reason = "Validation failed; send the file again, and contact support if it fails."
    db.session.commit()


def _validate(batch):
    resolver = StorageResolver(batch.merchant_id)
    table = batch_data.read_table(storage().get(batch.data_key), batch.data_filename)
    slots = batch_checks.template_slots(batch.document)
    issues = batch_checks.check_rows(
        table,
        slots,
        batch.mapping,
        fonts=functools.lru_cache(maxsize=64)(resolver.font),
        assets=_asset_finder(batch.merchant_id, resolver),
        quantity_column=batch.quantity_column,
        cache=RenderCache(),
        product=render_product(_product_of(batch)),
    )
    batch.report = [dataclasses.asdict(issue) for issue in issues]
    batch.summary = batch_checks.summary(issues, len(table.rows))
    batch.status = "validated"
    skip = batch.options.get("skip_invalid")
    if batch.options.get("start") and batch.summary["valid"] and (
        skip or not batch.summary["invalid"]
    ):
        _start(batch, skip_invalid=bool(skip))


def _asset_finder(merchant_id, resolver):
    """A cell names an image by asset id or by the file name it was uploaded with."""

    @functools.lru_cache(maxsize=256)
    def find(value):
        asset_id = value if value.startswith("ast_") else _asset_named(merchant_id, value)
        if asset_id is None:
            return None
        try:
            return resolver.asset(asset_id)
        except MissingFile:
            return None

    return find


def _asset_named(merchant_id, filename):
    return db.session.scalar(
        sa.select(Asset.id)
        .where(Asset.merchant_id == merchant_id, Asset.filename == filename)
        .order_by(Asset.created_at.desc())
        .limit(1)
    )


# Rendering.


def start_rendering(merchant_id, batch_id, skip_invalid=False):
    batch = batch_of(merchant_id, batch_id)
    if batch.status == "rendering" or (batch.status == "ready"):
        return batch  # asked twice: one rendering
    if batch.status != "validated":
        raise Conflict(
            f"This batch is {batch.status}; "
            + ("wait for its validation to finish." if batch.status == "validating" else
               "start a new batch.")
        )  # fmt: skip
    invalid = batch.summary.get("invalid", 0)
    if invalid and not skip_invalid:
        raise Conflict(
            f"{invalid} record(s) have errors: fix the file and send it again, "
            "or render with skip_invalid to leave them out."
        )
    _start(batch, skip_invalid)
    return batch


def _start(batch, skip_invalid):
    bad = _error_records(batch) if skip_invalid else set()
    batch.total = batch.data_format.get("records", 0) - len(bad)
    if batch.total <= 0:
        raise Conflict("No record is left to render: every record has errors.")
    batch.options = {**batch.options, "skip_invalid": bool(skip_invalid)}
    batch.status = "rendering"
    batch.done = 0
    batch.render_started_at = utcnow()
    _queue_render(batch)


def _queue_render(batch):
    queue.enqueue(
        "batch", "monogram.jobs.batches.render", batch.id, timeout=6 * 3600, retries=0,
        job_id=f"batch-{batch.id}",
    )  # fmt: skip


def _error_records(batch):
    return {issue["record"] for issue in batch.report if issue["severity"] == "error"}


def cancel(merchant_id, batch_id):
    batch = batch_of(merchant_id, batch_id)
    if batch.status in ("ready", "failed"):
        raise Conflict(f"This batch is already {batch.status}.")
    if batch.status != "cancelled":
        batch.status = "cancelled"
        batch.cancel_requested = True
        batch.reason = "Cancelled."
    return batch


def _lease_seconds():
    return current_app.config["MONOGRAM"].BATCH_LEASE_SECONDS


def _take_lease(batch_id, owner):
    """Hold the batch for this worker, unless another live worker holds it."""
    now = utcnow()
    taken = db.session.execute(
        sa.update(Batch)
        .where(
            Batch.id == batch_id,
            Batch.status == "rendering",
            sa.or_(
                Batch.lease_until.is_(None), Batch.lease_until < now, Batch.lease_owner == owner
            ),
        )
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=_lease_seconds()))
    ).rowcount
    db.session.commit()
    return taken == 1


def render(batch_id):
    """Render what is left of a batch chunk by chunk, assembling the print file as they come."""
    from monogram.rendering.batch_pdf import BatchLayout, Record

    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    if not _take_lease(batch_id, owner):
        return
    batch = db.session.get(Batch, batch_id)
    try:
        resolver = StorageResolver(batch.merchant_id)
        layout = BatchLayout(
            batch.document, render_product(_product_of(batch)), resolver,
            label=f"Batch {batch.id}", cache=RenderCache(),
        )  # fmt: skip
        # The data file is read once: records and the zip's file names both come from it.
        table = batch_data.read_table(storage().get(batch.data_key), batch.data_filename)
        records = list(_records(batch, table, resolver, Record))
        layout.trust_assets(
            {value for record in records for value in record.values.values()
             if value.startswith("ast_")}
        )  # fmt: skip
        try:
            # The print file is written as the chunks come, in order, while the helpers render
            # the next ones: assembling costs no time of its own at the end.
            blobs = _chunk_blobs(batch, owner, layout, records)
            _assemble(batch, layout, table, records, blobs)
        except _Stopped:
            return
        batch.status = "ready"
        batch.rendered_at = utcnow()
        batch.lease_owner = batch.lease_until = None
        db.session.commit()
        _drop_chunks(batch)
    except Exception as error:
        db.session.rollback()
        batch = db.session.get(Batch, batch_id)
        if batch.status == "rendering" and batch.lease_owner == owner:
            log.exception("batch %s failed", batch_id)
            batch.status = "failed"
            batch.reason = _reason(error)
            batch.lease_owner = batch.lease_until = None
            db.session.commit()
        raise


class _Stopped(Exception):
    """The batch was cancelled, or another worker took it over: this worker stops."""


def _chunk_blobs(batch, owner, layout, records):
    """Every chunk's blob in data order: finished ones from storage, the others rendered now,
    each stored and recorded before it is handed on, so a crash loses at most the chunks in
    flight."""
    stored = dict(
        db.session.execute(
            sa.select(BatchChunk.position, BatchChunk.storage_key).where(
                BatchChunk.batch_id == batch.id
            )
        ).all()
    )
    chunks = [records[start : start + batch.chunk_size]
              for start in range(0, len(records), batch.chunk_size)]  # fmt: skip
    todo = [position for position in range(len(chunks)) if position not in stored]
    # rq's work horse is a process of its own, safe to fork; a web process with its threads
    # (jobs in-process, without Redis) renders in the one thread it runs the job on.
    workers = 1 if queue.in_process else None
    rendered = batch_pool.render_chunks(layout, (chunks[p] for p in todo), workers)
    try:
        for position, chunk in enumerate(chunks):
            if position in stored:
                yield storage().get(stored[position])
                continue
            blob = next(rendered)
            if not _still_ours(batch, owner):
                raise _Stopped
            key = f"{storage_prefix(batch.id)}/chunks/{position:06d}.chunk"
            storage().put(key, blob, "application/octet-stream")
            db.session.add(
                BatchChunk(
                    batch_id=batch.id, position=position, first_record=chunk[0].number,
                    records=len(chunk), storage_key=key,
                )
            )  # fmt: skip
            batch.done = min(batch.total, batch.done + len(chunk))
            batch.lease_until = utcnow() + timedelta(seconds=_lease_seconds())
            db.session.commit()
            yield blob
        if not _still_ours(batch, owner):
            raise _Stopped
    finally:
        rendered.close()


def _product_of(batch):
    template = db.session.get(Template, batch.template_id)
    return db.session.get(Product, template.product_id)


def _reason(error):
    if isinstance(error, MissingFile):
        return f"A file the template or the data names is missing: {error.args[0]}."
    return "Rendering failed; try again, and contact support if it fails again."


def _still_ours(batch, owner):
    """False once the batch was cancelled or another worker took it over."""
    db.session.refresh(batch)
    if batch.status == "cancelled":
        _drop_chunks(batch)
        return False
    return batch.status == "rendering" and batch.lease_owner == owner


def _records(batch, table, resolver, record_type):
    skipped = _error_records(batch) if batch.options.get("skip_invalid") else set()
    index = {name: i for i, name in enumerate(table.columns)}
    slots = batch_checks.template_slots(batch.document)
    images = {field for field, slot in slots.items() if slot.kind == "image"}
    find = _asset_finder(batch.merchant_id, resolver)
    quantity_at = index.get(batch.quantity_column) if batch.quantity_column else None
    for number, row in enumerate(table.rows, start=1):
        if number in skipped:
            continue
        values = {}
        for field, column in batch.mapping.items():
            value = row[index[column]]
            if field in images:
                if not value.strip():
                    continue  # the template's own picture stays
                found = find(value.strip())
                value = found.id if found is not None else value
            values[field] = value
        quantity = batch.quantity
        if quantity_at is not None:
            quantity = int(row[quantity_at].strip() or 1)
        yield record_type(number=number, values=values, quantity=quantity)


def _assemble(batch, layout, table, records, blobs):
    imposition = _imposition(batch.options.get("imposition"))
    files = {}
    with tempfile.TemporaryDirectory(prefix="monogram-batch-") as scratch:
        path = Path(scratch) / "print.pdf"
        with path.open("wb") as out:
            # One chunk in memory at a time: the print file streams to disk.
            batch.pages = layout.assemble(blobs, out, imposition=imposition)
        files["print.pdf"] = _store(batch, path, PDF)
        if batch.options.get("zip"):
            zipped = Path(scratch) / "records.zip"
            _zip_records(batch, layout, table, records, zipped)
            files["records.zip"] = _store(batch, zipped, "application/zip")
    batch.files = files


def _store(batch, path, content_type):
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    key = f"{storage_prefix(batch.id)}/{path.name}"
    storage().put_file(key, path, content_type)
    return {"key": key, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _zip_records(batch, layout, table, records, path):
    column = batch.options.get("zip_name_column")
    at = table.columns.index(column) if column else None
    taken = set()
    # PDFs are compressed already: stored, not deflated again.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for record in records:
            base = _file_name(table.rows[record.number - 1][at] if at is not None else "")
            base = base or f"record-{record.number:06d}"
            name, n = f"{base}.pdf", 2
            while name in taken:
                name, n = f"{base}-{n}.pdf", n + 1
            taken.add(name)
            archive.writestr(name, layout.record_pdf(record))


def _file_name(value):
    """A cell as a file name every system accepts: letters, digits, - and _, accents kept."""
    cleaned = re.sub(r"[^\w.-]+", "-", value.strip(), flags=re.UNICODE).strip(".-")
    return cleaned[:100]


def _imposition(spec):
    if not spec:
        return None
    from monogram.rendering.batch_pdf import Imposition

    sheet = spec["sheet"]
    size = SHEETS[sheet] if isinstance(sheet, str) else tuple(sheet)
    return Imposition(
        sheet=size, gap=spec.get("gap", 0.0), marks=spec.get("marks", True),
        mode=spec.get("mode", "n-up"),
    )  # fmt: skip


def _drop_chunks(batch):
    for key in db.session.scalars(
        sa.select(BatchChunk.storage_key).where(BatchChunk.batch_id == batch.id)
    ):
        storage().delete(key)


def recover_interrupted():
    """Queue again the batches whose worker stopped renewing its lease; returns their ids."""
    from rq.job import Job

    stalled = db.session.scalars(
        sa.select(Batch).where(Batch.status == "rendering", Batch.lease_until < utcnow())
    ).all()
    for batch in stalled:
        try:
            Job.fetch(f"batch-{batch.id}", connection=queue.connection).delete()
        except Exception:  # already gone
            log.debug("no rq job to delete for batch %s", batch.id)
        _queue_render(batch)
    db.session.commit()
    return [batch.id for batch in stalled]


# Reading a batch: progress and files.


def progress(batch):
    """Records done and to do, the rate over the last chunks, and the time left at that rate."""
    rate = None
    if batch.status == "rendering" and batch.done:
        recent = db.session.execute(
            sa.select(BatchChunk.records, BatchChunk.created_at)
            .where(BatchChunk.batch_id == batch.id)
            .order_by(BatchChunk.created_at.desc(), BatchChunk.id.desc())
            .limit(RATE_CHUNKS + 1)
        ).all()
        if len(recent) > 1:
            span = (recent[0].created_at - recent[-1].created_at).total_seconds()
            records = sum(row.records for row in recent[:-1])
        elif recent:
            span = (recent[0].created_at - batch.render_started_at).total_seconds()
            records = recent[0].records
        else:
            span, records = 0, 0
        rate = records / span if span > 0 else None
    left = max(batch.total - batch.done, 0)
    return {
        "done": batch.done,
        "total": batch.total,
        "percent": round(100 * batch.done / batch.total, 1) if batch.total else 0.0,
        "rate": round(rate, 1) if rate else None,
        "eta_seconds": round(left / rate) if rate and batch.status == "rendering" else None,
    }


def report_page(batch, severity=None, offset=0, limit=REPORT_PREVIEW):
    issues = [i for i in batch.report if severity is None or i["severity"] == severity]
    return issues[offset : offset + limit], len(issues)


def open_file(merchant_id, batch_id, name):
    batch = batch_of(merchant_id, batch_id)
    entry = (batch.files or {}).get(name)
    if batch.status != "ready" or entry is None:
        raise NotFound(f"This batch has no {name}" + (
            f" yet: it is {batch.status}." if batch.status != "ready" else "."
        ))  # fmt: skip
    return batch, entry, storage().open(entry["key"])
