"""What both engines do to one page, and what they report about a run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import Document
from ..readers.dump import DumpPage, page_article, page_source

ErrorCallback = Callable[[InputError], None]


@dataclass
class IngestSummary:
    """What an engine did with its inputs (the CLI prints it; tests compare it)."""

    pages_scanned: int = 0  # <page> elements read (all namespaces)
    pages_selected: int = 0  # articles that passed the namespace/redirect/relations filter
    written: int = 0  # documents written to the knowledge base
    failed: int = 0  # pages or files reported to on_error
    resumed: dict[str, int] = field(default_factory=dict)  # dump path -> ordinal resumed at
    shards: list[str] = field(default_factory=list)  # Parquet shards (distributed engine)

    def add(self, other: IngestSummary) -> None:
        self.pages_scanned += other.pages_scanned
        self.pages_selected += other.pages_selected
        self.written += other.written
        self.failed += other.failed
        self.resumed.update(other.resumed)
        self.shards.extend(other.shards)


def analyse_page(path: str, page: DumpPage) -> Document:
    """Parse and analyse one dump page. Any failure is one InputError naming `path#page_id`:
    on a whole dump, one page that trips a bug must not end the run."""
    from ..analysis.pipeline import analyze

    try:
        return analyze(page_article(path, page))
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - reported per page, the run goes on
        raise InputError(
            page_source(path, page),
            f"page {page.title!r} could not be analysed: {type(error).__name__}: {error}",
        ) from None
