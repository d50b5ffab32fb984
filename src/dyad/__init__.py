"""dyad: encyclopedia articles about relations between states -> a sourced, temporal
knowledge base.

The Python API mirrors the CLI (which is a thin layer over it):

    import dyad
    for doc in dyad.extract("armenia-artsakh-relations.txt"):
        print(doc.to_json()["timexes"])
    kb = dyad.open("sqlite:///dyad.db")
"""

from __future__ import annotations

from collections.abc import Iterator

from .errors import DyadError, InputError, QueryError, RuleError, StoreError
from .model import Article, Document

__version__ = "0.1.0"

__all__ = [
    "Article", "Document", "DyadError", "InputError", "QueryError", "RuleError", "StoreError",
    "analyze", "extract", "open", "__version__",
]


def analyze(article: Article) -> Document:
    """Run the analysis pipeline on one Article."""
    from .analysis.pipeline import analyze as _analyze

    return _analyze(article)


def extract(path: str, input_format: str | None = None, on_error=None) -> Iterator[Document]:
    """Read `path` ("-" = stdin) and yield one analysed Document per article in it."""
    from .readers import read_path

    for article in read_path(path, input_format=input_format, on_error=on_error):
        yield analyze(article)


def open(db_url: str | None = None):  # noqa: A001 - mirrors sqlite3.connect / dataset.connect
    """Open (and migrate) the knowledge base at `db_url` (default: $DYAD_DB or ./dyad.db)."""
    from .store import open_store

    return open_store(db_url)
