"""The Dask engine gives the knowledge base the single-process engine gives.

One LocalCluster of two worker processes is shared by the tests of this module (starting
one costs seconds). Each test ingests the same input both ways and compares everything the
store holds: every article read back as a Document, every actor, dyad and checkpoint.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from dyad.engine import checkpoint
from dyad.engine.distributed import ingest_distributed, make_client
from dyad.engine.local import ingest_dump
from dyad.engine.shards import read_shard
from dyad.store import open_store, schema

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TABLES_DUMP = DATA / "dumps" / "gensim_enwiki-table-markup.xml.bz2"


@pytest.fixture(scope="module")
def client():
    c = make_client(None, workers=2)
    yield c
    cluster = c.cluster
    c.close()
    cluster.close()


def snapshot(store) -> dict:
    """Everything a knowledge base holds, without surrogate keys and ingest times."""
    docs = {}
    for a in store.articles():
        doc = store.document(a["source"])
        docs[a["source"]] = doc.to_json() | {"raw": doc.article.raw,
                                             "source_map": doc.article.source_map}
    with store.connect() as conn:
        actors = [dict(r) for r in conn.execute(select(schema.actors).order_by(schema.actors.c.id)).mappings()]
        dyads = [(r.party1, r.party2, r.status, r.ended) for r in conn.execute(
            select(schema.dyads).order_by(schema.dyads.c.party1, schema.dyads.c.party2))]
        aliases = sorted((r.actor_id, r.alias) for r in conn.execute(select(schema.aliases)))
    counts = store.counts()
    counts.pop("checkpoints", None)
    return {"docs": docs, "actors": actors, "dyads": dyads, "aliases": aliases, "counts": counts}


def test_multistream_split_by_index_equals_one_process(multistream, tmp_path, client):
    with open_store(f"sqlite:///{tmp_path / 'local.db'}") as local:
        one = ingest_dump(str(multistream), local, relations_only=False, on_error=lambda e: None)
        expected = snapshot(local)
    shards = tmp_path / "shards"
    with open_store(f"sqlite:///{tmp_path / 'dask.db'}") as kb:
        many = ingest_distributed([str(multistream)], kb, relations_only=False, client=client,
                                  pages_per_chunk=30, shard_dir=str(shards), on_error=lambda e: None)
        got = snapshot(kb)
        assert kb.checkpoint(checkpoint.key(str(multistream))) is None
    assert (many.pages_scanned, many.pages_selected, many.written, many.failed) == (
        one.pages_scanned, one.pages_selected, one.written, one.failed)
    assert len(many.shards) >= 2  # the articles came back from separate 30-page range tasks
    assert sum(1 for s in many.shards for _ in read_shard(s)) == many.written
    assert got == expected
    assert len(expected["docs"]) == one.written > 0


def test_plain_dump_scanned_by_driver_equals_one_process(tmp_path, client):
    with open_store(f"sqlite:///{tmp_path / 'local.db'}") as local:
        ingest_dump(str(TABLES_DUMP), local, relations_only=False, on_error=lambda e: None)
        expected = snapshot(local)
    with open_store(f"sqlite:///{tmp_path / 'dask.db'}") as kb:
        summary = ingest_distributed([str(TABLES_DUMP)], kb, relations_only=False, client=client,
                                     pages_per_chunk=20, on_error=lambda e: None)
        assert summary.pages_scanned == 5
        assert snapshot(kb) == expected
    assert summary.shards and not any(Path(s).exists() for s in summary.shards)  # temp shards removed


def test_article_files_equal_one_process(tmp_path, client):
    from dyad import analyze
    from dyad.readers import read_path

    files = sorted(str(p) for p in (DATA / "articles").glob("Albania-*.txt"))[:4]
    with open_store(f"sqlite:///{tmp_path / 'local.db'}") as local:
        for f in files:
            local.ingest([analyze(a) for a in read_path(f)])
        expected = snapshot(local)
    with open_store(f"sqlite:///{tmp_path / 'dask.db'}") as kb:
        summary = ingest_distributed(files, kb, client=client)
        assert summary.written == len(files)
        assert snapshot(kb) == expected


def test_resume_skips_what_was_written(multistream, dump_pages, tmp_path, client):
    angola = next(p.ordinal for p in dump_pages if p.title == "Foreign relations of Angola")
    assert angola % 10 != 9  # the checkpoint falls inside a 10-page stream
    with open_store(f"sqlite:///{tmp_path / 'dask.db'}") as kb:
        checkpoint.save(kb, str(multistream), angola + 1, None, 1)
        summary = ingest_distributed([str(multistream)], kb, client=client, pages_per_chunk=30)
        assert summary.resumed == {str(multistream): angola + 1}
        assert summary.pages_scanned == 114 - (angola + 1)
        # Angola was done before the checkpoint; the two appended pages come after it
        assert sorted(a["title"] for a in kb.articles()) == [
            "Foreign relations of Kosovo", "Foreign relations of South Ossetia"]
        assert kb.checkpoint(checkpoint.key(str(multistream))) is None


def test_damaged_range_keeps_earlier_chunks_and_stops(multistream, tmp_path, client):
    folder = tmp_path / "damaged"
    folder.mkdir()
    dump = folder / multistream.name
    shutil.copy(multistream.with_name(multistream.name.replace(".xml.bz2", "-index.txt")),
                folder / multistream.name.replace(".xml.bz2", "-index.txt"))
    data = bytearray(multistream.read_bytes())
    data[-2000:-1000] = bytes(1000)  # the last streams: the appended relations pages
    dump.write_bytes(bytes(data))
    from dyad.errors import InputError

    with open_store(f"sqlite:///{tmp_path / 'dask.db'}") as kb:
        with pytest.raises(InputError) as caught:
            ingest_distributed([str(dump)], kb, client=client, pages_per_chunk=30)
        assert str(caught.value).startswith(f"{dump}: corrupt compressed data")
        assert "Foreign relations of Angola" in [a["title"] for a in kb.articles()]
        cp = checkpoint.load(kb, str(dump))
        assert cp is not None and cp.next <= 114


@pytest.mark.postgres
def test_dask_into_postgresql_equals_one_process_into_sqlite(multistream, tmp_path, client,
                                                             pg_database):
    with open_store(f"sqlite:///{tmp_path / 'local.db'}") as local:
        ingest_dump(str(multistream), local, on_error=lambda e: None)
        expected = snapshot(local)
    with open_store(pg_database) as kb:
        assert kb.dialect == "postgresql"
        summary = ingest_distributed([str(multistream)], kb, client=client, pages_per_chunk=30)
        assert summary.written == 3
        assert snapshot(kb) == expected
