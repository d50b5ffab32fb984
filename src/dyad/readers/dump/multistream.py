"""Multistream dumps: the index, stream ranges, and reading one range on its own.

Wikimedia's `…-multistream.xml.bz2` is a run of independent bz2 streams of ~100 pages each;
`…-multistream-index.txt(.bz2)` lists every page as `offset:page_id:title`, `offset` being
the byte offset of the stream holding it. Any run of whole streams can be decompressed on
its own, which is how the Dask engine splits a dump and how a resumed ingest seeks to its
checkpoint instead of reading everything before it.
"""

from __future__ import annotations

import bisect
import bz2
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .pages import DumpPage, guard, split_pages
from .stream import CHUNK, magic


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
        opener = bz2.open if magic(index_path)[:3] == b"BZh" else open
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
                    raise InputError(index_path, f"line {number}: expected offset:page_id:title, "
                                                 f"got {line[:60]!r}") from None
    except (OSError, EOFError, UnicodeError) as error:
        raise InputError(index_path, f"cannot read the multistream index: {error}") from None
    if not entries:
        raise InputError(index_path, "empty multistream index")
    return entries


@dataclass(frozen=True)
class StreamTable:
    """The streams of a multistream dump: what splitting and seeking need of the index, in
    memory proportional to the number of streams (~1% of the pages), not of pages."""

    offsets: array  # byte offset of each stream, in file order
    firsts: array  # ordinal of each stream's first page
    pages: int  # pages the index lists


def streams_of(index: list[IndexEntry]) -> StreamTable:
    offsets, firsts = array("q"), array("q")
    for ordinal, entry in enumerate(index):
        if not offsets or entry.offset != offsets[-1]:
            offsets.append(entry.offset)
            firsts.append(ordinal)
    return StreamTable(offsets, firsts, len(index))


def read_streams(index_path: str) -> StreamTable:
    """The StreamTable of an index file, read line by line without keeping the lines (the
    index of a whole Wikipedia lists tens of millions of pages)."""
    offsets, firsts = array("q"), array("q")
    ordinal = 0
    try:
        opener = bz2.open if magic(index_path)[:3] == b"BZh" else open
        with opener(index_path, "rb") as fh:
            for number, line in enumerate(fh, 1):
                head, colon, _ = line.partition(b":")
                if not colon:
                    if not line.strip():
                        continue
                    raise InputError(index_path, f"line {number}: expected offset:page_id:title, "
                                                 f"got {line[:60]!r}")
                try:
                    offset = int(head)
                except ValueError:
                    raise InputError(index_path, f"line {number}: expected offset:page_id:title, "
                                                 f"got {line[:60]!r}") from None
                if not offsets or offset != offsets[-1]:
                    offsets.append(offset)
                    firsts.append(ordinal)
                ordinal += 1
    except (OSError, EOFError) as error:
        raise InputError(index_path, f"cannot read the multistream index: {error}") from None
    if not ordinal:
        raise InputError(index_path, "empty multistream index")
    return StreamTable(offsets, firsts, ordinal)


def stream_ranges(streams: StreamTable | list[IndexEntry], *, pages_per_range: int = 1000,
                  start: int = 0) -> list[StreamRange]:
    """Group the streams into ranges of about `pages_per_range` pages.

    Ranges only ever cut between streams, so each can be decompressed on its own. With
    `start`, the first range begins at the stream holding the page of that ordinal."""
    if not isinstance(streams, StreamTable):
        streams = streams_of(streams)
    offsets, firsts = streams.offsets, streams.firsts
    s = max(bisect.bisect_right(firsts, start) - 1, 0)
    ranges = []
    while s < len(offsets):
        e = s + 1
        while e < len(offsets) and firsts[e] - firsts[s] < pages_per_range:
            e += 1
        end = offsets[e] if e < len(offsets) else None
        last = firsts[e] if e < len(offsets) else streams.pages
        ranges.append(StreamRange(offsets[s], end, firsts[s], last - firsts[s]))
        s = e
    return ranges


def range_bytes(path: str, rng: StreamRange) -> Iterator[bytes]:
    """The decompressed XML of a stream range (one bz2 stream after another)."""
    with open(path, "rb") as fh:
        fh.seek(rng.start)
        remaining = None if rng.end is None else rng.end - rng.start
        decompressor = bz2.BZ2Decompressor()
        fed = False  # has the current decompressor seen any input?
        while remaining is None or remaining > 0:
            data = fh.read(CHUNK if remaining is None else min(CHUNK, remaining))
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


def iter_range_pages(path: str, rng: StreamRange) -> Iterator[DumpPage]:
    """The pages of one stream range of a multistream dump (what a Dask task reads)."""
    yield from guard(path, split_pages(range_bytes(path, rng), first_ordinal=rng.first_ordinal,
                                       fragment=True))


def iter_index_pages(path: str, streams: StreamTable | list[IndexEntry], *,
                     start: int = 0) -> Iterator[DumpPage]:
    """The pages of a multistream dump from ordinal `start` on, read range by range."""
    for rng in stream_ranges(streams, start=start):
        for page in iter_range_pages(path, rng):
            if page.ordinal >= start:
                yield page
