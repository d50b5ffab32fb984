"""The single-process engine: read, filter, analyse and write page after page.

Memory stays flat (one page at a time), and after each written article the dump's
checkpoint moves past it, so an interrupted run (Ctrl-C, a crash, a truncated download)
resumes where it stopped. The checkpoint is cleared when the dump has been read to its end.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..errors import InputError
from ..model import Document
from ..readers.dump import is_article, iter_pages, RelationsFilter
from . import checkpoint
from .work import ErrorCallback, IngestSummary, analyse_page

# progress(summary, document or None) after each written document
Progress = Callable[[IngestSummary, "Document | None"], None]

# Also move the checkpoint on while scanning pages the filter drops, at most this often,
# so that resuming a mostly-irrelevant dump does not rescan it from the start.
_SCAN_CHECKPOINT_SECONDS = 5.0


def ingest_dump(
    path: str,
    store,
    *,
    relations_only: bool = True,
    resume: bool = True,
    on_error: ErrorCallback | None = None,
    progress: Progress | None = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Ingest the articles of one dump into `store` (a `dyad.store.Store`).

    Counts go into `summary` (a new one by default) as the run goes, so that a caller still
    has them when the dump turns out to be damaged and InputError ends the run."""
    summary = IngestSummary() if summary is None else summary
    start = 0
    done = 0
    if resume:
        cp = checkpoint.load(store, path)
        if cp is not None:
            start, done = cp.next, cp.pages_done
            summary.resumed[path] = start
    rfilter = RelationsFilter.default() if relations_only else None
    last_saved = time.monotonic()
    pages = iter_pages(path, start=start)
    page = None
    while True:
        try:
            page = next(pages, None)
        except InputError:
            # The dump is damaged here: everything before was handled, so resuming (after
            # the file is repaired or completed) starts right after the last page read.
            if page is not None:
                checkpoint.save(store, path, page.ordinal + 1, page.page_id, done)
            raise
        if page is None:
            break
        summary.pages_scanned += 1
        if not is_article(page) or (rfilter and rfilter.match_page(page) is None):
            if time.monotonic() - last_saved > _SCAN_CHECKPOINT_SECONDS:
                checkpoint.save(store, path, page.ordinal + 1, page.page_id, done)
                last_saved = time.monotonic()
            continue
        summary.pages_selected += 1
        try:
            doc = analyse_page(path, page)
        except InputError as error:
            summary.failed += 1
            if on_error is None:
                raise
            on_error(error)
            continue
        store.ingest([doc])
        done += 1
        summary.written += 1
        checkpoint.save(store, path, page.ordinal + 1, page.page_id, done)
        last_saved = time.monotonic()
        if progress is not None:
            progress(summary, doc)
    checkpoint.clear(store, path)
    return summary
