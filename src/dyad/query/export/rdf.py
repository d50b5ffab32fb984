"""The knowledge base as an RDF graph: Simple Event Model events, schema.org descriptions.

Vocabulary:
- events are `sem:Event` and `schema:Event`; `sem:eventType` points to a `sem:EventType`
  per dyad type and per PLOVER category (`rdfs:label` the name); `sem:hasBeginTimeStamp` /
  `sem:hasEndTimeStamp` are the first and last day the event's date can denote
  (`xsd:date`); `sem:hasTimeStamp` the day itself when the text gives it to the day;
  `sem:hasActor` links every actor, and `dyad:source` / `dyad:target` (sub-properties of
  `sem:hasActor`) say which side each is on; `schema:description` is the sentence and
  `schema:isBasedOn` the article;
- actors are `sem:Actor` plus `schema:Country` (polities), `schema:Person` or
  `schema:Organization`; `schema:name`, `schema:alternateName` (aliases), `schema:identifier`
  (ISO 3166 alpha-3) and `owl:sameAs` their Wikidata entity;
- articles are `schema:Article` with `schema:name`, `schema:url` (source) and
  `schema:version` (revision id); dyads are `dyad:Dyad` with `dyad:party` and `dyad:status`.

Resources are URNs (`urn:dyad:actor:polity:ARM`), so the graph makes no claim on anybody's
web namespace; `owl:sameAs` links to Wikidata where the actors stage knows the entity.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL

from .jsonl import precision
from .rows import read_tables

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SDO = Namespace("https://schema.org/")
DYAD = Namespace("urn:dyad:vocab:")
WD = Namespace("http://www.wikidata.org/entity/")

_KIND_CLASS = {"polity": SDO.Country, "person": SDO.Person, "organization": SDO.Organization,
               "group": SDO.Organization}


def _urn(kind: str, value: str) -> URIRef:
    return URIRef(f"urn:dyad:{kind}:{quote(value, safe=':')}")


def actor_uri(actor_id: str) -> URIRef:
    return _urn("actor", actor_id)


def event_uri(event_id: str) -> URIRef:
    return _urn("event", event_id)


def graph(tables: dict[str, list[dict]]) -> Graph:
    g = Graph()
    for prefix, ns in (("sem", SEM), ("schema", SDO), ("dyad", DYAD), ("wd", WD), ("owl", OWL)):
        g.bind(prefix, ns)
    g.add((DYAD.source, RDFS.subPropertyOf, SEM.hasActor))
    g.add((DYAD.target, RDFS.subPropertyOf, SEM.hasActor))

    for a in tables["actors"]:
        node = actor_uri(a["id"])
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
            g.add((node, SDO.affiliation, actor_uri(a["affiliation"])))

    articles: dict[str, URIRef] = {}
    for e in tables["events"]:
        node = event_uri(e["event_id"])
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
                g.add((node, SEM.hasActor, actor_uri(actor_id)))
                g.add((node, DYAD[role], actor_uri(actor_id)))
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
        g.add((node, DYAD.party, actor_uri(d["party1"])))
        g.add((node, DYAD.party, actor_uri(d["party2"])))
        g.add((node, DYAD.status, Literal(d["status"])))
        if d["ended"]:
            g.add((node, DYAD.ended, Literal(d["ended"], datatype=XSD.date)))
    return g


def export_graph(store, sel, path: str | None, out, fmt: str, **options) -> list[str]:
    """Serialise the selection's graph as `fmt` (rdflib's format name)."""
    from .output import atomic_file

    g = graph(read_tables(store, sel, ("events", "actors", "dyads")))
    data = g.serialize(format=fmt, **options)
    if path is None:
        out.write(data if data.endswith("\n") else data + "\n")
        return []
    with atomic_file(path) as fh:
        fh.write(data)
    return [path]
