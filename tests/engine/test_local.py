"""The single-process engine: filter, provenance, checkpoints, resume, damage."""

from __future__ import annotations

import pytest

from dyad.engine import checkpoint
from dyad.engine.local import ingest_dump
from dyad.errors import InputError
from dyad.store import open_store

RELATIONS = ["Foreign relations of Angola", "Foreign relations of Kosovo",
             "Foreign relations of South Ossetia"]


def titles(store) -> list[str]:
    return sorted(a["title"] for a in store.articles())


def test_ingest_keeps_relations_pages_with_provenance(multistream, tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'kb.db'}") as store:
        summary = ingest_dump(str(multistream), store)
        assert (summary.pages_scanned, summary.pages_selected, summary.written) == (114, 3, 3)
        assert titles(store) == RELATIONS
        angola = store.document("Foreign relations of Angola")
        assert angola.article.source == f"{multistream}#710"
        assert (angola.article.page_id, angola.article.revision_id) == (710, 716080504)
        assert angola.article.timestamp == "2016-04-19T19:47:19Z"
        assert store.checkpoint(checkpoint.key(str(multistream))) is None  # done: cleared


def test_all_pages_and_reingest_without_duplicates(multistream, tmp_path):
    with open_store(f"sqlite:///{tmp_path / 'kb.db'}") as store:
        first = ingest_dump(str(multistream), store, relations_only=False)
        assert first.pages_selected == 14 and first.written + first.failed == 14
        counts = store.counts()
        again = ingest_dump(str(multistream), store, relations_only=False)
        assert again.written == first.written
        assert store.counts() == counts


class Interrupt(Exception):
    pass


def test_interrupted_run_resumes_from_its_checkpoint(multistream, tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    with open_store(url) as store:
        def stop_after_two(summary, doc):
            if summary.written == 2:
                raise Interrupt

        with pytest.raises(Interrupt):
            ingest_dump(str(multistream), store, relations_only=False, progress=stop_after_two)
        cp = checkpoint.load(store, str(multistream))
        assert cp is not None and cp.pages_done == 2
        done_before = titles(store)
        assert len(done_before) == 2

    with open_store(url) as store:
        resumed = ingest_dump(str(multistream), store, relations_only=False)
        assert resumed.resumed == {str(multistream): cp.next}
        assert resumed.pages_scanned == 114 - cp.next  # the index let it seek past the rest
        assert store.checkpoint(checkpoint.key(str(multistream))) is None
        assert len(titles(store)) == resumed.written + 2  # every article once
        assert len(set(titles(store))) == len(titles(store))


def test_checkpoint_of_a_changed_file_is_ignored(multistream, tmp_path):
    copy = tmp_path / multistream.name
    copy.write_bytes(multistream.read_bytes())
    with open_store(f"sqlite:///{tmp_path / 'kb.db'}") as store:
        checkpoint.save(store, str(copy), 100, 1, 0)
        assert checkpoint.load(store, str(copy)).next == 100
        copy.write_bytes(multistream.read_bytes() + b"")  # rewritten: new mtime
        import os
        os.utime(copy, ns=(1, 1))
        assert checkpoint.load(store, str(copy)) is None
        summary = ingest_dump(str(copy), store)
        assert summary.resumed == {} and summary.written == 3


def test_truncated_dump_keeps_what_came_before(multistream, tmp_path):
    from dyad.readers.dump import find_index, read_index

    data = multistream.read_bytes()
    last_stream = read_index(find_index(str(multistream)))[-1].offset  # holds Kosovo
    cut = tmp_path / "cut.xml.bz2"  # no index beside it: read sequentially
    cut.write_bytes(data[: last_stream + 500])
    with open_store(f"sqlite:///{tmp_path / 'kb.db'}") as store:
        with pytest.raises(InputError) as caught:
            ingest_dump(str(cut), store)
        assert str(caught.value).startswith(f"{cut}: ") and "truncated" in str(caught.value)
        kept = titles(store)
        assert "Foreign relations of Angola" in kept and "Foreign relations of Kosovo" not in kept
        cp = checkpoint.load(store, str(cut))
        assert cp is not None and cp.pages_done == len(kept) and cp.next == 110
