"""Batch chunks rendered on every core: the layout is built once, then forked to helpers.

Most of a page's time is CPU-bound Python and zxing-cpp's QR encoder, which holds the GIL, so
threads would not help; forked processes share the prepared layout (fonts, forms, settings)
without pickling it, and hand back chunk blobs in data order.
"""

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor

# Chunks in flight per process: enough to keep every core busy while the caller stores the
# previous chunk, few enough that memory stays flat whatever the batch size.
AHEAD = 2

# The layout a forked helper renders with; set in the parent just before the fork.
_layout = None


def _render(records):
    return _layout.render_chunk(records)


def processes():
    """Helper processes to use: one per core this process may run on."""
    return len(os.sched_getaffinity(0))


def render_chunks(layout, chunks, workers=None):
    """Yield layout.render_chunk(chunk) for each chunk, in order, rendered in parallel.

    The layout must not need a database in the helpers: fonts are read by the parent while
    building it, and image slot assets are trusted (BatchLayout.trust_assets).
    """
    global _layout
    chunks = iter(chunks)
    workers = workers or processes()
    if workers < 2:
        yield from (layout.render_chunk(chunk) for chunk in chunks)
        return
    _layout = layout
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        pending = deque()
        for chunk in chunks:
            pending.append(pool.submit(_render, chunk))
            if len(pending) >= workers * AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # A caller that stops early (a cancelled batch) leaves no helper rendering.
        pool.shutdown(wait=True, cancel_futures=True)
        _layout = None
