"""The knowledge base as RDF: Simple Event Model events, schema.org descriptions.

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
  `schema:version` (revision id); dyads are `dyad:Dyad` with `dyad:party`, `dyad:status`,
  `dyad:ended` and `dyad:began` (when relations began: `xsd:date`, or `xsd:gYearMonth` /
  `xsd:gYear` when the articles give only the month or year). Missions are not mapped.

Resources are URNs (`urn:dyad:actor:polity:ARM`), so the graph makes no claim on anybody's
web namespace; `owl:sameAs` links to Wikidata where the actors stage knows the entity.

The mapping is written once, as a stream of `Resource`s (a subject, its classes and its
property values) made from the rows one at a time: `turtle` and `jsonld` serialise the
stream as it comes, so a knowledge base of any size is exported in flat memory, and
`graph()` collects it into an rdflib `Graph` for callers that want one in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple, Union
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL

from .jsonl import precision

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SDO = Namespace("https://schema.org/")
DYAD = Namespace("urn:dyad:vocab:")
WD = Namespace("http://www.wikidata.org/entity/")

# The prefixes both serialisations declare (Turtle @prefix lines, the JSON-LD @context).
PREFIXES = {
    "dyad": str(DYAD),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "sem": str(SEM),
    "wd": str(WD),
    "xsd": str(XSD),
}

class IRI(str):
    """An IRI in a `Resource` (a plain `str` there is a string literal)."""

    __slots__ = ()


class _Terms:
    """A namespace's terms as `IRI`s, each made once: `sem.hasActor`."""

    def __init__(self, ns: Namespace):
        self._ns = str(ns)

    def __getattr__(self, name: str) -> IRI:
        if name.startswith("__"):
            raise AttributeError(name)
        term = IRI(self._ns + name)
        setattr(self, name, term)
        return term


sem, sdo, dyad, owl, rdfs, xsd = (_Terms(ns) for ns in (SEM, SDO, DYAD, OWL, RDFS, XSD))
_KIND_CLASS = {"polity": sdo.Country, "person": sdo.Person, "organization": sdo.Organization,
               "group": sdo.Organization}


class Typed(NamedTuple):
    """A literal with a datatype, kept as its lexical form (`"1988-03-23"^^xsd:date`)."""

    value: str
    datatype: IRI


# A property value: an IRI, a plain string, a boolean or integer literal, or a typed literal.
Value = Union[IRI, str, bool, int, Typed]


class Resource(NamedTuple):
    """One subject and everything said about it: its classes and (property, value) pairs."""

    subject: IRI
    types: list[IRI]
    properties: list[tuple[IRI, Value]]


def _urn(kind: str, value: str) -> IRI:
    return IRI(f"urn:dyad:{kind}:{quote(value, safe=':')}")


@lru_cache(maxsize=4096)
def _actor(actor_id: str) -> IRI:
    return _urn("actor", actor_id)


def actor_uri(actor_id: str) -> URIRef:
    return URIRef(_actor(actor_id))


def event_uri(event_id: str) -> URIRef:
    return URIRef(_urn("event", event_id))


def _date(value: str) -> Typed:
    return Typed(value, xsd.date)


def vocabulary() -> Iterator[Resource]:
    for prop in (dyad.source, dyad.target):
        yield Resource(prop, [], [(rdfs.subPropertyOf, sem.hasActor)])


def actor_resource(a: dict) -> Resource:
    props: list[tuple[IRI, Value]] = [(sdo.name, a["name"])]
    props += [(sdo.alternateName, alias) for alias in a["aliases"] if alias != a["name"]]
    if a["iso3"]:
        props.append((sdo.identifier, a["iso3"]))
    if a["wikidata"]:
        props.append((owl.sameAs, IRI(WD[a["wikidata"]])))
    if a["affiliation"]:
        props.append((sdo.affiliation, _actor(a["affiliation"])))
    return Resource(_actor(a["id"]), [sem.Actor, _KIND_CLASS.get(a["kind"], sdo.Thing)], props)


_FLAGS = [(flag, getattr(dyad, flag)) for flag in ("negated", "hypothetical", "future")]


def event_resource(e: dict) -> Resource:
    props: list[tuple[IRI, Value]] = [
        (sdo.name, f"{e['type']}: {e['trigger']}"), (sdo.identifier, e["event_id"])]
    props += [(sem.eventType, _type(name)) for name in _event_types(e)]
    if e["quad"]:
        props.append((dyad.quad, e["quad"]))
    if e["earliest"]:
        props.append((sem.hasBeginTimeStamp, _date(e["earliest"])))
    if e["latest"]:
        props.append((sem.hasEndTimeStamp, _date(e["latest"])))
    if e["date"] and precision(e["date"]) == "day" and not e["date_mod"]:
        props.append((sem.hasTimeStamp, _date(e["date"])))
    if e["date"]:
        props.append((dyad.timex3Value, e["date"]))
    for role, ids in ((dyad.source, e["source_ids"]), (dyad.target, e["target_ids"])):
        for actor_id in ids:
            actor = _actor(actor_id)
            props.append((sem.hasActor, actor))
            props.append((role, actor))
    if e["sentence"]:
        props.append((sdo.description, e["sentence"]))
    for flag, prop in _FLAGS:
        if e[flag]:
            props.append((prop, True))
    props.append((sdo.isBasedOn, _urn("article", e["article_source"])))
    return Resource(_urn("event", e["event_id"]), [sem.Event, sdo.Event], props)


def _event_types(e: dict) -> list[str]:
    return [name for name in dict.fromkeys((e["type"], e["plover"])) if name is not None]


@lru_cache(maxsize=256)
def _type(name: str) -> IRI:
    return _urn("type", name)


def event_type_resource(name: str) -> Resource:
    return Resource(_type(name), [sem.EventType], [(rdfs.label, name)])


def article_resource(e: dict) -> Resource:
    """The article an event row comes from (every row of an article says the same)."""
    props: list[tuple[IRI, Value]] = [(sdo.name, e["article"]), (sdo.url, e["article_source"])]
    if e["revision_id"] is not None:
        props.append((sdo.version, e["revision_id"]))
    return Resource(_urn("article", e["article_source"]), [sdo.Article], props)


def dyad_resource(d: dict) -> Resource:
    props: list[tuple[IRI, Value]] = [
        (sdo.name, f"{d['party1_name']} – {d['party2_name']}"),
        (dyad.party, _actor(d["party1"])), (dyad.party, _actor(d["party2"])),
        (dyad.status, d["status"])]
    if d["ended"]:
        props.append((dyad.ended, _date(d["ended"])))
    began = _began(d.get("began"))
    if began is not None:
        props.append((dyad.began, began))
    return Resource(_urn("dyad", d["dyad_id"]), [dyad.Dyad], props)


def _began(value: str | None) -> Typed | None:
    """When relations began as a typed literal: `xsd:date` for a day, `xsd:gYearMonth` or
    `xsd:gYear` for a coarser TIMEX3 value; None for one no XSD type holds (a decade)."""
    kind = precision(value)
    if kind == "day":
        return _date(value)
    if kind == "month":
        return Typed(value, xsd.gYearMonth)
    if kind == "year":
        return Typed(value, xsd.gYear)
    return None


def resources(actors: Iterable[dict], events: Iterable[dict],
              dyads: Iterable[dict]) -> Iterator[Resource]:
    """Every resource of the selection, reading `events` one row at a time.

    An event's article is described before its first event (the rows come an article at a
    time, so only the current article is remembered; were an article's rows ever apart, its
    description would repeat, which RDF merges) and each event type once.
    """
    yield from vocabulary()
    for a in actors:
        yield actor_resource(a)
    types: set[str] = set()  # a few dozen names at most
    article = None
    for e in events:
        if e["article_source"] != article:
            article = e["article_source"]
            yield article_resource(e)
        for name in _event_types(e):
            if name not in types:
                types.add(name)
                yield event_type_resource(name)
        yield event_resource(e)
    for d in dyads:
        yield dyad_resource(d)


def _term(value: Value):
    if isinstance(value, IRI):
        return URIRef(value)
    if isinstance(value, Typed):
        return Literal(value.value, datatype=URIRef(value.datatype))
    return Literal(value)


def graph(tables: dict[str, list[dict]]) -> Graph:
    """The selection's tables as one in-memory rdflib Graph (small selections, tests)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns))
    for r in resources(tables["actors"], tables["events"], tables["dyads"]):
        subject = URIRef(r.subject)
        for kind in r.types:
            g.add((subject, RDF.type, URIRef(kind)))
        for prop, value in r.properties:
            g.add((subject, URIRef(prop), _term(value)))
    return g


# -------------------------------------------------------------- IRIs in serialisations

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")  # local names safe in Turtle and JSON-LD
_IRI_OK = re.compile(r'[^<>"{}|^`\\\x00-\x20]*\Z')  # what a Turtle IRIREF may hold unescaped
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda p: -len(p[1]))
DATA = "urn:dyad:"  # the knowledge base's own resources (never prefixed)


def compact(iri: str) -> str | None:
    """`prefix:local` for an IRI in one of the declared namespaces, else None."""
    if iri.startswith(DATA) and not iri.startswith(PREFIXES["dyad"]):
        return None
    return _compact(iri)


@lru_cache(maxsize=4096)
def _compact(iri: str) -> str | None:
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _LOCAL.match(iri, len(ns)):
            return f"{prefix}:{iri[len(ns):]}"
    return None


def check_iri(iri: str) -> str:
    """The IRI itself, or rdflib's error for one no serialisation can write."""
    if not _IRI_OK.match(iri):
        URIRef(iri).n3()  # raises, naming the IRI
        raise ValueError(f"{iri!r} is not a valid IRI")
    return iri


def export_resources(store, sel, path: str | None, out, write) -> list[str]:
    """Stream the selection's resources to `write(resources, out)`: to `out` when `path` is
    None, else atomically to `path`. Actors and dyads are read whole (they grow with the
    number of states and people, not of events); events one article batch at a time."""
    from .output import atomic_file
    from .rows import event_stream, read_tables

    tables = read_tables(store, sel, ("actors", "dyads"))
    with event_stream(store, sel) as events:
        stream = resources(tables["actors"], events, tables["dyads"])
        if path is None:
            write(stream, out)
            return []
        with atomic_file(path) as fh:
            write(stream, fh)
    return [path]
