"""Parquet: the events, actors, dyads and missions tables with real types.

Typed columns (int64, bool, string, list<string> for actor id/name lists and aliases), zstd
compressed, readable by pyarrow, pandas, polars, DuckDB and Spark. A folder of four files, or
one table to a file with `table`. Parquet is binary: it is never written to stdout.
"""

from __future__ import annotations

import os

import pyarrow as pa
import pyarrow.parquet as pq

from .output import OutputError, check_file, check_folder, commit, temp_path
from .rows import BOOL_COLUMNS, COLUMNS, INT_COLUMNS, LIST_COLUMNS, TABLES, read_tables


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


def write_table(name: str, rows: list[dict], path: str) -> None:
    check_file(path)
    table = pa.Table.from_pylist(rows, schema=schema(name))
    tmp = temp_path(path)
    try:
        pq.write_table(table, tmp, compression="zstd")
    except OSError as error:
        os.remove(tmp)
        raise OutputError(path, f"cannot write: {error}") from None
    commit(tmp, path)


def export(store, sel, path: str | None, out, table: str | None) -> list[str]:
    if path is None:
        raise OutputError(None, "parquet is binary: give -o FOLDER (or -o FILE with --table)")
    if table is not None:
        write_table(table, read_tables(store, sel, (table,))[table], path)
        return [path]
    check_folder(path)
    tables = read_tables(store, sel, TABLES)
    written = []
    for name in TABLES:
        target = os.path.join(path, f"{name}.parquet")
        write_table(name, tables[name], target)
        written.append(target)
    return written
