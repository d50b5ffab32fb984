"""Parquet: the events, actors, dyads and missions tables with real types.

Typed columns (int64, bool, string, list<string> for actor id/name lists and aliases), zstd
compressed, readable by pyarrow, pandas, polars, DuckDB and Spark. A folder of four files, or
one table to a file with `table`. Parquet is binary: it is never written to stdout.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .output import OutputError, check_file, check_folder, commit, temp_path
from .rows import (
    BOOL_COLUMNS, COLUMNS, INT_COLUMNS, LIST_COLUMNS, TABLES, event_stream, read_tables,
)


def schema(name: str) -> pa.Schema:
    fields = []
    for column in COLUMNS[name]:
        if column in LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif column in INT_COLUMNS:
            kind = pa.int64()
        elif column in BOOL_COLUMNS:
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields, metadata={b"dyad.table": name.encode()})


BATCH_ROWS = 10_000  # rows per Parquet row group when streaming events


def write_table(name: str, rows: Iterable[dict], path: str) -> None:
    """Write `rows` as one Parquet file, a row group at a time."""
    check_file(path)
    tmp = temp_path(path)
    table_schema = schema(name)
    try:
        with pq.ParquetWriter(tmp, table_schema, compression="zstd") as writer:
            batch: list[dict] = []
            written = 0
            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH_ROWS:
                    writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
                    written += len(batch)
                    batch = []
            if batch or not written:  # an empty table still gets its schema
                writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
    except OSError as error:
        os.remove(tmp)
        raise OutputError(path, f"cannot write: {error}") from None
    except BaseException:
        os.remove(tmp)
        raise
    commit(tmp, path)


def _write(store, sel, name: str, path: str) -> None:
    if name == "events":  # streamed: the one table that grows with the corpus
        with event_stream(store, sel) as rows:
            write_table(name, rows, path)
    else:
        write_table(name, read_tables(store, sel, (name,))[name], path)


def export(store, sel, path: str | None, out, table: str | None) -> list[str]:
    if path is None:
        raise OutputError(None, "parquet is binary: give -o FOLDER (or -o FILE with --table)")
    if table is not None:
        _write(store, sel, table, path)
        return [path]
    check_folder(path)
    written = []
    for name in TABLES:
        target = os.path.join(path, f"{name}.parquet")
        _write(store, sel, name, target)
        written.append(target)
    return written
