"""`dyad export`: every format read back with its own ecosystem's library.

The knowledge base is built from hand-made Documents (known actors, events and dates of
every precision) through the store's own `Store.ingest`, so each figure below is known
without depending on the analysis stages; one test runs the real pipeline end to end.
"""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET

import jsonschema
import pyarrow.parquet as pq
import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner
from rdflib import RDF, XSD, Literal, URIRef

from dyad.cli import cli
from dyad.cli import commands  # noqa: F401  (registers the commands)
from dyad.errors import QueryError
from dyad.model import (
    Actor, Article, Document, Dyad, Event, EventDate, Mission, Sentence, Timex, Trigger,
)
from dyad.query.export import export, jsonl, timelinejs
from dyad.query.export.rdf import SEM, SDO, WD, actor_uri
from dyad.store import open_store

TEXT = (
    "Armenia–Artsakh relations\n"
    "On 23 March 1988 Armenia rejected the proposal of Artsakh. "
    "In the late 1980s Armenia consulted Artsakh & Nikol Pashinyan. "
    "Armenia and Artsakh agreed to cooperate. "
    "Armenia again rejected the proposal in 1988."
)


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def armenia_artsakh() -> Document:
    t = TEXT
    sents = []
    pos = t.index("On 23")
    for end_marker in ("Artsakh. ", "Pashinyan. ", "cooperate. ", "in 1988."):
        end = t.index(end_marker, pos) + len(end_marker.rstrip())
        sents.append(Sentence(pos, end))
        pos = end + 1
    art = Article(source="/data/armenia-artsakh.wiki#42", format="wikitext",
                  title="Armenia–Artsakh relations", text=t, page_id=42, revision_id=1234,
                  timestamp="2024-05-01T10:00:00Z")
    doc = Document(article=art, sentences=sents)
    d1 = _span(t, "23 March 1988")
    d2 = _span(t, "the late 1980s")
    d3 = _span(t, "1988", t.index("again"))
    doc.timexes = [
        Timex("t1", *d1, "23 March 1988", "DATE", "1988-03-23", earliest="1988-03-23", latest="1988-03-23"),
        Timex("t2", *d2, "the late 1980s", "DATE", "198", mod="END", earliest="1987-01-01", latest="1989-12-31"),
        Timex("t3", *d3, "1988", "DATE", "1988", earliest="1988-01-01", latest="1988-12-31"),
    ]
    doc.actors = [
        Actor("polity:ARM", "Armenia", "polity", aliases=["Armenia", "Republic of Armenia"],
              mentions=[_span(t, "Armenia rejected")], iso3="ARM", wikidata="Q399"),
        Actor("polity:NKR", "Artsakh", "polity", aliases=["Artsakh", "NKR", "Nagorno-Karabakh Republic"],
              iso3=None, wikidata="Q244165", status="de facto"),
        Actor("person:nikol-pashinyan", "Nikol Pashinyan", "person", aliases=["Pashinyan"],
              role="Prime Minister of Armenia", affiliation="polity:ARM"),
    ]

    def ev(eid, trigger, after, sentence, type_, plover, date, source, target, **kw):
        s, e = _span(t, trigger, after)
        return Event(eid, Trigger(s, e, trigger), sentence, type_, plover, date, source, target, **kw)

    doc.events = [
        ev("e1", "rejected", 0, 0, "REJECT", "REJECT",
           EventDate("1988-03-23", None, "1988-03-23", "1988-03-23", "t1"),
           ["polity:ARM"], ["polity:NKR"], rule="events.reject.1"),
        ev("e2", "consulted", 0, 1, "CONSULT", "CONSULT",
           EventDate("198", "END", "1987-01-01", "1989-12-31", "t2"),
           ["polity:ARM"], ["polity:NKR", "person:nikol-pashinyan"]),
        ev("e3", "agreed", 0, 2, "AGREE", "AGREE", EventDate(), ["polity:ARM", "polity:NKR"], [],
           future=True),
        ev("e4", "rejected", t.index("again"), 3, "REJECT", "REJECT",
           EventDate("1988", None, "1988-01-01", "1988-12-31", "t3"),
           ["polity:ARM"], ["polity:NKR"], same_as="e1"),
    ]
    doc.dyad = Dyad("polity:ARM", "polity:NKR", rule="relations.title")
    doc.missions = [Mission("polity:NKR", "polity:ARM", "Permanent Representation of Artsakh",
                            "Yerevan", "representative office", opened="1992",
                            opened_event="e1")]
    return doc


def albania_brazil() -> Document:
    t = "Albania–Brazil relations\nIn 1961 Albania recognised Brazil."
    s = t.index("In 1961")
    art = Article(source="/data/albania-brazil.txt", format="plaintext",
                  title="Albania–Brazil relations", text=t, dct="2019-07-20")
    doc = Document(article=art, sentences=[Sentence(s, len(t))])
    d = _span(t, "1961")
    doc.timexes = [Timex("t1", *d, "1961", "DATE", "1961", earliest="1961-01-01", latest="1961-12-31")]
    doc.actors = [Actor("polity:ALB", "Albania", "polity", aliases=["Albania"], iso3="ALB", wikidata="Q222"),
                  Actor("polity:BRA", "Brazil", "polity", aliases=["Brazil"], iso3="BRA", wikidata="Q155")]
    tr = _span(t, "recognised")
    doc.events = [Event("e1", Trigger(*tr, "recognised"), 0, "RECOGNIZE", None,
                        EventDate("1961", None, "1961-01-01", "1961-12-31", "t1"),
                        ["polity:ALB"], ["polity:BRA"])]
    doc.dyad = Dyad("polity:ALB", "polity:BRA")
    return doc


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    with open_store(url) as store:
        store.ingest([armenia_artsakh(), albania_brazil()])
    return url


@pytest.fixture
def store(db):
    with open_store(db) as s:
        yield s


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# ---------------------------------------------------------------- csv and parquet


def test_csv_folder_has_four_tables(db, tmp_path):
    out = tmp_path / "csv"
    result = run("export", "--format", "csv", "--db", db, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(out)) == ["actors.csv", "dyads.csv", "events.csv", "missions.csv"]
    events = list(csv.DictReader((out / "events.csv").open(encoding="utf-8")))
    assert len(events) == 5
    e1 = next(r for r in events if r["event_id"] == "Armenia–Artsakh relations#e1")
    assert (e1["type"], e1["plover"], e1["quad"], e1["date"]) == ("REJECT", "REJECT", "verbal conflict", "1988-03-23")
    assert (e1["source_ids"], e1["target_ids"], e1["negated"]) == ("polity:ARM", "polity:NKR", "0")
    assert e1["sentence"] == "On 23 March 1988 Armenia rejected the proposal of Artsakh."
    assert (e1["page_id"], e1["revision_id"]) == ("42", "1234")
    e2 = next(r for r in events if r["eid"] == "e2" and r["article"].startswith("Armenia"))
    assert e2["target_names"] == "Artsakh; Nikol Pashinyan"
    dyads = list(csv.DictReader((out / "dyads.csv").open(encoding="utf-8")))
    assert {d["dyad_id"] for d in dyads} == {"polity:ARM|polity:NKR", "polity:ALB|polity:BRA"}
    missions = list(csv.DictReader((out / "missions.csv").open(encoding="utf-8")))
    assert [(m["sender"], m["host"], m["city"]) for m in missions] == [("polity:NKR", "polity:ARM", "Yerevan")]
    # When the mission opened, and the event that says so, travel with it.
    assert (missions[0]["opened"], missions[0]["opened_event"], missions[0]["closed"]) == ("1992", "e1", "")
    assert not [f for f in os.listdir(out) if f.endswith(".part")]


def test_csv_one_table_to_stdout(db):
    result = run("export", "--format", "csv", "--db", db, "--table", "actors")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"polity:ARM", "polity:NKR", "person:nikol-pashinyan", "polity:ALB", "polity:BRA"}
    assert by_id["polity:ARM"]["wikidata"] == "Q399" and by_id["polity:ARM"]["iso3"] == "ARM"
    assert "NKR" in by_id["polity:NKR"]["aliases"].split("; ")


def test_parquet_tables_have_types(db, tmp_path):
    out = tmp_path / "pq"
    assert run("export", "--format", "parquet", "--db", db, "-o", str(out)).exit_code == 0
    events = pq.read_table(out / "events.parquet")
    assert events.num_rows == 5
    assert str(events.schema.field("source_ids").type) == "list<element: string>"
    assert str(events.schema.field("negated").type) == "bool"
    assert str(events.schema.field("trigger_start").type) == "int64"
    rows = {r["event_id"]: r for r in events.to_pylist()}
    assert rows["Armenia–Artsakh relations#e2"]["target_ids"] == ["polity:NKR", "person:nikol-pashinyan"]
    assert rows["Armenia–Artsakh relations#e3"]["future"] is True
    assert rows["Armenia–Artsakh relations#e4"]["same_as"] == "Armenia–Artsakh relations#e1"
    actors = pq.read_table(out / "actors.parquet").to_pylist()
    assert {a["id"]: a["article_count"] for a in actors}["polity:ARM"] == 1
    assert pq.read_table(out / "missions.parquet").num_rows == 1


def test_parquet_one_table_for_a_dyad(db, tmp_path):
    target = tmp_path / "events.parquet"
    result = run("export", "--format", "parquet", "--db", db, "-o", str(target),
                 "--table", "events", "--dyad", "NKR", "Armenia")
    assert result.exit_code == 0, result.output
    table = pq.read_table(target)
    assert set(table.column("article").to_pylist()) == {"Armenia–Artsakh relations"}
    assert table.num_rows == 4


# ---------------------------------------------------------------- PLOVER JSON lines


def test_jsonl_records_validate_against_the_schema(db):
    result = run("export", "--format", "jsonl", "--db", db)
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    jsonschema.Draft202012Validator.check_schema(jsonl.JSON_SCHEMA)
    validator = jsonschema.Draft202012Validator(jsonl.JSON_SCHEMA)
    for line in lines:
        validator.validate(line)
    by_id = {r["id"]: r for r in lines}
    e1 = by_id["Armenia–Artsakh relations#e1"]
    assert (e1["date"], e1["event"], e1["mode"], e1["quad_code"]) == ("1988-03-23", ["REJECT"], [], 3)
    assert "enddate" not in e1 and e1["event_text"] == ["rejected"] and e1["context"] == ["foreign"]
    assert e1["source"] == [{"code": "ARM", "actor_text": "Armenia", "identifier_id": "Q399",
                             "identifier_text": "Armenia", "actor_id": "polity:ARM", "kind": "polity"}]
    assert [(a["code"], a["identifier_id"]) for a in e1["recipient"]] == [(None, "Q244165")]
    assert e1["text_info"]["sentence"] == "On 23 March 1988 Armenia rejected the proposal of Artsakh."
    assert e1["text_info"]["sequence"] == 0
    assert TEXT[e1["text_info"]["trigger_start"]:e1["text_info"]["trigger_end"]] == "rejected"
    cite = e1["cite_info"]
    assert (cite["title"], cite["citation"], cite["version"], cite["page_id"]) == (
        "Armenia–Artsakh relations", "/data/armenia-artsakh.wiki#42", 1234, 42)
    assert (cite["corpus"], cite["license"], cite["rule"]) == ("Wikipedia", "CC BY-SA 4.0", "events.reject.1")
    e2 = by_id["Armenia–Artsakh relations#e2"]
    assert (e2["date"], e2["enddate"]) == ("1987-01-01", "1989-12-31")  # late 1980s: bounds
    assert e2["date_info"] == {"value": "198", "mod": "END", "precision": "decade", "inherited": False}
    pashinyan = e2["recipient"][1]
    assert (pashinyan["code"], pashinyan["office"]) == ("ARM", "Prime Minister of Armenia")  # his polity's code
    assert by_id["Armenia–Artsakh relations#e3"]["modality"] == {
        "negated": False, "hypothetical": False, "future": True}
    assert by_id["Armenia–Artsakh relations#e3"]["date"] is None
    assert by_id["Armenia–Artsakh relations#e4"]["same_as"] == "Armenia–Artsakh relations#e1"
    rec = by_id["Albania–Brazil relations#e1"]
    assert (rec["event"], rec["plover"], rec["quad_code"]) == (["RECOGNIZE"], False, None)


def test_jsonl_schema_rejects_a_broken_record(db, store):
    line = json.loads(run("export", "--format", "jsonl", "--db", db).stdout.splitlines()[0])
    line["source"][0]["code"] = "armenia"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(line, jsonl.JSON_SCHEMA)


# ---------------------------------------------------------------- RDF


def test_turtle_and_jsonld_hold_the_same_sem_graph(db):
    ttl = run("export", "--format", "turtle", "--db", db)
    jld = run("export", "--format", "jsonld", "--db", db)
    assert ttl.exit_code == 0 and jld.exit_code == 0
    g = rdflib.Graph().parse(data=ttl.stdout, format="turtle")
    g2 = rdflib.Graph().parse(data=jld.stdout, format="json-ld")
    assert rdflib.compare.isomorphic(g, g2)
    events = set(g.subjects(RDF.type, SEM.Event))
    assert len(events) == 5
    e1 = URIRef("urn:dyad:event:Armenia%E2%80%93Artsakh%20relations%23e1")
    assert e1 in events
    assert g.value(e1, SEM.hasBeginTimeStamp) == Literal("1988-03-23", datatype=XSD.date)
    assert g.value(e1, SEM.hasTimeStamp) == Literal("1988-03-23", datatype=XSD.date)
    assert set(g.objects(e1, SEM.hasActor)) == {actor_uri("polity:ARM"), actor_uri("polity:NKR")}
    labels = {str(g.value(t, rdflib.RDFS.label)) for t in g.objects(e1, SEM.eventType)}
    assert labels == {"REJECT"}
    arm = actor_uri("polity:ARM")
    assert (arm, RDF.type, SDO.Country) in g and (arm, RDF.type, SEM.Actor) in g
    assert (arm, rdflib.OWL.sameAs, WD["Q399"]) in g
    pashinyan = actor_uri("person:nikol-pashinyan")
    assert (pashinyan, RDF.type, SDO.Person) in g
    # the decade event: bounded, but no single-day timestamp
    decade = [e for e in events if g.value(e, URIRef("urn:dyad:vocab:timex3Value")) == Literal("198")]
    assert len(decade) == 1
    assert g.value(decade[0], SEM.hasEndTimeStamp) == Literal("1989-12-31", datatype=XSD.date)
    assert g.value(decade[0], SEM.hasTimeStamp) is None
    article = g.value(e1, SDO.isBasedOn)
    assert str(g.value(article, SDO.name)) == "Armenia–Artsakh relations"
    assert int(g.value(article, SDO.version)) == 1234
    data = json.loads(jld.stdout)
    assert data["@context"]["sem"] == str(SEM)


# ---------------------------------------------------------------- TimeML


def test_timeml_files_tag_the_text(db, tmp_path):
    out = tmp_path / "tml"
    result = run("export", "--format", "timeml", "--db", db, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(out)) == ["Albania–Brazil_relations.tml", "Armenia–Artsakh_relations.tml"]
    root = ET.parse(out / "Armenia–Artsakh_relations.tml").getroot()
    assert root.tag == "TimeML"
    assert root.find("DCT/TIMEX3").get("value") == "2024-05-01"
    text = root.find("TEXT")
    assert "".join(text.itertext()) == TEXT  # outside the tags: the text itself
    timexes = text.findall("TIMEX3")
    assert [(t.text, t.get("type"), t.get("value"), t.get("mod")) for t in timexes] == [
        ("23 March 1988", "DATE", "1988-03-23", None), ("the late 1980s", "DATE", "198", "END"),
        ("1988", "DATE", "1988", None)]
    assert len({t.get("tid") for t in timexes}) == 3 and "t0" not in {t.get("tid") for t in timexes}
    assert all(set(t.attrib) <= {"tid", "type", "value", "mod"} for t in timexes)


def test_timeml_one_dyad_to_stdout(db):
    result = run("export", "--format", "timeml", "--db", db, "--dyad", "Albania", "Brazil")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.find("DCT/TIMEX3").get("value") == "2019-07-20"
    assert [t.get("value") for t in root.iter("TIMEX3")][1:] == ["1961"]


# ---------------------------------------------------------------- TimelineJS


def test_timelinejs_for_one_dyad(db, tmp_path):
    target = tmp_path / "tl.json"
    result = run("export", "--format", "timelinejs", "--db", db, "--dyad", "Artsakh", "ARM", "-o", str(target))
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(timelinejs.JSON_SCHEMA)
    jsonschema.validate(data, timelinejs.JSON_SCHEMA)
    slides = data["events"]
    # e1 (a day), e2 (late 1980s); e3 undated and e4 (a repeat of e1) are not slides
    assert [s["start_date"] for s in slides] == [
        {"year": 1987, "display_date": "late 1980s"}, {"year": 1988, "month": 3, "day": 23}]
    assert slides[0]["end_date"]["year"] == 1989
    assert {s["group"] for s in slides} == {"verbal cooperation", "verbal conflict"}
    assert "<b>rejected</b>" in slides[1]["text"]["text"]
    assert slides[1]["text"]["headline"] == "REJECT: Armenia → Artsakh"
    assert "1 undated event not shown" in data["title"]["text"]["text"]
    assert data["title"]["text"]["headline"] == "Artsakh – Armenia"  # in the order asked


# ---------------------------------------------------------------- errors


def test_unknown_dyad_is_one_line_exit_1(db, tmp_path):
    target = tmp_path / "x.json"
    result = run("export", "--format", "jsonl", "--db", db, "--dyad", "Atlantis", "Armenia", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Atlantis: ") and result.stderr.count("\n") == 1
    assert not target.exists()


def test_usage_errors_exit_2(db):
    assert run("export", "--format", "xml", "--db", db).exit_code == 2
    assert run("export", "--format", "timelinejs", "--db", db).exit_code == 2
    assert run("export", "--format", "parquet", "--db", db).exit_code == 2
    assert run("export", "--format", "csv", "--db", db).exit_code == 2
    assert run("export", "--format", "jsonl", "--db", db, "--table", "events").exit_code == 2


def test_unwritable_output_leaves_nothing(db, tmp_path):
    missing = tmp_path / "no" / "such" / "out.ttl"
    result = run("export", "--format", "turtle", "--db", db, "-o", str(missing))
    assert result.exit_code == 1
    assert "no such folder" in result.stderr and result.stderr.count("\n") == 1
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    result = run("export", "--format", "jsonl", "--db", db, "-o", str(a_file / "events.jsonl"))
    assert result.exit_code == 1 and "no such folder" in result.stderr
    result = run("export", "--format", "jsonl", "--db", db, "-o", str(tmp_path))
    assert result.exit_code == 1 and result.stderr == f"Error: {tmp_path}: is a folder (give a file name for -o)\n"
    result = run("export", "--format", "csv", "--db", db, "-o", str(a_file))
    assert result.exit_code == 1 and "exists and is not a folder" in result.stderr
    assert a_file.read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]


def test_failed_export_keeps_the_previous_file(db, tmp_path, monkeypatch):
    target = tmp_path / "events.jsonl"
    target.write_text("previous\n")

    def broken(row, actors):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jsonl, "record", broken)
    with open_store(db) as store, pytest.raises(RuntimeError):
        export(store, "jsonl", str(target))
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]


def test_library_errors(store):
    with pytest.raises(QueryError, match="unknown export format"):
        export(store, "xml", "-", out=io.StringIO())
    with pytest.raises(QueryError, match="unknown table"):
        export(store, "csv", "-", out=io.StringIO(), table="wars")


def test_real_pipeline_on_the_seed_exports(tmp_path):
    """The seed article through the real pipeline and store, then every format."""
    from dyad import analyze
    from dyad.readers import read_path

    seed = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "seed",
                        "armenia-artsakh-relations.txt")
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    with open_store(url) as store:
        store.ingest([analyze(a) for a in read_path(seed)])
        count = store.counts()["events"]
    lines = run("export", "--format", "jsonl", "--db", url).stdout.splitlines()
    assert len(lines) == count
    for line in lines:
        jsonschema.validate(json.loads(line), jsonl.JSON_SCHEMA)
    g = rdflib.Graph().parse(data=run("export", "--format", "turtle", "--db", url).stdout, format="turtle")
    assert len(set(g.subjects(RDF.type, SEM.Event))) == count
    assert run("export", "--format", "timeml", "--db", url).exit_code == 0


@pytest.mark.postgres
def test_postgresql_exports_equal_sqlite_exports(db, pg_url):
    import uuid

    import psycopg

    name = "dyad_export_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_url.rsplit("/", 1)[0] + "/" + name
    try:
        with open_store(url) as store:
            store.ingest([armenia_artsakh(), albania_brazil()])
        for fmt in ("jsonl", "turtle"):
            assert run("export", "--format", fmt, "--db", url).stdout == \
                run("export", "--format", fmt, "--db", db).stdout
        for table in ("events", "actors", "dyads", "missions"):
            assert run("export", "--format", "csv", "--table", table, "--db", url).stdout == \
                run("export", "--format", "csv", "--table", table, "--db", db).stdout
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_timeml_article_is_written_back_byte_for_byte(tmp_path):
    """An article read from TimeML comes back as the same file with the system's TIMEX3s."""
    import re

    from dyad import analyze
    from dyad.readers import read_path

    source = (os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data",
                           "tempeval3", "te3-platinum", "AP_20130322.tml"))
    url = f"sqlite:///{tmp_path / 'tml.db'}"
    with open_store(url) as store:
        docs = [analyze(a) for a in read_path(source)]
        store.ingest(docs)
    result = run("export", "--format", "timeml", "--db", url)
    assert result.exit_code == 0, result.stderr
    original = open(source, encoding="utf-8").read()

    def strip(text: str) -> str:  # what the contract keeps: everything but TimeML markup in TEXT
        body = text[text.index("<TEXT>"):text.index("</TEXT>")]
        return re.sub(r"</?(TIMEX3|EVENT|SIGNAL)[^>]*>", "", body)

    assert strip(result.stdout) == strip(original)
    assert result.stdout.startswith(original[:original.index("<TEXT>")].split("<DCT>")[0])
    tags = re.findall(r"<TIMEX3 ([^>]*)>", result.stdout[result.stdout.index("<TEXT>"):])
    assert len(tags) == len(docs[0].timexes) > 0


@pytest.mark.parametrize("value, mod, earliest, latest, expected", [
    ("1988-03-23", None, "1988-03-23", "1988-03-23", ({"year": 1988, "month": 3, "day": 23}, None, None)),
    ("1988-03", None, "1988-03-01", "1988-03-31", ({"year": 1988, "month": 3}, None, None)),
    ("1988", None, "1988-01-01", "1988-12-31", ({"year": 1988}, None, None)),
    ("19", None, "1900-01-01", "1999-12-31",
     ({"year": 1900, "display_date": "20th century"}, {"year": 1999, "display_date": "20th century"},
      "20th century")),
    ("1988", "APPROX", "1987-01-01", "1989-12-31",
     ({"year": 1987, "display_date": "c. 1988"}, {"year": 1989, "display_date": "c. 1988"}, "c. 1988")),
    (None, None, None, None, None),
])
def test_timelinejs_dates_keep_their_precision(value, mod, earliest, latest, expected):
    row = {"date": value, "date_mod": mod, "earliest": earliest, "latest": latest}
    assert timelinejs.dates(row) == expected


def test_exported_files_get_ordinary_permissions(db, tmp_path):
    out = tmp_path / "pq"
    assert run("export", "--format", "parquet", "--db", db, "-o", str(out)).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert {oct((out / f).stat().st_mode & 0o777) for f in os.listdir(out)} == {oct(0o666 & ~mask)}
    target = tmp_path / "events.jsonl"
    target.write_text("")
    target.chmod(0o640)
    assert run("export", "--format", "jsonl", "--db", db, "-o", str(target)).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_text().count("\n") == 5


def test_event_rows_stream_in_article_batches(store, monkeypatch, tmp_path):
    from dyad.query.export import parquet
    from dyad.query.export.rows import Selection, iter_event_rows

    with store.connect() as conn:
        whole = list(iter_event_rows(conn, Selection.everything()))
        one_by_one = list(iter_event_rows(conn, Selection.everything(), articles_per_batch=1))
    assert one_by_one == whole and len(whole) == 5
    assert [r["article"] for r in whole] == ["Albania–Brazil relations"] + ["Armenia–Artsakh relations"] * 4
    monkeypatch.setattr(parquet, "BATCH_ROWS", 2)  # several row groups
    export(store, "parquet", str(tmp_path / "events.parquet"), table="events")
    f = pq.ParquetFile(tmp_path / "events.parquet")
    assert f.metadata.num_row_groups == 3
    assert f.read().to_pylist() == whole


# ------------------------------------------------- a dyad an overview page covers


OVERVIEW = (os.path.dirname(os.path.abspath(__file__)) + "/../../../shared/data/wikitext/"
            "Foreign_relations_of_Armenia.wiki")


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def overview_db(request, tmp_path_factory):
    """The knowledge base of 'Foreign relations of Armenia' alone, on either back end."""
    from dyad.analysis.pipeline import analyze
    from dyad.readers import read_path
    from kb_builders import fresh_database

    pg = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with fresh_database(request.param, tmp_path_factory.mktemp("ov"), pg) as url:
        with open_store(url) as kb:
            kb.ingest([analyze(next(read_path(OVERVIEW)))])
        yield url


def _csv(out: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out)))


def test_dyads_table_has_began_and_the_covering_pages(overview_db):
    rows = _csv(run("export", "--format", "csv", "--table", "dyads", "--db", overview_db).stdout)
    (algeria,) = [r for r in rows if {r["party1"], r["party2"]} == {"polity:ARM", "polity:DZA"}]
    assert algeria["began"] == "1992-12-30"
    # The overview page is not about the dyad: apart, in covered_in.
    assert algeria["articles"] == ""
    assert algeria["covered_in"] == "Foreign relations of Armenia"
    one = _csv(run("export", "--format", "csv", "--table", "dyads", "--dyad", "Armenia",
                   "Algeria", "--db", overview_db).stdout)
    assert [(r["began"], r["articles"], r["covered_in"]) for r in one] == [
        ("1992-12-30", "", "Foreign relations of Armenia")]


def test_parquet_dyads_have_began(overview_db, tmp_path):
    assert run("export", "--format", "parquet", "--dyad", "Armenia", "Algeria", "-o",
               str(tmp_path), "--db", overview_db).exit_code == 0
    table = pq.read_table(tmp_path / "dyads.parquet").to_pylist()
    assert [(r["began"], r["articles"], r["covered_in"]) for r in table] == [
        ("1992-12-30", [], ["Foreign relations of Armenia"])]


def test_rdf_dyad_began_is_a_date(overview_db):
    from dyad.query.export.rdf import DYAD

    for fmt, parse in (("turtle", "turtle"), ("jsonld", "json-ld")):
        g = rdflib.Graph().parse(data=run("export", "--format", fmt, "--dyad", "Armenia",
                                          "Algeria", "--db", overview_db).stdout, format=parse)
        (d,) = set(g.subjects(RDF.type, DYAD.Dyad))
        assert list(g.objects(d, DYAD.began)) == [Literal("1992-12-30", datatype=XSD.date)]
