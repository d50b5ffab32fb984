"""Exports of the knowledge base in the formats analysts' tools read.

    from dyad.query.export import export
    export(store, "parquet", "out/")                       # events/actors/dyads/missions
    export(store, "timelinejs", "armenia-artsakh.json", dyad=("Armenia", "Artsakh"))

One module per format: `csv`, `parquet` (tables), `jsonl` (PLOVER-style event records),
`jsonld` and `turtle` (RDF with the Simple Event Model and schema.org, built in `rdf`),
`timeml` (text with TIMEX3 tags, an article at a time), `timelinejs` (one dyad's timeline).
The others read the rows of `rows.py`, the events as a stream a batch at a time, and write
as they read, so memory stays flat however many events the knowledge base holds
(`bench/bench_export.py`); files are written atomically (`output.py`).
"""

from __future__ import annotations

import importlib
from typing import IO

from ...errors import QueryError
from .output import OutputError
from .rows import TABLES, Selection

FORMATS = ("csv", "parquet", "jsonl", "jsonld", "turtle", "timeml", "timelinejs")
TABLE_FORMATS = ("csv", "parquet")  # the formats that take `table`

__all__ = ["FORMATS", "OutputError", "Selection", "TABLES", "export"]


def export(store, fmt: str, path: str | None = None, *, out: IO[str] | None = None,
           dyad: tuple[str, str] | None = None, table: str | None = None) -> list[str]:
    """Write the knowledge base (or one dyad's part of it) as `fmt` to `path`, or to the
    text stream `out` when `path` is None. Returns the files written."""
    if fmt not in FORMATS:
        raise QueryError(fmt, "unknown export format", f"use one of {', '.join(FORMATS)}")
    if table is not None:
        if fmt not in TABLE_FORMATS:
            raise QueryError(fmt, "only csv and parquet export single tables",
                             "leave out --table")
        if table not in TABLES:
            raise QueryError(table, "unknown table", f"use one of {', '.join(TABLES)}")
    if path in (None, "-") and out is None:
        raise OutputError(None, f"{fmt}: no output given")
    sel = Selection.for_dyad(store, *dyad) if dyad else Selection.everything()
    module = importlib.import_module(f"{__name__}.{fmt}")
    return module.export(store, sel, None if path in (None, "-") else path, out, table)
