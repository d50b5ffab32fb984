"""Timelines of dyads an overview page ("Foreign relations of Armenia") covers, on SQLite and
PostgreSQL: the page's events about the dyad (both parties take part) and nothing else of it,
merged with another article's report of the same event (`also_in`); and the CLI commands
`dyad ingest PAGE && dyad timeline Armenia Algeria` as a user runs them."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from dyad.analysis.pipeline import analyze
from dyad.cli import cli
from dyad.cli import commands  # noqa: F401  (registers the commands)
from dyad.model import Actor
from dyad.query import timeline
from dyad.query.timeline import JSON_SCHEMA
from dyad.readers import read_path
from dyad.store import open_store
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)

PAGE = builders.DATA / "wikitext" / "Foreign_relations_of_Armenia.wiki"


@pytest.fixture(scope="module")
def armenia():
    return analyze(next(read_path(str(PAGE))))


def algeria_article():
    """An article about the dyad that reports the same establishment."""
    arm = Actor("polity:ARM", "Armenia", "polity", ["Armenia"], iso3="ARM")
    dza = Actor("polity:DZA", "Algeria", "polity", ["Algeria"], iso3="DZA")
    doc = builders.small_document("Algeria–Armenia relations", [
        ("Algeria and Armenia established diplomatic relations on 30 December 1992.",
         [("established", "ESTABLISH_RELATIONS", "1992-12-30", ["polity:DZA", "polity:ARM"], [])]),
    ], [arm, dza], ("polity:DZA", "polity:ARM"))
    doc.events[0].plover = None  # a domain type, as the pipeline gives it
    return doc


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory, armenia):
    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with builders.fresh_database(request.param, tmp_path_factory.mktemp("kb"), pg) as url:
        with open_store(url) as kb:
            kb.ingest([armenia])
            yield kb


def test_a_dyad_of_the_page_lists_its_events_only(store, armenia):
    t = timeline(store, "Armenia", "Algeria")
    assert [(e.date, e.type, e.article) for e in t.events] == [
        ("1992-12-30", "ESTABLISH_RELATIONS", armenia.title)]
    # The page is no article about the dyad: its other 480-odd events stay out.
    assert t.articles == []
    assert t.began == "1992-12-30" and t.to_json()["dyad"]["began"] == "1992-12-30"
    # It is listed apart, as a page that covers the dyad in two of its rows.
    (page,) = t.covered_in
    assert (page["article"], page["scope"], page["began"]) == (
        armenia.title, "region", "1992-12-30")
    assert [r["kind"] for r in page["regions"]] == ["row", "row"]
    assert page["label"] == "2 rows"
    assert t.to_json()["dyad"]["covered_in"] == t.covered_in
    t = timeline(store, "Armenia", "Lithuania")
    assert ("1991-11-21", "ESTABLISH_RELATIONS") in [(e.date, e.type) for e in t.events]
    for e in t.events:
        assert {"polity:ARM", "polity:LTU"} <= {a.id for a in e.source + e.target}


def test_another_articles_report_of_the_same_event_is_merged(store, armenia):
    store.ingest([algeria_article()])
    try:
        t = timeline(store, "Algeria", "Armenia")
        assert len(t.events) == 1
        (e,) = t.events
        assert e.article == "Algeria–Armenia relations"  # the article about the dyad first
        assert [x["article"] for x in e.also_in] == [armenia.title]
        assert t.articles == ["Algeria–Armenia relations"]
        assert [c["article"] for c in t.covered_in] == [armenia.title]
    finally:
        store.delete("Algeria–Armenia relations")


def test_cli_ingest_then_timeline(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    runner = CliRunner()
    done = runner.invoke(cli, ["ingest", str(PAGE), "--db", url])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(cli, ["timeline", "Armenia", "Algeria", "--db", url, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    body = json.loads(shown.stdout)
    assert body["dyad"]["articles"] == []
    assert [(c["article"], c["began"], c["label"]) for c in body["dyad"]["covered_in"]] == [
        ("Foreign relations of Armenia", "1992-12-30", "2 rows")]
    jsonschema.validate(body, JSON_SCHEMA)
    events = body["events"]
    assert [(e["date"], e["type"]) for e in events] == [("1992-12-30", "ESTABLISH_RELATIONS")]
    assert {a["id"] for a in events[0]["source"]} == {"polity:ARM", "polity:DZA"}
    table = runner.invoke(cli, ["timeline", "Armenia", "Algeria", "--db", url])
    assert table.stdout.startswith(
        "Armenia – Algeria (current on ") and "; relations began 30 December 1992): 1 event(s)" in table.stdout
    assert table.stdout.splitlines()[1] == (
        "also covered in: Foreign relations of Armenia (2 rows; relations began 30 December 1992)")


def test_cli_timeline_json_reports_the_covering_page(store, armenia):
    """`dyad timeline --format json` on either back end: the overview page is no article
    about the dyad, it is listed in `covered_in` with its rows and when relations began."""
    runner = CliRunner()
    shown = runner.invoke(cli, ["timeline", "Algeria", "Armenia", "--db", store.url,
                                "--format", "json"])
    assert shown.exit_code == 0, shown.output
    dyad = json.loads(shown.stdout)["dyad"]
    assert dyad["articles"] == [] and dyad["began"] == "1992-12-30"
    (page,) = dyad["covered_in"]
    assert page["article"] == armenia.title and page["source_path"] == str(PAGE)
    assert [(r["kind"], r["began"]) for r in page["regions"]] == [
        ("row", "1992-12-30"), ("row", "1992-12-30")]
    table = runner.invoke(cli, ["timeline", "Armenia", "Algeria", "--db", store.url])
    assert "also covered in: Foreign relations of Armenia (2 rows; relations began " \
           "30 December 1992)" in table.stdout
