"""Parquet shards: what a distributed task hands back to the driver.

One row per Document: columns to look at without decoding (source, title, page id,
revision, counts) and `record`, the lossless JSON record of `engine.codec`. A shard is
written to a temporary name and renamed, so a shard that exists is complete: a crashed
worker leaves nothing the driver could half-read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Document
from . import codec

SCHEMA = pa.schema([
    ("source", pa.string()),
    ("title", pa.string()),
    ("page_id", pa.int64()),
    ("revision_id", pa.int64()),
    ("timestamp", pa.string()),
    ("events", pa.int32()),
    ("timexes", pa.int32()),
    ("record", pa.large_string()),
], metadata={b"format": codec.FORMAT.encode()})


def write_shard(docs: list[Document], path: str) -> None:
    table = pa.Table.from_pylist([{
        "source": d.article.source,
        "title": d.article.title,
        "page_id": d.article.page_id,
        "revision_id": d.article.revision_id,
        "timestamp": d.article.timestamp,
        "events": len(d.events),
        "timexes": len(d.timexes),
        "record": codec.dumps(d),
    } for d in docs], schema=SCHEMA)
    tmp = path + ".part"
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def read_shard(path: str) -> Iterator[Document]:
    """The shard's Documents, in the order they were written, a row group at a time."""
    parquet = pq.ParquetFile(path)
    for group in range(parquet.num_row_groups):
        for record in parquet.read_row_group(group, columns=["record"]).column("record"):
            yield codec.loads(record.as_py())
