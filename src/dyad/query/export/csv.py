"""CSV: the events, actors, dyads and missions tables.

To a folder (`events.csv`, `actors.csv`, `dyads.csv`, `missions.csv`), or one table (`table`)
to a file or stdout. UTF-8, a header row, RFC 4180 quoting; list columns are joined with
"; " and booleans are 1/0 so spreadsheets and R's `read.csv` read them without help.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from typing import IO

from .output import OutputError, atomic_file, check_folder
from .rows import (
    BOOL_COLUMNS, COLUMNS, LIST_COLUMNS, LIST_SEPARATOR, TABLES, event_stream, read_tables,
)


def _cell(column: str, value):
    if value is None:
        return ""
    if column in LIST_COLUMNS and isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if column in BOOL_COLUMNS:
        return int(bool(value))
    return value


def write_table(name: str, rows: Iterable[dict], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    columns = COLUMNS[name]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(c, row[c]) for c in columns])


def export(store, sel, path: str | None, out: IO[str] | None, table: str | None) -> list[str]:
    if table is not None:
        if path is None:
            _write(store, sel, table, out)
            return []
        with atomic_file(path) as fh:
            _write(store, sel, table, fh)
        return [path]
    if path is None:
        raise OutputError(None, "csv writes four tables: give -o FOLDER, or --table NAME for one",
                          "e.g. dyad export --format csv --table events")
    check_folder(path)
    written = []
    for name in TABLES:
        target = os.path.join(path, f"{name}.csv")
        with atomic_file(target) as fh:
            _write(store, sel, name, fh)
        written.append(target)
    return written


def _write(store, sel, name: str, out: IO[str]) -> None:
    if name == "events":  # streamed: the one table that grows with the corpus
        with event_stream(store, sel) as rows:
            write_table(name, rows, out)
    else:
        write_table(name, read_tables(store, sel, (name,))[name], out)
