"""The seeded builder: one function that makes the knowledge base the demo serves and the
tests query (as datasette's fixtures do), through the real pipeline and the real store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def build_sample_kb(db_url: str, paths: Iterable[str | Path] | None = None):
    """Ingest `paths` (default: the bundled sample articles, the Armenia–Artsakh seed first)
    into the knowledge base at `db_url` and return the open Store. Idempotent."""
    from .. import extract
    from .. import open as open_kb
    from ..sample import article_paths

    store = open_kb(db_url)
    for path in (paths if paths is not None else article_paths()):
        store.ingest(extract(str(path)))
    return store
