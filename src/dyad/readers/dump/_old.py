"""MediaWiki XML dumps -> Articles, page by page, in constant memory.

Handles what Wikimedia and MediaWiki's Special:Export produce: plain `.xml`, `.bz2` (one
stream or the multistream kind, which `bz2` reads as concatenated streams), `.gz`, UTF-8 or
UTF-16 (expat reads the byte-order mark), export schemas 0.3 to 0.11. Only articles
(namespace 0) are kept, redirects are skipped, and of several revisions the newest wins.

Three layers, each usable alone:

- `iter_pages(path)` streams `DumpPage`s (raw wikitext plus provenance). The XML is parsed with
  `iterparse` and every finished page is dropped from the tree, so memory stays flat however
  big the dump. For `.bz2` input a thread decompresses ahead of the parser (`bz2` releases the
  GIL), so scanning costs little more than decompression alone.
- `RelationsFilter` is the cheap test (title patterns, infobox template names, data in
  `rules/en/dumps/relations_pages.toml`) that keeps the expensive stages for relations articles.
- `read_dump(path, on_error)` ties them to `readers.wikitext.parse_wikitext` and yields Articles
  whose source is `path#page_id`.

Multistream dumps come with an index (`offset:page_id:title` per page). `read_index` and
`stream_ranges` use it to split the dump into independently decompressible byte ranges (the
Dask engine's unit of work) and to resume from a checkpoint without re-reading what came before.

A dump that is truncated or corrupt raises one InputError naming the file, after every page
before the damage was yielded. A single page that cannot be parsed goes to `on_error` and is
skipped.
"""

from __future__ import annotations

import bisect
import bz2
import gzip
import queue
import re
import threading
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, RuleError
from ..model import Article

ErrorCallback = Callable[[InputError], None]

_CHUNK = 1 << 20  # bytes per read from the decompressor


@dataclass
class DumpPage:
    """One `<page>` of a dump, with its newest revision."""

    ordinal: int  # position among all <page> elements of the dump, from 0 (resume key)
    title: str
    ns: int
    page_id: int | None
    revision_id: int | None
    timestamp: str | None
    text: str
    redirect: str | None = None  # target title when the page is a redirect


# --------------------------------------------------------------------------- opening


def _magic(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(4)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a dump file") from None
    except OSError as error:
        raise InputError(path, f"cannot open: {error.strerror or error}") from None


class _ReadAhead:
    """A file-like object whose `read` returns chunks a background thread already read.

    Decompression (bz2, gzip) releases the GIL, so the thread decompresses the next chunk while
    the caller parses this one. An exception in the thread is re-raised by the next `read`.
    """

    def __init__(self, raw: BinaryIO, depth: int = 4):
        self._raw = raw
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._buffer = b""
        self._done = False
        self._thread = threading.Thread(target=self._fill, name="dyad-dump-read", daemon=True)
        self._thread.start()

    def _fill(self) -> None:
        try:
            while not self._stop.is_set():
                chunk = self._raw.read(_CHUNK)
                self._put(chunk)
                if not chunk:
                    return
        except BaseException as error:  # handed to the reading thread
            self._put(error)

    def _put(self, item) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            item = self._queue.get()
            if isinstance(item, BaseException):
                self._done = True
                self.close()
                raise item
            if not item:
                self._done = True
                break
            self._buffer += item
        if size < 0:
            out, self._buffer = self._buffer, b""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._raw.close()


def open_dump(path: str, *, read_ahead: bool = True) -> BinaryIO:
    """Open a dump for reading as decompressed bytes (compression detected from content)."""
    magic = _magic(path)
    if not magic:
        raise InputError(path, "empty file, not a MediaWiki dump")
    if magic[:3] == b"BZh":
        raw: BinaryIO = bz2.open(path, "rb")
    elif magic[:2] == b"\x1f\x8b":
        raw = gzip.open(path, "rb")
    else:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    return _ReadAhead(raw) if read_ahead else raw


# --------------------------------------------------------------------------- parsing


def _local(tag: str) -> str:
    """`{http://www.mediawiki.org/xml/export-0.10/}page` -> `page`."""
    return tag.rsplit("}", 1)[-1]


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _namespaces(siteinfo: ET.Element) -> dict[str, int]:
    """Namespace prefixes of the wiki ("Talk" -> 1), for old dumps whose pages lack <ns>."""
    found = {}
    for child in siteinfo:
        if _local(child.tag) == "namespaces":
            for ns in child:
                key = _int(ns.get("key"))
                if key is not None and ns.text:
                    found[ns.text] = key
    return found


def _page(element: ET.Element, ordinal: int, prefixes: dict[str, int]) -> DumpPage:
    title = ""
    ns: int | None = None
    page_id = None
    redirect = None
    newest: tuple[str, int, ET.Element] | None = None  # (timestamp, position, revision)
    for position, child in enumerate(element):
        name = _local(child.tag)
        if name == "title":
            title = child.text or ""
        elif name == "ns":
            ns = _int(child.text)
        elif name == "id":
            page_id = _int(child.text)
        elif name == "redirect":
            redirect = child.get("title") or child.text or ""
        elif name == "revision":
            stamp = ""
            for field in child:
                if _local(field.tag) == "timestamp":
                    stamp = field.text or ""
                    break
            # The newest revision by timestamp; among equal (or missing) ones, the last.
            if newest is None or (stamp, position) >= newest[:2]:
                newest = (stamp, position, child)
    if ns is None:  # export-0.3 and older: the namespace is the title's prefix
        prefix, colon, _ = title.partition(":")
        ns = prefixes.get(prefix, 0) if colon else 0
    revision_id = timestamp = None
    text = ""
    if newest is not None:
        for field in newest[2]:
            name = _local(field.tag)
            if name == "id":
                revision_id = _int(field.text)
            elif name == "timestamp":
                timestamp = field.text
            elif name == "text":
                text = field.text or ""
    return DumpPage(ordinal, title, ns, page_id, revision_id, timestamp, text, redirect)


def _pages_from_events(
    events: Iterable[tuple[str, ET.Element]], first_ordinal: int = 0
) -> Iterator[DumpPage]:
    """Turn (event, element) pairs of a dump or of a `<pages>` fragment into DumpPages.

    Each finished page is removed from the tree, which is what keeps memory flat."""
    root = None
    prefixes: dict[str, int] = {}
    ordinal = first_ordinal
    for event, element in events:
        if event == "start":
            if root is None:
                root = element
            continue
        name = _local(element.tag)
        if name == "page":
            page = _page(element, ordinal, prefixes)
            ordinal += 1
            root.clear()  # drops this page (and siteinfo) from the tree
            yield page
        elif name == "siteinfo":
            prefixes = _namespaces(element)


def _describe(error: BaseException, pages: int) -> str:
    after = f"after {pages} page{'s' if pages != 1 else ''}"
    if isinstance(error, EOFError):
        return f"compressed data ends before the end of the dump {after} (truncated file?)"
    if isinstance(error, ET.ParseError):
        line, column = getattr(error, "position", (0, 0))
        if "no element found" in str(error):
            return f"XML ends before the dump is complete {after} (truncated file?)"
        return f"not well-formed XML at line {line}, column {column} {after}: {error.msg if hasattr(error, 'msg') else error}"
    if isinstance(error, UnicodeError):
        return f"bad text encoding {after}: {error}"
    return f"corrupt compressed data {after}: {error}"


def _guard(path: str, pages: Iterator[DumpPage]) -> Iterator[DumpPage]:
    """Yield from `pages`; turn a truncated or corrupt input into one InputError at the end."""
    count = 0
    try:
        for page in pages:
            count += 1
            yield page
    except (EOFError, OSError, ET.ParseError, UnicodeError, ValueError) as error:
        if isinstance(error, (FileNotFoundError, PermissionError)):
            raise InputError(path, f"cannot read: {error.strerror}") from None
        raise InputError(path, _describe(error, count)) from None


def iter_pages(path: str, *, start: int = 0) -> Iterator[DumpPage]:
    """Every page of the dump at `path`, in order (all namespaces, redirects included).

    `start` skips pages whose ordinal is below it; with a multistream index next to the
    dump (see `find_index`) it seeks to the right stream instead of reading up to it.
    """
    if start > 0:
        index = find_index(path)
        if index is not None:
            yield from iter_index_pages(path, read_index(index), start=start)
            return
    stream = open_dump(path)
    try:
        events = ET.iterparse(stream, events=("start", "end"))
        for page in _guard(path, _pages_from_events(events)):
            if page.ordinal >= start:
                yield page
    finally:
        stream.close()


# --------------------------------------------------------------------------- multistream


@dataclass(frozen=True)
class IndexEntry:
    offset: int  # byte offset of the bz2 stream that holds the page
    page_id: int
    title: str


@dataclass(frozen=True)
class StreamRange:
    """A run of whole bz2 streams of a multistream dump: bytes [start, end) of the file."""

    start: int
    end: int | None  # None = to the end of the file
    first_ordinal: int  # ordinal of the first page in the range
    pages: int  # pages the index lists in the range


def find_index(path: str) -> str | None:
    """The multistream index beside a dump, by Wikimedia's naming, if there is one.

    `enwiki-…-multistream.xml.bz2` -> `enwiki-…-multistream-index.txt(.bz2)`."""
    p = Path(path)
    if not p.name.endswith(".bz2"):
        return None
    stem = p.name[: -len(".bz2")]
    stem = stem[: -len(".xml")] if stem.endswith(".xml") else stem
    for name in (f"{stem}-index.txt.bz2", f"{stem}-index.txt", f"{p.name}.index"):
        candidate = p.with_name(name)
        if candidate.is_file():
            return str(candidate)
    return None


def read_index(index_path: str) -> list[IndexEntry]:
    """Read an index file (plain or .bz2) of `offset:page_id:title` lines."""
    try:
        opener = bz2.open if _magic(index_path)[:3] == b"BZh" else open
        entries = []
        with opener(index_path, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line:
                    continue
                offset, _, rest = line.partition(":")
                page_id, _, title = rest.partition(":")
                try:
                    entries.append(IndexEntry(int(offset), int(page_id), title))
                except ValueError:
                    raise InputError(
                        index_path, f"line {number}: expected offset:page_id:title, got {line[:60]!r}"
                    ) from None
    except (OSError, EOFError, UnicodeError) as error:
        raise InputError(index_path, f"cannot read the multistream index: {error}") from None
    if not entries:
        raise InputError(index_path, "empty multistream index")
    return entries


def stream_ranges(
    index: list[IndexEntry], *, pages_per_range: int = 1000, start: int = 0
) -> list[StreamRange]:
    """Group the streams the index lists into ranges of about `pages_per_range` pages.

    Ranges only ever cut between streams, so each can be decompressed on its own. With
    `start`, the first range begins at the stream holding the page of that ordinal."""
    offsets: list[int] = []  # distinct stream offsets, in file order
    firsts: list[int] = []  # ordinal of each stream's first page
    for ordinal, entry in enumerate(index):
        if not offsets or entry.offset != offsets[-1]:
            offsets.append(entry.offset)
            firsts.append(ordinal)
    first_stream = max(bisect.bisect_right(firsts, start) - 1, 0)
    ranges = []
    s = first_stream
    while s < len(offsets):
        e = s + 1
        while e < len(offsets) and firsts[e] - firsts[s] < pages_per_range:
            e += 1
        end = offsets[e] if e < len(offsets) else None
        last = firsts[e] if e < len(offsets) else len(index)
        ranges.append(StreamRange(offsets[s], end, firsts[s], last - firsts[s]))
        s = e
    return ranges


def _range_xml(path: str, rng: StreamRange) -> Iterator[bytes]:
    """The decompressed XML of a stream range (one bz2 stream after another)."""
    with open(path, "rb") as fh:
        fh.seek(rng.start)
        remaining = None if rng.end is None else rng.end - rng.start
        decompressor = bz2.BZ2Decompressor()
        fed = False  # has the current decompressor seen any input?
        while remaining is None or remaining > 0:
            data = fh.read(_CHUNK if remaining is None else min(_CHUNK, remaining))
            if not data:
                break
            if remaining is not None:
                remaining -= len(data)
            while data:
                out = decompressor.decompress(data)
                fed = True
                if out:
                    yield out
                if decompressor.eof:  # the next stream of the range starts in unused_data
                    data = decompressor.unused_data
                    decompressor = bz2.BZ2Decompressor()
                    fed = False
                else:
                    data = b""
        if fed and not decompressor.eof:
            raise EOFError("compressed stream ends before its end-of-stream marker")


def iter_index_pages(
    path: str, index: list[IndexEntry], *, start: int = 0, ranges: list[StreamRange] | None = None
) -> Iterator[DumpPage]:
    """The pages of a multistream dump from ordinal `start` on, read range by range."""
    for rng in ranges if ranges is not None else stream_ranges(index, start=start):
        for page in iter_range_pages(path, rng):
            if page.ordinal >= start:
                yield page


def iter_range_pages(path: str, rng: StreamRange) -> Iterator[DumpPage]:
    """The pages of one stream range of a multistream dump (what a Dask task reads)."""
    parser = ET.XMLPullParser(events=("start", "end"))
    parser.feed(b"<pages>")

    def events() -> Iterator[tuple[str, ET.Element]]:
        head = True
        for data in _range_xml(path, rng):
            if head:  # the first stream of a dump holds <mediawiki ...><siteinfo>...</siteinfo>
                cut = data.find(b"<page>")
                if cut < 0:
                    continue
                data, head = data[cut:], False
            end = data.find(b"</mediawiki>")
            if end >= 0:
                data = data[:end]
            parser.feed(data)
            yield from parser.read_events()
        parser.feed(b"</pages>")
        yield from parser.read_events()
        parser.close()

    yield from _guard(path, _pages_from_events(events(), rng.first_ordinal))


# --------------------------------------------------------------------------- filter


@dataclass(frozen=True)
class FilterRule:
    id: str
    kind: str  # title | infobox
    pattern: re.Pattern


class RelationsFilter:
    """Is this page about relations between states? Title patterns or the infobox, cheap."""

    RULES = "rules/en/dumps/relations_pages.toml"

    def __init__(self, rules: list[FilterRule]):
        self.title_rules = [r for r in rules if r.kind == "title"]
        self.infobox_rules = [r for r in rules if r.kind == "infobox"]

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> RelationsFilter:
        path = resources.files("dyad").joinpath(cls.RULES)
        return cls.load(path.read_bytes(), str(path))

    @classmethod
    def load(cls, data: bytes, source: str) -> RelationsFilter:
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeError) as error:
            raise RuleError(source, f"not valid TOML: {error}") from None
        rules: list[FilterRule] = []
        seen: set[str] = set()
        for kind in ("title", "infobox"):
            for number, raw in enumerate(doc.get(kind, []), 1):
                rid = raw.get("id")
                if not rid:
                    raise RuleError(source, f"[[{kind}]] rule {number} has no id")
                if rid in seen:
                    raise RuleError(source, f"duplicate rule id {rid!r}")
                seen.add(rid)
                try:
                    if kind == "title":
                        pattern = re.compile(raw["pattern"])
                    else:
                        names = "|".join(
                            r"[ _]+".join(re.escape(w) for w in name.split())
                            for name in raw["names"]
                        )
                        pattern = re.compile(
                            r"\{\{\s*(?:template\s*:\s*)?(?:" + names + r")\s*[|}]", re.I
                        )
                except KeyError as missing:
                    raise RuleError(source, f"rule {rid!r} lacks {missing}") from None
                except re.error as error:
                    raise RuleError(source, f"rule {rid!r}: pattern does not compile: {error}") from None
                rules.append(FilterRule(rid, kind, pattern))
        return cls(rules)

    def match(self, title: str, text: str) -> str | None:
        """The id of the first rule the page satisfies, or None."""
        for rule in self.title_rules:
            if rule.pattern.fullmatch(title):
                return rule.id
        if "{{" in text:
            for rule in self.infobox_rules:
                if rule.pattern.search(text):
                    return rule.id
        return None


def is_article(page: DumpPage) -> bool:
    """Namespace 0 and not a redirect (old dumps mark redirects only in the text)."""
    if page.ns != 0 or page.redirect is not None:
        return False
    return not page.text[:20].lstrip().upper().startswith("#REDIRECT")


def select_pages(
    pages: Iterable[DumpPage], *, relations_only: bool = True
) -> Iterator[DumpPage]:
    """Articles of the dump, and with `relations_only` only those the RelationsFilter keeps."""
    rfilter = RelationsFilter.default() if relations_only else None
    for page in pages:
        if not is_article(page):
            continue
        if rfilter is not None and rfilter.match(page.title, page.text) is None:
            continue
        yield page


# --------------------------------------------------------------------------- articles


def page_source(path: str, page: DumpPage) -> str:
    return f"{path}#{page.page_id if page.page_id is not None else page.ordinal}"


def page_article(path: str, page: DumpPage) -> Article:
    """Parse one page's wikitext into an Article carrying the page's provenance."""
    from .wikitext import parse_wikitext

    article = parse_wikitext(page.text, page_source(path, page), page.title)
    article.page_id = page.page_id
    article.revision_id = page.revision_id
    article.timestamp = page.timestamp
    return article


def articles(
    path: str, pages: Iterable[DumpPage], on_error: ErrorCallback | None = None
) -> Iterator[tuple[DumpPage, Article]]:
    """(page, Article) for each page; a page whose wikitext fails goes to `on_error`."""
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


def read_dump(
    path: str,
    on_error: ErrorCallback | None = None,
    *,
    relations_only: bool = True,
    start: int = 0,
) -> Iterator[Article]:
    """The articles of a MediaWiki dump, parsed (see the module docstring).

    `relations_only=False` keeps every article (`--all-pages`); `start` resumes at a page
    ordinal (a checkpoint's `next` value)."""
    pages = select_pages(iter_pages(path, start=start), relations_only=relations_only)
    for _page, article in articles(path, pages, on_error):
        yield article


def is_dump(path: str) -> bool:
    """Does the file look like a MediaWiki XML dump (any compression, UTF-8 or UTF-16)?"""
    try:
        magic = _magic(path)
    except InputError:
        return False
    if magic[:3] == b"BZh" or magic[:2] == b"\x1f\x8b":
        try:
            stream = open_dump(path, read_ahead=False)
            with stream:
                head = stream.read(4096)
        except (OSError, EOFError):
            return False
    else:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return b"<mediawiki" in head
