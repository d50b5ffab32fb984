"""Engines that run the pipeline over whole dumps and corpora.

`local` runs in this process, page after page, with a checkpoint for resuming; `distributed`
splits the input into chunks (stream ranges of a multistream dump, batches of pages or files)
and analyses them in dask.distributed workers, writing Parquet shards that are then loaded
into the knowledge base. Both give the same knowledge base for the same input.
"""

from __future__ import annotations

from collections.abc import Sequence

from .work import ErrorCallback, IngestSummary

ENGINES = ("local", "dask")


def ingest(
    paths: Sequence[str],
    store,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 2,
    relations_only: bool = True,
    resume: bool = True,
    input_format: str | None = None,
    on_error: ErrorCallback | None = None,
    progress=None,
) -> tuple[IngestSummary, list[str]]:
    """Ingest what the engines handle; return the summary and the paths left to the caller.

    `engine="local"` takes the dumps among `paths` (streamed, filtered, checkpointed) and
    leaves single-article files and stdin to the caller's reader loop. `engine="dask"` (or
    any `scheduler`) takes every path. A dump that cannot be read is passed to `on_error`
    (or raised without one) after what came before it was written; the other paths go on.
    """
    from ..errors import InputError
    from ..readers.dump import is_dump

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}")
    summary = IngestSummary()
    if engine == "dask" or scheduler:
        from .distributed import ingest_distributed

        files = [p for p in paths if p != "-"]
        rest = [p for p in paths if p == "-"]
        if files:
            summary.add(ingest_distributed(
                files, store, scheduler=scheduler, workers=workers, relations_only=relations_only,
                resume=resume, on_error=on_error, progress=progress))
        return summary, rest
    from .local import ingest_dump

    rest = []
    for path in paths:
        if path == "-" or input_format not in (None, "dump") or not is_dump(path):
            rest.append(path)
            continue
        try:
            ingest_dump(path, store, relations_only=relations_only, resume=resume,
                        on_error=on_error, progress=progress, summary=summary)
        except InputError as error:
            summary.failed += 1
            if on_error is None:
                raise
            on_error(error)
    return summary, rest
