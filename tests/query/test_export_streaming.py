"""Turtle, JSON-LD and TimelineJS are written as the event rows stream by.

Each streaming writer is checked against the in-memory implementation it replaced (kept
below, frozen, as `reference_graph` and `reference_timeline`): the same RDF graph (Turtle
and JSON-LD, parsed back with rdflib) and the same bytes (TimelineJS), on hand-built
knowledge bases, one with the strings Turtle and JSON must escape. Then that the writers
hold no more than one row at a time, and that a failure half-way leaves no file.
"""

from __future__ import annotations

import html
import io
import json
import os
import tracemalloc

import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)
import pytest
import rdflib
import rdflib.compare
from hypothesis import given, strategies as st
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL

from dyad.model import (
    Actor, Article, Document, Dyad, Event, EventDate, Sentence, Timex, Trigger,
)
from dyad.query.export import export, jsonld, rdf, rows as rows_module, timelinejs, turtle
from dyad.query.export.jsonl import precision
from dyad.query.export.output import indented_json
from dyad.query.export.rows import Selection, iter_event_rows, read_tables
from dyad.store import open_store

# ------------------------------------------------------ the in-memory implementations

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SDO = Namespace("https://schema.org/")
DYAD = Namespace("urn:dyad:vocab:")
WD = Namespace("http://www.wikidata.org/entity/")
_KIND_CLASS = {"polity": SDO.Country, "person": SDO.Person, "organization": SDO.Organization,
               "group": SDO.Organization}


def _urn(kind, value):
    from urllib.parse import quote

    return URIRef(f"urn:dyad:{kind}:{quote(value, safe=':')}")


def reference_graph(tables: dict[str, list[dict]]) -> Graph:
    """`rdf.graph()` as it was before the exports streamed (commit e2b5a43)."""
    g = Graph()
    g.add((DYAD.source, RDFS.subPropertyOf, SEM.hasActor))
    g.add((DYAD.target, RDFS.subPropertyOf, SEM.hasActor))
    for a in tables["actors"]:
        node = _urn("actor", a["id"])
        g.add((node, RDF.type, SEM.Actor))
        g.add((node, RDF.type, _KIND_CLASS.get(a["kind"], SDO.Thing)))
        g.add((node, SDO.name, Literal(a["name"])))
        for alias in a["aliases"]:
            if alias != a["name"]:
                g.add((node, SDO.alternateName, Literal(alias)))
        if a["iso3"]:
            g.add((node, SDO.identifier, Literal(a["iso3"])))
        if a["wikidata"]:
            g.add((node, OWL.sameAs, WD[a["wikidata"]]))
        if a["affiliation"]:
            g.add((node, SDO.affiliation, _urn("actor", a["affiliation"])))
    articles: dict[str, URIRef] = {}
    for e in tables["events"]:
        node = _urn("event", e["event_id"])
        g.add((node, RDF.type, SEM.Event))
        g.add((node, RDF.type, SDO.Event))
        g.add((node, SDO.name, Literal(f"{e['type']}: {e['trigger']}")))
        g.add((node, SDO.identifier, Literal(e["event_id"])))
        for name in {e["type"], e["plover"]} - {None}:
            kind = _urn("type", name)
            g.add((node, SEM.eventType, kind))
            g.add((kind, RDF.type, SEM.EventType))
            g.add((kind, RDFS.label, Literal(name)))
        if e["quad"]:
            g.add((node, DYAD.quad, Literal(e["quad"])))
        if e["earliest"]:
            g.add((node, SEM.hasBeginTimeStamp, Literal(e["earliest"], datatype=XSD.date)))
        if e["latest"]:
            g.add((node, SEM.hasEndTimeStamp, Literal(e["latest"], datatype=XSD.date)))
        if e["date"] and precision(e["date"]) == "day" and not e["date_mod"]:
            g.add((node, SEM.hasTimeStamp, Literal(e["date"], datatype=XSD.date)))
        if e["date"]:
            g.add((node, DYAD.timex3Value, Literal(e["date"])))
        for role, ids in (("source", e["source_ids"]), ("target", e["target_ids"])):
            for actor_id in ids:
                g.add((node, SEM.hasActor, _urn("actor", actor_id)))
                g.add((node, DYAD[role], _urn("actor", actor_id)))
        if e["sentence"]:
            g.add((node, SDO.description, Literal(e["sentence"])))
        for flag in ("negated", "hypothetical", "future"):
            if e[flag]:
                g.add((node, DYAD[flag], Literal(True)))
        article = articles.get(e["article_source"])
        if article is None:
            article = articles[e["article_source"]] = _urn("article", e["article_source"])
            g.add((article, RDF.type, SDO.Article))
            g.add((article, SDO.name, Literal(e["article"])))
            g.add((article, SDO.url, Literal(e["article_source"])))
            if e["revision_id"] is not None:
                g.add((article, SDO.version, Literal(e["revision_id"])))
        g.add((node, SDO.isBasedOn, article))
    for d in tables["dyads"]:
        node = _urn("dyad", d["dyad_id"])
        g.add((node, RDF.type, DYAD.Dyad))
        g.add((node, SDO.name, Literal(f"{d['party1_name']} – {d['party2_name']}")))
        g.add((node, DYAD.party, _urn("actor", d["party1"])))
        g.add((node, DYAD.party, _urn("actor", d["party2"])))
        g.add((node, DYAD.status, Literal(d["status"])))
        if d["ended"]:
            g.add((node, DYAD.ended, Literal(d["ended"], datatype=XSD.date)))
    return g


def reference_timeline(rows: list[dict], title: str) -> str:
    """The TimelineJS file as it was written before the exports streamed (commit e2b5a43)."""
    slides, undated, seen = [], 0, set()
    for row in rows:
        if row["same_as"]:
            continue
        slide = timelinejs._slide(row)
        if slide is None:
            undated += 1
            continue
        if slide["unique_id"] in seen:
            continue
        seen.add(slide["unique_id"])
        slides.append(slide)
    slides.sort(key=lambda s: (s["start_date"]["year"], s["start_date"].get("month", 0),
                               s["start_date"].get("day", 0)))
    note = f"{len(slides)} dated events"
    if undated:
        note += f"; {undated} undated event{'s' if undated != 1 else ''} not shown"
    data = {"title": {"text": {"headline": html.escape(title),
                               "text": f"<p>{note}. Extracted by dyad from Wikipedia (CC BY-SA).</p>"}},
            "events": slides}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ knowledge bases

NASTY = 'He said "no" \\ twice,\n\tthen \r"""left""" \x01 \U0001F600 ; . # <x> & é'


def nasty_document() -> Document:
    """Strings Turtle and JSON must escape, in every literal and IRI the exports write."""
    sentences = [
        f'On 2 May 1990 Ruritania rejected {NASTY}.',
        "In 1991 Ruritania and Borduria hypothetically agreed.",
        "Borduria protested in the 12th century.",
        "Ruritania again rejected it, undated.",
        "In 1992 Borduria protested again.",
        "In 1985 Ruritania protested.",
    ]
    text = "Ruritania–Borduria relations (\"test\")\n"
    spans = []
    for s in sentences:
        spans.append(Sentence(len(text), len(text) + len(s)))
        text += s + " "
    art = Article(source='/data/ru ri#ta"nia%20.wiki', format="wikitext",
                  title='Ruritania–Borduria "relations" #1', text=text, page_id=7,
                  revision_id=99)

    def at(needle, n=0):
        i = text.index(needle, spans[n].start)
        return i, i + len(needle)

    doc = Document(article=art, sentences=spans)
    doc.timexes = [Timex("t1", *at("2 May 1990"), "2 May 1990", "DATE", "1990-05-02",
                         earliest="1990-05-02", latest="1990-05-02")]
    doc.actors = [
        Actor("polity:RUR", 'Ruritania "the" \\ Great', "polity",
              aliases=['Ruritania "the" \\ Great', "Rur\nitania", "Ruritania"],
              iso3="RUR", wikidata="Q1"),
        Actor("polity:BOR", "Borduria", "polity", aliases=["Borduria"], wikidata="Q2"),
        Actor("group:the people's <front>", "The People's <Front>", "group",
              aliases=["Front"], affiliation="polity:BOR"),
    ]

    def ev(eid, n, trigger, type_, plover, date, source, target, **kw):
        return Event(eid, Trigger(*at(trigger, n), trigger), n, type_, plover, date, source,
                     target, **kw)

    doc.events = [
        ev("e1", 0, "rejected", "REJECT", "REJECT", EventDate("1990-05-02", None, "1990-05-02",
           "1990-05-02", "t1"), ["polity:RUR"], ["polity:BOR", "group:the people's <front>"],
           negated=True),
        ev("e2", 1, "agreed", "CEASEFIRE", "AGREE", EventDate("1991", "APPROX", "1990-01-01",
           "1992-12-31"), ["polity:RUR", "polity:BOR"], [], hypothetical=True),
        ev("e3", 2, "protested", "PROTEST", "PROTEST", EventDate("11", None, "1101-01-01",
           "1200-12-31"), ["polity:BOR"], ["polity:RUR"]),
        ev("e4", 3, "rejected", "REJECT", "REJECT", EventDate(), ["polity:RUR"], ["polity:BOR"]),
        ev("e5", 4, "protested", "PROTEST", "PROTEST", EventDate("1992", None, "1992-01-01",
           "1992-12-31"), ["polity:BOR"], ["polity:RUR"], same_as="e3"),
        ev("e6", 5, "protested", "PROTEST", "PROTEST", EventDate("1985", None, "1985-01-01",
           "1985-12-31"), ["polity:RUR"], ["polity:BOR"], future=True),
    ]
    doc.dyad = Dyad("polity:RUR", "polity:BOR", status="historical", ended="1993-01-01")
    return doc


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    with open_store(url) as store:
        store.ingest([builders.seed_document(), *builders.other_documents(),
                      nasty_document()])
    return url


SELECTIONS = [None, ("Armenia", "Artsakh"), ("Armenia", "Russia"), ("Ruritania", "Borduria")]


def _selection(store, dyad):
    return Selection.for_dyad(store, *dyad) if dyad else Selection.everything()


def _text(store, fmt, dyad) -> str:
    out = io.StringIO()
    export(store, fmt, None, out=out, dyad=dyad)
    return out.getvalue()


# ------------------------------------------------------------------ equivalence


@pytest.mark.parametrize("dyad", SELECTIONS)
@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_rdf_streams_parse_to_the_in_memory_graph(kb, dyad, fmt, parser):
    with open_store(kb) as store:
        tables = read_tables(store, _selection(store, dyad), ("events", "actors", "dyads"))
        text = _text(store, fmt, dyad)
    expected = reference_graph(tables)
    got = Graph().parse(data=text, format=parser)
    assert len(got) == len(expected) > 20
    assert rdflib.compare.isomorphic(got, expected)
    assert rdflib.compare.isomorphic(rdf.graph(tables), expected)


def test_rdf_streams_keep_every_awkward_string(kb):
    with open_store(kb) as store:
        g = Graph().parse(data=_text(store, "turtle", ("Ruritania", "Borduria")), format="turtle")
        ld = json.loads(_text(store, "jsonld", ("Ruritania", "Borduria")))
    sentences = {str(o) for o in g.objects(None, SDO.description)}
    assert f"On 2 May 1990 Ruritania rejected {NASTY}." in sentences
    assert Literal("Rur\nitania") in set(g.objects(None, SDO.alternateName))
    assert (rdf.actor_uri("polity:RUR"), OWL.sameAs, URIRef(WD + "Q1")) in g
    assert ld["@context"] == jsonld.CONTEXT and ld["@context"]["sem"] == str(SEM)
    nodes = {n["@id"]: n for n in ld["@graph"]}
    assert nodes["urn:dyad:actor:polity:BOR"]["owl:sameAs"] == {"@id": "wd:Q2"}


def test_turtle_iris_that_no_prefix_shortens_are_written_whole():
    assert turtle.iri(str(WD) + "Q2") == "wd:Q2"
    assert turtle.iri(str(WD) + "Q1%20x") == "<http://www.wikidata.org/entity/Q1%20x>"
    assert turtle.iri("urn:dyad:vocab:quad") == "dyad:quad"
    with pytest.raises(Exception, match="Q1 x"):
        turtle.iri(str(WD) + "Q1 x")
    assert turtle.string('a"b\\c\nd\re\tf\x00') == '"a\\"b\\\\c\\nd\\re\\tf\\u0000"'


@pytest.mark.parametrize("dyad", [("Armenia", "Artsakh"), ("Armenia", "Russia"),
                                  ("Ruritania", "Borduria"), ("Borduria", "Ruritania")])
def test_timelinejs_stream_writes_the_in_memory_bytes(kb, dyad):
    with open_store(kb) as store:
        sel = _selection(store, dyad)
        expected = reference_timeline(read_tables(store, sel, ("events",))["events"], sel.title)
        got = _text(store, "timelinejs", dyad)
    assert got == expected
    assert json.loads(got)["events"]


def test_timelinejs_orders_slides_by_date_then_row(kb):
    with open_store(kb) as store:
        data = json.loads(_text(store, "timelinejs", ("Ruritania", "Borduria")))
    starts = [(s["start_date"]["year"], s["start_date"].get("month", 0)) for s in data["events"]]
    assert starts == sorted(starts) and starts[0] == (1101, 0)  # the 12th century first
    assert len({s["unique_id"] for s in data["events"]}) == len(data["events"]) == 4
    assert "1 undated event not shown" in data["title"]["text"]["text"]  # e5 repeats e3


def test_empty_selections_are_valid_documents(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    doc = builders.small_document("Nowhere relations", [("Nothing happened.", [])], [
        Actor("polity:AAA", "Aland", "polity", ["Aland"]),
        Actor("polity:BBB", "Bland", "polity", ["Bland"])], ("polity:AAA", "polity:BBB"))
    with open_store(url) as store:
        store.ingest([doc])
        tl = json.loads(_text(store, "timelinejs", ("Aland", "Bland")))
        assert tl["events"] == [] and "0 dated events" in tl["title"]["text"]["text"]
        assert _text(store, "timelinejs", ("Aland", "Bland")) == reference_timeline([], "Aland – Bland")
        ld = json.loads(_text(store, "jsonld", None))
        g = Graph().parse(data=_text(store, "turtle", None), format="turtle")
    assert (None, RDF.type, SEM.Event) not in g and (None, RDF.type, DYAD.Dyad) in g
    assert len(Graph().parse(data=json.dumps(ld), format="json-ld")) == len(g)


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20), st.sampled_from(["", "  ", "    "]))
def test_indented_json_is_what_json_dumps_writes(data, indent):
    expected = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
    assert indented_json(data, indent) == expected


def test_a_dyads_selection_is_its_timeline_with_repeats(kb):
    """`Selection.for_dyad` picks in SQL the events `timeline(repeats=True)` lists."""
    from dyad.query.timeline import timeline

    with open_store(kb) as store, store.connect() as conn:
        for a, b in SELECTIONS[1:] + [("Artsakh", "Armenia"), ("Azerbaijan", "Armenia")]:
            t = timeline(store, a, b, repeats=True)
            rows = list(iter_event_rows(conn, Selection.for_dyad(store, a, b)))
            assert sorted((r["article_source"], r["eid"]) for r in rows) == \
                sorted((e.source_path, e.eid) for e in t.events)
            assert Selection.for_dyad(store, a, b).title == f"{t.party1.name} – {t.party2.name}"


# ------------------------------------------------------------------ flat memory


def _row(template: dict, i: int, payload: str) -> dict:
    row = dict(template)
    row.update(event_id=f"Big relations#e{i}", eid=f"e{i}", article="Big relations",
               article_source=f"big-{i // 100}", position=i, same_as=None,
               date=f"{1000 + i % 1000:04d}-01-02", date_mod=None,
               earliest=f"{1000 + i % 1000:04d}-01-02", latest=f"{1000 + i % 1000:04d}-01-02",
               sentence=f"{payload} {i}", sentence_start=None)
    return row


class Sink(io.TextIOBase):
    """A text stream that counts what it is given and keeps none of it."""

    def __init__(self):
        self.chars = 0

    def writable(self):
        return True

    def write(self, s):
        self.chars += len(s)
        return len(s)


@pytest.fixture(scope="module")
def template(kb) -> dict:
    with open_store(kb) as store:
        return read_tables(store, Selection.everything(), ("events",))["events"][0]


def _write(fmt: str, rows, out) -> None:
    if fmt == "timelinejs":
        timelinejs.write(rows, "Big – Bigger", out)
    else:
        (turtle if fmt == "turtle" else jsonld).write(rdf.resources([], rows, []), out)


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "timelinejs"])
def test_writers_hold_no_more_than_a_row(template, fmt):
    """3,000 rows of 4 KB each: 12 MB were they held; the writers' peak stays under 1.5 MB."""
    payload = "x" * 4000
    sink = Sink()
    tracemalloc.start()
    try:
        _write(fmt, (_row(template, i, payload) for i in range(3000)), sink)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.chars > 3000 * 4000
    assert peak < 1_500_000


@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_rdf_writers_write_each_event_before_reading_the_next(template, fmt):
    out = io.StringIO()

    def rows():
        for i in range(50):
            if i:  # the previous event is out before this row is read
                assert f"Big relations#e{i - 1}" in out.getvalue()
            yield _row(template, i, "s")

    _write(fmt, rows(), out)
    assert out.getvalue().count("Big relations#e") == 50


def test_event_rows_come_in_bounded_batches(kb, monkeypatch):
    """A long article is read in pages, a dyad's events are picked from each batch."""
    seen = []
    real = rows_module._event_dicts

    def spy(conn, rows):
        seen.append(len(rows))
        return real(conn, rows)

    with open_store(kb) as store, store.connect() as conn:
        for dyad in SELECTIONS:
            sel = _selection(store, dyad)
            whole = list(iter_event_rows(conn, sel))
            monkeypatch.setattr(rows_module, "_event_dicts", spy)
            seen.clear()
            paged = list(iter_event_rows(conn, sel, events_per_batch=3))
            monkeypatch.setattr(rows_module, "_event_dicts", real)
            assert paged == whole and whole
            assert max(seen) <= 3 and len(seen) >= len(whole) / 3


# ------------------------------------------------------------------ failures


@pytest.mark.parametrize("fmt, module, name", [
    ("turtle", rdf, "event_resource"), ("jsonld", rdf, "event_resource"),
    ("timelinejs", timelinejs, "_slide")])
def test_failure_half_way_leaves_the_previous_file(kb, tmp_path, monkeypatch, fmt, module, name):
    target = tmp_path / f"out.{fmt}"
    target.write_text("previous\n")
    real, calls = getattr(module, name), []

    def fails_on_the_third(row, *args):
        calls.append(row)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(row, *args)

    monkeypatch.setattr(module, name, fails_on_the_third)
    with open_store(kb) as store, pytest.raises(RuntimeError, match="disk full"):
        export(store, fmt, str(target), dyad=("Armenia", "Artsakh") if fmt == "timelinejs" else None)
    assert target.read_text() == "previous\n"
    assert os.listdir(tmp_path) == [target.name]


@pytest.mark.postgres
def test_postgresql_streams_what_sqlite_streams(kb, pg_url, tmp_path):
    with builders.fresh_database("postgresql", tmp_path, pg_url) as url:
        with open_store(url) as store:
            store.ingest([builders.seed_document(), *builders.other_documents(),
                          nasty_document()])
        with open_store(url) as pg, open_store(kb) as lite:
            for dyad in SELECTIONS:
                with pg.connect() as conn:
                    paged = list(iter_event_rows(conn, _selection(pg, dyad), events_per_batch=3))
                with lite.connect() as conn:
                    assert paged == list(iter_event_rows(conn, _selection(lite, dyad)))
                for fmt in ("turtle", "jsonld") + (("timelinejs",) if dyad else ()):
                    assert _text(pg, fmt, dyad) == _text(lite, fmt, dyad)
