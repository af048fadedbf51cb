"""A batch without a server: template and data files in, one print file out (`monogram batch`)."""

import functools
import time

from monogram.rendering import MissingFile, RenderCache
from monogram.services import batch_checks, batch_data, batch_pool

CHUNK_SIZE = 500


def check(document, data, filename, resolver, mapping=None):
    """(table, mapping, issues) for a data file against a template, as the API validates it."""
    table = batch_data.read_table(data, filename)
    slots = batch_checks.template_slots(document)
    mapping = batch_checks.resolve_mapping(table.columns, slots, mapping)

    @functools.lru_cache(maxsize=256)
    def asset(value):
        try:
            return resolver.asset(value)
        except MissingFile:
            return None

    issues = batch_checks.check_rows(
        table, slots, mapping,
        fonts=functools.lru_cache(maxsize=64)(resolver.font), assets=asset, cache=RenderCache(),
    )  # fmt: skip
    return table, mapping, issues


def records(table, mapping, skipped, record_type):
    index = {name: i for i, name in enumerate(table.columns)}
    for number, row in enumerate(table.rows, start=1):
        if number not in skipped:
            # An empty cell keeps the template's own content: only an image slot may be empty,
            # as an empty text or code is an error that left the record out.
            values = {
                field: row[index[column]]
                for field, column in mapping.items()
                if row[index[column]].strip()
            }
            yield record_type(number=number, values=values)


def render(layout, todo, output, progress=None, chunk_size=CHUNK_SIZE):
    """Render records chunk by chunk on every core into output, assembled as the chunks come.

    progress(done, total, rate) is called after every chunk.
    """
    todo = list(todo)
    chunks = [todo[start : start + chunk_size] for start in range(0, len(todo), chunk_size)]

    def blobs():
        started, done = time.perf_counter(), 0
        for chunk, blob in zip(chunks, batch_pool.render_chunks(layout, chunks), strict=True):
            yield blob
            done += len(chunk)
            if progress:
                progress(done, len(todo), done / max(time.perf_counter() - started, 1e-9))

    with open(output, "wb") as out:
        return layout.assemble(blobs(), out)
