"""Turtle: the RDF of `rdf.py` (SEM events, schema.org actors and articles), written one
resource at a time: the prefixes, then a block per actor, article, event type, event and
dyad. Memory stays flat however large the knowledge base; the text parses to the same graph
as `rdf.graph()` of the same rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from .rdf import (
    DATA, IRI, PREFIXES, Resource, Typed, Value, check_iri, compact, export_resources,
)

# STRING_LITERAL_QUOTE may not hold " \ LF CR; other control characters are escaped too.
_ESCAPES = {i: f"\\u{i:04X}" for i in range(0x20)}
_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
                 ord("\t"): "\\t"})


def header() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def iri(value: str) -> str:
    name = compact(value)
    if name is not None:
        return name
    if value.startswith(DATA):  # the knowledge base's own URNs, percent-encoded by `rdf`
        return f"<{value}>"
    return f"<{check_iri(value)}>"


def string(value: str) -> str:
    return f'"{value.translate(_ESCAPES)}"'


def term(value: Value) -> str:
    if isinstance(value, str):
        return iri(value) if type(value) is IRI else string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Typed):
        return f"{string(value.value)}^^{iri(value.datatype)}"
    raise TypeError(f"no Turtle term for {value!r}")


def block(r: Resource) -> str:
    """One subject's triples: `<s> a T1, T2 ;\\n    p o1, o2 ;\\n    q o .`"""
    by_property: dict[str, list[str]] = {}
    for prop, value in r.properties:
        by_property.setdefault(iri(prop), []).append(term(value))
    lines = []
    if r.types:
        lines.append("a " + ", ".join(iri(t) for t in r.types))
    lines += [f"{p} {', '.join(dict.fromkeys(objects))}" for p, objects in by_property.items()]
    return f"{iri(r.subject)} " + " ;\n    ".join(lines) + " .\n\n"


def write(resources: Iterable[Resource], out: IO[str]) -> None:
    out.write(header())
    for r in resources:
        out.write(block(r))


def export(store, sel, path, out, table) -> list[str]:
    return export_resources(store, sel, path, out, write)
