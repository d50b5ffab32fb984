"""MediaWiki XML dumps -> Articles, page by page, in constant memory.

Handles what Wikimedia and MediaWiki's Special:Export produce: plain `.xml`, `.bz2` (one
stream or the multistream kind), `.gz`, UTF-8 or UTF-16 (by the byte-order mark), export
schemas 0.3 to 0.11. Only articles (namespace 0) are kept, redirects are skipped, and of
several revisions the newest wins; page id, revision id and timestamp go into the Article,
whose source is `path#page_id`.

Layers, each usable alone:
- `iter_pages(path)` streams every `DumpPage` (`pages.py`: a fast byte-level splitter for
  UTF-8 dumps, `iterparse` for the rest; `stream.py`: decompression in a read-ahead thread);
- `RelationsFilter` / `select_pages` (`filter.py`) keep the relations articles cheaply;
- `read_dump(path, on_error)` parses each kept page's wikitext with
  `readers.wikitext.parse_wikitext` and yields Articles;
- `multistream.py` reads the index of a multistream dump and splits it into stream ranges,
  the Dask engine's unit of work and the way a resumed ingest seeks to its checkpoint.

A dump that is truncated or corrupt raises one InputError naming the file, after every page
before the damage was yielded. A page that cannot be parsed goes to `on_error` and is
skipped; the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ...errors import InputError
from ...model import Article
from .filter import FilterRule, RelationsFilter, is_article, select_pages
from .multistream import (
    IndexEntry, StreamRange, StreamTable, find_index, iter_index_pages, iter_range_pages,
    read_index, read_streams, stream_ranges,
)
from .pages import DumpPage, PageXMLError, fast_path_applies, guard, parse_pages, split_pages
from .stream import chunks, magic, open_dump

__all__ = [
    "DumpPage", "FilterRule", "IndexEntry", "PageXMLError", "RelationsFilter", "StreamRange",
    "articles",
    "find_index", "is_article", "is_dump", "iter_index_pages", "iter_pages", "iter_range_pages",
    "open_dump", "page_article", "page_source", "read_dump", "read_index", "read_streams",
    "select_pages", "stream_ranges", "StreamTable",
]

ErrorCallback = Callable[[InputError], None]


def iter_pages(path: str, *, start: int = 0, fast: bool = True) -> Iterator[DumpPage]:
    """Every page of the dump at `path`, in order (all namespaces, redirects included).

    `start` skips pages whose ordinal is below it; with a multistream index beside the dump
    (`find_index`) it seeks to the right stream instead of reading up to it. `fast=False`
    forces the general `iterparse` reader (the tests compare the two)."""
    if start > 0:
        index = find_index(path)
        if index is not None:
            yield from iter_index_pages(path, read_streams(index), start=start)
            return
    stream = open_dump(path)

    def pages() -> Iterator[DumpPage]:
        head = stream.read(1024)  # inside the guard: a corrupt file fails right here
        if fast and fast_path_applies(head):
            yield from split_pages(_prepend(head, chunks(stream)))
        else:
            yield from parse_pages(_Rewound(head, stream))

    try:
        for page in guard(path, pages()):
            if page.ordinal >= start:
                yield page
    finally:
        stream.close()


def _prepend(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from rest


class _Rewound:
    """A stream whose first bytes were already read (to choose the reader): `read` returns
    them first."""

    def __init__(self, head: bytes, stream):
        self._head, self._stream = head, stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                out, self._head = self._head + self._stream.read(), b""
                return out
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._stream.read(size)


def page_source(path: str, page: DumpPage) -> str:
    return f"{path}#{page.page_id if page.page_id is not None else page.ordinal}"


def page_article(path: str, page: DumpPage) -> Article:
    """Parse one page's wikitext into an Article carrying the page's provenance."""
    from ..wikitext import parse_wikitext

    article = parse_wikitext(page.text, page_source(path, page), page.title)
    article.page_id = page.page_id
    article.revision_id = page.revision_id
    article.timestamp = page.timestamp
    return article


def articles(path: str, pages: Iterable[DumpPage],
             on_error: ErrorCallback | None = None) -> Iterator[tuple[DumpPage, Article]]:
    """(page, Article) for each page; a page whose XML or wikitext fails goes to `on_error`."""
    for page in pages:
        try:
            article = page_article(path, page)
        except InputError as error:
            if on_error is None:
                raise
            on_error(error)
            continue
        except (ValueError, RecursionError) as error:  # lenient: one bad page never ends the run
            wrapped = InputError(page_source(path, page), f"page {page.title!r} not parsed: {error}")
            if on_error is None:
                raise wrapped from None
            on_error(wrapped)
            continue
        yield page, article


def read_dump(path: str, on_error: ErrorCallback | None = None, *, relations_only: bool = True,
              start: int = 0) -> Iterator[Article]:
    """The articles of a MediaWiki dump, parsed (see the module docstring).

    `relations_only=False` keeps every article (`--all-pages`); `start` resumes at a page
    ordinal (a checkpoint's `next`)."""
    pages = select_pages(iter_pages(path, start=start), relations_only=relations_only)
    for _page, article in articles(path, pages, on_error):
        yield article


def is_dump(path: str) -> bool:
    """Does the file look like a MediaWiki XML dump (any compression, UTF-8 or UTF-16)?"""
    try:
        head = magic(path)
    except InputError:
        return False
    if not head:
        return False
    try:
        with open_dump(path, read_ahead=False) as stream:
            head = stream.read(4096)
    except (OSError, EOFError):
        return False
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return b"<mediawiki" in head
