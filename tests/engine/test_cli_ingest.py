"""`dyad ingest` on dumps: the filter, --all-pages, resume, damage, --engine dask."""

from __future__ import annotations

from click.testing import CliRunner

from dyad.cli import cli
from dyad.cli import commands  # noqa: F401  (registers the commands)
from dyad.engine import checkpoint
from dyad.store import open_store


def ingest(*args: str):
    return CliRunner().invoke(cli, ["ingest", *args], catch_exceptions=False)


def test_dump_ingest_keeps_relations_articles(multistream, tmp_path):
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    result = ingest(str(multistream), "--db", db)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Ingested 3 article(s) into ")
    with open_store(db) as store:
        assert sorted(a["title"] for a in store.articles()) == [
            "Foreign relations of Angola", "Foreign relations of Kosovo",
            "Foreign relations of South Ossetia"]


def test_all_pages(multistream, tmp_path):
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    result = ingest(str(multistream), "--db", db, "--all-pages", "-q")
    assert result.exit_code in (0, 1), result.stderr
    with open_store(db) as store:
        written = len(store.articles())
    # every namespace-0 non-redirect page is written, or reported on stderr as one line
    assert written + result.stderr.count("\n") == 14 and written >= 12


def test_truncated_dump_reports_one_line_and_keeps_the_rest(multistream, tmp_path):
    from dyad.readers.dump import find_index, read_index

    last = read_index(find_index(str(multistream)))[-1].offset
    cut = tmp_path / "cut.xml.bz2"
    cut.write_bytes(multistream.read_bytes()[: last + 300])
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    result = ingest(str(cut), "--db", db)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (f"Error: {cut}: compressed data ends before the end of the dump "
                        "after 110 pages (truncated file?)")
    assert lines[1].startswith("Ingested 1 article(s)") and "1 failed" in lines[1]
    with open_store(db) as store:
        assert [a["title"] for a in store.articles()] == ["Foreign relations of Angola"]
        assert checkpoint.load(store, str(cut)).next == 110
    # resumed: starts at page 110 and meets the damage again without writing anything;
    # --restart ignores the checkpoint and writes Angola again (replacing it)
    again = ingest(str(cut), "--db", db).stderr.splitlines()
    assert again[0] == lines[0] and again[1].startswith("Ingested 0 article(s)")
    restarted = ingest(str(cut), "--db", db, "--restart").stderr.splitlines()
    assert restarted[1].startswith("Ingested 1 article(s)")
    with open_store(db) as store:
        assert [a["title"] for a in store.articles()] == ["Foreign relations of Angola"]


def test_dask_engine_from_the_command_line(multistream, tmp_path):
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    result = ingest(str(multistream), "--db", db, "--engine", "dask", "--workers", "1")
    assert result.exit_code == 0, result.stderr
    with open_store(db) as store:
        assert len(store.articles()) == 3


def test_unreachable_scheduler_is_one_line(multistream, tmp_path):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = ingest(str(multistream), "--db", f"sqlite:///{tmp_path / 'kb.db'}",
                        "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: tcp://127.0.0.1:9: cannot start or reach the Dask scheduler")
    assert result.stderr.count("\n") == 1


def test_a_damaged_dump_does_not_stop_the_next_input(multistream, tmp_path):
    cut = tmp_path / "cut.xml.bz2"
    cut.write_bytes(multistream.read_bytes()[:5000])
    seed = tmp_path / "Albania-Brazil_relations.txt"
    seed.write_text("Albania–Brazil relations\n\nAlbania and Brazil established relations in 1961.\n",
                    encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    result = ingest(str(cut), str(multistream), str(seed), "--db", db)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"Error: {cut}: ")
    assert "Ingested 4 article(s)" in result.stderr and "1 failed" in result.stderr
    with open_store(db) as store:
        assert len(store.articles()) == 4
