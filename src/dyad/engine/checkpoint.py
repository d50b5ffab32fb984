"""Resume points of dump ingests, kept in the store's `checkpoints` table.

A checkpoint says which page of which dump file to read next: `next` is a page ordinal (the
position among all `<page>` elements, see `readers.dump.DumpPage`), so it means the same to
a sequential scan and to a multistream index. It is keyed by the dump's absolute path and
carries the file's size and modification time: a checkpoint of a file that has since changed
is not applied (the ingest starts over, which re-ingest makes harmless).

Writes are ordered so that a crash never loses an article: the article is written (its own
transaction) before the checkpoint moves past it. A crash between the two only means that
article is written again on resume, which replaces it, never duplicates it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

FORMAT = "dyad.checkpoint/1"


@dataclass
class Checkpoint:
    next: int  # ordinal of the first page not yet done
    page_id: int | None  # id of the last page done, for people reading the table
    size: int
    mtime_ns: int
    pages_done: int = 0  # pages written to the knowledge base so far

    def to_text(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)})


def key(path: str) -> str:
    return "dump:" + os.path.abspath(path)


def _identity(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def load(store, path: str) -> Checkpoint | None:
    """The checkpoint recorded for this dump file, if it still applies to the file."""
    text = store.checkpoint(key(path))
    if not text:
        return None
    try:
        data = json.loads(text)
        if data.pop("format", None) != FORMAT:
            return None
        cp = Checkpoint(**data)
    except (ValueError, TypeError):
        return None
    return cp if (cp.size, cp.mtime_ns) == _identity(path) else None


def save(store, path: str, next_ordinal: int, page_id: int | None, pages_done: int) -> None:
    size, mtime_ns = _identity(path)
    store.set_checkpoint(key(path), Checkpoint(next_ordinal, page_id, size, mtime_ns,
                                               pages_done).to_text())


def clear(store, path: str) -> None:
    store.set_checkpoint(key(path), None)
