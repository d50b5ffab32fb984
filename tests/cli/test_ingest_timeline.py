"""`dyad ingest`, `dyad timeline` and `dyad demo` as users run them: exact error lines, exit
codes, nothing written for bad inputs, the same events for any alias of a party."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

import dyad
from dyad.cli import cli
from dyad.cli import commands  # noqa: F401  (registers the commands)
from dyad.errors import RuleError
from dyad.sample import article_paths
from dyad.store import open_store
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)


SEED = builders.SEED
SAMPLE = {p.name: p for p in article_paths()}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with builders.fresh_database(request.param, tmp_path, pg) as url:
        yield url


@pytest.fixture
def kb_url(db_url):
    """A knowledge base holding the hand-built seed Document and two neighbouring articles."""
    with open_store(db_url) as store:
        store.ingest([builders.seed_document(), *builders.other_documents()])
    return db_url


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


# -- ingest ----------------------------------------------------------------------------------

def test_ingest_is_idempotent(db_url):
    paths = [str(SEED), str(SAMPLE["Albania-Brazil_relations.txt"])]
    first = run("ingest", *paths, "--db", db_url)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    assert first.stderr.startswith("Ingested 2 article(s) into ")
    with open_store(db_url) as store:
        counts = store.counts()
    again = run("ingest", *paths, "--db", db_url)
    assert again.exit_code == 0
    assert "Ingested 2 article(s) (2 replaced) into " in again.stderr
    with open_store(db_url) as store:
        assert store.counts() == counts
        assert counts["articles"] == 2
        doc = store.document("Armenia–Artsakh relations")
    assert doc.text == SEED.read_text(encoding="utf-8")


def test_bad_inputs_are_reported_skipped_and_not_written(tmp_path):
    db = tmp_path / "kb.db"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    missing = tmp_path / "missing.txt"
    good = SAMPLE["Albania-Japan_relations.txt"]
    result = run("ingest", str(empty), str(good), str(binary), str(missing), "--db", str(db))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert [e.split(": ")[1] for e in errors] == [str(empty), str(binary), str(missing)]
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("Ingested 1 article(s) into ") and lines[-1].endswith(
        "; 3 failed")
    with open_store(f"sqlite:///{db}") as store:
        assert [a["source"] for a in store.articles()] == [str(good)]


def test_analysis_failure_is_reported_and_the_rest_ingested(tmp_path, monkeypatch):
    real = dyad.analyze

    def flaky(article):
        if "Japan" in (article.title or ""):
            raise ZeroDivisionError("division by zero")
        return real(article)

    monkeypatch.setattr(dyad, "analyze", flaky)
    japan, brazil = SAMPLE["Albania-Japan_relations.txt"], SAMPLE["Albania-Brazil_relations.txt"]
    result = run("ingest", str(japan), str(brazil), "--db", str(tmp_path / "kb.db"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {japan}: analysis failed: ZeroDivisionError: division by zero")
    assert "Ingested 1 article(s)" in result.stderr


def test_broken_rule_data_is_reported_once_and_stops(tmp_path, monkeypatch):
    def broken(article):
        raise RuleError("rules/en/temporal/x.toml", "line 3: duplicate rule id 'year'")

    monkeypatch.setattr(dyad, "analyze", broken)
    paths = [str(p) for p in list(SAMPLE.values())[:3]]
    result = run("ingest", *paths, "--db", str(tmp_path / "kb.db"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: rules/en/temporal/x.toml: line 3: duplicate rule id 'year'",
        result.stderr.splitlines()[1],
    ]
    assert result.stderr.splitlines()[1].endswith("; 1 failed; stopped at broken rule data")


@pytest.mark.parametrize("db, message", [
    ("foo://x/y", "Error: foo://x/y: unsupported database 'foo' "
                  "(use sqlite:///path.db or postgresql://user@host:port/database)"),
    ("sqlite:////no/such/folder/kb.db",
     "Error: sqlite:////no/such/folder/kb.db: folder /no/such/folder does not exist"),
])
@pytest.mark.parametrize("command", ["ingest", "timeline"])
def test_bad_db_urls_are_one_line_errors(command, db, message):
    args = [str(SEED)] if command == "ingest" else ["Armenia", "Artsakh"]
    result = run(command, *args, "--db", db)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message + "\n")


def test_unreachable_postgresql_is_one_line(tmp_path):
    result = run("timeline", "Armenia", "Artsakh", "--db", "postgresql://dyad@127.0.0.1:1/kb")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: postgresql://dyad@127.0.0.1:1/kb: cannot connect: ")
    assert result.stderr.count("\n") == 1


def test_db_defaults_to_dyad_db_environment_variable(tmp_path):
    db = tmp_path / "from-env.db"
    result = run("ingest", str(SAMPLE["Albania-Egypt_relations.txt"]),
                 env={"DYAD_DB": str(db)})
    assert result.exit_code == 0, result.stderr
    assert db.exists()


# -- timeline --------------------------------------------------------------------------------

def _json(*args):
    result = run("timeline", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_timeline_is_the_same_for_any_alias(kb_url):
    a = _json("NKR", "Armenia", "--db", kb_url)
    b = _json("Armenia", "Artsakh", "--db", kb_url)
    c = _json("Nagorno-Karabakh Republic", "Republic of Armenia", "--db", kb_url)
    import jsonschema

    from dyad.query.timeline import JSON_SCHEMA

    jsonschema.validate(a, JSON_SCHEMA)
    assert a["schema"] == "dyad.timeline/1"
    assert a["events"] and a["events"] == b["events"] == c["events"]
    assert b["dyad"]["status"] == "historical" and b["dyad"]["ended"] == "2024-01-01"
    first = b["events"][0]
    assert {"date", "type", "plover", "source", "target", "trigger", "sentence",
            "earliest", "latest", "article"} <= set(first)


def test_timeline_csv_and_table(kb_url):
    as_json = _json("Armenia", "Artsakh", "--db", kb_url)
    result = run("timeline", "Armenia", "Artsakh", "--db", kb_url, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(as_json["events"])
    assert [r["trigger"] for r in rows] == [e["trigger"] for e in as_json["events"]]
    table = run("timeline", "Armenia", "Artsakh", "--db", kb_url).stdout
    lines = table.splitlines()
    assert lines[0] == (f"Armenia – Artsakh (historical since 2024-01-01): "
                        f"{len(as_json['events'])} event(s)")
    assert lines[2].split() == ["date", "type", "source", "→", "target", "trigger", "sentence"]
    assert len(lines) == 4 + len(as_json["events"])
    # Dates as people write them in the table; the TIMEX3 value in JSON and CSV.
    assert lines[4].startswith("11th century  ") and rows[0]["date"] == "10"
    assert any(line.startswith("20 February 1988  ") for line in lines)


def test_timeline_status_as_of_a_day(kb_url):
    before = run("timeline", "Artsakh", "Armenia", "--db", kb_url, "--on", "2023-06-01")
    assert before.stdout.splitlines()[0].startswith("Artsakh – Armenia (current on 2023-06-01): ")
    after = _json("Armenia", "Artsakh", "--db", kb_url, "--on", "2024-06")
    assert (after["dyad"]["status"], after["dyad"]["on"], after["dyad"]["ended"]) == (
        "historical", "2024-06-01", "2024-01-01")
    bad = run("timeline", "Armenia", "Artsakh", "--db", kb_url, "--on", "June")
    assert (bad.exit_code, bad.stderr) == (
        1, "Error: June: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)\n")


def test_timeline_filters(kb_url):
    events = _json("Armenia", "Artsakh", "--db", kb_url, "--from", "1988", "--to", "1988-03",
                   "--type", "PROTEST", "--type", "decide")["events"]
    assert events and {e["type"] for e in events} <= {"PROTEST", "DECIDE"}
    assert all(e["latest"] >= "1988-01-01" and e["earliest"] <= "1988-03-31" for e in events)


def test_timeline_unknown_party_is_one_line(kb_url):
    result = run("timeline", "Narnia", "Armenia", "--db", kb_url)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (f"Error: Narnia: no such party in {kb_url} "
                             "(check the spelling, or ingest an article about it first)\n")


def test_timeline_bad_date_is_one_line(kb_url):
    result = run("timeline", "Armenia", "Artsakh", "--db", kb_url, "--from", "1988-13")
    assert result.exit_code == 1
    assert result.stderr == "Error: 1988-13: not a --from date: no month 13\n"


def test_timeline_does_not_create_a_missing_database(tmp_path):
    db = tmp_path / "typo.db"
    result = run("timeline", "Armenia", "Artsakh", "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: sqlite:///{db}: no knowledge base here "
                             "(run `dyad ingest PATH --db URL` first)\n")
    assert not db.exists()


# -- ingest then timeline, through the real pipeline -------------------------------------------

def test_ingested_seed_answers_timeline_by_any_alias(db_url):
    import jsonschema

    from dyad.query.timeline import JSON_SCHEMA

    assert run("ingest", str(SEED), "--db", db_url).exit_code == 0
    a = _json("NKR", "Armenia", "--db", db_url)
    b = _json("Armenia", "Artsakh", "--db", db_url)
    jsonschema.validate(a, JSON_SCHEMA)
    assert a["events"] == b["events"]
    assert {a["dyad"]["party1"]["id"], a["dyad"]["party2"]["id"]} == \
        {b["dyad"]["party1"]["id"], b["dyad"]["party2"]["id"]}


def test_demo_without_serving(tmp_path):
    db = tmp_path / "demo.db"
    result = run("demo", "--db", str(db), "--no-serve")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Armenia – Artsakh (historical since 2024-01-01): ")
    assert f"Ingested 24 of 24 sample articles into sqlite:///{db}" in result.stderr
    with open_store(f"sqlite:///{db}") as store:
        assert store.counts()["articles"] == 24


def test_demo_serves_the_explorer_on_the_demo_database(tmp_path, monkeypatch):
    import dyad.web

    calls = []
    monkeypatch.setattr(dyad.web, "serve", lambda url, host, port: calls.append((url, host, port)))
    db = tmp_path / "demo.db"
    result = run("demo", "--db", str(db), "--port", "8123")
    assert result.exit_code == 0, result.stderr
    assert calls == [(f"sqlite:///{db}", "127.0.0.1", 8123)]
    assert "Serving the explorer on http://127.0.0.1:8123/" in result.stderr
