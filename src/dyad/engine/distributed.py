"""The distributed engine: dask.distributed workers analyse, the driver writes.

Work is cut into chunks:

- a multistream dump with its index: runs of whole bz2 streams (`readers.dump.stream_ranges`);
  each worker seeks into the file and decompresses its own range, so the driver reads nothing;
- any other dump (one bz2 stream, plain XML): the driver scans it (the cheap part: decompress,
  parse, filter) and ships batches of the selected pages' wikitext (the expensive part,
  wikitext parsing and analysis, runs in the workers);
- article files: batches of paths, read in the workers.

Each task writes its Documents (lossless records, `engine.codec`) to a Parquet shard and
returns the shard's path. The driver loads shards into the knowledge base in input order
(so actor merges happen in the same order as in the single-process engine, which makes the
two give the same knowledge base) and moves the dump's checkpoint after each chunk.

With `scheduler=None` a LocalCluster is started; with an address, the workers of that
cluster must see the input files and the shard folder at the same paths (a shared
filesystem), as with any Dask deployment reading files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ..errors import DyadError, InputError
from ..readers.dump import (
    DumpPage,
    RelationsFilter,
    StreamRange,
    find_index,
    is_article,
    is_dump,
    iter_pages,
    iter_range_pages,
    read_streams,
    stream_ranges,
)
from . import checkpoint
from .work import ErrorCallback, IngestSummary, analyse_page
from .shards import read_shard, write_shard

DEFAULT_PAGES_PER_CHUNK = 500  # pages of a multistream range / selected pages of a batch
FILES_PER_CHUNK = 8


@dataclass
class Chunk:
    """One unit of work. Exactly one of `range`, `pages`, `files` is set."""

    seq: int
    path: str | None = None  # the dump, for range and pages chunks
    range: StreamRange | None = None
    pages: list[DumpPage] | None = None
    files: list[str] | None = None
    next_ordinal: int | None = None  # the dump's checkpoint once this chunk is written
    last_page_id: int | None = None
    scanned: int = 0  # pages the driver scanned for this chunk (pages chunks)
    start: int = 0  # range chunks: skip pages before this ordinal (a checkpoint mid-stream)


@dataclass
class ChunkResult:
    seq: int
    shard: str | None  # None when the chunk produced no documents
    pages_scanned: int = 0
    pages_selected: int = 0
    documents: int = 0
    errors: list[str] = field(default_factory=list)  # one-line InputError messages, in order
    error_sources: list[str | None] = field(default_factory=list)
    damage: str | None = None  # the range's bz2/XML is damaged: pages after it are unread


def run_chunk(chunk: Chunk, shard_path: str, relations_only: bool) -> ChunkResult:
    """Worker side: read, filter and analyse one chunk, write its Parquet shard."""
    result = ChunkResult(chunk.seq, None, pages_scanned=chunk.scanned)
    docs = []

    def fail(error: InputError) -> None:
        result.errors.append(error.message)
        result.error_sources.append(error.source)

    if chunk.files is not None:
        from ..analysis.pipeline import analyze
        from ..readers import read_path

        for path in chunk.files:
            try:
                for article in read_path(path, on_error=fail):
                    result.pages_selected += 1
                    docs.append(analyze(article))
            except InputError as error:
                fail(error)
    else:
        if chunk.range is not None:
            rfilter = RelationsFilter.default() if relations_only else None
            pages: Iterator[DumpPage] = _filtered(
                (p for p in iter_range_pages(chunk.path, chunk.range) if p.ordinal >= chunk.start),
                rfilter, result)
        else:
            pages = iter(chunk.pages or [])
        try:
            for page in pages:
                result.pages_selected += 1
                try:
                    docs.append(analyse_page(chunk.path, page))
                except InputError as error:
                    fail(error)
        except InputError as error:  # a damaged range: keep what came before it, then stop
            result.damage = error.message
    if docs:
        write_shard(docs, shard_path)
        result.shard = shard_path
        result.documents = len(docs)
    return result


def _filtered(pages, rfilter, result: ChunkResult) -> Iterator[DumpPage]:
    for page in pages:
        result.pages_scanned += 1
        if is_article(page) and (rfilter is None or rfilter.match_page(page)):
            yield page


def plan_dump(path: str, *, start: int, relations_only: bool,
              pages_per_chunk: int = DEFAULT_PAGES_PER_CHUNK) -> Iterator[Chunk]:
    """The chunks of one dump, from page ordinal `start` on (lazily: a plain dump is scanned
    as the chunks are consumed)."""
    index_path = find_index(path)
    if index_path is not None:
        streams = read_streams(index_path)  # not read_index: O(streams) memory
        for rng in stream_ranges(streams, pages_per_range=pages_per_chunk, start=start):
            yield Chunk(0, path, range=rng, next_ordinal=rng.first_ordinal + rng.pages,
                        start=start)
        return
    rfilter = RelationsFilter.default() if relations_only else None
    batch: list[DumpPage] = []
    scanned = 0
    last: DumpPage | None = None
    for page in iter_pages(path, start=start):
        scanned += 1
        last = page
        if is_article(page) and (rfilter is None or rfilter.match_page(page)):
            batch.append(page)
            if len(batch) >= max(1, pages_per_chunk // 10):  # selected pages are the costly ones
                yield Chunk(0, path, pages=batch, next_ordinal=page.ordinal + 1,
                            last_page_id=page.page_id, scanned=scanned)
                batch, scanned = [], 0
    if last is not None and (batch or scanned):
        yield Chunk(0, path, pages=batch, next_ordinal=last.ordinal + 1,
                    last_page_id=last.page_id, scanned=scanned)


def plan(paths: list[str], *, store, resume: bool, relations_only: bool,
         pages_per_chunk: int, summary: IngestSummary) -> Iterator[Chunk]:
    files: list[str] = []
    seq = 0
    for path in paths:
        if not is_dump(path):
            files.append(path)
            continue
        start = 0
        if resume:
            cp = checkpoint.load(store, path)
            if cp is not None:
                start = cp.next
                summary.resumed[path] = start
        for chunk in plan_dump(path, start=start, relations_only=relations_only,
                               pages_per_chunk=pages_per_chunk):
            chunk.seq = seq
            seq += 1
            yield chunk
        # marks the end of this dump for the driver: clear its checkpoint when written
        yield Chunk(seq, path, pages=[], next_ordinal=None)
        seq += 1
    for i in range(0, len(files), FILES_PER_CHUNK):
        yield Chunk(seq, files=files[i:i + FILES_PER_CHUNK])
        seq += 1


def make_client(scheduler: str | None, workers: int):
    """A dask.distributed Client: on `scheduler`, or on a new LocalCluster of `workers`."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError:
        raise DyadError(None, "the Dask engine needs dask.distributed",
                        "pip install 'dyad[dask]'") from None
    try:
        if scheduler:
            # Dask's own connect timeout (distributed.comm.timeouts.connect, 30s by default;
            # DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT in the environment) bounds the wait.
            import dask

            return Client(scheduler, timeout=dask.config.get("distributed.comm.timeouts.connect"))
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster)
    except (OSError, TimeoutError) as error:
        raise DyadError(scheduler or "LocalCluster", f"cannot start or reach the Dask scheduler: {error}") from None


def ingest_distributed(
    paths: list[str],
    store,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    relations_only: bool = True,
    resume: bool = True,
    shard_dir: str | None = None,
    pages_per_chunk: int = DEFAULT_PAGES_PER_CHUNK,
    on_error: ErrorCallback | None = None,
    progress=None,
    client=None,
) -> IngestSummary:
    """Analyse `paths` (dumps and article files) in Dask workers and load the results into
    `store`. Keeps the shards in `shard_dir` if given, else uses a temporary folder."""
    from distributed import as_completed

    summary = IngestSummary()
    own_dir = shard_dir is None
    folder = tempfile.mkdtemp(prefix="dyad-shards-") if own_dir else shard_dir
    os.makedirs(folder, exist_ok=True)
    own_client = client is None
    if own_client:
        client = make_client(scheduler, workers)
    try:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        chunks = plan(list(paths), store=store, resume=resume, relations_only=relations_only,
                      pages_per_chunk=pages_per_chunk, summary=summary)
        planned: dict[int, Chunk] = {}
        finished: dict[int, ChunkResult] = {}
        next_to_load = 0
        running = as_completed()
        exhausted = False
        load_error: InputError | None = None

        def submit_more() -> None:
            nonlocal exhausted
            # Results waiting for an earlier chunk count too: memory stays bounded even
            # when one slow chunk holds up the loading of those after it.
            while not exhausted and running.count() + len(finished) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    return
                planned[chunk.seq] = replace(chunk, pages=None)  # the driver keeps no text
                shard = os.path.join(folder, f"shard-{chunk.seq:06d}.parquet")
                running.add(client.submit(run_chunk, chunk, shard, relations_only,
                                          key=f"dyad-chunk-{chunk.seq}-{os.getpid()}-{id(folder)}",
                                          pure=False))

        try:
            submit_more()
        except InputError as error:  # the driver's scan of a plain dump hit damage
            load_error, exhausted = error, True
        while running.count() or next_to_load in finished:
            if running.count():
                future = next(running)
                try:
                    result: ChunkResult = future.result()
                except DyadError:
                    raise
                except Exception as error:  # a worker died or ran out of memory, ...
                    raise DyadError(scheduler or "LocalCluster",
                                    f"a Dask task failed: {type(error).__name__}: {error}",
                                    "resume with the same command: finished chunks are kept"
                                    ) from None
                finished[result.seq] = result
            # Load in input order, so the knowledge base is built as sequentially.
            while next_to_load in finished:
                result = finished.pop(next_to_load)
                chunk = planned.pop(next_to_load)
                _load(result, chunk, store, summary, on_error, progress)
                next_to_load += 1
            if not exhausted:
                try:
                    submit_more()
                except InputError as error:
                    load_error, exhausted = error, True
        if load_error is not None:
            raise load_error
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)
    return summary


def _load(result: ChunkResult, chunk: Chunk, store, summary: IngestSummary,
          on_error: ErrorCallback | None, progress) -> None:
    summary.pages_scanned += result.pages_scanned
    summary.pages_selected += result.pages_selected
    for message, source in zip(result.errors, result.error_sources):
        summary.failed += 1
        error = InputError(source, message)
        if on_error is None:
            raise error
        on_error(error)
    if result.shard is not None:
        summary.shards.append(result.shard)
        for doc in read_shard(result.shard):
            store.ingest([doc])
            summary.written += 1
            if progress is not None:
                progress(summary, doc)
    if result.damage is not None:
        # The pages before the damage are written; the checkpoint stays before this chunk.
        raise InputError(chunk.path, result.damage)
    if chunk.path is not None and chunk.files is None:
        if chunk.next_ordinal is None:  # the end of this dump
            checkpoint.clear(store, chunk.path)
        else:
            previous = checkpoint.load(store, chunk.path)
            done = (previous.pages_done if previous else 0) + result.documents
            checkpoint.save(store, chunk.path, chunk.next_ordinal, chunk.last_page_id, done)
