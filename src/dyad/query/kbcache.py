"""Knowing when the knowledge base changed, so that derived answers can be remembered.

`kb_version(conn)` is a token that changes whenever an article is ingested, replaced or
deleted (by this process or any other); memos of the read side (dyad membership, totals,
summaries) are keyed by it, so they are never stale and never need clearing by hand.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import Connection, func, select

from ..store import schema as s


class _SqliteWatch:
    """SQLite's own change counter: `PRAGMA data_version` on a connection that never writes
    changes whenever any other connection commits. Read under a lock (one connection shared
    by the server's threads); microseconds, where counting articles reads their text."""

    def __init__(self, path: str):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()
        self.seen: int | None = None
        self.generation = 0

    def version(self) -> int:
        with self.lock:
            value = self.conn.execute("PRAGMA data_version").fetchone()[0]
            if value != self.seen:
                self.seen = value
                self.generation += 1
            return self.generation


_WATCHES: dict[str, _SqliteWatch] = {}


def kb_version(conn: Connection) -> tuple:
    """A token that changes whenever the knowledge base does (an article ingested, replaced
    or deleted). Caches of derived answers (dyad membership, totals) are keyed by it."""
    url = conn.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        watch = _WATCHES.get(url.database)
        if watch is None:
            watch = _WATCHES.setdefault(url.database, _SqliteWatch(url.database))
        return str(url), "data_version", watch.version()
    n, last = conn.execute(select(func.count(), func.max(s.articles.c.ingested_at))
                           .select_from(s.articles)).one()
    return str(url), n, str(last)


class Memo(dict):
    """A bounded memo: cleared whole when full (entries are cheap to recompute)."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key, value):
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value

