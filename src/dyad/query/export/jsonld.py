"""JSON-LD: the RDF of `rdf.py` as `{"@context": ..., "@graph": [...]}`, one node object
per resource, written as the resources come (flat memory for any size of knowledge base).

The context names sem:, schema: and dyad: so that the JSON reads as plain JSON (plain
strings, `true`, numbers, `{"@id": ...}` links) and still expands to the triples of
`rdf.graph()`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from .output import indented_json
from .rdf import IRI, PREFIXES, Resource, Typed, Value, check_iri, compact, export_resources

CONTEXT = dict(PREFIXES)


def iri(value: str) -> str:
    return compact(value) or str(check_iri(value))


def value(v: Value):
    if type(v) is IRI:
        return {"@id": iri(v)}
    if isinstance(v, Typed):
        return {"@type": iri(v.datatype), "@value": v.value}
    return v  # str, bool, int: JSON's own


def node(r: Resource) -> dict:
    out: dict = {"@id": iri(r.subject)}
    if r.types:
        types = [iri(t) for t in r.types]
        out["@type"] = types[0] if len(types) == 1 else types
    for prop, v in r.properties:
        key, v = iri(prop), value(v)
        if key not in out:
            out[key] = v
        elif isinstance(out[key], list):
            out[key].append(v)
        else:
            out[key] = [out[key], v]
    return out


def write(resources: Iterable[Resource], out: IO[str]) -> None:
    out.write('{\n  "@context": ' + indented_json(CONTEXT, "  ") + ',\n  "@graph": [')
    first = True
    for r in resources:
        out.write(("\n    " if first else ",\n    ") + indented_json(node(r), "    "))
        first = False
    out.write("\n  ]\n}\n" if not first else "]\n}\n")


def export(store, sel, path, out, table) -> list[str]:
    return export_resources(store, sel, path, out, write)
